// Householder reduction of a symmetric matrix to tridiagonal form, A = Q·T·Qᵀ, blocked as in
// LAPACK dsytrd (Dongarra, Hammarling & Sorensen, "Block reduction of matrices to condensed forms
// for eigenvalue computations", J. Comput. Appl. Math. 27, 1989): panels of NB columns are
// reduced by latrd, which also builds W such that the trailing matrix is updated once per panel
// by the rank-2·NB update A ← A − V·Wᵀ − W·Vᵀ, run by the GEMM kernel (half of the flops); the
// other half are the symmetric matrix-vector products of each column, bound by memory bandwidth.
//
// Storage: A is n × n column-major with leading dimension lda and only its lower triangle is
// referenced (A(i, j) = a[i + j·lda], i ≥ j). A symmetric matrix stored row-major is the same
// bytes, so the TypeScript side passes its row-major copy unchanged. On return, d and e hold the
// diagonal and sub-diagonal of T, and reflector H(i) = I − tau[i]·v·vᵀ has v(0:i+1) = 0,
// v(i+1) = 1 and v(i+2:n) stored in A(i+2:n, i) (LAPACK's layout for uplo = 'L').

import { axpy, dot, scal, symvLower } from './blas1';
import { at, colMajor, put } from './elements';
import { larfg } from './householder';
import { gemmDispatch, gemm_workspace_f64, TRIANGLE_UPPER } from './gemm';

/** Panel width: 32 columns, LAPACK's default block size for dsytrd. */
const NB: i32 = 32;
/** Below this trailing size the unblocked code is used (the blocked update no longer pays). */
const NX: i32 = 128;

/**
 * Bytes of workspace sytrd_f64 needs for order n, exactly, as an f64.
 *
 * Computed in 64 bits so that it cannot wrap, for the host to check against the 4 GiB of wasm32
 * memory before it allocates.
 */
export function sytrd_workspace_f64(n: i32): f64 {
  return <f64>(((<u64>n * NB + <u64>n) << 3) + <u64>gemm_workspace_f64(n, n, NB) + 16);
}

/** Unblocked reduction (LAPACK dsytd2, lower) of the n × n matrix at a. `w` holds n values. */
function sytd2(n: i32, a: usize, lda: i32, d: usize, e: usize, tau: usize, w: usize): void {
  for (let i = 0; i < n - 1; i++) {
    const m = n - i - 1;
    const sub = colMajor(a, i + 1, i, lda);
    const taui = larfg(m, sub, colMajor(a, min(i + 2, n - 1), i, lda));
    const ei = load<f64>(sub);
    put(e, i, ei);
    if (taui != 0.0) {
      store<f64>(sub, 1.0);
      // w ← τ·A₂₂·v − ½τ²(vᵀA₂₂v)·v, then A₂₂ ← A₂₂ − v·wᵀ − w·vᵀ (lower triangle)
      symvLower(m, colMajor(a, i + 1, i + 1, lda), lda, sub, w);
      scal(m, taui, w);
      axpy(m, -0.5 * taui * dot(m, w, sub), sub, w);
      for (let j = 0; j < m; j++) {
        const col = colMajor(a, i + 1 + j, i + 1 + j, lda);
        const off = <usize>j << 3;
        axpy(m - j, -at(sub, j), w + off, col);
        axpy(m - j, -at(w, j), sub + off, col);
      }
      store<f64>(sub, ei);
    }
    put(d, i, load<f64>(colMajor(a, i, i, lda)));
    put(tau, i, taui);
  }
  put(d, n - 1, load<f64>(colMajor(a, n - 1, n - 1, lda)));
}

/**
 * Reduces the first nb columns of the N × N lower-stored matrix at a (LAPACK dlatrd, lower) and
 * returns in W (N × nb column-major, leading dimension ldw) the matrix for the trailing update
 * A(nb:, nb:) ← A(nb:, nb:) − V·Wᵀ − W·Vᵀ. A(i+1, i) is left as 1 for the caller.
 */
function latrd(N: i32, nb: i32, a: usize, lda: i32, e: usize, tau: usize, W: usize, ldw: i32): void {
  for (let i = 0; i < nb; i++) {
    const col = colMajor(a, i, i, lda);
    const len = N - i;
    // Bring column i up to date with the panel's previous reflectors.
    for (let j = 0; j < i; j++) {
      axpy(len, -load<f64>(colMajor(W, i, j, ldw)), colMajor(a, i, j, lda), col);
      axpy(len, -load<f64>(colMajor(a, i, j, lda)), colMajor(W, i, j, ldw), col);
    }
    if (i < N - 1) {
      const m = N - i - 1;
      const v = colMajor(a, i + 1, i, lda);
      const taui = larfg(m, v, colMajor(a, min(i + 2, N - 1), i, lda));
      put(tau, i, taui);
      put(e, i, load<f64>(v));
      store<f64>(v, 1.0);
      // W(i+1:, i) ← τ·(A₂₂ − V·Wᵀ − W·Vᵀ)·v − ½τ²(...)·v, with A₂₂ not yet updated.
      const wi = colMajor(W, i + 1, i, ldw);
      symvLower(m, colMajor(a, i + 1, i + 1, lda), lda, v, wi);
      const tmp = colMajor(W, 0, i, ldw); // W(0:i, i) is free scratch
      for (let j = 0; j < i; j++) put(tmp, j, dot(m, colMajor(W, i + 1, j, ldw), v));
      for (let j = 0; j < i; j++) axpy(m, -at(tmp, j), colMajor(a, i + 1, j, lda), wi);
      for (let j = 0; j < i; j++) put(tmp, j, dot(m, colMajor(a, i + 1, j, lda), v));
      for (let j = 0; j < i; j++) axpy(m, -at(tmp, j), colMajor(W, i + 1, j, ldw), wi);
      scal(m, taui, wi);
      axpy(m, -0.5 * taui * dot(m, wi, v), v, wi);
    }
  }
}

/**
 * A = Q·T·Qᵀ (LAPACK dsytrd, uplo = 'L'): reduces the n × n symmetric A to tridiagonal T.
 *
 * A's lower triangle is read column-major with leading dimension lda (the same bytes as the upper
 * triangle of a row-major A), and overwritten by the reflectors that make Q. Writes T's diagonal
 * d (n values), sub-diagonal e (n − 1) and the reflectors' scales tau (n − 1), none overlapping A
 * or work; `work` holds sytrd_workspace_f64(n) bytes, 16-byte aligned.
 */
export function sytrd_f64(n: i32, a: usize, lda: i32, d: usize, e: usize, tau: usize, work: usize): void {
  if (n <= 0) return;
  const W = work;
  const vec = W + ((<usize>n * NB) << 3);
  const gemmWork = (vec + (<usize>n << 3) + 15) & ~(<usize>15);
  let k = 0;
  while (n - k > NX) {
    const N = n - k;
    const panel = colMajor(a, k, k, lda);
    latrd(N, NB, panel, lda, e + (<usize>k << 3), tau + (<usize>k << 3), W, N);
    // Trailing update of the lower triangle: A₂₂ ← A₂₂ − V·Wᵀ − W·Vᵀ, V = A(k+NB:, k:k+NB).
    // In column-major terms C ← C − op(V)·op(W)ᵀ; the row-major GEMM sees Cᵀ, whose upper
    // triangle is our lower one (see gemmColumnMajor in gemm.ts for the mapping).
    const M = N - NB;
    const V = colMajor(a, k + NB, k, lda);
    const W2 = colMajor(W, NB, 0, N);
    const C = colMajor(a, k + NB, k + NB, lda);
    gemmDispatch(true, false, M, M, NB, -1.0, W2, N, V, lda, C, lda, gemmWork, TRIANGLE_UPPER);
    gemmDispatch(true, false, M, M, NB, -1.0, V, lda, W2, N, C, lda, gemmWork, TRIANGLE_UPPER);
    for (let j = k; j < k + NB; j++) {
      store<f64>(colMajor(a, j + 1, j, lda), at(e, j));
      put(d, j, load<f64>(colMajor(a, j, j, lda)));
    }
    k += NB;
  }
  sytd2(n - k, colMajor(a, k, k, lda), lda, d + (<usize>k << 3), e + (<usize>k << 3), tau + (<usize>k << 3), vec);
}
