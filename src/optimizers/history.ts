// The mode recurrences of the optimizers whose state is their past iterates: c_{k+1} from c_k,
// c_{k−1} and c_{k−2}, with the history before the start equal to c₀ (θ_{−1} = θ_{−2} = θ₀, as the
// trainer starts its state). Four buffers rotate, so a step allocates nothing.

import type { ModeIteration } from './descriptor';

/** next ← c_{k+1} from cur = c_k, prev = c_{k−1}, prev2 = c_{k−2}. */
export type HistoryUpdate = (k: number, next: Float64Array, cur: Float64Array, prev: Float64Array, prev2: Float64Array) => void;

export function historyRecurrence(c0: Float64Array, update: HistoryUpdate): ModeIteration {
  let cur = Float64Array.from(c0);
  let prev = Float64Array.from(c0);
  let prev2 = Float64Array.from(c0);
  let next = new Float64Array(c0.length);
  return {
    advance(k) {
      update(k, next, cur, prev, prev2);
      const recycled = prev2;
      prev2 = prev;
      prev = cur;
      cur = next;
      next = recycled;
      return cur;
    },
  };
}

/** 1 − ηλᵢ for every mode: the factor of a gradient step. */
export function contractions(lr: number, lambdas: Float64Array): Float64Array {
  return lambdas.map((l) => 1 - lr * l);
}

/**
 * The accumulated responses σ of a history recurrence (docs/theory.md#responses), from
 * σ₀ = σ₋₁ = σ₋₂ = 0: σ_{k+1} = update(σ) + η. Every recurrence here maps a constant history 1 to
 * 1 − ηλ (the factor of a gradient step), so σ = (1 − c/c₀)/λ obeys the same update plus the
 * constant η, which keeps it finite (σ_k → kη) as λ → 0.
 */
export function historyResponses(n: number, lr: number, update: HistoryUpdate): ModeIteration {
  return historyRecurrence(new Float64Array(n), (k, next, cur, prev, prev2) => {
    update(k, next, cur, prev, prev2);
    const eta = lr;
    for (let i = 0; i < n; i++) next[i] += eta;
  });
}
