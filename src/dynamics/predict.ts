// predictResidual: what a constant-kernel (linearized) model predicts for the residual r = u − y
// of a wide network under each optimizer, from the eigenmodes of H (docs/theory.md#linearization).

import { Matrix } from '../linalg/matrix';
import type { EighResult } from '../linalg/eigh';
import { matmul } from '../linalg/matmul';
import { requireResultBytes } from '../runtime/limits';
import { euclideanNorm } from '../math/norm';
import { maxStableLearningRate } from './modes';
import {
  DYNAMICS_KEYS, eigenbasis, entries, kernelScale, parseDynamics, parseTimes, visitAmplitudes, type DynamicsOptions,
} from './prediction';
import { checkOptions, describe, optionalBoolean, requireVector } from '../args';

/** The options of predictResidual(). */
export interface PredictOptions extends DynamicsOptions {
  /** Also return r itself at every entry (K × n). */
  residuals?: boolean;
  /** Also return the per-mode amplitudes cᵢ = vᵢᵀr at every entry (K × n, ascending λ). */
  amplitudes?: boolean;
}

/** What predictResidual() returns: the predicted residual's norm and loss at each entry. */
export interface ResidualPrediction {
  /** The mode that was asked for. */
  mode: 'flow' | 'discrete';
  /** The equation or recurrence solved, and how steps map to times. */
  model: string;
  /** How step k maps to ODE time, in words: 't = k·η' or 't = k·√η'. */
  timeMap: string;
  /** The step of each entry (undefined when times were given). */
  steps?: Float64Array;
  /** The ODE time of each entry (t(k) in discrete mode too). */
  times: Float64Array;
  /** ‖r‖ at each entry. */
  residualNorm: Float64Array;
  /** The loss at each entry, in the convention asked for. */
  loss: Float64Array;
  /** Whether the discrete iteration is stable on λ_max (docs/theory.md#stability). */
  stable: boolean;
  /** The largest stable learning rate for this optimizer and kernel. */
  maxStableLearningRate: number;
  /**
   * Set when the prediction diverged: the first entry whose loss is beyond float64's range
   * (an unstable step, or a negative eigenvalue). From there on residualNorm and loss are
   * Infinity, and residuals/amplitudes hold only the entries before it.
   */
  divergedAt?: number;
  /** r at every entry (entries × n), when asked for. */
  residuals?: Matrix;
  /** vᵢᵀr at every entry (entries × n, ascending λ), when asked for. */
  amplitudes?: Matrix;
}

const KNOWN = [...DYNAMICS_KEYS, 'residuals', 'amplitudes'];

/**
 * The residual predicted for a network trained by `optimizer` from residual r0 when its kernel
 * stays at H (H∞, or H(0) = net.empiricalNtk(X)), for k = 0 … steps or at given ODE times.
 *
 * Cost: eigh(H) (O(n³)) unless an eigh result is passed, one projection (O(n²)), then O(n) per
 * entry; residuals add O(n²) per entry. Pass the eigh result to predict for many optimizers.
 *
 * @example
 *   const basis = eigh(analyticNtk(X));
 *   const p = predictResidual(basis, r0, { optimizer: nesterov({ lr: 0.1 }), steps: 1000, mode: 'discrete' });
 */
export function predictResidual(H: Matrix | EighResult, r0: ArrayLike<number>, opts: PredictOptions): ResidualPrediction {
  const fn = 'predictResidual';
  if (opts === null || typeof opts !== 'object') throw new TypeError(`${fn}: options must be an object (got ${describe(opts)})`);
  const o = checkOptions(fn, opts, KNOWN);
  const plan = parseDynamics(fn, o);
  const basis = eigenbasis(fn, H);
  const n = basis.values.length;
  const residual0 = requireVector(fn, 'r0', r0, n, `H is ${n}×${n}`);
  const times = o.times !== undefined ? parseTimes(fn, o.times, false) : undefined;
  const withResiduals = optionalBoolean(fn, 'residuals', o.residuals, false);
  const withAmplitudes = optionalBoolean(fn, 'amplitudes', o.amplitudes, false);
  const count = times ? times.length : o.steps! + 1;
  // times, steps, ‖r‖ and the loss per entry, and K × n amplitudes (twice, with residuals)
  const perEntry = 4 + (withResiduals || withAmplitudes ? n : 0) + (withResiduals ? n : 0);
  requireResultBytes(fn, count * perEntry * 8, `a prediction of ${count} entries${withResiduals || withAmplitudes ? ` × ${n} modes` : ''}`);

  // The kernel the residual actually sees: (2/n)·H for the mean loss.
  const scale = kernelScale(plan.loss, n);
  const lambdas = basis.values.map((v) => scale * v);
  const c0 = matmul(basis.vectors, new Matrix(n, 1, residual0), { transA: true }).data;
  const { steps, times: entryTimes } = entries(plan, times);
  const residualNorm = new Float64Array(count);
  const lossValues = new Float64Array(count);
  const amplitudes = withResiduals || withAmplitudes ? new Matrix(count, n) : undefined;
  let divergedAt: number | undefined;
  /** Records entry k; false once the loss has left float64's range (the prediction diverged). */
  const record = (k: number, c: ArrayLike<number>): boolean => {
    let sq = 0;
    for (let i = 0; i < n; i++) sq += c[i] * c[i];
    if (!Number.isFinite(sq)) {
      divergedAt = k;
      residualNorm.fill(Infinity, k);
      lossValues.fill(Infinity, k);
      return false;
    }
    // Below about 1e-280 the squares have lost bits to underflow (an r0 of 1e-161 entries gave a
    // norm 0.6 % off): the norm is then taken scaled.
    const norm = sq < 1e-280 ? euclideanNorm(c) : Math.sqrt(sq);
    const squared = sq < 1e-280 ? norm * norm : sq; // the loss rounded once, from the accurate norm
    residualNorm[k] = norm;
    lossValues[k] = plan.loss === 'mean' ? squared / Math.max(1, n) : 0.5 * squared;
    amplitudes?.data.set(c, k * n);
    return true;
  };
  visitAmplitudes(plan, lambdas, c0, entryTimes, record);
  const lambdaMax = lambdas.length ? lambdas[lambdas.length - 1] : 0;
  const maxLr = maxStableLearningRate(plan.optimizer, lambdaMax);
  const result: ResidualPrediction = {
    mode: plan.mode,
    model: plan.flow ? plan.flow.equation : 'the optimizer\'s recurrence on each eigenmode (exact for constant H)',
    timeMap: plan.map.name,
    times: entryTimes,
    residualNorm,
    loss: lossValues,
    stable: plan.optimizer.lr < maxLr,
    maxStableLearningRate: maxLr,
  };
  if (steps) result.steps = steps;
  if (divergedAt !== undefined) result.divergedAt = divergedAt;
  // After a divergence the amplitudes hold only the entries before it.
  const kept = amplitudes && divergedAt !== undefined ? new Matrix(divergedAt, n, amplitudes.data.slice(0, divergedAt * n)) : amplitudes;
  if (withAmplitudes) result.amplitudes = kept;
  if (withResiduals) result.residuals = matmul(kept!, basis.vectors, { transB: true });
  return result;
}
