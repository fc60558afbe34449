// Eigenvalues and eigenvectors of a symmetric tridiagonal matrix by divide and conquer
// (Cuppen, Numer. Math. 36, 1981), organised as LAPACK dstedc/dlaed0–dlaed3 (Rutter, LAPACK
// Working Note 69; Tisseur & Dongarra, SIAM J. Sci. Comput. 20, 1999):
// - split T in halves coupled by a rank-one term, T = diag(T₁, T₂) + |ρ|·u·uᵀ, and solve the
//   halves recursively (dlaed0; leaves of up to LEAF rows by implicit QL/QR, steqr.ts);
// - in the eigenbases of the halves the problem is D + ρ·z·zᵀ; deflate the components of z that
//   are negligible and, by Givens rotations, the pairs of nearly equal δ (Dongarra & Sorensen
//   1987; dlaed2); find the other eigenvalues as roots of the secular equation, and rebuild z
//   from them (Gu & Eisenstat, SIAM J. Matrix Anal. Appl. 15, 1994) so that the eigenvectors
//   u_i ∝ (ẑ_j / (δ_j − λ_i))_j are numerically orthogonal (secular.ts: dlaed4, and dlaed3's part);
// - multiply the eigenvectors of the halves by those of the rank-one problem with one GEMM:
//   most of the flops of the whole method (dlaed3).
// merge() is dlaed1, the driver of one such step; the doc of each of its stages below names the
// LAPACK routine it mirrors.
// Eigenvectors are column-major (column j contiguous), leading dimension ldq.

import { rot } from './blas1';
import { EPSILON } from './dlamch';
import { at, atI32, colMajor, put, putI32 } from './elements';
import { hypot2 } from './householder';
import { gemmColumnMajor, gemm_workspace_f64 } from './gemm';
import { secularEigenpairs } from './secular';
import { steqr_f64 } from './steqr';
import { blockEnd, sortEigenpairs } from './tridiagonal';

// Columns of Q̂ = diag(Q₁, Q₂) are zero in the bottom rows (from Q₁) or the top rows (from Q₂)
// until a deflating rotation mixes one of each; the final GEMM skips the zero parts (dlaed2's
// column types), which halves its flops.
const TOP: i32 = 1;
const MIXED: i32 = 2;
const BOTTOM: i32 = 3;
/** Largest block solved directly by QL/QR (LAPACK's SMLSIZ is 25). */
const LEAF: i32 = 32;

/** Status: success. */
export const STEDC_OK: i32 = 0;
/** Status: the QL/QR iteration of a leaf or a secular-equation root did not converge. */
export const STEDC_NO_CONVERGENCE: i32 = -1;

/**
 * Bytes of workspace stedc_f64 needs for order n, exactly, as an f64.
 *
 * Computed in 64 bits (it passes 2³² bytes at n ≈ 16 400, and 2³¹ at n ≈ 11 600), so it cannot
 * wrap or turn negative.
 */
export function stedc_workspace_f64(n: i32): f64 {
  const nn = <u64>n * n;
  return <f64>(((2 * nn + 8 * <u64>n + 16) << 3) + <u64>gemm_workspace_f64(n, n, n) + 64);
}

/**
 * Scratch pointers, laid out once per call for the whole recursion (each merge uses the front of
 * each array). Module globals rather than an object: kernels never allocate.
 */
let qpBuf: usize = 0;      // m × m: Q̂'s columns in sorted order, rotated by deflation
let uBuf: usize = 0;       // K × K: δ_j − λ_i, then the eigenvectors of D + ρ·z·zᵀ
let dsortBuf: usize = 0;   // m: δ in ascending order
let zsortBuf: usize = 0;   // m: z in the same order
let dlamdaBuf: usize = 0;  // K: δ of the kept (non-deflated) components
let wkeptBuf: usize = 0;   // K: their z
let lambdaBuf: usize = 0;  // m: the new eigenvalues (kept first, then deflated)
let whatBuf: usize = 0;    // K: Gu–Eisenstat ẑ (secular.ts's scratch)
let orderBuf: usize = 0;   // m (i32): kept entries, then the sorting permutation
let srcColBuf: usize = 0;  // m (i32): column of Q̂ of each sorted entry, then deflated entries
let typeBuf: usize = 0;    // m (i32): where each sorted column of Q̂ is nonzero (TOP, MIXED, BOTTOM)
let gemmBuf: usize = 0;
/** How many kept columns are TOP and how many MIXED (dlaed2's ctot), set by groupKept(). */
let keptTop: i32 = 0;
let keptMixed: i32 = 0;

/**
 * T = Q·Λ·Qᵀ for a symmetric tridiagonal T, all eigenpairs, by divide and conquer (LAPACK dstedc).
 *
 * T has diagonal d (n values) and sub-diagonal e (n − 1). d is overwritten by the eigenvalues
 * ascending, Q (n × n, column-major, leading dimension ldq) by the eigenvectors; e is destroyed.
 * No two of d, e, Q and `work` overlap; `work` holds stedc_workspace_f64(n) bytes, 16-byte
 * aligned. Returns STEDC_OK (0) or STEDC_NO_CONVERGENCE (−1).
 */
export function stedc_f64(n: i32, d: usize, e: usize, q: usize, ldq: i32, work: usize): i32 {
  if (n <= 0) return STEDC_OK;
  for (let j = 0; j < n; j++) memory.fill(colMajor(q, 0, j, ldq), 0, <usize>n << 3);

  const nn = <usize>n * n;
  qpBuf = work;
  uBuf = qpBuf + (nn << 3);
  dsortBuf = uBuf + (nn << 3);
  zsortBuf = dsortBuf + (<usize>n << 3);
  dlamdaBuf = zsortBuf + (<usize>n << 3);
  wkeptBuf = dlamdaBuf + (<usize>n << 3);
  lambdaBuf = wkeptBuf + (<usize>n << 3);
  whatBuf = lambdaBuf + (<usize>n << 3);
  orderBuf = whatBuf + (<usize>n << 3);
  srcColBuf = orderBuf + (<usize>n << 2);
  typeBuf = srcColBuf + (<usize>n << 2);
  gemmBuf = (typeBuf + (<usize>n << 2) + 15) & ~(<usize>15);

  // T splits into independent blocks wherever an off-diagonal entry is negligible next to its
  // neighbours (LAPACK dstedc): each is solved on its own, scaled to max-norm 1 (so no
  // intermediate over- or underflows, and a block of tiny entries keeps its own scale instead of
  // being rounded against the largest entries of T).
  let blocks = 0;
  for (let start = 0; start < n; ) {
    const first = start, last = blockEnd(start, n, d, e);
    start = last + 1;
    blocks++;
    const m = last - first + 1;
    let anorm = 0.0;
    for (let i = first; i <= last; i++) anorm = max(anorm, abs(at(d, i)));
    for (let i = first; i < last; i++) anorm = max(anorm, abs(at(e, i)));
    if (m == 1 || anorm == 0.0) {
      for (let j = first; j <= last; j++) store<f64>(colMajor(q, j, j, ldq), 1.0);
      continue;
    }
    for (let i = first; i <= last; i++) put(d, i, at(d, i) / anorm);
    for (let i = first; i < last; i++) put(e, i, at(e, i) / anorm);
    const status = solve(first, m, d, e, q, ldq);
    for (let i = first; i <= last; i++) put(d, i, at(d, i) * anorm);
    if (status != STEDC_OK) return status;
  }
  // Each block's values are ascending; across blocks they are merged by selection sort (at most
  // n − 1 column swaps, as dstedc does).
  if (blocks > 1) sortEigenpairs(n, d, q, ldq);
  return STEDC_OK;
}

/** Solves the block of rows/columns lo … lo+m−1 in place (LAPACK dlaed0, recursively). */
function solve(lo: i32, m: i32, d: usize, e: usize, q: usize, ldq: i32): i32 {
  const block = colMajor(q, lo, lo, ldq);
  if (m <= LEAF) {
    for (let j = 0; j < m; j++) store<f64>(colMajor(block, j, j, ldq), 1.0);
    // steqr_f64 needs m entries of e and destroys them: work on a copy.
    const eCopy = zsortBuf;
    for (let i = 0; i < m - 1; i++) put(eCopy, i, at(e, lo + i));
    return steqr_f64(m, d + (<usize>lo << 3), eCopy, block, ldq);
  }
  const n1 = m >> 1;
  const cut = lo + n1; // first row of the second half
  const rho = at(e, cut - 1);
  // T = diag(T₁ − |ρ|·e_last·e_lastᵀ, T₂ − |ρ|·e₁·e₁ᵀ) + |ρ|·u·uᵀ, u = (e_last; sign(ρ)·e₁).
  put(d, cut - 1, at(d, cut - 1) - abs(rho));
  put(d, cut, at(d, cut) - abs(rho));
  let status = solve(lo, n1, d, e, q, ldq);
  if (status != STEDC_OK) return status;
  status = solve(cut, m - n1, d, e, q, ldq);
  if (status != STEDC_OK) return status;
  return merge(lo, n1, m, rho, d, q, ldq);
}

/**
 * Combines the solved halves (n1 and m − n1 rows) of the block at lo with coupling ρ (LAPACK
 * dlaed1): the eigenpairs of D + ρ'·z·zᵀ in the halves' eigenbasis, then back to the block's basis.
 */
function merge(lo: i32, n1: i32, m: i32, rho: f64, d: usize, q: usize, ldq: i32): i32 {
  const block = colMajor(q, lo, lo, ldq);
  const dd = d + (<usize>lo << 3);
  // z = Q̂ᵀu/√2 (unit length), so the coupling becomes ρ' = 2|ρ|.
  const rhoScaled = 2.0 * abs(rho);
  formRankOne(n1, m, rho, dd, block, ldq); // dlaed1's z, dlaed2's sort
  const K = deflate(m, rhoScaled); // dlaed2
  if (K > 0) {
    // dlaed3: the roots (dlaed4) and the eigenvectors of the K kept components
    if (!secularEigenpairs(K, dlamdaBuf, wkeptBuf, rhoScaled, lambdaBuf, uBuf, whatBuf)) return STEDC_NO_CONVERGENCE;
    groupKept(K, m, block, ldq); // dlaed2's column groups, dlaed3's row order
  }
  multiplyBack(K, n1, m, block, ldq); // dlaed3's GEMM
  sortMerged(m, dd, block, ldq); // dlaed1's closing dlamrg
  return STEDC_OK;
}

/**
 * The rank-one problem in sorted order (dlaed1 forms z; dlaed2 merges the two ascending halves of
 * δ with dlamrg and permutes δ, z and the columns of Q̂ to match): dsort, zsort, qp's columns and
 * their types, with srcCol[k] the column of the block that sorted entry k comes from.
 */
function formRankOne(n1: i32, m: i32, rho: f64, dd: usize, block: usize, ldq: i32): void {
  const srcCol = srcColBuf;
  // z: the last row of Q₁ and ±the first row of Q₂, over √2.
  const invSqrt2 = 0.7071067811865476;
  const sgn = rho < 0.0 ? -1.0 : 1.0;
  let a = 0, b = n1;
  for (let k = 0; k < m; k++) {
    const takeA = b >= m || (a < n1 && at(dd, a) <= at(dd, b));
    const j = takeA ? a++ : b++;
    putI32(srcCol, k, j);
  }
  for (let k = 0; k < m; k++) {
    const j = atI32(srcCol, k);
    put(dsortBuf, k, at(dd, j));
    const zj = j < n1 ? load<f64>(colMajor(block, n1 - 1, j, ldq)) : sgn * load<f64>(colMajor(block, n1, j, ldq));
    put(zsortBuf, k, zj * invSqrt2);
    memory.copy(colMajor(qpBuf, 0, k, m), colMajor(block, 0, j, ldq), <usize>m << 3);
    putI32(typeBuf, k, j < n1 ? TOP : BOTTOM);
  }
}

/**
 * Deflation (LAPACK dlaed2): walks the sorted entries; those with a negligible z_k, and one of
 * each pair of nearly equal δ after a Givens rotation of their columns, are deflated (their
 * eigenpair is final; their index goes to the tail of srcCol); the others are kept, in order, as
 * (dlamda, wkept) and order[0:K]. Returns K.
 */
function deflate(m: i32, rhoScaled: f64): i32 {
  let dmax = 0.0, zmax = 0.0;
  for (let k = 0; k < m; k++) {
    dmax = max(dmax, abs(at(dsortBuf, k)));
    zmax = max(zmax, abs(at(zsortBuf, k)));
  }
  const tol = 8.0 * EPSILON * max(dmax, zmax);
  let K = 0, deflated = 0;
  if (!(rhoScaled * zmax > tol)) {
    // z is negligible as a whole: every pair is final already.
    for (let k = 0; k < m; k++) deflateAt(k, m, deflated++);
    return 0;
  }
  let prev = -1;
  for (let k = 0; k < m; k++) {
    if (rhoScaled * abs(at(zsortBuf, k)) <= tol) {
      deflateAt(k, m, deflated++);
      continue;
    }
    if (prev < 0) {
      prev = k;
      continue;
    }
    // Nearly equal δ_prev, δ_k: rotate z_prev into z_k and deflate prev.
    let sn = at(zsortBuf, prev);
    let cs = at(zsortBuf, k);
    const tau = hypot2(cs, sn);
    const t = at(dsortBuf, k) - at(dsortBuf, prev);
    cs /= tau;
    sn = -sn / tau;
    if (abs(t * cs * sn) <= tol) {
      put(zsortBuf, k, tau);
      put(zsortBuf, prev, 0.0);
      rot(m, colMajor(qpBuf, 0, prev, m), colMajor(qpBuf, 0, k, m), cs, sn);
      if (atI32(typeBuf, prev) != atI32(typeBuf, k)) putI32(typeBuf, k, MIXED);
      const dp = at(dsortBuf, prev), dk = at(dsortBuf, k);
      put(dsortBuf, prev, dp * cs * cs + dk * sn * sn);
      put(dsortBuf, k, dp * sn * sn + dk * cs * cs);
      deflateAt(prev, m, deflated++);
    } else {
      keep(K++, prev);
    }
    prev = k;
  }
  if (prev >= 0) keep(K++, prev);
  return K;
}

/** Records sorted entry k as kept, the i-th. */
function keep(i: i32, k: i32): void {
  put(dlamdaBuf, i, at(dsortBuf, k));
  put(wkeptBuf, i, at(zsortBuf, k));
  putI32(orderBuf, i, k);
}

/**
 * The kept columns of Q̂ side by side in the block (its old contents live in qp), grouped
 * TOP | MIXED | BOTTOM as dlaed2 packs them for dlaed3's GEMM, and the rows of U permuted to match
 * (as dlaed3 does); sets keptTop and keptMixed.
 */
function groupKept(K: i32, m: i32, block: usize, ldq: i32): void {
  let c1 = 0, c2 = 0;
  for (let i = 0; i < K; i++) {
    const t = atI32(typeBuf, atI32(orderBuf, i));
    if (t == TOP) c1++;
    else if (t == MIXED) c2++;
  }
  const perm = whatBuf; // ẑ is no longer needed: reuse it for the gather order (as f64)
  let p1 = 0, p2 = c1, p3 = c1 + c2;
  for (let i = 0; i < K; i++) {
    const k = atI32(orderBuf, i);
    const t = atI32(typeBuf, k);
    const slot = t == TOP ? p1++ : t == MIXED ? p2++ : p3++;
    put(perm, slot, <f64>i);
    memory.copy(colMajor(block, 0, slot, ldq), colMajor(qpBuf, 0, k, m), <usize>m << 3);
  }
  // U's rows into the same order, column by column through a scratch vector (z in sorted order
  // is no longer needed).
  const tmp = zsortBuf;
  for (let i = 0; i < K; i++) {
    const col = colMajor(uBuf, 0, i, K);
    for (let p = 0; p < K; p++) put(tmp, p, at(col, <i32>at(perm, p)));
    memory.copy(col, tmp, <usize>K << 3);
  }
  keptTop = c1;
  keptMixed = c2;
}

/**
 * The new eigenvectors into qp (LAPACK dlaed3's GEMM): Q̂_kept·U, one GEMM per half of the rows,
 * each over only the column groups that are nonzero there; the m − K deflated columns, already
 * eigenvectors, beside them. Their eigenvalues go to lambda[K:m].
 */
function multiplyBack(K: i32, n1: i32, m: i32, block: usize, ldq: i32): void {
  const srcCol = srcColBuf;
  const deflated = m - K;
  // The deflated columns go after the kept ones in the block, unchanged.
  for (let t = 0; t < deflated; t++) {
    const k = atI32(srcCol, m - 1 - t);
    memory.copy(colMajor(block, 0, K + t, ldq), colMajor(qpBuf, 0, k, m), <usize>m << 3);
  }
  // qp is free now. Rows 0..n1−1 come from TOP and MIXED columns only, rows n1..m−1 from MIXED
  // and BOTTOM.
  if (K > 0) {
    const n2 = m - n1;
    const kTop = keptTop + keptMixed;
    const kBottomStart = keptTop;
    gemmColumnMajor(false, false, n1, K, kTop, 1.0, block, ldq, uBuf, K, 0.0, qpBuf, m, gemmBuf);
    gemmColumnMajor(
      false, false, n2, K, K - kBottomStart, 1.0, colMajor(block, n1, kBottomStart, ldq), ldq,
      uBuf + (<usize>kBottomStart << 3), K, 0.0, qpBuf + (<usize>n1 << 3), m, gemmBuf,
    );
  }
  for (let t = 0; t < deflated; t++) {
    put(lambdaBuf, K + t, at(dsortBuf, atI32(srcCol, m - 1 - t)));
    memory.copy(colMajor(qpBuf, 0, K + t, m), colMajor(block, 0, K + t, ldq), <usize>m << 3);
  }
}

/**
 * The m eigenpairs back into the block in ascending order of eigenvalue (dlaed1's closing
 * dlamrg of the kept and the deflated values): values to dd, vectors from qp.
 */
function sortMerged(m: i32, dd: usize, block: usize, ldq: i32): void {
  const order = orderBuf;
  sortOrder(m, lambdaBuf, order);
  for (let k = 0; k < m; k++) {
    const from = atI32(order, k);
    put(dd, k, at(lambdaBuf, from));
    memory.copy(colMajor(block, 0, k, ldq), colMajor(qpBuf, 0, from, m), <usize>m << 3);
  }
}

/** Records sorted entry k as the t-th deflated: its index is kept at the tail of srcCol. */
function deflateAt(k: i32, m: i32, t: i32): void {
  // srcCol entries are no longer needed once qp is filled; reuse them from the end.
  putI32(srcColBuf, m - 1 - t, k);
}

/** order ← the permutation that sorts values[0:m] ascending (insertion sort: the kept and the
 * deflated values are each nearly sorted already). */
function sortOrder(m: i32, values: usize, order: usize): void {
  for (let k = 0; k < m; k++) putI32(order, k, k);
  for (let k = 1; k < m; k++) {
    const idx = atI32(order, k);
    const v = at(values, idx);
    let j = k - 1;
    while (j >= 0 && at(values, atI32(order, j)) > v) {
      putI32(order, j + 1, atI32(order, j));
      j--;
    }
    putI32(order, j + 1, idx);
  }
}
