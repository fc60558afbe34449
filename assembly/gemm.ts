// Dense f64 matrix multiply, C ← α·op(A)·op(B) + β·C, and the symmetric rank-k update
// C ← α·op(A)·op(A)ᵀ + β·C (lower triangle computed, then mirrored), for row-major storage.
//
// Method: the Goto/BLIS layering (Goto & van de Geijn, ACM TOMS 34(3), 2008; Van Zee & van de
// Geijn, ACM TOMS 41(3), 2015). Five loops around a register-blocked micro-kernel:
//
//   for jc in steps of NC            (columns of C and op(B))
//     for pc in steps of KC          (the shared dimension)
//       pack op(B)[pc:, jc:] → B̃     (KC × NC, stays in L3 / L2)
//       for ic in steps of MC        (rows of C and op(A))
//         pack α·op(A)[ic:, pc:] → Ã (MC × KC, stays in L2)
//         for jr in steps of NR       (a KC × NR sliver of B̃ stays in L1 ...)
//           for ir in steps of MR     (... while MR × KC slivers of Ã stream past it)
//             micro-kernel: C[ir:ir+MR, jr:jr+NR] += Ã sliver · B̃ sliver
//
// Block sizes (in f64 elements), sized for a core with ≥ 32 KiB of L1d and ≥ 256 KiB of L2, then
// picked by measurement on the development machine (Xeon, 48 KiB L1d and 2 MiB L2 per core; see
// bench/gemm.bench.ts). Of the grid KC ∈ {128, 256, 384, 512} × MC ∈ {48, 60, 96, 120, 240} ×
// NC ∈ {512, 1024, 1536, 2048} we timed, these were within noise of the best at n = 512–2048 on
// both builds, and they still fit the smaller L1 of other common cores:
//   KC = 384: one B̃ sliver is KC·NR·8 = 12 KiB and one Ã sliver KC·MR·8 = 18 KiB: both in a
//             32 KiB L1 while the micro-kernel runs, and long k runs amortise loading C.
//   MC = 60:  Ã is MC·KC·8 = 180 KiB, well inside L2 (MC is a multiple of MR = 6). Larger MC
//             (120, 240) measured 5–10% slower at n ≥ 1024.
//   NC = 1024: B̃ is KC·NC·8 = 3 MiB, streamed from L3 one 12 KiB sliver at a time; it also caps
//             the workspace at about 3.2 MiB.
// Tiles that cross the edge of C are computed into a scratch tile and added back element by
// element; packing pads Ã and B̃ with zeros so the micro-kernel itself never branches.
//
// Nothing here allocates: the caller passes `work`, at least gemm_workspace_f64(m, n, k) bytes,
// 16-byte aligned.

import { rowMajor } from './elements';
import { MR, NR, microkernel } from './microkernel';
import { packA, packB } from './pack';
import { JOB_GEMM, argF64, argI32, argPtr, parallelThreads, runJob, setArg, workspaceOf } from './parallel';

const KC: i32 = 384;
const MC: i32 = 60;
const NC: i32 = 1024;

// @ts-ignore: decorator
@inline
function roundUp(x: i32, to: i32): i32 {
  return (x + to - 1) / to * to;
}

/** Bytes of workspace gemm_f64 (m × n × k) and syrk_f64 (m = n) need; at most about 3.2 MiB. */
export function gemm_workspace_f64(m: i32, n: i32, k: i32): usize {
  const kc = min(KC, k);
  const aPacked = <usize>roundUp(min(MC, m), MR) * kc;
  const bPacked = <usize>roundUp(min(NC, n), NR) * kc;
  const tile = <usize>MR * NR;
  return (aPacked + bPacked + tile) << 3;
}

/** C ← β·C for the m × n matrix at c (β = 0 writes zeros without reading C, as BLAS does). */
function scale(m: i32, n: i32, beta: f64, c: usize, ldc: i32): void {
  if (beta == 1.0) return;
  const vb = f64x2.splat(beta);
  for (let i = 0; i < m; i++) {
    const row = rowMajor(c, i, 0, ldc);
    let j = 0;
    if (beta == 0.0) {
      for (; j + 2 <= n; j += 2) v128.store(row + (<usize>j << 3), f64x2.splat(0.0));
      for (; j < n; j++) store<f64>(row + (<usize>j << 3), 0.0);
    } else {
      for (; j + 2 <= n; j += 2) {
        const p = row + (<usize>j << 3);
        v128.store(p, f64x2.mul(v128.load(p), vb));
      }
      for (; j < n; j++) {
        const p = row + (<usize>j << 3);
        store<f64>(p, beta * load<f64>(p));
      }
    }
  }
}

/** Adds the mr × nr top-left part of the MR × NR scratch tile into C. */
function addTile(mr: i32, nr: i32, tile: usize, c: usize, ldc: i32): void {
  for (let i = 0; i < mr; i++) {
    const src = rowMajor(tile, i, 0, NR);
    const dst = rowMajor(c, i, 0, ldc);
    for (let j = 0; j < nr; j++) {
      const p = dst + (<usize>j << 3);
      store<f64>(p, load<f64>(p) + load<f64>(src + (<usize>j << 3)));
    }
  }
}

/** Every tile of C is computed. */
export const TRIANGLE_FULL: i32 = 0;
/** Only tiles that reach the lower triangle of C (row ≥ column) are computed. */
export const TRIANGLE_LOWER: i32 = 1;
/** Only tiles that reach the upper triangle of C (row ≤ column) are computed. */
export const TRIANGLE_UPPER: i32 = 2;

/**
 * The five loops: C ← C + α·op(A)·op(B), row-major. With TRIANGLE_LOWER (or _UPPER), micro-tiles
 * wholly above (below) the diagonal of C are skipped: used where C is symmetric and only one
 * triangle is kept (SYRK here, the rank-2k update of sytrd.ts). Tiles that straddle the diagonal
 * are computed whole, so a few entries of the other triangle are written too. jOffset: these n
 * columns are columns jOffset … jOffset + n − 1 of the C whose diagonal the triangle refers to
 * (a thread's share of a split GEMM).
 */
export function gemmLoops(
  transA: bool, transB: bool, m: i32, n: i32, k: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, work: usize, triangle: i32, jOffset: i32 = 0,
): void {
  const lowerOnly = triangle == TRIANGLE_LOWER;
  const upperOnly = triangle == TRIANGLE_UPPER;
  const kcMax = min(KC, k);
  const aPacked = work;
  const bPacked = aPacked + ((<usize>roundUp(min(MC, m), MR) * kcMax) << 3);
  const tile = bPacked + ((<usize>roundUp(min(NC, n), NR) * kcMax) << 3);
  const ldcBytes = <usize>ldc << 3;

  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    // Rows above jc (lower) or below jc + nc (upper) have nothing to compute in this block; the
    // diagonal is at global column jOffset + j when these are columns jOffset … of a larger C.
    const icStart = lowerOnly ? (jOffset + jc) / MR * MR : 0;
    const icEnd = upperOnly ? min(m, jOffset + jc + nc) : m;
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      const bBlock = transB ? rowMajor(b, jc, pc, ldb) : rowMajor(b, pc, jc, ldb);
      packB(transB, kc, nc, bBlock, ldb, bPacked);
      for (let ic = icStart; ic < icEnd; ic += MC) {
        const mc = min(MC, icEnd - ic);
        const aBlock = transA ? rowMajor(a, pc, ic, lda) : rowMajor(a, ic, pc, lda);
        packA(transA, mc, kc, aBlock, lda, alpha, aPacked);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          const pb = bPacked + ((<usize>jr * kc) << 3);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            // Skip tiles wholly on the unwanted side of the diagonal.
            if (lowerOnly && jOffset + jc + jr > ic + ir + mr - 1) continue;
            if (upperOnly && ic + ir > jOffset + jc + jr + nr - 1) continue;
            const pa = aPacked + ((<usize>ir * kc) << 3);
            const cTile = rowMajor(c, ic + ir, jc + jr, ldc);
            if (mr == MR && nr == NR) {
              microkernel(kc, pa, pb, cTile, ldcBytes);
            } else {
              memory.fill(tile, 0, (<usize>MR * NR) << 3);
              microkernel(kc, pa, pb, tile, <usize>NR << 3);
              addTile(mr, nr, tile, cTile, ldc);
            }
          }
        }
      }
    }
  }
}

/**
 * C ← α·op(A)·op(B) + β·C (BLAS dgemm), row-major.
 *
 * op(A) is m × k and op(B) is k × n; all three are row-major with row strides lda, ldb, ldc (in
 * elements). transA ≠ 0 means A is stored k × m and op(A) = Aᵀ; likewise transB. C must not
 * overlap A or B. `work` holds gemm_workspace_f64(m, n, k) bytes, 16-byte aligned.
 */
export function gemm_f64(
  transA: i32, transB: i32, m: i32, n: i32, k: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32, beta: f64, c: usize, ldc: i32, work: usize,
): void {
  if (m <= 0 || n <= 0) return;
  scale(m, n, beta, c, ldc);
  if (k <= 0 || alpha == 0.0) return;
  gemmDispatch(transA != 0, transB != 0, m, n, k, alpha, a, lda, b, ldb, c, ldc, work, TRIANGLE_FULL);
}

/**
 * C ← α·op(A)·op(A)ᵀ + β·C (BLAS dsyrk) for the symmetric n × n row-major C, both triangles.
 *
 * op(A) = A (n × k) when trans = 0, Aᵀ when A is stored k × n; row strides lda, ldc in elements.
 * Computes the lower triangle through the GEMM loops, skipping tiles above the diagonal (about
 * half the flops), then copies it to the upper triangle, so C is exactly symmetric. C must not
 * overlap A. `work` holds gemm_workspace_f64(n, n, k) bytes, 16-byte aligned.
 */
export function syrk_f64(
  trans: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32, beta: f64, c: usize, ldc: i32, work: usize,
): void {
  if (n <= 0) return;
  scale(n, n, beta, c, ldc);
  if (k > 0 && alpha != 0.0) {
    gemmDispatch(trans != 0, trans == 0, n, n, k, alpha, a, lda, a, lda, c, ldc, work, TRIANGLE_LOWER);
  }
  mirrorLower(n, c, ldc);
}

/** C[i, j] ← C[j, i] for j > i: copies the lower triangle onto the upper one. */
function mirrorLower(n: i32, c: usize, ldc: i32): void {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      store<f64>(rowMajor(c, i, j, ldc), load<f64>(rowMajor(c, j, i, ldc)));
    }
  }
}

/**
 * C ← α·op(A)·op(B) + β·C for column-major matrices (element (i, j) at x[i + j·ld]), as the
 * LAPACK-style kernels store them. A column-major matrix is the row-major storage of its
 * transpose, so this is the row-major GEMM of Cᵀ = op(B)ᵀ·op(A)ᵀ with the operands swapped.
 */
export function gemmColumnMajor(
  transA: bool, transB: bool, m: i32, n: i32, k: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32, beta: f64, c: usize, ldc: i32, work: usize,
): void {
  gemm_f64(transB ? 1 : 0, transA ? 1 : 0, n, m, k, alpha, b, ldb, a, lda, beta, c, ldc, work);
}

/**
 * GEMMs below this many multiply-adds run on one thread: waking the workers and waiting for them
 * costs some microseconds, about what 10⁵ multiply-adds take.
 */
const PARALLEL_MIN_MADDS: f64 = 2e5;

/**
 * gemmLoops over every thread of the pool when there is one and the product is large enough: the
 * columns of C are split into contiguous blocks (multiples of NR, sized for equal work, which for
 * a triangle is not equal width), each computed whole by one thread with its own packing space.
 * No entry's k sum is split, so the result is the same bits as on one thread.
 */
export function gemmDispatch(
  transA: bool, transB: bool, m: i32, n: i32, k: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, work: usize, triangle: i32,
): void {
  const t = parallelThreads();
  const madds = <f64>m * <f64>n * <f64>k * (triangle == TRIANGLE_FULL ? 1.0 : 0.5);
  if (t <= 1 || madds < PARALLEL_MIN_MADDS || n < 2 * NR) {
    gemmLoops(transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc, work, triangle, 0);
    return;
  }
  setArg(0, transA ? 1 : 0);
  setArg(1, transB ? 1 : 0);
  setArg(2, <f64>m);
  setArg(3, <f64>n);
  setArg(4, <f64>k);
  setArg(5, alpha);
  setArg(6, <f64>a);
  setArg(7, <f64>lda);
  setArg(8, <f64>b);
  setArg(9, <f64>ldb);
  setArg(10, <f64>c);
  setArg(11, <f64>ldc);
  setArg(12, <f64>work);
  setArg(13, <f64>triangle);
  runJob(JOB_GEMM);
}

/** Thread id's share of a split GEMM (see gemmDispatch). */
export function gemmPart(control: usize, id: i32, count: i32): void {
  const transA = argI32(control, 0) != 0, transB = argI32(control, 1) != 0;
  const m = argI32(control, 2), n = argI32(control, 3), k = argI32(control, 4);
  const alpha = argF64(control, 5);
  const a = argPtr(control, 6), lda = argI32(control, 7);
  const b = argPtr(control, 8), ldb = argI32(control, 9);
  const c = argPtr(control, 10), ldc = argI32(control, 11);
  const triangle = argI32(control, 13);
  const j0 = columnSplit(m, n, count, id, triangle), j1 = columnSplit(m, n, count, id + 1, triangle);
  if (j1 <= j0) return;
  const work = id == 0 ? argPtr(control, 12) : workspaceOf(control, id);
  const bPart = transB ? rowMajor(b, j0, 0, ldb) : rowMajor(b, 0, j0, ldb);
  gemmLoops(transA, transB, m, j1 - j0, k, alpha, a, lda, bPart, ldb, rowMajor(c, 0, j0, ldc), ldc, work, triangle, j0);
}

/**
 * The first column of part `id` of `count` of an m × n C: the work of column j is m rows, the
 * m − j rows on or below the diagonal (lower), or the j + 1 on or above it (upper); boundaries at
 * multiples of NR so that the parts' micro-tiles are those of one thread.
 */
function columnSplit(m: i32, n: i32, count: i32, id: i32, triangle: i32): i32 {
  if (id <= 0) return 0;
  if (id >= count) return n;
  let total = 0.0;
  for (let j = 0; j < n; j++) total += columnWork(m, j, triangle);
  const target = (total * id) / count;
  let sum = 0.0;
  let j = 0;
  while (j < n && sum + columnWork(m, j, triangle) <= target) {
    sum += columnWork(m, j, triangle);
    j++;
  }
  return min(n, roundUp(j, NR));
}

// @ts-ignore: decorator
@inline function columnWork(m: i32, j: i32, triangle: i32): f64 {
  if (triangle == TRIANGLE_LOWER) return <f64>max(0, m - j);
  if (triangle == TRIANGLE_UPPER) return <f64>min(m, j + 1);
  return <f64>m;
}

/** Bytes of packing space the largest GEMM block needs: every worker of the pool gets this much. */
export function gemm_workspace_max_f64(): usize {
  return gemm_workspace_f64(MC, NC, KC);
}

/**
 * The k-block size KC: gemm_f64 sums each entry of C in runs of KC terms of the shared dimension,
 * adding each run's sum into C. A caller that leaves out terms it knows are zero (src/nn/
 * input-columns.ts) keeps the same runs to get the same bits.
 */
export function gemm_block_k(): i32 {
  return KC;
}
