// The first layer's two products, Z = X·Wᵀ and ∇W += Mᵀ·X, by the cheapest of three exact ways for
// the chunk of inputs at hand; all three give the same bits (each sums every entry as the dense
// GEMM does; see input-columns.ts and sparse-inputs.ts):
//   sparse        at most SPARSE_MAX_DENSITY of the entries in X's nonzero columns are nonzero
//                 (MNIST: 25 %) and their copies fit SPARSE_MAX_BYTES: only the nonzero entries
//                 are multiplied;
//   zero columns  at least MIN_ZERO_FRACTION of X's columns are zero in every row, the rest dense:
//                 the dense GEMM over the other columns;
//   dense         otherwise: one GEMM, as before any of this.
// The choice is made per chunk of rows from one pass over the chunk (stopped early on dense data).

import type { Runtime } from '../runtime/runtime';
import { gemmPtr } from '../runtime/calls';
import { addWeightGradientSkippingZeros, preActivationsSkippingZeros } from './input-columns';
import { addWeightGradientSparse, preActivationsSparse, sparseInputs, type SparseInputs } from './sparse-inputs';

/**
 * The sparse products pay when at most this fraction of the entries of X's nonzero columns is
 * nonzero. Measured on this machine (a gradient at n = 600, d = 784, m = 3000 on random data of
 * the given density, sparse over dense time): 0.18 at 10 %, 0.39 at 25 %, 0.59 at 40 % on one
 * thread (0.23, 0.43, 0.69 on two), so they break even near 60–70 %; 50 % leaves a margin.
 */
export const SPARSE_MAX_DENSITY = 0.5;

/**
 * The sparse copies of a chunk (an i32 index and an f64 value per nonzero entry, in Wasm memory
 * for one product at a time, and by rows and by columns in JavaScript) are kept under this size:
 * a larger chunk (only narrow networks have one: a chunk holds 16 MiB of pre-activations) takes
 * one of the other ways, so memory stays bounded near the 4 GiB limit.
 */
export const SPARSE_MAX_BYTES = 64 * 2 ** 20;

/** Leaving out zero columns pays for its copies once this fraction of the columns is zero. */
export const MIN_ZERO_FRACTION = 1 / 8;

/**
 * Test hooks: switching a way off makes the passes take the next one (to compare their bits);
 * sparseMaxBytes is SPARSE_MAX_BYTES, lowered by a test to reach the bound without 64 MiB of data.
 */
export const firstLayerWays = { sparse: true, zeroColumns: true, sparseMaxBytes: SPARSE_MAX_BYTES };

/** How one chunk's products are computed. */
export type FirstLayerPlan =
  | { way: 'dense' }
  | { way: 'zero columns'; columns: Int32Array }
  | { way: 'sparse'; sparse: SparseInputs };

/**
 * The plan for the rows × d chunk of X at xPtr. `!== 0` is true for NaN, so a NaN counts as a
 * nonzero entry and reaches the output as the dense product would carry it.
 */
export function planFirstLayer(rt: Runtime, xPtr: number, rows: number, d: number): FirstLayerPlan {
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
  const columns = new Int32Array(found);
  for (let j = 0, t = 0; j < d; j++) if (seen[j]) columns[t++] = j;
  if (firstLayerWays.sparse && found > 0 && nonzeros <= SPARSE_MAX_DENSITY * rows * found && nonzeros * 12 <= firstLayerWays.sparseMaxBytes) {
    return { way: 'sparse', sparse: sparseInputs(rt, xPtr, rows, d, columns, nonzeros) };
  }
  if (firstLayerWays.zeroColumns && found <= enoughColumns) return { way: 'zero columns', columns };
  return { way: 'dense' };
}

/** Z ← X·Wᵀ for the chunk X (rows × d at xPtr), W (m × d at wPtr) and Z (rows × m at zPtr). */
export function preActivations(rt: Runtime, plan: FirstLayerPlan, xPtr: number, rows: number, d: number, wPtr: number, m: number, zPtr: number): void {
  if (plan.way === 'sparse') preActivationsSparse(rt, plan.sparse, rows, d, wPtr, m, zPtr);
  else if (plan.way === 'zero columns') preActivationsSkippingZeros(rt, xPtr, rows, d, wPtr, m, plan.columns, zPtr);
  else gemmPtr(rt, false, true, rows, m, d, 1, xPtr, d, wPtr, d, 0, zPtr, m);
}

/**
 * ∇W += Mᵀ·X for M (rows × m at mPtr), the chunk X and ∇W (m × d at gPtr); `gradientIsZero`: ∇W
 * holds only zeros yet (the first chunk).
 */
export function addWeightGradient(
  rt: Runtime, plan: FirstLayerPlan, mPtr: number, rows: number, m: number, xPtr: number, d: number, gPtr: number, gradientIsZero: boolean,
): void {
  if (plan.way === 'sparse') addWeightGradientSparse(rt, plan.sparse, rows, d, mPtr, m, gPtr, gradientIsZero);
  else if (plan.way === 'zero columns') addWeightGradientSkippingZeros(rt, mPtr, rows, m, xPtr, d, plan.columns, gPtr, gradientIsZero);
  else gemmPtr(rt, true, false, m, d, rows, 1, mPtr, m, xPtr, d, 1, gPtr, d);
}
