// Plain-TypeScript references and checks the oracle compares results with. Small inputs only
// (the fuzz keeps valid shapes at a few rows), so clarity beats speed here.

import { Matrix } from '../../src/linalg/matrix';
import { referenceMatmul } from '../helpers/reference';
import { orthogonalityRatio, residualRatio } from '../helpers/matrices';

const EPS = 2 ** -52;

/** 2^e as an exact double for any e in [−1074, 1023] (Math.pow may round for huge |e| elsewhere). */
export function pow2(e: number): number {
  if (e > 1023) return Infinity;
  if (e >= -1022) return 2 ** e;
  return 2 ** (e + 100) * 2 ** -100;
}

/** The power of two 2^e with max|x|·2^e in [0.5, 1), so that scaling by it is exact (bar subnormals). */
export function scaleToUnit(maxAbs: number): number {
  if (!(maxAbs > 0) || !Number.isFinite(maxAbs)) return 1;
  const e = Math.floor(Math.log2(maxAbs)) + 1;
  return pow2(Math.min(1000, -e));
}

export function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}

/** First position where a and b differ beyond |a − b| ≤ bound[i], in words; undefined if none. */
export function firstMismatch(actual: ArrayLike<number>, expected: ArrayLike<number>, bound: (i: number) => number, what: string): string | undefined {
  if (actual.length !== expected.length) return `${what} has ${actual.length} entries, expected ${expected.length}`;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i], e = expected[i];
    if (Object.is(a, e) || a === e || bound(i) === Infinity) continue;
    if (!Number.isFinite(e)) return `${what}[${i}] is ${a}, expected ${e}`;
    if (!(Math.abs(a - e) <= bound(i))) return `${what}[${i}] is ${a}, expected ${e} ± ${bound(i).toExponential(2)}`;
  }
  return undefined;
}

/** The shape and entries of a Matrix result, against a reference, within an entrywise bound. */
export function checkMatrix(result: unknown, expected: Matrix, bound: (i: number) => number, what: string): string | undefined {
  if (!(result instanceof Matrix)) return `${what} is not a Matrix`;
  if (result.rows !== expected.rows || result.cols !== expected.cols) return `${what} is ${result.shape}, expected ${expected.shape}`;
  if (!(result.data instanceof Float64Array) || result.data.length !== expected.data.length) return `${what}.data has the wrong length`;
  return firstMismatch(result.data, expected.data, bound, what);
}

/** |α|·|op(A)|·|op(B)| + |β|·|C|: the scale of each entry's rounding error (Higham §3.5). */
export function matmulMagnitude(a: Matrix, b: Matrix, o: { transA?: boolean; transB?: boolean; alpha?: number; beta?: number; out?: Matrix }): Matrix {
  const abs = (m: Matrix) => new Matrix(m.rows, m.cols, m.data.map(Math.abs));
  return referenceMatmul(abs(a), abs(b), {
    transA: o.transA, transB: o.transB, alpha: Math.abs(o.alpha ?? 1),
    beta: o.out ? Math.abs(o.beta ?? 0) : 0, out: o.out ? abs(o.out) : undefined,
  });
}

/** Entry bound for a sum of k products: 4(k + 3)·ε·magnitude, plus room for subnormal rounding. */
export function productBound(k: number, magnitude: number, alpha = 1): number {
  return 4 * (k + 3) * EPS * magnitude + 4 * (k + 3) * Math.max(1, Math.abs(alpha)) * Number.MIN_VALUE;
}

/**
 * Eigenvalues of a small symmetric matrix by the cyclic Jacobi method (Golub & Van Loan,
 * "Matrix Computations", §8.5), on a power-of-two-scaled copy; ascending. Accurate to about
 * n·ε·‖A‖, which is all the comparison needs.
 */
export function jacobiEigenvalues(a: Matrix): Float64Array {
  const n = a.rows;
  const s = scaleToUnit(maxAbs(a.data));
  const A = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => a.data[i * n + j] * s));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) off += A[i][j] * A[i][j];
    if (off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        if (A[p][q] === 0) continue;
        const theta = (A[q][q] - A[p][p]) / (2 * A[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), sn = t * c;
        for (let k = 0; k < n; k++) {
          const akp = A[k][p], akq = A[k][q];
          A[k][p] = c * akp - sn * akq;
          A[k][q] = sn * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p][k], aqk = A[q][k];
          A[p][k] = c * apk - sn * aqk;
          A[q][k] = sn * apk + c * aqk;
        }
      }
    }
  }
  return Float64Array.from(A.map((row, i) => row[i] / s)).sort();
}

/**
 * Checks an eigendecomposition of the symmetric A: values ascending and finite, and, on A scaled
 * to max-norm ≈ 1, LAPACK's test ratios ‖AV − VΛ‖₁/(n‖A‖₁ε) and ‖I − VᵀV‖₁/(nε) below `limit`;
 * the values within 8n²ε·max|A| of the Jacobi reference (the `wanted` positions of them).
 */
export function checkEigen(a: Matrix, values: unknown, vectors: unknown, wanted: [number, number] | undefined, limit = 100): string | undefined {
  const n = a.rows;
  if (!(values instanceof Float64Array)) return 'values is not a Float64Array';
  const [lo, hi] = wanted ?? [0, n - 1];
  const k = n === 0 ? 0 : hi - lo + 1;
  if (values.length !== k) return `${values.length} values, expected ${k}`;
  for (let i = 0; i < k; i++) {
    if (!Number.isFinite(values[i])) return `values[${i}] is ${values[i]}`;
    if (i > 0 && values[i] < values[i - 1]) return `values not ascending at ${i}: ${values[i - 1]} then ${values[i]}`;
  }
  const amax = maxAbs(a.data);
  const s = scaleToUnit(amax);
  const reference = jacobiEigenvalues(a).slice(lo, hi + 1);
  const valueBound = 8 * Math.max(n * n, 1) * EPS * amax + Number.MIN_VALUE;
  const valueError = firstMismatch(values, reference, () => valueBound, 'values');
  if (valueError) return `${valueError} (Jacobi reference)`;
  if (vectors === undefined) return undefined;
  if (!(vectors instanceof Matrix)) return 'vectors is not a Matrix';
  if (vectors.rows !== n || vectors.cols !== k) return `vectors is ${vectors.shape}, expected ${n}×${k}`;
  if (!vectors.data.every(Number.isFinite)) return 'vectors has a non-finite entry';
  const scaled = new Matrix(n, n, a.data.map((v) => v * s));
  const residual = residualRatio(scaled, values.map((v) => v * s), vectors);
  if (!(residual <= limit)) return `‖AV − VΛ‖ ratio ${residual.toExponential(3)} > ${limit}`;
  const orthogonality = orthogonalityRatio(vectors);
  if (!(orthogonality <= limit)) return `‖I − VᵀV‖ ratio ${orthogonality.toExponential(3)} > ${limit}`;
  return undefined;
}
