// The first layer's two products, Z = X·Wᵀ and ∇W += Mᵀ·X, by the cheapest of three exact ways for
// the chunk of inputs at hand; all three give the same bits (each sums every entry as the dense
// GEMM does; see input-columns.ts and sparse-inputs.ts):
//   sparse        at most SPARSE_MAX_DENSITY of the entries in X's nonzero columns are nonzero
//                 (MNIST: 25 %): only the nonzero entries are multiplied;
//   zero columns  at least MIN_ZERO_FRACTION of X's columns are zero in every row, the rest dense:
//                 the dense GEMM over the other columns;
//   dense         otherwise: one GEMM, as before any of this.
// The choice is made per chunk of rows from one pass over the chunk (stopped early on dense data).
//
// The other ways leave out terms 0·w, which the dense GEMM adds as ±0 — unless w is ±∞ or NaN,
// where it adds NaN (a network whose weights overflowed: every ReLU then reads NaN as inactive).
// So they are only taken while W (for Z) and M (for ∇W) are finite; otherwise the dense GEMM runs
// and the NaNs come out as they always did. And they are only taken while their copies fit
// MAX_COPY_BYTES and the memory left: near the 4 GiB limit the GEMM, which copies nothing, runs.

import type { Runtime } from '../runtime/runtime';
import { gemmPtr } from '../runtime/calls';
import { WASM_MAX_BYTES } from '../runtime/limits';
import { addWeightGradientSkippingZeros, preActivationsSkippingZeros, zeroColumnCopyBytes } from './input-columns';
import { addWeightGradientSparse, preActivationsSparse, sparseCopyBytes, sparseInputs, type SparseInputs } from './sparse-inputs';

/**
 * The sparse products pay when at most this fraction of the entries of X's nonzero columns is
 * nonzero. Measured on this machine (a gradient at n = 600, d = 784, m = 3000 on random data of
 * the given density, sparse over dense time): 0.18 at 10 %, 0.39 at 25 %, 0.59 at 40 % on one
 * thread (0.23, 0.43, 0.69 on two), so they break even near 60–70 %; 50 % leaves a margin.
 */
export const SPARSE_MAX_DENSITY = 0.5;

/** Leaving out zero columns pays for its copies once this fraction of the columns is zero. */
export const MIN_ZERO_FRACTION = 1 / 8;

/**
 * The most Wasm memory a way other than dense may take for its copies of one chunk (compressed
 * entries, compact columns of X, slabs of W or ∇W); a chunk that needs more (only narrow
 * networks have such chunks: a chunk holds 16 MiB of pre-activations) takes the dense GEMM.
 */
export const MAX_COPY_BYTES = 64 * 2 ** 20;

/** Memory kept free for the GEMMs' own packing space when a way's copies are weighed against what is left. */
const GEMM_HEADROOM_BYTES = 16 * 2 ** 20;

/**
 * Test hooks: switching a way off makes the passes take the next one (to compare their bits);
 * maxCopyBytes is MAX_COPY_BYTES, lowered by a test to reach the bound without 64 MiB of data.
 */
export const firstLayerWays = { sparse: true, zeroColumns: true, maxCopyBytes: MAX_COPY_BYTES };

/** How one chunk's products are computed. */
export type FirstLayerPlan =
  | { way: 'dense' }
  | { way: 'zero columns'; columns: Int32Array }
  | { way: 'sparse'; sparse: SparseInputs };

/**
 * The plan for the rows × d chunk of X at xPtr, with W (m × d at wPtr). `!== 0` is true for NaN,
 * so a NaN counts as a nonzero entry and reaches the output as the dense product would carry it.
 */
export function planFirstLayer(rt: Runtime, xPtr: number, rows: number, d: number, wPtr: number, m: number): FirstLayerPlan {
  if ((!firstLayerWays.sparse && !firstLayerWays.zeroColumns) || rows === 0 || d === 0) return { way: 'dense' };
  const x = rt.arena.f64();
  const seen = new Uint8Array(d);
  const enoughColumns = d - Math.ceil(MIN_ZERO_FRACTION * d);
  const tooManyEntries = SPARSE_MAX_DENSITY * rows * d;
  let found = 0, nonzeros = 0;
  for (let i = 0, base = xPtr / 8; i < rows; i++, base += d) {
    for (let j = 0; j < d; j++) {
      if (x[base + j] !== 0) {
        nonzeros++;
        if (seen[j] === 0) {
          seen[j] = 1;
          found++;
        }
      }
    }
    // Dense data: neither way can pay, whatever the remaining rows hold.
    if (found > enoughColumns && nonzeros > tooManyEntries) return { way: 'dense' };
  }
  const sparse = firstLayerWays.sparse && found > 0 && nonzeros <= SPARSE_MAX_DENSITY * rows * found;
  const zeroColumns = firstLayerWays.zeroColumns && found <= enoughColumns;
  if (!sparse && !zeroColumns) return { way: 'dense' };
  if (rt.kernels.first_nonfinite_f64(wPtr, m * d) >= 0) return { way: 'dense' };
  if (sparse && copiesFit(rt, sparseCopyBytes(rows, d, found, nonzeros, m, rt.kernels.gemm_block_k()))) {
    return { way: 'sparse', sparse: sparseInputs(rt, xPtr, rows, d, nonzeroColumns(seen, found), nonzeros) };
  }
  if (zeroColumns && copiesFit(rt, zeroColumnCopyBytes(rows, found, m))) return { way: 'zero columns', columns: nonzeroColumns(seen, found) };
  return { way: 'dense' };
}

/** Whether `bytes` of copies are within MAX_COPY_BYTES and the memory left beside what the arena holds. */
function copiesFit(rt: Runtime, bytes: number): boolean {
  return bytes <= firstLayerWays.maxCopyBytes && rt.arena.occupiedBytes + bytes + GEMM_HEADROOM_BYTES <= WASM_MAX_BYTES;
}

/** The indices of the columns marked in `seen`, ascending. */
function nonzeroColumns(seen: Uint8Array, found: number): Int32Array {
  const columns = new Int32Array(found);
  for (let j = 0, t = 0; j < seen.length; j++) if (seen[j]) columns[t++] = j;
  return columns;
}

/** Z ← X·Wᵀ for the chunk X (rows × d at xPtr), W (m × d at wPtr) and Z (rows × m at zPtr). */
export function preActivations(rt: Runtime, plan: FirstLayerPlan, xPtr: number, rows: number, d: number, wPtr: number, m: number, zPtr: number): void {
  if (plan.way === 'sparse') preActivationsSparse(rt, plan.sparse, rows, d, wPtr, m, zPtr);
  else if (plan.way === 'zero columns') preActivationsSkippingZeros(rt, xPtr, rows, d, wPtr, m, plan.columns, zPtr);
  else gemmPtr(rt, false, true, rows, m, d, 1, xPtr, d, wPtr, d, 0, zPtr, m);
}

/**
 * ∇W += Mᵀ·X for M (rows × m at mPtr), the chunk X and ∇W (m × d at gPtr); `gradientIsZero`: ∇W
 * holds only zeros yet (the first chunk). ∇W must hold no −0: the dense GEMM would turn one into
 * +0 by adding a zero sum, the other ways leave it (the trainer starts ∇W at +0, and a sum that
 * starts at +0 never ends at −0 once added into it).
 */
export function addWeightGradient(
  rt: Runtime, plan: FirstLayerPlan, mPtr: number, rows: number, m: number, xPtr: number, d: number, gPtr: number, gradientIsZero: boolean,
): void {
  // a non-finite M makes the dense GEMM's left-out terms NaN: then it runs itself
  const finite = plan.way === 'dense' || rt.kernels.first_nonfinite_f64(mPtr, rows * m) < 0;
  if (finite && plan.way === 'sparse') addWeightGradientSparse(rt, plan.sparse, rows, d, mPtr, m, gPtr, gradientIsZero);
  else if (finite && plan.way === 'zero columns') addWeightGradientSkippingZeros(rt, mPtr, rows, m, xPtr, d, plan.columns, gPtr, gradientIsZero);
  else gemmPtr(rt, true, false, m, d, rows, 1, mPtr, m, xPtr, d, 1, gPtr, d);
}
