// A sparse matrix (compressed rows) times a dense one, summed exactly as gemm_f64 sums the same
// product stored dense, so the two give the same bits; and the transposing copies around it.
//
// Used by the first layer of the two-layer network on sparse inputs (src/nn/sparse-inputs.ts):
// 81 % of the MNIST pixels of the authors' experiments are zero, so Z = X·Wᵀ and ∇W += Mᵀ·X
// need a fifth of the dense products' multiply-adds when the zeros are left out.
//
// Method: row i of C is Σ_p S[i, col_p]·B[col_p, :] over row i's stored entries: a sparse-row ×
// dense-matrix product (Gustavson, "Two fast algorithms for sparse matrices: multiplication and
// permuted transposition", ACM TOMS 4(3), 1978), vectorised along the row of B and C: a tile of
// 16 columns of C is held in 8 f64x2 accumulators while the row's entries stream past.
//
// The bits: gemm_f64 (assembly/gemm.ts) sums each entry of C over the shared index in runs of KC
// terms, each from +0 in index order with the same multiply-add (madd), and adds each run's sum
// into C. Here the stored indices are split at the same run boundaries (`runEnds`, in the stored
// index numbering), each run summed from +0 in index order with madd, and added into C. The
// dense product's other terms are 0·b = ±0 for finite b, which leave a run's sum as it was but
// for the sign of a zero sum (a fused multiply-add can round a tiny negative product to −0), and
// C, which starts at +0 and so never holds −0, absorbs either sign alike: the same bits, provided
// B is finite and C holds no −0 on entry (src/nn/first-layer.ts sees to both).

import { madd } from './fma';
import { JOB_SPARSE, JOB_TRANSPOSE, argI32, argPtr, parallelThreads, runJob, setArg } from './parallel';

/** Columns of C per register tile (8 f64x2 accumulators). */
const TILE: i32 = 16;
/** Products with fewer multiply-adds than this run on one thread. */
const PARALLEL_MIN_WORK: f64 = 262144;

/**
 * C ← S·B (beta = 0) or C ← C + S·B (beta = 1), with gemm_f64's bits for S stored dense.
 *
 * S is n × k in compressed rows: row i's entries are p = rowStart[i] … rowStart[i + 1] − 1, with
 * column index cols[p] (ascending within a row, 0 ≤ cols[p] < k) and value values[p]; rowStart
 * (n + 1 i32), cols (i32) and values (f64). B is k × m (row stride ldb), C is n × m (row stride
 * ldc). The dense product's runs end at runEnds[0] ≤ runEnds[1] ≤ … ≤ runEnds[runCount − 1] = k (equal ends: empty runs),
 * in the numbering of cols. C overlaps nothing else.
 */
export function sparse_times_dense_f64(
  n: i32, m: i32, rowStart: usize, cols: usize, values: usize, b: usize, ldb: i32,
  runEnds: usize, runCount: i32, beta: i32, c: usize, ldc: i32,
): void {
  const work = <f64>(load<i32>(rowStart + (<usize>n << 2)) - load<i32>(rowStart)) * <f64>m;
  if (parallelThreads() > 1 && work >= PARALLEL_MIN_WORK && m >= 2 * TILE) {
    setArg(0, <f64>n); setArg(1, <f64>m); setArg(2, <f64>rowStart); setArg(3, <f64>cols); setArg(4, <f64>values);
    setArg(5, <f64>b); setArg(6, <f64>ldb); setArg(7, <f64>runEnds); setArg(8, <f64>runCount); setArg(9, <f64>beta);
    setArg(10, <f64>c); setArg(11, <f64>ldc);
    runJob(JOB_SPARSE);
    return;
  }
  sparseColumns(0, m, n, rowStart, cols, values, b, ldb, runEnds, runCount, beta, c, ldc);
}

/** A thread's share of sparse_times_dense_f64: a block of C's columns (whole tiles but the last). */
export function sparsePart(control: usize, id: i32, count: i32): void {
  const m = argI32(control, 1);
  const tiles = (m + TILE - 1) / TILE;
  const j0 = min(m, <i32>((<i64>tiles * id) / count) * TILE), j1 = min(m, <i32>((<i64>tiles * (id + 1)) / count) * TILE);
  if (j1 <= j0) return;
  sparseColumns(j0, j1, argI32(control, 0), argPtr(control, 2), argPtr(control, 3), argPtr(control, 4), argPtr(control, 5),
    argI32(control, 6), argPtr(control, 7), argI32(control, 8), argI32(control, 9), argPtr(control, 10), argI32(control, 11));
}

/** Columns j0 … j1 − 1 of C: full tiles of 16, then pairs, then a last single column. */
function sparseColumns(
  j0: i32, j1: i32, n: i32, rowStart: usize, cols: usize, values: usize, b: usize, ldb: i32,
  runEnds: usize, runCount: i32, beta: i32, c: usize, ldc: i32,
): void {
  let j = j0;
  for (; j + TILE <= j1; j += TILE) tile16(j, n, rowStart, cols, values, b, ldb, runEnds, runCount, beta, c, ldc);
  for (; j + 2 <= j1; j += 2) tile2(j, false, n, rowStart, cols, values, b, ldb, runEnds, runCount, beta, c, ldc);
  if (j < j1) tile2(j, true, n, rowStart, cols, values, b, ldb, runEnds, runCount, beta, c, ldc);
}

/** The end of the run that holds stored index q (the first runEnds entry above q). */
// @ts-ignore: decorator
@inline function runEndOf(q: i32, runEnds: usize, runCount: i32): i32 {
  let r = 0;
  while (r < runCount - 1 && load<i32>(runEnds + (<usize>r << 2)) <= q) r++;
  const end = load<i32>(runEnds + (<usize>r << 2));
  // an index past the last run would never be consumed: trap rather than loop for ever
  if (end <= q) unreachable();
  return end;
}

/** Columns j … j + 15 of C for every row. */
function tile16(
  j: i32, n: i32, rowStart: usize, cols: usize, values: usize, b: usize, ldb: i32,
  runEnds: usize, runCount: i32, beta: i32, c: usize, ldc: i32,
): void {
  const zero = f64x2.splat(0.0);
  const bTile = b + (<usize>j << 3);
  for (let i = 0; i < n; i++) {
    const ci = c + ((<usize>i * ldc + j) << 3);
    if (beta == 0) {
      v128.store(ci, zero); v128.store(ci, zero, 16); v128.store(ci, zero, 32); v128.store(ci, zero, 48);
      v128.store(ci, zero, 64); v128.store(ci, zero, 80); v128.store(ci, zero, 96); v128.store(ci, zero, 112);
    }
    let p = load<i32>(rowStart + (<usize>i << 2));
    const end = load<i32>(rowStart + (<usize>(i + 1) << 2));
    while (p < end) {
      const runEnd = runEndOf(load<i32>(cols + (<usize>p << 2)), runEnds, runCount);
      let a0 = zero, a1 = zero, a2 = zero, a3 = zero, a4 = zero, a5 = zero, a6 = zero, a7 = zero;
      for (; p < end; p++) {
        const q = load<i32>(cols + (<usize>p << 2));
        if (q >= runEnd) break;
        const x = v128.load64_splat(values + (<usize>p << 3));
        const row = bTile + ((<usize>q * ldb) << 3);
        a0 = madd(x, v128.load(row), a0); a1 = madd(x, v128.load(row, 16), a1);
        a2 = madd(x, v128.load(row, 32), a2); a3 = madd(x, v128.load(row, 48), a3);
        a4 = madd(x, v128.load(row, 64), a4); a5 = madd(x, v128.load(row, 80), a5);
        a6 = madd(x, v128.load(row, 96), a6); a7 = madd(x, v128.load(row, 112), a7);
      }
      v128.store(ci, f64x2.add(v128.load(ci), a0)); v128.store(ci, f64x2.add(v128.load(ci, 16), a1), 16);
      v128.store(ci, f64x2.add(v128.load(ci, 32), a2), 32); v128.store(ci, f64x2.add(v128.load(ci, 48), a3), 48);
      v128.store(ci, f64x2.add(v128.load(ci, 64), a4), 64); v128.store(ci, f64x2.add(v128.load(ci, 80), a5), 80);
      v128.store(ci, f64x2.add(v128.load(ci, 96), a6), 96); v128.store(ci, f64x2.add(v128.load(ci, 112), a7), 112);
    }
  }
}

/** Columns j and j + 1 of C (only j when `single`) for every row. */
function tile2(
  j: i32, single: bool, n: i32, rowStart: usize, cols: usize, values: usize, b: usize, ldb: i32,
  runEnds: usize, runCount: i32, beta: i32, c: usize, ldc: i32,
): void {
  const zero = f64x2.splat(0.0);
  const bTile = b + (<usize>j << 3);
  for (let i = 0; i < n; i++) {
    const ci = c + ((<usize>i * ldc + j) << 3);
    let sum = beta == 0 ? zero : (single ? v128.load64_zero(ci) : v128.load(ci));
    let p = load<i32>(rowStart + (<usize>i << 2));
    const end = load<i32>(rowStart + (<usize>(i + 1) << 2));
    while (p < end) {
      const runEnd = runEndOf(load<i32>(cols + (<usize>p << 2)), runEnds, runCount);
      let acc = zero;
      for (; p < end; p++) {
        const q = load<i32>(cols + (<usize>p << 2));
        if (q >= runEnd) break;
        const x = v128.load64_splat(values + (<usize>p << 3));
        const row = bTile + ((<usize>q * ldb) << 3);
        acc = madd(x, single ? v128.load64_zero(row) : v128.load(row), acc);
      }
      sum = f64x2.add(sum, acc);
    }
    if (single) v128.store64_lane(ci, sum, 0);
    else v128.store(ci, sum);
  }
}

/**
 * out (count × m, row stride m) ← the listed columns of A (m × lda) transposed: out[q, j] =
 * A[j, columns[q]] (columns: count i32). Blocked by 8 × 8 so that both sides stream through
 * cache; split over threads by blocks of rows of A.
 */
export function transpose_columns_f64(m: i32, a: usize, lda: i32, columns: usize, count: i32, out: usize): void {
  transposeJob(0, m, a, lda, columns, count, out);
}

/**
 * The listed columns of A (m × lda) ← t transposed: A[j, columns[q]] = t[q, j] for t count × m
 * (row stride m); A's other columns are left as they are. The inverse of transpose_columns_f64.
 */
export function untranspose_columns_f64(m: i32, t: usize, columns: usize, count: i32, a: usize, lda: i32): void {
  transposeJob(1, m, a, lda, columns, count, t);
}

/** Both copies: direction 0 gathers A's columns into t, 1 scatters t back into them. */
function transposeJob(direction: i32, m: i32, a: usize, lda: i32, columns: usize, count: i32, t: usize): void {
  if (parallelThreads() > 1 && <f64>m * <f64>count >= PARALLEL_MIN_WORK && m >= 16) {
    setArg(0, <f64>direction); setArg(1, <f64>m); setArg(2, <f64>a); setArg(3, <f64>lda); setArg(4, <f64>columns);
    setArg(5, <f64>count); setArg(6, <f64>t);
    runJob(JOB_TRANSPOSE);
    return;
  }
  transposeRows(direction, 0, m, m, a, lda, columns, count, t);
}

/** A thread's share of a transposing copy: a block of A's rows (whole blocks of 8). */
export function transposePart(control: usize, id: i32, count: i32): void {
  const m = argI32(control, 1);
  const blocks = (m + 7) / 8;
  const j0 = min(m, <i32>((<i64>blocks * id) / count) * 8), j1 = min(m, <i32>((<i64>blocks * (id + 1)) / count) * 8);
  if (j1 <= j0) return;
  transposeRows(argI32(control, 0), j0, j1, m, argPtr(control, 2), argI32(control, 3), argPtr(control, 4), argI32(control, 5), argPtr(control, 6));
}

/** Rows j0 … j1 − 1 of A against columns j0 … j1 − 1 of t (count × m). */
function transposeRows(direction: i32, j0: i32, j1: i32, m: i32, a: usize, lda: i32, columns: usize, count: i32, t: usize): void {
  for (let jb = j0; jb < j1; jb += 8) {
    const je = min(j1, jb + 8);
    for (let q0 = 0; q0 < count; q0 += 8) {
      const q1 = min(count, q0 + 8);
      for (let q = q0; q < q1; q++) {
        const col = <usize>load<i32>(columns + (<usize>q << 2));
        const row = t + ((<usize>q * m) << 3);
        if (direction == 0) {
          for (let j = jb; j < je; j++) store<f64>(row + (<usize>j << 3), load<f64>(a + ((<usize>j * lda + col) << 3)));
        } else {
          for (let j = jb; j < je; j++) store<f64>(a + ((<usize>j * lda + col) << 3), load<f64>(row + (<usize>j << 3)));
        }
      }
    }
  }
}
