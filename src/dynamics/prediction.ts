// What predictResidual (predict.ts) and predictOutputs (outputs.ts) share: the options that choose
// the dynamics (optimizer, mode, steps or times, limit, resolution, loss) and their checks, the
// eigenbasis of the kernel, the ODE time of every entry, and the per-mode residual factors at
// every entry. Both functions run the same code here, so that their residuals agree to the bit.

import { Matrix } from '../linalg/matrix';
import { eigh, type EighResult } from '../linalg/eigh';
import { requireEigenbasis } from '../linalg/eigenbasis';
import { requireMatrix } from '../linalg/validate';
import { requireLoss, type LossConvention } from '../nn/loss';
import { requireOptimizer, type Optimizer } from '../optimizers/registry';
import type { Flow, Naming, TimeMap } from '../optimizers/descriptor';
import { discreteModes, flowOf, timeMap, type FlowLimit, type FlowSettings, type Resolution } from './modes';
import { describe, requireNumberArray } from '../args';

/** The options that choose the dynamics, common to predictResidual and predictOutputs. */
export interface DynamicsOptions {
  /** The optimizer whose dynamics are predicted (its step, momenta, damping). */
  optimizer: Optimizer;
  /** 'flow': the ODE limit; 'discrete': the optimizer's own recurrence (exact for constant H). */
  mode: 'flow' | 'discrete';
  /** Entries for k = 0 … steps (both modes; flow maps k to its ODE time). */
  steps?: number;
  /** ODE times to evaluate at (flow mode only), instead of steps. */
  times?: ArrayLike<number>;
  /** Heavy ball's and QHM's limit: 'second-order' (default) or 'first-order' (t = kη). */
  limit?: FlowLimit;
  /** 'high' uses the high-resolution ODEs (Shi et al.) for HB and NAG-SC. Default 'low'. */
  resolution?: Resolution;
  /** The loss the optimizer minimises: 'mean' scales the kernel by 2/n. Default 'half-sum'. */
  loss?: LossConvention;
}

export const DYNAMICS_KEYS = ['optimizer', 'mode', 'steps', 'times', 'limit', 'resolution', 'loss'] as const;

/** The checked dynamics options, before any kernel is looked at. */
export interface DynamicsPlan {
  optimizer: Optimizer;
  mode: 'flow' | 'discrete';
  settings: FlowSettings;
  loss: LossConvention;
  /** The ODE limit (flow mode), checked before the eigendecomposition. */
  flow?: Flow;
  map: TimeMap;
  steps?: number;
}

/** Checks the options of DYNAMICS_KEYS in `o` (already checked for unknown keys); times are checked later by parseTimes. */
export function parseDynamics(fn: string, o: DynamicsOptions): DynamicsPlan {
  const optimizer = requireOptimizer(fn, o.optimizer);
  if (o.mode !== 'flow' && o.mode !== 'discrete') throw new TypeError(`${fn}: mode must be 'flow' or 'discrete' (got ${describe(o.mode)})`);
  const limit = o.limit ?? 'second-order';
  if (limit !== 'first-order' && limit !== 'second-order') throw new TypeError(`${fn}: limit must be 'first-order' or 'second-order' (got ${describe(limit)})`);
  const resolution = o.resolution ?? 'low';
  if (resolution !== 'low' && resolution !== 'high') throw new TypeError(`${fn}: resolution must be 'low' or 'high' (got ${describe(resolution)})`);
  const loss = requireLoss(fn, o.loss);
  if ((o.steps === undefined) === (o.times === undefined)) throw new TypeError(`${fn}: give either steps or times`);
  if (o.steps !== undefined && (typeof o.steps !== 'number' || !Number.isInteger(o.steps) || o.steps < 0)) {
    throw new RangeError(`${fn}: steps must be a non-negative integer (got ${describe(o.steps)})`);
  }
  if (o.times !== undefined && o.mode === 'discrete') throw new TypeError(`${fn}: times go with mode 'flow'; the discrete recurrence takes steps`);
  const settings = { limit, resolution };
  // before the eigendecomposition: an optimizer whose flow cannot be computed is refused at once
  const flow = o.mode === 'flow' ? flowOf(optimizer, settings, optimizerNaming(fn)) : undefined;
  return { optimizer, mode: o.mode, settings, loss, flow, map: timeMap(optimizer, settings), steps: o.steps };
}

/** The ODE times asked for: finite and ≥ 0, or also +Infinity (the limit t → ∞) when `infinite`. */
export function parseTimes(fn: string, value: unknown, infinite: boolean): Float64Array {
  const times = requireNumberArray(fn, 'times', value);
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (!Number.isFinite(t) && !(infinite && t === Infinity)) {
      throw new RangeError(`${fn}: times[${i}] is not a finite number (got ${t})${infinite ? '; Infinity is the one non-finite time allowed' : ''}`);
    }
    if (!(t >= 0)) throw new RangeError(`${fn}: times[${i}] must be ≥ 0 (got ${t})`);
  }
  return times;
}

/** H as an eigenbasis: eigh(H) for a kernel Matrix, or a checked copy of a given eigh result. */
export function eigenbasis(fn: string, H: Matrix | EighResult): { values: Float64Array; vectors: Matrix } {
  if (Matrix.isMatrix(H)) {
    const r = eigh(requireMatrix(fn, 'H', H));
    return { values: r.values, vectors: r.vectors! };
  }
  return requireEigenbasis(`${fn}: H`, H);
}

/** The factor of the kernel the residual sees: 2/n for the mean loss, else 1. */
export function kernelScale(loss: LossConvention, n: number): number {
  return loss === 'mean' ? 2 / Math.max(1, n) : 1;
}

/** The step and ODE time of every entry: k = 0 … steps, t = k·scale; or the given times. */
export function entries(plan: DynamicsPlan, times: Float64Array | undefined): { steps?: Float64Array; times: Float64Array; count: number } {
  if (times) return { times, count: times.length };
  const steps = Float64Array.from({ length: plan.steps! + 1 }, (_, k) => k);
  return { steps, times: steps.map((k) => k * plan.map.scale), count: steps.length };
}

/**
 * The eigenvalues at or below which a mode counts as the kernel's null space in the limit t → ∞:
 * n·ε·max|λ| (the rank cutoff of LAPACK's least-squares drivers), so that an eigenvalue that is
 * rounding noise is not inverted.
 */
export function nullCutoff(lambdas: Float64Array): number {
  let largest = 0;
  for (let i = 0; i < lambdas.length; i++) largest = Math.max(largest, Math.abs(lambdas[i]));
  return lambdas.length * Number.EPSILON * largest;
}

/**
 * Calls visit(k, c) with the amplitudes c = V ᵀr of every entry k (flow: the factors at times[k]
 * times c0; discrete: the optimizer's recurrence), until visit returns false. At t = ∞ (flow only)
 * a mode above nullCutoff has decayed to 0 and one at or below it keeps its amplitude.
 * c is only valid during the call.
 */
export function visitAmplitudes(
  plan: DynamicsPlan, lambdas: Float64Array, c0: Float64Array, times: Float64Array, visit: (k: number, c: Float64Array) => boolean,
): void {
  const n = lambdas.length;
  const flow = plan.flow;
  if (!flow) {
    discreteModes(plan.optimizer, lambdas, c0, times.length - 1, visit);
    return;
  }
  const factors = new Float64Array(n);
  const c = new Float64Array(n);
  const cutoff = nullCutoff(lambdas);
  for (let k = 0; k < times.length; k++) {
    if (times[k] === Infinity) {
      for (let i = 0; i < n; i++) factors[i] = lambdas[i] > cutoff ? 0 : 1;
    } else {
      flow.factors(lambdas, times[k], factors);
    }
    for (let i = 0; i < n; i++) c[i] = factors[i] * c0[i];
    if (!visit(k, c)) break;
  }
}

/** How the predictions name the optimizer's hyperparameters in messages. */
export function optimizerNaming(fn: string): Naming {
  return {
    param: (name) => `${fn}: the optimizer's ${name}`,
    values: (entries) => `${fn}: the optimizer's (${entries.map(([name]) => name).join(', ')}) = (${entries.map(([, v]) => v).join(', ')})`,
  };
}
