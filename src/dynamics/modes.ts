// Per-eigenmode evolution of the residual r = u − y under each optimizer, for a constant kernel
// H = Σ λᵢvᵢvᵢᵀ (docs/theory.md#closed-forms): cᵢ = vᵢᵀr evolves independently of the other modes.
//   flow:     the optimizer's ODE limit, with its time map t(k);
//   discrete: the optimizer's own recurrence on cᵢ, exact for constant H (no η → 0 error).
// The formulas are the optimizers' own (src/optimizers/); this module runs them.

import { descriptorOf, type Optimizer } from '../optimizers/registry';
import type { Flow, FlowSettings, Naming, TimeMap } from '../optimizers/descriptor';

export type { FlowLimit, FlowSettings, Resolution } from '../optimizers/descriptor';

/** The ODE time of step k, and the name of the map. */
export function timeMap(o: Optimizer, settings: FlowSettings): TimeMap {
  return descriptorOf(o).timeMap(o, settings);
}

/** The ODE limit: its equation and its per-mode factors. Throws a RangeError when o has none. */
export function flowOf(o: Optimizer, settings: FlowSettings, naming: Naming): Flow {
  return descriptorOf(o).flow(o, settings, naming);
}

/**
 * Runs the optimizer's recurrence on every mode for `steps` steps (or until visit returns false),
 * calling visit(k, c) with the amplitudes c of the iterate θ_k (x_k for NAG, not the extrapolated
 * point y_k where it takes its gradient: the check values docs/theory.md#c4 and #c5 are for x_k)
 * for k = 0 … steps. c is only valid during the call. O(n) per step.
 */
export function discreteModes(o: Optimizer, lambdas: Float64Array, c0: Float64Array, steps: number, visit: (k: number, c: Float64Array) => boolean | void): void {
  const iteration = descriptorOf(o).modes(o, lambdas, c0);
  if (visit(0, Float64Array.from(c0)) === false) return;
  for (let k = 0; k < steps; k++) {
    if (visit(k + 1, iteration.advance(k)) === false) return;
  }
}

/**
 * The largest learning rate at which the discrete iteration is stable on the largest eigenvalue
 * (docs/theory.md#stability): every optimizer's own limit for λ_max > 0; 0 for a negative λ_max
 * (a negative curvature grows for every step) and Infinity for λ_max = 0 (nothing moves).
 */
export function maxStableLearningRate(o: Optimizer, lambdaMax: number): number {
  if (lambdaMax < 0) return 0;
  if (!(lambdaMax > 0)) return Infinity;
  return descriptorOf(o).maxStableLearningRate(o, lambdaMax);
}
