// Eigenvalues and eigenvectors of a symmetric tridiagonal matrix by divide and conquer
// (Cuppen, Numer. Math. 36, 1981), organised as LAPACK dstedc/dlaed0–dlaed3 (Rutter, LAPACK
// Working Note 69; Tisseur & Dongarra, SIAM J. Sci. Comput. 20, 1999):
// - split T in halves coupled by a rank-one term, T = diag(T₁, T₂) + |ρ|·u·uᵀ, and solve the
//   halves recursively (leaves of up to LEAF rows by the QL algorithm, steqr.ts);
// - in the eigenbases of the halves the problem is D + ρ·z·zᵀ; deflate the components of z that
//   are negligible and, by Givens rotations, the pairs of nearly equal δ (Dongarra & Sorensen
//   1987); find the other eigenvalues as roots of the secular equation (secular.ts);
// - rebuild z from the computed roots (Gu & Eisenstat, SIAM J. Matrix Anal. Appl. 15, 1994), which
//   makes the eigenvectors u_i ∝ (ẑ_j / (δ_j − λ_i))_j numerically orthogonal;
// - multiply the eigenvectors of the halves by those of the rank-one problem with one GEMM:
//   most of the flops of the whole method.
// Eigenvectors are column-major (column j contiguous), leading dimension ldq.

import { rot } from './blas1';
import { EPSILON } from './dlamch';
import { at, colMajor, put } from './elements';
import { hypot2 } from './householder';
import { gemmColumnMajor, gemm_workspace_f64 } from './gemm';
import { secularRoot } from './secular';
import { steqr } from './steqr';
import { blockEnd, sortEigenpairs } from './tridiagonal';

// Columns of Q̂ = diag(Q₁, Q₂) are zero in the bottom rows (from Q₁) or the top rows (from Q₂)
// until a deflating rotation mixes one of each; the final GEMM skips the zero parts (dlaed2's
// column types), which halves its flops.
const TOP: i32 = 1;
const MIXED: i32 = 2;
const BOTTOM: i32 = 3;
/** Largest block solved directly by QL (LAPACK's SMLSIZ is 25). */
const LEAF: i32 = 32;

/** Status: success. */
export const STEDC_OK: i32 = 0;
/** Status: the QL iteration of a leaf or a secular-equation root did not converge. */
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
let whatBuf: usize = 0;    // K: Gu–Eisenstat ẑ
let orderBuf: usize = 0;   // m (i32): kept entries, then the sorting permutation
let srcColBuf: usize = 0;  // m (i32): column of Q̂ of each sorted entry, then deflated entries
let typeBuf: usize = 0;    // m (i32): where each sorted column of Q̂ is nonzero (TOP, MIXED, BOTTOM)
let gemmBuf: usize = 0;

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

/** Solves the block of rows/columns lo … lo+m−1 in place. */
function solve(lo: i32, m: i32, d: usize, e: usize, q: usize, ldq: i32): i32 {
  const block = colMajor(q, lo, lo, ldq);
  if (m <= LEAF) {
    for (let j = 0; j < m; j++) store<f64>(colMajor(block, j, j, ldq), 1.0);
    // steqr needs m entries of e and destroys them: work on a copy.
    const eCopy = zsortBuf;
    for (let i = 0; i < m - 1; i++) put(eCopy, i, at(e, lo + i));
    return steqr(m, d + (<usize>lo << 3), eCopy, block, ldq);
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

/** Combines the solved halves (n1 and m − n1 rows) of the block at lo with coupling ρ. */
function merge(lo: i32, n1: i32, m: i32, rho: f64, d: usize, q: usize, ldq: i32): i32 {
  const block = colMajor(q, lo, lo, ldq);
  const dd = d + (<usize>lo << 3);
  const order = orderBuf, srcCol = srcColBuf;
  // z = Q̂ᵀu/√2: the last row of Q₁ and ±the first row of Q₂, so that ‖z‖ = 1 and ρ' = 2|ρ|.
  const invSqrt2 = 0.7071067811865476;
  const sgn = rho < 0.0 ? -1.0 : 1.0;
  const rhoScaled = 2.0 * abs(rho);
  // Merge the two ascending halves of d into one ascending order.
  let a = 0, b = n1;
  for (let k = 0; k < m; k++) {
    const takeA = b >= m || (a < n1 && at(dd, a) <= at(dd, b));
    const j = takeA ? a++ : b++;
    store<i32>(srcCol + (<usize>k << 2), j);
  }
  for (let k = 0; k < m; k++) {
    const j = load<i32>(srcCol + (<usize>k << 2));
    put(dsortBuf, k, at(dd, j));
    const zj = j < n1 ? load<f64>(colMajor(block, n1 - 1, j, ldq)) : sgn * load<f64>(colMajor(block, n1, j, ldq));
    put(zsortBuf, k, zj * invSqrt2);
    memory.copy(colMajor(qpBuf, 0, k, m), colMajor(block, 0, j, ldq), <usize>m << 3);
    store<i32>(typeBuf + (<usize>k << 2), j < n1 ? TOP : BOTTOM);
  }
  // Deflation tolerance, as LAPACK dlaed2.
  let dmax = 0.0, zmax = 0.0;
  for (let k = 0; k < m; k++) {
    dmax = max(dmax, abs(at(dsortBuf, k)));
    zmax = max(zmax, abs(at(zsortBuf, k)));
  }
  const tol = 8.0 * EPSILON * max(dmax, zmax);
  // Walk the sorted entries: kept ones go to (dlamda, wkept) and columns 0..K−1 of the order,
  // deflated ones get their eigenvalue now and their column at the end.
  let K = 0, deflated = 0;
  let prev = -1;
  let kTop = 0, kBottomStart = 0;
  if (rhoScaled * zmax > tol) {
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
        if (load<i32>(typeBuf + (<usize>prev << 2)) != load<i32>(typeBuf + (<usize>k << 2))) {
          store<i32>(typeBuf + (<usize>k << 2), MIXED);
        }
        const dp = at(dsortBuf, prev), dk = at(dsortBuf, k);
        put(dsortBuf, prev, dp * cs * cs + dk * sn * sn);
        put(dsortBuf, k, dp * sn * sn + dk * cs * cs);
        deflateAt(prev, m, deflated++);
      } else {
        put(dlamdaBuf, K, at(dsortBuf, prev));
        put(wkeptBuf, K, at(zsortBuf, prev));
        store<i32>(order + (<usize>K << 2), prev);
        K++;
      }
      prev = k;
    }
    if (prev >= 0) {
      put(dlamdaBuf, K, at(dsortBuf, prev));
      put(wkeptBuf, K, at(zsortBuf, prev));
      store<i32>(order + (<usize>K << 2), prev);
      K++;
    }
  } else {
    for (let k = 0; k < m; k++) deflateAt(k, m, deflated++);
  }

  if (K > 0) {
    // Secular equation: λ_i and the differences δ_j − λ_i (column i of U).
    for (let i = 0; i < K; i++) {
      const li = secularRoot(K, i, dlamdaBuf, wkeptBuf, rhoScaled, colMajor(uBuf, 0, i, K));
      if (isNaN(li)) return STEDC_NO_CONVERGENCE;
      put(lambdaBuf, i, li);
    }
    // Gu–Eisenstat: ẑ_j² = −(δ_j − λ_j)·Π_{i≠j} (δ_j − λ_i)/(δ_j − δ_i), sign of the original z_j.
    for (let j = 0; j < K; j++) put(whatBuf, j, load<f64>(colMajor(uBuf, j, j, K)));
    for (let i = 0; i < K; i++) {
      const di = at(dlamdaBuf, i);
      const col = colMajor(uBuf, 0, i, K);
      productStep(0, i, col, di);
      productStep(i + 1, K, col, di);
    }
    for (let j = 0; j < K; j++) put(whatBuf, j, copysign(sqrt(-at(whatBuf, j)), at(wkeptBuf, j)));
    // Eigenvectors of D + ρ·ẑ·ẑᵀ: u_i(j) = ẑ_j / (δ_j − λ_i), normalised.
    for (let i = 0; i < K; i++) secularVector(K, colMajor(uBuf, 0, i, K));
    // The kept columns of Q̂ side by side in the block (its old contents live in qp), grouped
    // TOP | MIXED | BOTTOM, and the rows of U permuted to match.
    let c1 = 0, c2 = 0;
    for (let i = 0; i < K; i++) {
      const t = load<i32>(typeBuf + (<usize>load<i32>(orderBuf + (<usize>i << 2)) << 2));
      if (t == TOP) c1++;
      else if (t == MIXED) c2++;
    }
    const perm = whatBuf; // ẑ is no longer needed: reuse it for the gather order (as f64)
    let p1 = 0, p2 = c1, p3 = c1 + c2;
    for (let i = 0; i < K; i++) {
      const k = load<i32>(orderBuf + (<usize>i << 2));
      const t = load<i32>(typeBuf + (<usize>k << 2));
      const slot = t == TOP ? p1++ : t == MIXED ? p2++ : p3++;
      put(perm, slot, <f64>i);
      memory.copy(colMajor(block, 0, slot, ldq), colMajor(qpBuf, 0, k, m), <usize>m << 3);
    }
    // U's rows into the same order, column by column through a scratch vector (z in sorted
    // order is no longer needed).
    const tmp = zsortBuf;
    for (let i = 0; i < K; i++) {
      const col = colMajor(uBuf, 0, i, K);
      for (let p = 0; p < K; p++) put(tmp, p, at(col, <i32>at(perm, p)));
      memory.copy(col, tmp, <usize>K << 3);
    }
    kTop = c1 + c2;
    kBottomStart = c1;
  }
  // The deflated columns go after them, unchanged: they are eigenvectors already.
  for (let t = 0; t < deflated; t++) {
    const k = load<i32>(srcCol + (<usize>(m - 1 - t) << 2));
    memory.copy(colMajor(block, 0, K + t, ldq), colMajor(qpBuf, 0, k, m), <usize>m << 3);
  }
  // qp is free now. The new vectors Q̂_kept·U go there (one GEMM, m × K × K), the deflated
  // ones beside them, and all return to the block in ascending order of eigenvalue.
  if (K > 0) {
    // Rows 0..n1−1 come from TOP and MIXED columns only, rows n1..m−1 from MIXED and BOTTOM.
    const n2 = m - n1;
    gemmColumnMajor(false, false, n1, K, kTop, 1.0, block, ldq, uBuf, K, 0.0, qpBuf, m, gemmBuf);
    gemmColumnMajor(
      false, false, n2, K, K - kBottomStart, 1.0, colMajor(block, n1, kBottomStart, ldq), ldq,
      uBuf + (<usize>kBottomStart << 3), K, 0.0, qpBuf + (<usize>n1 << 3), m, gemmBuf,
    );
  }
  for (let t = 0; t < deflated; t++) {
    put(lambdaBuf, K + t, at(dsortBuf, load<i32>(srcCol + (<usize>(m - 1 - t) << 2))));
    memory.copy(colMajor(qpBuf, 0, K + t, m), colMajor(block, 0, K + t, ldq), <usize>m << 3);
  }
  sortOrder(m, lambdaBuf, order);
  for (let k = 0; k < m; k++) {
    const from = load<i32>(order + (<usize>k << 2));
    put(dd, k, at(lambdaBuf, from));
    memory.copy(colMajor(block, 0, k, ldq), colMajor(qpBuf, 0, from, m), <usize>m << 3);
  }
  return STEDC_OK;
}

/** ẑ_j ← ẑ_j·(δ_j − λ_i)/(δ_j − δ_i) for j ∈ [from, to): one factor of the Gu–Eisenstat products. */
function productStep(from: i32, to: i32, col: usize, di: f64): void {
  const vdi = f64x2.splat(di);
  let j = from;
  for (; j + 2 <= to; j += 2) {
    const o = <usize>j << 3;
    const ratio = f64x2.div(v128.load(col + o), f64x2.sub(v128.load(dlamdaBuf + o), vdi));
    v128.store(whatBuf + o, f64x2.mul(v128.load(whatBuf + o), ratio));
  }
  for (; j < to; j++) put(whatBuf, j, at(whatBuf, j) * (at(col, j) / (at(dlamdaBuf, j) - di)));
}

/** col ← ẑ ./ col, normalised: the eigenvector (ẑ_j / (δ_j − λ_i))_j from the differences in col. */
function secularVector(K: i32, col: usize): void {
  let acc = f64x2.splat(0.0);
  let j = 0;
  for (; j + 2 <= K; j += 2) {
    const o = <usize>j << 3;
    const v = f64x2.div(v128.load(whatBuf + o), v128.load(col + o));
    v128.store(col + o, v);
    acc = f64x2.add(acc, f64x2.mul(v, v));
  }
  let norm = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  for (; j < K; j++) {
    const v = at(whatBuf, j) / at(col, j);
    put(col, j, v);
    norm += v * v;
  }
  const inv = f64x2.splat(1.0 / sqrt(norm));
  j = 0;
  for (; j + 2 <= K; j += 2) {
    const o = <usize>j << 3;
    v128.store(col + o, f64x2.mul(v128.load(col + o), inv));
  }
  for (; j < K; j++) put(col, j, at(col, j) * f64x2.extract_lane(inv, 0));
}

/** Records sorted entry k as deflated: its index is kept at the tail of srcCol (free by now). */
function deflateAt(k: i32, m: i32, t: i32): void {
  // srcCol entries are no longer needed once qp is filled; reuse them from the end.
  store<i32>(srcColBuf + (<usize>(m - 1 - t) << 2), k);
}

/** order ← the permutation that sorts values[0:m] ascending (insertion sort: the kept and the
 * deflated values are each nearly sorted already). */
function sortOrder(m: i32, values: usize, order: usize): void {
  for (let k = 0; k < m; k++) store<i32>(order + (<usize>k << 2), k);
  for (let k = 1; k < m; k++) {
    const idx = load<i32>(order + (<usize>k << 2));
    const v = at(values, idx);
    let j = k - 1;
    while (j >= 0 && at(values, load<i32>(order + (<usize>j << 2))) > v) {
      store<i32>(order + (<usize>(j + 1) << 2), load<i32>(order + (<usize>j << 2)));
      j--;
    }
    store<i32>(order + (<usize>(j + 1) << 2), idx);
  }
}
