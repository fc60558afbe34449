// The symmetric test matrices of test/fixtures/eigh.json, and the LAPACK-style ratios that check an
// eigendecomposition (as in LAPACK's dsyt21/dsyt22 test routines: a ratio below about 30 passes).
//
// Matrices that mulberry32 and elementwise arithmetic can rebuild are regenerated here with the
// same operations, in the same order, as test/fixtures/generate_eigh.py, so both sides hold the
// same bits (the fixture's `probe` entries check this). The others are stored in the fixture.

import { Matrix } from '../../src/linalg/matrix';
import { referenceMatmul, transpose } from './reference';
import { randomMatrix } from './random';

const EPS = 2 ** -52;

/** One case of test/fixtures/eigh.json. */
export interface EighCase {
  name: string;
  /** randomSymmetric | zero | identity | diagonal | rankOne | wilkinson | scaled (regenerated);
   *  cluster | graded | gramDeficient | hInfinity | c2 | explicit (stored in `entries`). */
  kind: string;
  n: number;
  seed?: number;
  diag?: number[];
  exponent?: number;
  clusterSize?: number;
  rank?: number;
  d?: number;
  /** NumPy's eigenvalues (LAPACK), ascending. */
  values: number[];
  /** ‖A‖₂ and ‖A‖₁ from NumPy. */
  norm2: number;
  norm1: number;
  /** Row-major entries, for the stored kinds. */
  entries?: number[];
  /** [i, j, A_ij] for a few positions, for the regenerated kinds. */
  probe?: number[][];
  /** The eigenvalues of check value C2, docs/theory.md#c2. */
  mathValues?: number[];
}

/** (B + Bᵀ)·0.5 entrywise, B = randomMatrix(n, n, seed): exactly symmetric. */
export function randomSymmetric(n: number, seed: number): Matrix {
  const b = randomMatrix(n, n, seed);
  const a = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) a.data[i * n + j] = (b.data[i * n + j] + b.data[j * n + i]) * 0.5;
  }
  return a;
}

/** W⁺ₙ (n odd): diagonal |(n − 1)/2 − i|, off-diagonals 1. */
export function wilkinson(n: number): Matrix {
  const m = (n - 1) >> 1;
  const a = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    a.data[i * n + i] = Math.abs(m - i);
    if (i + 1 < n) a.data[i * n + i + 1] = a.data[(i + 1) * n + i] = 1;
  }
  return a;
}

/** u uᵀ, u = randomMatrix(n, 1, seed): entry u_i·u_j. */
export function rankOne(n: number, seed: number): Matrix {
  const u = randomMatrix(n, 1, seed).data;
  const a = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a.data[i * n + j] = u[i] * u[j];
  return a;
}

/** 2^e, built by exact doublings or halvings (no reliance on Math.pow being correctly rounded). */
function pow2(e: number): number {
  let x = 1;
  for (let i = 0; i < Math.abs(e); i++) x = e > 0 ? x * 2 : x * 0.5;
  return x;
}

function required(c: EighCase, key: 'seed' | 'exponent'): number {
  const v = c[key];
  if (typeof v !== 'number') throw new Error(`eigh fixture '${c.name}' has no ${key}`);
  return v;
}

/** The case's matrix: from its stored entries, or rebuilt from its kind and parameters. */
export function buildMatrix(c: EighCase): Matrix {
  const n = c.n;
  if (c.entries) {
    if (c.entries.length !== n * n) throw new Error(`eigh fixture '${c.name}' has ${c.entries.length} entries for n = ${n}`);
    return new Matrix(n, n, Float64Array.from(c.entries));
  }
  switch (c.kind) {
    case 'randomSymmetric':
      return randomSymmetric(n, required(c, 'seed'));
    case 'zero':
      return Matrix.zeros(n, n);
    case 'identity':
      return Matrix.identity(n);
    case 'diagonal': {
      const a = new Matrix(n, n);
      c.diag!.forEach((v, i) => { a.data[i * n + i] = v; });
      return a;
    }
    case 'rankOne':
      return rankOne(n, required(c, 'seed'));
    case 'wilkinson':
      return wilkinson(n);
    case 'scaled': {
      const a = randomSymmetric(n, required(c, 'seed'));
      const s = pow2(required(c, 'exponent'));
      for (let i = 0; i < a.data.length; i++) a.data[i] *= s;
      return a;
    }
    default:
      throw new Error(`eigh fixture '${c.name}': kind '${c.kind}' is neither stored nor known to buildMatrix`);
  }
}

/** (A + Aᵀ)/2 computed as (a_ij + a_ji)·0.5, the way `eigh(a, { symmetrize: true })` is specified. */
export function symmetricPart(a: Matrix): Matrix {
  const n = a.rows;
  const s = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s.data[i * n + j] = (a.data[i * n + j] + a.data[j * n + i]) * 0.5;
  return s;
}

/** ‖A‖₁, the largest column sum of |a_ij|. */
export function norm1(a: Matrix): number {
  const sums = new Float64Array(a.cols);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) sums[j] += Math.abs(a.data[i * a.cols + j]);
  let max = 0;
  for (const s of sums) max = Math.max(max, s);
  return max;
}

/** Σ x_i with Neumaier's compensated summation (error about ε|Σ x_i| + nε²Σ|x_i|). */
export function accurateSum(xs: ArrayLike<number>): number {
  let sum = 0, c = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i], t = sum + x;
    c += Math.abs(sum) >= Math.abs(x) ? (sum - t) + x : (x - t) + sum;
    sum = t;
  }
  return sum + c;
}

/** Dot product of x[xo .. xo+k) and y[yo .. yo+k), four partial sums (faster, and a little more accurate). */
function dot(x: Float64Array, xo: number, y: Float64Array, yo: number, k: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, l = 0;
  for (; l + 4 <= k; l += 4) {
    s0 += x[xo + l] * y[yo + l];
    s1 += x[xo + l + 1] * y[yo + l + 1];
    s2 += x[xo + l + 2] * y[yo + l + 2];
    s3 += x[xo + l + 3] * y[yo + l + 3];
  }
  for (; l < k; l++) s0 += x[xo + l] * y[yo + l];
  return (s0 + s1) + (s2 + s3);
}

/** n·ε·‖A‖₁, with ‖A‖₁ = 0 (the zero matrix) read as 1 so the ratio becomes an absolute error / (nε). */
function scale(a: Matrix): number {
  const anorm = norm1(a);
  return Math.max(a.rows, 1) * EPS * (anorm > 0 ? anorm : 1);
}

/**
 * ‖A − V Λ Vᵀ‖₁ / (n ‖A‖₁ ε) for a full decomposition (V n×n, Λ = diag(values)); LAPACK's dsyt21
 * RESULT(1). The product is formed one triangle at a time (R is symmetric when A is), n³/2 flops.
 */
export function decompositionRatio(a: Matrix, values: ArrayLike<number>, vectors: Matrix): number {
  const n = a.rows, k = vectors.cols;
  if (a.cols !== n || vectors.rows !== n || values.length !== k) {
    throw new RangeError(`decompositionRatio: A is ${a.shape}, V is ${vectors.shape}, ${values.length} values`);
  }
  if (n === 0) return 0;
  const v = vectors.data, ad = a.data;
  const scaledRow = new Float64Array(k);
  const colSums = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let l = 0; l < k; l++) scaledRow[l] = v[i * k + l] * values[l];
    for (let j = 0; j <= i; j++) {
      const s = dot(scaledRow, 0, v, j * k, k);
      colSums[j] += Math.abs(ad[i * n + j] - s);
      if (j !== i) colSums[i] += Math.abs(ad[j * n + i] - s);
    }
  }
  let max = 0;
  for (const s of colSums) max = Math.max(max, s);
  return max / scale(a);
}

/** ‖A V − V Λ‖₁ / (n ‖A‖₁ ε) for V n×k (a subset or all of the eigenvectors); n²k flops. */
export function residualRatio(a: Matrix, values: ArrayLike<number>, vectors: Matrix): number {
  const n = a.rows, k = vectors.cols;
  if (a.cols !== n || vectors.rows !== n || values.length !== k) {
    throw new RangeError(`residualRatio: A is ${a.shape}, V is ${vectors.shape}, ${values.length} values`);
  }
  if (n === 0) return 0;
  const av = referenceMatmul(a, vectors).data, v = vectors.data;
  let max = 0;
  for (let j = 0; j < k; j++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += Math.abs(av[i * k + j] - v[i * k + j] * values[j]);
    max = Math.max(max, sum);
  }
  return max / scale(a);
}

/** ‖I − VᵀV‖₁ / (n ε) for V n×k (n the number of rows); LAPACK's dsyt21 RESULT(2). k²n/2 flops. */
export function orthogonalityRatio(vectors: Matrix): number {
  const n = vectors.rows, k = vectors.cols;
  if (k === 0) return 0;
  const t = transpose(vectors).data; // k×n: row l is column l of V
  const colSums = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      const e = Math.abs((i === j ? 1 : 0) - dot(t, i * n, t, j * n, n));
      colSums[j] += e;
      if (j !== i) colSums[i] += e;
    }
  }
  let max = 0;
  for (const s of colSums) max = Math.max(max, s);
  return max / (Math.max(n, 1) * EPS);
}
