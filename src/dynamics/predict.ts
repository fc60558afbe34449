// predictResidual: what a constant-kernel (linearized) model predicts for the residual r = u − y
// of a wide network under each optimizer, from the eigenmodes of H (docs/theory.md#linearization).

import { Matrix } from '../linalg/matrix';
import { eigh, type EighResult } from '../linalg/eigh';
import { matmul } from '../linalg/matmul';
import { requireResultBytes } from '../runtime/limits';
import { requireEigenbasis } from '../linalg/eigenbasis';
import { requireLoss, type LossConvention } from '../nn/loss';
import { requireOptimizer, type Optimizer } from '../optimizers/registry';
import type { Naming } from '../optimizers/descriptor';
import { discreteModes, flowOf, maxStableLearningRate, timeMap, type FlowLimit, type Resolution } from './modes';
import { checkOptions, describe, optionalBoolean, requireFiniteArray, requireVector } from '../args';
import { requireMatrix } from '../linalg/validate';

/** The options of predictResidual(). */
export interface PredictOptions {
  /** The optimizer whose dynamics are predicted (its step, momenta, damping). */
  optimizer: Optimizer;
  /** 'flow': the ODE limit; 'discrete': the optimizer's own recurrence (exact for constant H). */
  mode: 'flow' | 'discrete';
  /** Entries for k = 0 … steps (both modes; flow maps k to its ODE time). */
  steps?: number;
  /** ODE times to evaluate at (flow mode only), instead of steps. */
  times?: ArrayLike<number>;
  /** Heavy ball's limit: 'second-order' (default: β = 1 − γ√η, t = k√η) or 'first-order' (t = kη). */
  limit?: FlowLimit;
  /** 'high' uses the high-resolution ODEs (Shi et al.) for HB and NAG-SC. Default 'low'. */
  resolution?: Resolution;
  /** The loss the optimizer minimises: 'mean' scales the kernel by 2/n. Default 'half-sum'. */
  loss?: LossConvention;
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

const KNOWN = ['optimizer', 'mode', 'steps', 'times', 'limit', 'resolution', 'loss', 'residuals', 'amplitudes'];

function eigenbasis(fn: string, H: Matrix | EighResult): { values: Float64Array; vectors: Matrix } {
  if (Matrix.isMatrix(H)) {
    const r = eigh(requireMatrix(fn, 'H', H));
    return { values: r.values, vectors: r.vectors! };
  }
  return requireEigenbasis(`${fn}: H`, H);
}

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
  const basis = eigenbasis(fn, H);
  const n = basis.values.length;
  const residual0 = requireVector(fn, 'r0', r0, n, `H is ${n}×${n}`);
  let times: Float64Array | undefined;
  if (o.times !== undefined) {
    times = requireFiniteArray(fn, 'times', o.times);
    for (let i = 0; i < times.length; i++) if (!(times[i] >= 0)) throw new RangeError(`${fn}: times[${i}] must be ≥ 0 (got ${times[i]})`);
  }
  const withResiduals = optionalBoolean(fn, 'residuals', o.residuals, false);
  const withAmplitudes = optionalBoolean(fn, 'amplitudes', o.amplitudes, false);
  const entries = times ? times.length : o.steps! + 1;
  // times, steps, ‖r‖ and the loss per entry, and K × n amplitudes (twice, with residuals)
  const perEntry = 4 + (withResiduals || withAmplitudes ? n : 0) + (withResiduals ? n : 0);
  requireResultBytes(fn, entries * perEntry * 8, `a prediction of ${entries} entries${withResiduals || withAmplitudes ? ` × ${n} modes` : ''}`);

  // The kernel the residual actually sees: (2/n)·H for the mean loss.
  const kernelScale = loss === 'mean' ? 2 / Math.max(1, n) : 1;
  const lambdas = basis.values.map((v) => kernelScale * v);
  const c0 = matmul(basis.vectors, new Matrix(n, 1, residual0), { transA: true }).data;
  const map = timeMap(optimizer, settings);
  const count = entries;
  const steps = times ? undefined : Float64Array.from({ length: count }, (_, k) => k);
  const entryTimes = times ?? steps!.map((k) => k * map.scale);
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
    residualNorm[k] = Math.sqrt(sq);
    lossValues[k] = loss === 'mean' ? sq / Math.max(1, n) : 0.5 * sq;
    amplitudes?.data.set(c, k * n);
    return true;
  };
  if (flow) {
    const factors = new Float64Array(n);
    const c = new Float64Array(n);
    for (let k = 0; k < count; k++) {
      flow.factors(lambdas, entryTimes[k], factors);
      for (let i = 0; i < n; i++) c[i] = factors[i] * c0[i];
      if (!record(k, c)) break;
    }
  } else {
    discreteModes(optimizer, lambdas, c0, count - 1, record);
  }
  const lambdaMax = lambdas.length ? lambdas[lambdas.length - 1] : 0;
  const maxLr = maxStableLearningRate(optimizer, lambdaMax);
  const result: ResidualPrediction = {
    mode: o.mode,
    model: flow ? flow.equation : 'the optimizer\'s recurrence on each eigenmode (exact for constant H)',
    timeMap: map.name,
    times: entryTimes,
    residualNorm,
    loss: lossValues,
    stable: optimizer.lr < maxLr,
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

/** How predictResidual names the optimizer's hyperparameters in messages. */
function optimizerNaming(fn: string): Naming {
  return {
    param: (name) => `${fn}: the optimizer's ${name}`,
    values: (entries) => `${fn}: the optimizer's (${entries.map(([name]) => name).join(', ')}) = (${entries.map(([, v]) => v).join(', ')})`,
  };
}
