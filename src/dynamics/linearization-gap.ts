// How far a trained network strayed from its linearized model (docs/theory.md#linearization-gap):
// the worst ratio of their losses while the prediction is still well above rounding, and the
// largest distance between their residuals. Both shrink like m^(−1/2) with the width m.

import type { Matrix } from '../linalg/matrix';
import type { ResidualPrediction } from './predict';
import { checkOptions, describe } from '../args';

/** What linearizationGap() measures. */
export interface LinearizationGap {
  /**
   * The largest of L_net(k)/L_lin(k) and L_lin(k)/L_net(k) over the recorded steps k ≤
   * comparedUntil: 1 when the network follows its linearized model exactly.
   */
  worstLossRatio: number;
  /** The recorded step where worstLossRatio occurs. */
  worstLossRatioStep: number;
  /**
   * The last step compared: the first recorded step at which the predicted loss is below
   * threshold × its start (or the last recorded step). Past it both losses approach the
   * rounding floor and their ratio measures rounding, not the model.
   */
  comparedUntil: number;
  /** The fraction of the starting loss where the comparison stops. */
  threshold: number;
  /**
   * max over recorded k of ‖r_net(k) − r_lin(k)‖ / ‖r(0)‖: needs the training's projections on
   * the eigenbasis the prediction used and the prediction's amplitudes. Undefined without them.
   */
  residualGap?: number;
  /** The recorded step where residualGap occurs. */
  residualGapStep?: number;
}

/** What linearizationGap() reads of a train() result (TrainResult has all of it). */
export interface RecordedRun {
  /** The recorded steps k. */
  steps: number[];
  /** The loss at each recorded step. */
  loss: number[];
  /** The residual at the start. */
  initialResidual: Float64Array;
  /** vᵢᵀr at each recorded step, with record.projectOn. */
  projections?: Matrix;
}

/** The default fraction of the starting loss below which losses are no longer compared. */
export const GAP_THRESHOLD = 1e-6;

/**
 * Compares a training run with the linearized model's prediction for it: predictResidual(H(0),
 * trained.initialResidual, { mode: 'discrete', steps: trained.stepsRun, loss, optimizer }) with
 * the run's own optimizer and loss convention; add `amplitudes: true` there and
 * `record.projectOn` (the same eigenbasis) in train() for the residual gap.
 *
 * @example
 *   const basis = eigh(net.empiricalNtk(X));
 *   const run = await train(net, X, y, { optimizer, steps: 300, record: { projectOn: basis } });
 *   const lin = predictResidual(basis, run.initialResidual, { optimizer, mode: 'discrete', steps: run.stepsRun, amplitudes: true });
 *   const { worstLossRatio, residualGap } = linearizationGap(run, lin);
 */
export function linearizationGap(trained: RecordedRun, prediction: ResidualPrediction, options: { threshold?: number } = {}): LinearizationGap {
  const fn = 'linearizationGap';
  if (trained === null || typeof trained !== 'object' || !Array.isArray(trained.steps) || !Array.isArray(trained.loss)) {
    throw new TypeError(`${fn}: trained must be what train() returned (got ${describe(trained)})`);
  }
  if (prediction === null || typeof prediction !== 'object' || !(prediction.loss instanceof Float64Array)) {
    throw new TypeError(`${fn}: prediction must be what predictResidual() returned (got ${describe(prediction)})`);
  }
  checkOptions(fn, options, ['threshold']);
  const threshold = options.threshold ?? GAP_THRESHOLD;
  if (typeof threshold !== 'number' || !(threshold > 0 && threshold < 1)) throw new RangeError(`${fn}: threshold must be in (0, 1) (got ${describe(threshold)})`);
  if (prediction.mode !== 'discrete' || !prediction.steps) throw new TypeError(`${fn}: the prediction must be discrete (mode 'discrete', by steps) to be compared step by step`);
  const last = trained.steps[trained.steps.length - 1] ?? 0;
  if (prediction.loss.length <= last) throw new RangeError(`${fn}: the prediction has ${prediction.loss.length} entries but the run recorded step ${last}; predict steps: trained.stepsRun`);
  if (prediction.divergedAt !== undefined && prediction.divergedAt <= last) {
    throw new RangeError(`${fn}: the prediction diverged at step ${prediction.divergedAt} (the step is above its stable limit ${prediction.maxStableLearningRate.toPrecision(3)}): there is no linearized curve to compare with`);
  }
  const start = prediction.loss[0];
  if (!(start > 0)) throw new RangeError(`${fn}: the run starts at loss ${start}: there is nothing to fit, so nothing to compare`);
  if (!(Math.abs(trained.loss[0] - start) <= 1e-9 * start)) {
    throw new RangeError(`${fn}: the prediction starts at loss ${start} but the run at ${trained.loss[0]}: predict from trained.initialResidual with the run's loss convention`);
  }

  let worst = 1, worstStep = 0, until = last;
  for (let i = 0; i < trained.steps.length; i++) {
    const k = trained.steps[i];
    const predicted = prediction.loss[k];
    if (predicted < threshold * start) {
      until = k;
      break;
    }
    const ratio = Math.max(trained.loss[i] / predicted, predicted / trained.loss[i]);
    if (!(ratio <= worst)) {
      worst = ratio;
      worstStep = k;
    }
  }
  const gap: LinearizationGap = { worstLossRatio: worst, worstLossRatioStep: worstStep, comparedUntil: until, threshold };

  const projections = trained.projections, amplitudes = prediction.amplitudes;
  if (projections && amplitudes) {
    const n = amplitudes.cols;
    if (projections.cols !== n) throw new RangeError(`${fn}: the run's projections have ${projections.cols} modes but the prediction ${n}`);
    let norm0 = 0;
    for (const r of trained.initialResidual) norm0 += r * r;
    norm0 = Math.sqrt(norm0);
    let largest = 0, at = 0;
    for (let i = 0; i < trained.steps.length; i++) {
      const k = trained.steps[i];
      let sq = 0;
      for (let j = 0; j < n; j++) sq += (projections.get(i, j) - amplitudes.get(k, j)) ** 2;
      const distance = Math.sqrt(sq) / norm0;
      if (!(distance <= largest)) {
        largest = distance;
        at = k;
      }
    }
    gap.residualGap = largest;
    gap.residualGapStep = at;
  }
  return gap;
}
