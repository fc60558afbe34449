// Back-transformation of eigenvectors: Z ← Q·Z with Q = H(0)·H(1)···H(n−2) the product of the
// reflectors left by sytrd_f64 (LAPACK dormtr, side = 'L', uplo = 'L', no transpose). Blocks of
// NB reflectors are applied at once in the compact WY form H(i)···H(i+NB−1) = I − V·T·Vᵀ
// (Schreiber & Van Loan, "A storage-efficient WY representation for products of Householder
// transformations", SIAM J. Sci. Stat. Comput. 10, 1989; LAPACK dlarft + dlarfb), so that all but
// O(n²·NB) of the 2n²·k flops run in the GEMM kernel.

import { dot } from './blas1';
import { at, colMajor, put } from './elements';
import { gemmColumnMajor, gemm_workspace_f64 } from './gemm';

const NB: i32 = 32;

/** Bytes of workspace ormtr_f64 needs for an n × k matrix Z, exactly, as an f64 (computed in 64 bits). */
export function ormtr_workspace_f64(n: i32, k: i32): f64 {
  const v = <u64>n * NB;
  const t = <u64>NB * NB;
  const y = <u64>NB * max(k, 1) * 2;
  return <f64>(((v + t + y) << 3) + <u64>gemm_workspace_f64(max(n, k), max(n, k), max(NB, n)) + 64);
}

/**
 * Z ← Q·Z for the Q of sytrd_f64 and the n × k column-major Z, leading dimension ldz (LAPACK dormtr).
 *
 * `a` (leading dimension lda) and `tau` are sytrd_f64's output for order n, read only; Z must not
 * overlap them or `work`, which holds ormtr_workspace_f64(n, k) bytes, 16-byte aligned.
 */
export function ormtr_f64(n: i32, a: usize, lda: i32, tau: usize, z: usize, ldz: i32, k: i32, work: usize): void {
  const nq = n - 1; // number of reflectors
  if (nq <= 0 || k <= 0) return;
  const V = work;
  const T = V + ((<usize>n * NB) << 3);
  const Y = T + ((<usize>NB * NB) << 3);
  const Y2 = Y + ((<usize>NB * k) << 3);
  const gemmWork = (Y2 + ((<usize>NB * k) << 3) + 15) & ~(<usize>15);
  // Q·Z = H(0)(H(1)(···(H(n−2)·Z))): the last block of reflectors is applied first.
  let i0 = ((nq - 1) / NB) * NB;
  for (; i0 >= 0; i0 -= NB) {
    const kb = min(NB, nq - i0);
    const M = n - i0 - 1; // H(i0) acts on rows i0+1 … n−1
    // V (M × kb): column j is the reflector of column i0 + j, with its implicit zeros and unit.
    for (let j = 0; j < kb; j++) {
      const col = colMajor(V, 0, j, M);
      for (let r = 0; r < j; r++) put(col, r, 0.0);
      put(col, j, 1.0);
      memory.copy(col + ((<usize>j + 1) << 3), colMajor(a, i0 + j + 2, i0 + j, lda), <usize>(M - j - 1) << 3);
    }
    // T (kb × kb, upper triangular, column-major; zeros below): LAPACK dlarft, forward, columnwise.
    for (let j = 0; j < kb; j++) {
      const tj = at(tau, i0 + j);
      for (let r = j + 1; r < kb; r++) store<f64>(colMajor(T, r, j, NB), 0.0);
      if (tj == 0.0) {
        for (let r = 0; r < j; r++) store<f64>(colMajor(T, r, j, NB), 0.0);
      } else {
        // T(0:j, j) = −τ_j·V(j:, 0:j)ᵀ·V(j:, j)  (rows above j of V(:, j) are zero)
        for (let r = 0; r < j; r++) store<f64>(colMajor(T, r, j, NB), -tj * dot(M - j, colMajor(V, j, r, M), colMajor(V, j, j, M)));
        // T(0:j, j) = T(0:j, 0:j)·T(0:j, j), upper triangular, in place top-down.
        for (let r = 0; r < j; r++) {
          let s = 0.0;
          for (let p = r; p < j; p++) s += load<f64>(colMajor(T, r, p, NB)) * load<f64>(colMajor(T, p, j, NB));
          store<f64>(colMajor(T, r, j, NB), s);
        }
      }
      store<f64>(colMajor(T, j, j, NB), tj);
    }
    // Z(i0+1:, :) ← (I − V·T·Vᵀ)·Z(i0+1:, :) as three products: Y = Vᵀ·Z, Y2 = T·Y, Z −= V·Y2.
    const zb = colMajor(z, i0 + 1, 0, ldz);
    gemmColumnMajor(true, false, kb, k, M, 1.0, V, M, zb, ldz, 0.0, Y, kb, gemmWork);
    gemmColumnMajor(false, false, kb, k, kb, 1.0, T, NB, Y, kb, 0.0, Y2, kb, gemmWork);
    gemmColumnMajor(false, false, M, k, kb, -1.0, V, M, Y2, kb, 1.0, zb, ldz, gemmWork);
  }
}
