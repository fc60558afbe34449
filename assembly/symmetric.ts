// Preparation of a symmetric input and layout of the output for the eigensolver driver.

import { put, rowMajor } from './elements';

/**
 * Largest |A(i, j) − A(j, i)| of the n × n row-major A (row stride n), and where, and max |A(i, j)|.
 *
 * Writes 4 f64 to out (not overlapping A): out[0] = the difference, out[1] = i, out[2] = j
 * (i > j), out[3] = max |A(i, j)|.
 */
export function asymmetry_f64(n: i32, a: usize, out: usize): void {
  let worst = 0.0, wi = 0, wj = 0, amax = 0.0;
  for (let i = 0; i < n; i++) {
    amax = max(amax, abs(load<f64>(rowMajor(a, i, i, n))));
    for (let j = 0; j < i; j++) {
      const x = load<f64>(rowMajor(a, i, j, n));
      const y = load<f64>(rowMajor(a, j, i, n));
      amax = max(amax, max(abs(x), abs(y)));
      const diff = abs(x - y);
      if (diff > worst) {
        worst = diff;
        wi = i;
        wj = j;
      }
    }
  }
  put(out, 0, worst);
  put(out, 1, <f64>wi);
  put(out, 2, <f64>wj);
  put(out, 3, amax);
}

/**
 * A ← scale·(A + Aᵀ)/2 in place, for the n × n row-major A (row stride n).
 *
 * scale is a power of two, so the scaling itself is exact.
 */
export function symmetrize_f64(n: i32, a: usize, scale: f64): void {
  const half = 0.5 * scale;
  for (let i = 0; i < n; i++) {
    const ii = rowMajor(a, i, i, n);
    store<f64>(ii, scale * load<f64>(ii));
    for (let j = 0; j < i; j++) {
      const p = rowMajor(a, i, j, n);
      const q = rowMajor(a, j, i, n);
      // half·p + half·q, not half·(p + q): the sum of two entries near the top of the range
      // would overflow, and scaling by a power of two first is exact.
      const v = half * load<f64>(p) + half * load<f64>(q);
      store<f64>(p, v);
      store<f64>(q, v);
    }
  }
}

/**
 * B ← Aᵀ for the rows × cols row-major A (row stride cols); B is cols × rows (row stride rows).
 *
 * In 32 × 32 tiles for the caches. B must not overlap A.
 */
export function transpose_f64(rows: i32, cols: i32, a: usize, b: usize): void {
  const T = 32;
  for (let i0 = 0; i0 < rows; i0 += T) {
    const i1 = min(rows, i0 + T);
    for (let j0 = 0; j0 < cols; j0 += T) {
      const j1 = min(cols, j0 + T);
      for (let i = i0; i < i1; i++) {
        for (let j = j0; j < j1; j++) {
          store<f64>(rowMajor(b, j, i, rows), load<f64>(rowMajor(a, i, j, cols)));
        }
      }
    }
  }
}
