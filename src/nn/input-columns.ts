// The first layer's two GEMMs without the inputs' all-zero columns, with the dense product's bits.
//
// Why: images have pixels that are zero in every image of a batch (MNIST's borders: 195 of the
// 784 pixel columns of the authors' 600 training digits), and Z = X·Wᵀ (the pre-activations) and
// ∇W += Mᵀ·X (the weight gradient) spend a quarter of their work on them. Leaving them out makes
// one epoch of the authors' MNIST runs about a quarter shorter.
//
// Why the bits do not change: gemm_f64 (assembly/gemm.ts) sums each entry of C over the shared
// dimension in runs of KC terms, each run from +0 in index order, and adds each run's sum into C.
// A term with a zero input is x·w = ±0 for a finite weight w, and adding ±0 leaves a run's sum as
// it was, but for the sign of a zero sum (the relaxed build's fused multiply-add can round a tiny
// negative product to −0); C, which starts at +0 and so never holds −0, absorbs either sign alike.
// So:
//   - Z = X·Wᵀ: the zero columns are terms of the sum. Each run of KC columns of the dense
//     product becomes one GEMM call over that run's nonzero columns only (gathered into compact
//     blocks), added into Z in the same order: every entry gets the same runs, minus zero terms.
//   - ∇W += Mᵀ·X: the zero columns of X are columns of ∇W that receive only zero terms. The other
//     columns are gathered from ∇W, updated by one GEMM with the dense call's shared dimension
//     (the rows of X) and scattered back: every entry gets exactly the dense call's runs.
// W and M must be finite (0·∞ is NaN in the dense product) and ∇W free of −0: first-layer.ts
// takes this way only then.
//
// The compact copies of W and ∇W are taken a slab of rows (neurons) at a time, so a wide network
// needs at most SLAB_BYTES more memory here.

import type { Runtime } from '../runtime/runtime';
import { gemmPtr } from '../runtime/calls';
import { withBlocks } from '../runtime/scratch';

/** The compact (or transposed, sparse-inputs.ts) copies of W or ∇W are made at most this many bytes at a time. */
export const SLAB_BYTES = 16 * 2 ** 20;

/**
 * Z ← X·Wᵀ for X (rows × d, at xPtr, row stride d) whose columns outside `columns` are zero, W
 * (m × d at wPtr) and Z (rows × m at zPtr, row stride m): the dense GEMM's result, bit for bit.
 */
export function preActivationsSkippingZeros(
  rt: Runtime, xPtr: number, rows: number, d: number, wPtr: number, m: number, columns: Int32Array, zPtr: number,
): void {
  const runs = columnRuns(columns, rt.kernels.gemm_block_k());
  if (runs.length === 0) {
    // Every input is zero: so is every pre-activation.
    const z = rt.arena.f64();
    for (let i = 0; i < rows; i++) z.fill(0, zPtr / 8 + i * m, zPtr / 8 + i * m + m);
    return;
  }
  const widest = Math.max(...runs.map((run) => run.length));
  const slab = slabRows(m, widest);
  withBlocks(rt.arena, { xRun: rows * widest * 8, wRun: slab * widest * 8 }, ({ xRun, wRun }) => {
    runs.forEach((run, r) => {
      const k = run.length;
      gatherColumns(rt, xPtr, rows, d, run, xRun);
      for (let i0 = 0; i0 < m; i0 += slab) {
        const count = Math.min(slab, m - i0);
        gatherColumns(rt, wPtr + i0 * d * 8, count, d, run, wRun);
        // The first run writes Z (β = 0, as the dense call's β = 0 does), the next ones add.
        gemmPtr(rt, false, true, rows, count, k, 1, xRun, k, wRun, k, r === 0 ? 0 : 1, zPtr + i0 * 8, m);
      }
    });
  });
}

/**
 * ∇W += Mᵀ·X for M (rows × m at mPtr, row stride m), X as in preActivationsSkippingZeros and ∇W
 * (m × d at gPtr): the dense GEMM's result, bit for bit. `gradientIsZero` says ∇W holds only
 * zeros yet (the first chunk), so its columns need not be read.
 */
export function addWeightGradientSkippingZeros(
  rt: Runtime, mPtr: number, rows: number, m: number, xPtr: number, d: number, columns: Int32Array, gPtr: number, gradientIsZero: boolean,
): void {
  const k = columns.length;
  if (k === 0) return; // ∇W gains only zero terms
  const slab = slabRows(m, k);
  withBlocks(rt.arena, { xCompact: rows * k * 8, gCompact: slab * k * 8 }, ({ xCompact, gCompact }) => {
    gatherColumns(rt, xPtr, rows, d, columns, xCompact);
    for (let i0 = 0; i0 < m; i0 += slab) {
      const count = Math.min(slab, m - i0);
      if (gradientIsZero) rt.arena.f64().fill(0, gCompact / 8, gCompact / 8 + count * k);
      else gatherColumns(rt, gPtr + i0 * d * 8, count, d, columns, gCompact);
      gemmPtr(rt, true, false, count, k, rows, 1, mPtr + i0 * 8, m, xCompact, k, 1, gCompact, k);
      scatterColumns(rt, gCompact, count, k, columns, gPtr + i0 * d * 8, d);
    }
  });
}

/**
 * The most Wasm memory either product here takes for a rows × d chunk with `k` nonzero columns and
 * a layer of m neurons (addWeightGradientSkippingZeros' copies; the forward pass's are narrower).
 */
export function zeroColumnCopyBytes(rows: number, k: number, m: number): number {
  return (rows * k + slabRows(m, k) * k) * 8;
}

/** The nonzero columns split at the dense GEMM's k-run boundaries (multiples of kc); empty runs dropped. */
function columnRuns(columns: Int32Array, kc: number): Int32Array[] {
  const runs: Int32Array[] = [];
  let start = 0;
  while (start < columns.length) {
    const boundary = (Math.floor(columns[start] / kc) + 1) * kc;
    let end = start;
    while (end < columns.length && columns[end] < boundary) end++;
    runs.push(columns.subarray(start, end));
    start = end;
  }
  return runs;
}

/** Rows of a slab whose compact copy (width columns) fits SLAB_BYTES, at least one. */
export function slabRows(m: number, width: number): number {
  return Math.max(1, Math.min(m, Math.floor(SLAB_BYTES / (8 * width))));
}

/** dst (rows × columns.length, packed) ← the listed columns of src (rows × ld). */
function gatherColumns(rt: Runtime, src: number, rows: number, ld: number, columns: Int32Array, dst: number): void {
  const f64 = rt.arena.f64();
  const k = columns.length;
  for (let i = 0, s = src / 8, t = dst / 8; i < rows; i++, s += ld, t += k) {
    for (let c = 0; c < k; c++) f64[t + c] = f64[s + columns[c]];
  }
}

/** The listed columns of dst (rows × ld) ← src (rows × columns.length, packed). */
function scatterColumns(rt: Runtime, src: number, rows: number, k: number, columns: Int32Array, dst: number, ld: number): void {
  const f64 = rt.arena.f64();
  for (let i = 0, s = src / 8, t = dst / 8; i < rows; i++, s += k, t += ld) {
    for (let c = 0; c < k; c++) f64[t + columns[c]] = f64[s + c];
  }
}
