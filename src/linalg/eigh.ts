// eigh / eigvalsh: the symmetric eigendecomposition A = V·diag(λ)·Vᵀ over the Wasm kernels.
//
// Pipeline (LAPACK's dsyevd, and dsyevx for subsets):
//   1. sytrd_f64   Householder reduction to tridiagonal T = Qᵀ·A·Q (blocked, half its flops in GEMM)
//   2. values only: steqr_f64 without vectors, the root-free QL/QR iteration (dsterf), O(n²)
//      all pairs:   stedc_f64, divide and conquer (its flops in GEMM), then
//                   ormtr_f64, V = Q·V_T (blocked reflectors, through GEMM)
//      a subset:    stebz_f64 bisection for the k values, stein_f64 inverse iteration for their
//                   vectors, ormtr_f64 on the k columns: O(n³) for step 1 only, O(n²k) after it
// The input is scaled by a power of two (exact) only if its max-norm is outside a window that keeps
// every kernel clear of overflow and underflow, as LAPACK's drivers do; the values are scaled back.
// A strongly graded input is first reordered by decreasing |a_ii| (see gradingOrder). Whatever
// the kernels return is checked: values finite and ascending, vectors finite, else an Error.

import { runtime } from '../runtime/runtime';
import { copyIn, copyOut, withBlocks } from '../runtime/scratch';
import { eighBlocks, requireEighFits } from './eigh-workspace';
import { Matrix } from './matrix';
import { checkOptions, describe, optionalBoolean } from '../args';
import { requireFiniteEntries, requireMatrix } from './validate';

/** Options of {@link eigh} and {@link eigvalsh}; unknown keys are a TypeError. */
export interface EighOptions {
  /** Compute eigenvectors too. Default true (eigh); eigvalsh never does. */
  vectors?: boolean;
  /** Only the k smallest or the k largest eigenpairs (cheaper than all of them). */
  subset?: {
    /** How many of the smallest eigenpairs: an integer from 1 to n. */
    smallest: number;
  } | {
    /** How many of the largest eigenpairs: an integer from 1 to n. */
    largest: number;
  };
  /** Decompose (A + Aᵀ)/2 instead of rejecting an A that is not symmetric. Default false. */
  symmetrize?: boolean;
}

/**
 * A symmetric eigendecomposition A = V·diag(values)·Vᵀ, as {@link eigh} returns it; it can be
 * passed to predictResidual instead of the matrix, to reuse the eigenbasis.
 */
export interface EighResult {
  /** Eigenvalues, ascending. */
  values: Float64Array;
  /** n × k; column j is a unit eigenvector for values[j]. Absent when vectors: false. */
  vectors?: Matrix;
}

/**
 * A may differ from Aᵀ by this much relative to max|A(i, j)| and still count as symmetric (it is
 * then decomposed as (A + Aᵀ)/2): room for the rounding of matrices assembled by arithmetic.
 */
export const SYMMETRY_TOLERANCE = 1e-10;

interface Plan {
  n: number;
  vectors: boolean;
  /** 0-based index range of the eigenvalues wanted, or undefined for all. */
  range?: [number, number];
  symmetrize: boolean;
}

function plan(fn: string, a: Matrix, opts: EighOptions | undefined, allowVectors: boolean): Plan {
  requireMatrix(fn, 'a', a);
  const o = checkOptions(fn, opts, allowVectors ? ['vectors', 'subset', 'symmetrize'] : ['subset', 'symmetrize']);
  if (a.rows !== a.cols) throw new RangeError(`${fn}: a must be square (got ${a.shape})`);
  const n = a.rows;
  const vectors = allowVectors ? optionalBoolean(fn, 'vectors', o.vectors, true) : false;
  const symmetrize = optionalBoolean(fn, 'symmetrize', o.symmetrize, false);
  let range: [number, number] | undefined;
  if (o.subset !== undefined) {
    const subset = o.subset as Record<string, unknown>;
    if (subset === null || typeof subset !== 'object') {
      throw new TypeError(`${fn}: subset must be { smallest: k } or { largest: k } (got ${describe(subset)})`);
    }
    const keys = Object.keys(subset);
    if (keys.length !== 1 || (keys[0] !== 'smallest' && keys[0] !== 'largest')) {
      throw new TypeError(`${fn}: subset must be { smallest: k } or { largest: k } (got keys: ${keys.join(', ') || 'none'})`);
    }
    const k = subset[keys[0]];
    if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > n) {
      throw new RangeError(`${fn}: subset.${keys[0]} must be an integer from 1 to n = ${n} (got ${describe(k)})`);
    }
    range = keys[0] === 'smallest' ? [0, k - 1] : [n - k, n - 1];
  }
  return { n, vectors, range, symmetrize };
}

/**
 * Eigenvalues (ascending) and unit eigenvectors of the symmetric matrix A: A·V = V·diag(values).
 *
 * Cost, n × n: about (4/3)n³ flops to tridiagonalise, plus about 4n³ for all vectors (divide and
 * conquer and the back-transformation, nearly all in the GEMM kernel); values alone need the
 * first part only; `subset: { smallest: k }` adds O(n²k) to it. Accuracy: LAPACK's (the tests
 * check its dsyev ratios: ‖A − VΛVᵀ‖₁/(n‖A‖₁ε) and ‖I − VᵀV‖₁/(nε) below 30), including on
 * strongly graded matrices (entries spanning hundreds of decades), where the small eigenvalues
 * keep the relative accuracy LAPACK's drivers give them. Memory: about 32n² bytes of WebAssembly
 * memory with vectors, 8n² without; it holds at most 4 GiB, so n above 11 579 with vectors (23 151
 * for values alone) cannot run and throws a RangeError saying how much it would need.
 *
 * @example
 *   const { values, vectors } = eigh(Matrix.from([[2, 1], [1, 2]]));   // values [1, 3]
 *   const { values: low } = eigh(H, { subset: { smallest: 1 }, vectors: false });  // λ_min
 */
export function eigh(a: Matrix, opts?: EighOptions): EighResult {
  const m = requireMatrix('eigh', 'a', a);
  return decompose('eigh', plan('eigh', m, opts, true), m);
}

/** The eigenvalues of the symmetric matrix A, ascending: eigh(a, { vectors: false }).values. */
export function eigvalsh(a: Matrix, opts?: Omit<EighOptions, 'vectors'>): Float64Array {
  const m = requireMatrix('eigvalsh', 'a', a);
  return decompose('eigvalsh', plan('eigvalsh', m, opts, false), m).values;
}

function decompose(fn: string, p: Plan, a: Matrix): EighResult {
  const { n } = p;
  const [il, iu] = p.range ?? [0, n - 1];
  const k = n === 0 ? 0 : iu - il + 1;
  if (n === 0) return p.vectors ? { values: new Float64Array(0), vectors: new Matrix(0, 0) } : { values: new Float64Array(0) };
  const rt = runtime();
  const K = rt.kernels;
  const full = p.range === undefined;
  // Sizes in float64, checked against the 4 GiB of wasm32 memory before anything is allocated.
  const shape = { n, vectors: p.vectors, subset: full ? undefined : k };
  requireEighFits(fn, shape, rt.arena.occupiedBytes);
  const blocks = eighBlocks(shape);
  return withBlocks(rt.arena, blocks, ({ a: aPtr, d: dPtr, e: ePtr, tau: tauPtr, w: wPtr, info: infoPtr, z: zPtr, work: workPtr }) => {
    copyIn(rt.arena, aPtr, a.data);
    requireFiniteEntries(fn, 'a', a, rt, aPtr);
    K.asymmetry_f64(n, aPtr, infoPtr);
    const info = rt.arena.f64().subarray(infoPtr / 8, infoPtr / 8 + 4);
    const [worst, wi, wj, amax] = [info[0], info[1], info[2], info[3]];
    if (!p.symmetrize && worst > SYMMETRY_TOLERANCE * amax) {
      throw new RangeError(
        `${fn}: a is not symmetric: a(${wi}, ${wj}) = ${a.get(wi, wj)} but a(${wj}, ${wi}) = ${a.get(wj, wi)} ` +
          `(difference ${worst.toExponential(3)}, more than ${SYMMETRY_TOLERANCE} × max|a| = ${(SYMMETRY_TOLERANCE * amax).toExponential(3)}); ` +
          'pass { symmetrize: true } to decompose (A + Aᵀ)/2',
      );
    }
    const scale = scaleFactor(amax, full ? NORM_MAX_EXPONENT_FULL : NORM_MAX_EXPONENT_SUBSET);
    K.symmetrize_f64(n, aPtr, scale);
    const order = gradingOrder(rt.arena.f64().subarray(aPtr / 8, aPtr / 8 + n * n), n);
    if (order) permuteSymmetric(rt.arena.f64().subarray(aPtr / 8, aPtr / 8 + n * n), n, order);
    K.sytrd_f64(n, aPtr, n, dPtr, ePtr, tauPtr, workPtr);

    let values: Float64Array;
    let vectors: Matrix | undefined;
    if (full && !p.vectors) {
      const status = K.steqr_f64(n, dPtr, ePtr, 0, n);
      if (status !== 0) throw notConverged(fn, 'QL/QR iteration');
      values = read(rt.arena, dPtr, n);
    } else if (full) {
      const status = K.stedc_f64(n, dPtr, ePtr, zPtr, n, workPtr);
      if (status !== 0) throw notConverged(fn, 'divide-and-conquer');
      values = read(rt.arena, dPtr, n);
    } else {
      K.stebz_f64(n, dPtr, ePtr, il, iu, wPtr, workPtr);
      if (p.vectors) K.stein_f64(n, dPtr, ePtr, k, wPtr, zPtr, n, workPtr);
      values = read(rt.arena, wPtr, k);
    }
    unscaleValues(fn, values, scale);
    if (p.vectors) {
      K.ormtr_f64(n, aPtr, n, tauPtr, zPtr, n, k, workPtr);
      if (K.first_nonfinite_f64(zPtr, n * k) >= 0) throw notConverged(fn, 'eigenvector');
      // Z is n × k column-major, i.e. k × n row-major: transpose it into the (free) A block.
      K.transpose_f64(k, n, zPtr, aPtr);
      vectors = new Matrix(n, k);
      const z = rt.arena.f64().subarray(aPtr / 8, aPtr / 8 + n * k);
      if (order) {
        // Row i of the vectors of the reordered matrix is row order[i] of A's.
        for (let i = 0; i < n; i++) vectors.data.set(z.subarray(i * k, i * k + k), order[i] * k);
      } else {
        vectors.data.set(z);
      }
    }
    return vectors ? { values, vectors } : { values };
  });
}

/**
 * LAPACK's windows for the max-norm of A, as powers of two: from 2⁻⁴⁸⁵ = √(safe minimum/ε) up to
 * 2⁴⁸⁵ = √(1/(safe minimum/ε)) for a full decomposition (dsyevd), and up to 2²⁵⁵ ≈ 1/√√(safe
 * minimum) for a subset (dsyevx), because bisection squares the off-diagonal entries and divides
 * them by pivots as small as that square times the safe minimum. Inside its window every kernel
 * is clear of overflow and of harmful underflow, so A is scaled only from outside it, by a power
 * of two (exact). Scaling every A to norm 1 instead would push the small entries of a strongly
 * graded matrix (spanning 320 decades or more) into the subnormal range, and with them its small
 * eigenvalues; the higher the ceiling, the more of them stay representable.
 */
const NORM_MIN_EXPONENT = -485;
const NORM_MAX_EXPONENT_FULL = 485;
const NORM_MAX_EXPONENT_SUBSET = 255;

/** 2^k that brings max|A(i, j)| = amax into [2^NORM_MIN_EXPONENT, 2^maxExponent], or 1. */
function scaleFactor(amax: number, maxExponent: number): number {
  if (!(amax > 0)) return 1;
  const e = ceilLog2(amax);
  if (e > maxExponent) return 2 ** (maxExponent - e);
  if (e < NORM_MIN_EXPONENT) return 2 ** (NORM_MIN_EXPONENT - e); // at most 2^589: finite
  return 1;
}

/**
 * The Householder reduction (sytrd_f64, LAPACK's dsytrd with uplo = 'L') works down from the top
 * left, and keeps the small eigenvalues of a graded matrix to high relative accuracy only when
 * the large entries come first (Demmel & Veselić, "Jacobi's method is more accurate than QR",
 * SIMAX 13, 1992, §6): graded the other way, the first reflectors mix the largest entries into
 * the smallest and those eigenvalues keep only ε‖A‖ of absolute accuracy. So a matrix whose
 * diagonal spans more than this ratio, far enough to cost an eigenvalue half its digits, is
 * reordered by decreasing |a_ii| first: a symmetric permutation, which is exact and changes no
 * eigenvalue; its eigenvectors' rows are put back in A's order at the end.
 */
const GRADING_RATIO = 2 ** 26;

/** The order of decreasing |a_ii| (ties kept in place) for a graded A, or undefined to keep A as is. */
function gradingOrder(a: Float64Array, n: number): Int32Array | undefined {
  let lo = Infinity, hi = 0;
  for (let i = 0; i < n; i++) {
    const x = Math.abs(a[i * n + i]);
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  if (!(hi > GRADING_RATIO * lo)) return undefined;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((x, y) => Math.abs(a[y * n + y]) - Math.abs(a[x * n + x]) || x - y);
  return order.every((v, i) => v === i) ? undefined : order;
}

/** A ← P·A·Pᵀ in place for the n × n row-major A: entry (i, j) becomes A(order[i], order[j]). */
function permuteSymmetric(a: Float64Array, n: number, order: Int32Array): void {
  const row = new Float64Array(n);
  // Rows, one permutation cycle at a time: row i ← row order[i].
  const placed = new Uint8Array(n);
  for (let start = 0; start < n; start++) {
    if (placed[start]) continue;
    row.set(a.subarray(start * n, start * n + n));
    let i = start;
    while (order[i] !== start) {
      a.copyWithin(i * n, order[i] * n, order[i] * n + n);
      placed[i] = 1;
      i = order[i];
    }
    a.set(row, i * n);
    placed[i] = 1;
  }
  // Then the columns of each row.
  for (let i = 0; i < n; i++) {
    const r = a.subarray(i * n, i * n + n);
    for (let j = 0; j < n; j++) row[j] = r[order[j]];
    r.set(row);
  }
}

/**
 * Checks the values of the scaled matrix, then scales them back. Every kernel guards against
 * over- and underflow and reports what it cannot do, so the first check should never fire: it is
 * the last line against returning a NaN or an unsorted spectrum. The second fires only for an A
 * near the top of the float64 range, whose eigenvalues may lie beyond it.
 */
function unscaleValues(fn: string, values: Float64Array, scale: number): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]) || (i > 0 && !(values[i - 1] <= values[i]))) throw notConverged(fn, 'tridiagonal');
  }
  for (let i = 0; i < values.length; i++) {
    values[i] /= scale;
    if (!Number.isFinite(values[i])) {
      throw new RangeError(`${fn}: an eigenvalue of a is beyond the float64 range (|λ| > ${Number.MAX_VALUE}); scale a down`);
    }
  }
}

/** The least integer e with 2^e ≥ x > 0, exactly (log2's rounding corrected either way). */
function ceilLog2(x: number): number {
  let e = Math.ceil(Math.log2(x));
  while (2 ** e < x) e++;
  while (e > -1074 && 2 ** (e - 1) >= x) e--;
  return e;
}

function read(arena: Parameters<typeof copyOut>[0], ptr: number, length: number): Float64Array {
  const out = new Float64Array(length);
  copyOut(arena, ptr, out);
  return out;
}

function notConverged(fn: string, what: string): Error {
  return new Error(`${fn}: the ${what} eigensolver did not converge; no result is returned (please report the matrix)`);
}
