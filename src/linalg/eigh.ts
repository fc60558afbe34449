// eigh / eigvalsh: the symmetric eigendecomposition A = V·diag(λ)·Vᵀ over the Wasm kernels.
//
// Pipeline (LAPACK's dsyevd, and dsyevx for subsets):
//   1. sytrd_f64   Householder reduction to tridiagonal T = Qᵀ·A·Q (blocked, half its flops in GEMM)
//   2. values only: steqr_f64, the QL algorithm without vectors, O(n²)
//      all pairs:   stedc_f64, divide and conquer (its flops in GEMM), then
//                   ormtr_f64, V = Q·V_T (blocked reflectors, through GEMM)
//      a subset:    stebz_f64 bisection for the k values, stein_f64 inverse iteration for their
//                   vectors, ormtr_f64 on the k columns: O(n³) for step 1 only, O(n²k) after it
// The input is scaled by a power of two to max-norm ≈ 1 first (exact), and the values scaled back.

import { runtime } from '../runtime/runtime';
import { copyIn, copyOut, withBlocks } from '../runtime/scratch';
import { EIGH_BLOCK_ORDER, eighBlocks, requireEighFits } from './eigh-workspace';
import { Matrix, describe } from './matrix';
import { checkOptions, optionalBoolean, requireFiniteEntries, requireMatrix } from './validate';

export interface EighOptions {
  /** Compute eigenvectors too. Default true (eigh); eigvalsh never does. */
  vectors?: boolean;
  /** Only the k smallest or the k largest eigenpairs (cheaper than all of them). */
  subset?: { smallest: number } | { largest: number };
  /** Decompose (A + Aᵀ)/2 instead of rejecting an A that is not symmetric. Default false. */
  symmetrize?: boolean;
}

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
 * check its dsyev ratios: ‖A − VΛVᵀ‖₁/(n‖A‖₁ε) and ‖I − VᵀV‖₁/(nε) below 30).
 *
 * @example
 *   const { values, vectors } = eigh(Matrix.from([[2, 1], [1, 2]]));   // values [1, 3]
 *   const { values: low } = eigh(H, { subset: { smallest: 1 }, vectors: false });  // λ_min
 */
export function eigh(a: Matrix, opts?: EighOptions): EighResult {
  return decompose('eigh', plan('eigh', a, opts, true), a);
}

/** The eigenvalues of the symmetric matrix A, ascending: eigh(a, { vectors: false }).values. */
export function eigvalsh(a: Matrix, opts?: Omit<EighOptions, 'vectors'>): Float64Array {
  return decompose('eigvalsh', plan('eigvalsh', a, opts, false), a).values;
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
  requireEighFits(fn, shape, K.heap_base());
  const blocks = eighBlocks(shape);
  return withBlocks(rt.arena, EIGH_BLOCK_ORDER.map((name) => blocks[name]), ([aPtr, dPtr, ePtr, tauPtr, wPtr, infoPtr, zPtr, workPtr]) => {
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
    // Power-of-two scaling to max-norm in [0.5, 1): exact, and keeps every step clear of overflow
    // (capped at 2^1000 so that the factor itself stays finite for subnormal input).
    const scale = amax > 0 ? 2 ** -Math.max(ceilLog2(amax), -1000) : 1;
    K.symmetrize_f64(n, aPtr, scale);
    K.sytrd_f64(n, aPtr, n, dPtr, ePtr, tauPtr, workPtr);

    let values: Float64Array;
    let vectors: Matrix | undefined;
    if (full && !p.vectors) {
      const status = K.steqr_f64(n, dPtr, ePtr, 0, n);
      if (status !== 0) throw notConverged(fn, 'QL iteration');
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
    for (let i = 0; i < values.length; i++) values[i] /= scale;
    if (p.vectors) {
      K.ormtr_f64(n, aPtr, n, tauPtr, zPtr, n, k, workPtr);
      // Z is n × k column-major, i.e. k × n row-major: transpose it into the (free) A block.
      K.transpose_f64(k, n, zPtr, aPtr);
      vectors = new Matrix(n, k);
      copyOut(rt.arena, aPtr, vectors.data);
    }
    return vectors ? { values, vectors } : { values };
  });
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
