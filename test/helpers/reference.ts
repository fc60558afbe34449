// Plain-TypeScript reference implementations: the textbook loops, kept as the baseline the Wasm
// kernels are tested and benchmarked against. Not exported from the package.

import { Matrix } from '../../src/linalg/matrix';


/** C ← α·op(A)·op(B) + β·C by the i-k-j loop (row-major friendly), with no blocking or SIMD. */
export function referenceMatmul(
  a: Matrix, b: Matrix,
  opts: { transA?: boolean; transB?: boolean; alpha?: number; beta?: number; out?: Matrix } = {},
): Matrix {
  const { transA = false, transB = false, alpha = 1, beta = 0 } = opts;
  const A = transA ? transpose(a) : a;
  const B = transB ? transpose(b) : b;
  const m = A.rows, k = A.cols, n = B.cols;
  if (B.rows !== k) throw new RangeError(`referenceMatmul: ${A.shape} · ${B.shape}`);
  const c = new Float64Array(m * n);
  if (opts.out && beta !== 0) for (let i = 0; i < m * n; i++) c[i] = beta * opts.out.data[i];
  const ad = A.data, bd = B.data;
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    for (let l = 0; l < k; l++) {
      const s = alpha * ad[i * k + l];
      const bl = l * n;
      for (let j = 0; j < n; j++) c[ci + j] += s * bd[bl + j];
    }
  }
  if (opts.out) {
    opts.out.data.set(c);
    return opts.out;
  }
  return new Matrix(m, n, c);
}

/** Aᵀ as a new matrix. */
export function transpose(a: Matrix): Matrix {
  const t = new Matrix(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) t.data[j * a.rows + i] = a.data[i * a.cols + j];
  return t;
}
