// The first layer's two GEMMs on sparse inputs: only the nonzero entries of X are multiplied, and
// every entry is summed as the dense GEMM sums it, so the bits are the dense products'.
//
// Why: 81 % of the pixels of the authors' MNIST digits are zero, a quarter of them in columns
// that are zero in every image (input-columns.ts leaves those out) and the rest scattered within
// rows. Z = X·Wᵀ and ∇W += Mᵀ·X then need about a fifth of the dense multiply-adds.
//
// How: X's chunk is stored in compressed rows over its nonzero columns (numbered 0 … k − 1 in
// order), and in compressed columns (the rows of Xᵀ). sparse_times_dense_f64 (assembly/sparse.ts)
// computes
//   Z = S·(W_J)ᵀ          S the compressed rows, W_J the nonzero columns of W transposed, and
//   (∇W_J)ᵀ += Sᵀ·M       from the compressed columns, then written back into ∇W's columns J,
// each summed in the dense GEMM's runs of KC terms of the shared index (run boundaries given in
// the compact numbering), which is what makes the bits equal (see assembly/sparse.ts). The
// transposed copies are made a slab of neurons at a time (at most input-columns.ts's SLAB_BYTES).

import type { Runtime } from '../runtime/runtime';
import { withBlocks } from '../runtime/scratch';
import { slabRows } from './input-columns';


/** A sparse matrix in compressed form: line i's entries are start[i] … start[i + 1] − 1, each an index and a value. */
export interface Compressed {
  start: Int32Array;
  index: Int32Array;
  value: Float64Array;
}

/** A chunk of X in compressed rows and columns over its nonzero columns. */
export interface SparseInputs {
  /** The nonzero columns of X, ascending (compact index q is column columns[q]). */
  columns: Int32Array;
  /** By rows: row i's entries, with compact column indices. */
  byRow: Compressed;
  /** By columns (the rows of Xᵀ): compact column q's entries, with row indices, ascending; made when first asked for (a forward pass alone never does). */
  readonly byColumn: Compressed;
}

/** The rows × d chunk of X at xPtr stored sparse over `columns` (its nonzero columns, holding `nonzeros` entries ≠ 0). */
export function sparseInputs(rt: Runtime, xPtr: number, rows: number, d: number, columns: Int32Array, nonzeros: number): SparseInputs {
  const x = rt.arena.f64();
  const k = columns.length;
  const byRow: Compressed = { start: new Int32Array(rows + 1), index: new Int32Array(nonzeros), value: new Float64Array(nonzeros) };
  let p = 0;
  for (let i = 0, base = xPtr / 8; i < rows; i++, base += d) {
    byRow.start[i] = p;
    for (let q = 0; q < k; q++) {
      const v = x[base + columns[q]];
      if (v !== 0) {
        byRow.index[p] = q;
        byRow.value[p++] = v;
      }
    }
  }
  byRow.start[rows] = p;
  let byColumn: Compressed | undefined;
  return {
    columns,
    byRow,
    get byColumn() {
      byColumn ??= transposed(byRow, rows, k);
      return byColumn;
    },
  };
}

/** The rows × k compressed matrix by columns: the transpose by counting (Gustavson 1978), rows ascending within each column. */
function transposed(byRow: Compressed, rows: number, k: number): Compressed {
  const entries = byRow.index.length;
  const out: Compressed = { start: new Int32Array(k + 1), index: new Int32Array(entries), value: new Float64Array(entries) };
  for (let e = 0; e < entries; e++) out.start[byRow.index[e] + 1]++;
  for (let q = 0; q < k; q++) out.start[q + 1] += out.start[q];
  const next = out.start.slice(0, k);
  for (let i = 0; i < rows; i++) {
    for (let e = byRow.start[i]; e < byRow.start[i + 1]; e++) {
      const at = next[byRow.index[e]]++;
      out.index[at] = i;
      out.value[at] = byRow.value[e];
    }
  }
  return out;
}

/** Z ← X·Wᵀ (X the rows × d chunk stored in `sparse`, W m × d at wPtr, Z rows × m at zPtr): the dense GEMM's bits. */
export function preActivationsSparse(rt: Runtime, sparse: SparseInputs, rows: number, d: number, wPtr: number, m: number, zPtr: number): void {
  const { columns } = sparse;
  const k = columns.length;
  const kc = rt.kernels.gemm_block_k();
  // the dense runs end at multiples of KC in X's own column numbering; in the compact numbering
  // a run ends where the first nonzero column at or past its end is
  const runEnds = new Int32Array(Math.ceil(d / kc));
  for (let r = 0, q = 0; r < runEnds.length; r++) {
    while (q < k && columns[q] < (r + 1) * kc) q++;
    runEnds[r] = q;
  }
  const slab = slabRows(m, k);
  withSparseOperands(rt, sparse.byRow, runEnds, columns, k * slab * 8, (ptr) => {
    for (let i0 = 0; i0 < m; i0 += slab) {
      const count = Math.min(slab, m - i0);
      rt.kernels.transpose_columns_f64(count, wPtr + i0 * d * 8, d, ptr.columns, k, ptr.scratch);
      rt.kernels.sparse_times_dense_f64(rows, count, ptr.start, ptr.index, ptr.value, ptr.scratch, count, ptr.runEnds, runEnds.length, 0, zPtr + i0 * 8, m);
    }
  });
}

/**
 * ∇W += Mᵀ·X (M rows × m at mPtr, X the chunk stored in `sparse`, ∇W m × d at gPtr): the dense
 * GEMM's bits. `gradientIsZero` says ∇W holds only zeros yet, so its columns need not be read.
 */
export function addWeightGradientSparse(
  rt: Runtime, sparse: SparseInputs, rows: number, d: number, mPtr: number, m: number, gPtr: number, gradientIsZero: boolean,
): void {
  const { columns } = sparse;
  const k = columns.length;
  const kc = rt.kernels.gemm_block_k();
  // the dense runs end at multiples of KC in the rows of the chunk
  const runEnds = Int32Array.from({ length: Math.max(1, Math.ceil(rows / kc)) }, (_, r) => Math.min(rows, (r + 1) * kc));
  const slab = slabRows(m, k);
  withSparseOperands(rt, sparse.byColumn, runEnds, columns, k * slab * 8, (ptr) => {
    for (let i0 = 0; i0 < m; i0 += slab) {
      const count = Math.min(slab, m - i0);
      if (!gradientIsZero) rt.kernels.transpose_columns_f64(count, gPtr + i0 * d * 8, d, ptr.columns, k, ptr.scratch);
      rt.kernels.sparse_times_dense_f64(k, count, ptr.start, ptr.index, ptr.value, mPtr + i0 * 8, m, ptr.runEnds, runEnds.length, gradientIsZero ? 0 : 1, ptr.scratch, count);
      rt.kernels.untranspose_columns_f64(count, ptr.scratch, ptr.columns, k, gPtr + i0 * d * 8, d);
    }
  });
}

/**
 * The most Wasm memory either sparse product takes for a rows × d chunk with `k` nonzero columns
 * and `nonzeros` entries, for a layer of m neurons and k-runs of `kc` terms (what
 * withSparseOperands allocates for the larger of the two products).
 */
export function sparseCopyBytes(rows: number, d: number, k: number, nonzeros: number, m: number, kc: number): number {
  const line = Math.max(rows, k) + 1, runs = Math.ceil(Math.max(rows, d) / kc);
  return Math.max(1, nonzeros) * 12 + (line + runs + k) * 4 + k * slabRows(m, k) * 8;
}

/** Runs fn with the compressed matrix, the run ends, the columns and `scratchBytes` of scratch in Wasm memory. */
function withSparseOperands<T>(
  rt: Runtime, matrix: Compressed, runEnds: Int32Array, columns: Int32Array, scratchBytes: number,
  fn: (ptr: Record<'start' | 'index' | 'value' | 'runEnds' | 'columns' | 'scratch', number>) => T,
): T {
  const entries = Math.max(1, matrix.index.length);
  return withBlocks(rt.arena, {
    start: matrix.start.length * 4, index: entries * 4, value: entries * 8, runEnds: runEnds.length * 4, columns: columns.length * 4, scratch: scratchBytes,
  }, (ptr) => {
    putI32(rt, ptr.start, matrix.start);
    putI32(rt, ptr.index, matrix.index);
    rt.arena.f64().set(matrix.value, ptr.value / 8);
    putI32(rt, ptr.runEnds, runEnds);
    putI32(rt, ptr.columns, columns);
    return fn(ptr);
  });
}

/** Copies i32 values into the block at ptr. */
function putI32(rt: Runtime, ptr: number, values: Int32Array): void {
  new Int32Array(rt.arena.u8().buffer, ptr, values.length).set(values);
}
