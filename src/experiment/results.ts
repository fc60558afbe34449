// What an experiment produces: the object behind results.json, version 1 of its format. The JSON
// Schema schema/results.schema.json (exported as `ntk-dynamics/results.schema.json`) describes the
// same document field by field, with units; test/cli/schema.node.test.ts holds the two together.
// Also here: the runs' stable ids and the conversion of the library's rates into the per-step and
// per-unit-time fields the format names separately.

import type { PowerLawFit, RateFit, TheoreticalRate } from '../dynamics/rates';
import { GAP_THRESHOLD, type LinearizationGap } from '../dynamics/linearization-gap';
import { powerOfTen } from '../report/notation';
import type { TrainResult } from '../training/train';
import { optimizerDescriptors } from '../optimizers/registry';
import type { ExperimentConfig, RunSpec } from './config';

/** The `format` of a results.json. */
export const RESULTS_FORMAT = 'ntk-dynamics-results';
/** The version of the results.json format described by schema/results.schema.json. */
export const RESULTS_FORMAT_VERSION = 1;

/** A loss curve sampled at the recorded steps. */
export interface Curve {
  /** The recorded steps k: 0, e, 2e, … and the last step taken, with e = ExperimentResult.recordEvery. */
  steps: number[];
  /** The loss at each of those steps, in the configuration's loss convention. */
  loss: number[];
}

/** The ODE limit's curve: the loss at the ODE time of each recorded step. */
export interface OdeCurve extends Curve {
  /** The ODE time t(k) = k·timePerStep of each recorded step. */
  times: number[];
  /** The time map in words, e.g. 't = k·√η'. */
  timeMap: string;
  /** ODE time per step: η (GD, first-order limits) or √η (second-order limits). */
  timePerStep: number;
  /** The ODE, in words. */
  model: string;
}

/** A decay fitted to a loss curve over the last decade of recorded steps (fitRate). */
export interface FittedRate {
  /** 'linear' when log L against k fits a line better than log L against log k. */
  kind: 'linear' | 'sublinear';
  /** −d log L/dk of the exponential fit: a rate per step. */
  ratePerStep: number;
  /** d log L/d log k of the power-law fit (the same against k or against the ODE time). */
  exponent: number;
  /** R² of the exponential fit. */
  linearR2: number;
  /** R² of the power-law fit. */
  polynomialR2: number;
  /** Whether the curve oscillates and its upper envelope was fitted (else the points themselves). */
  envelope: boolean;
}

/** The decay the ODE limit predicts from the theory kernel's spectrum. */
export interface TheoryRate {
  /** 'linear' (exponential decay: the rates are set) or 'sublinear' (a power law: the exponent is set). */
  kind: 'linear' | 'sublinear';
  /** For 'linear': −d log L/dt, per unit of ODE time. */
  ratePerUnitTime?: number;
  /** For 'linear': −d log L/dk, per step (ratePerUnitTime × OdeCurve.timePerStep). */
  ratePerStep?: number;
  /** For 'sublinear': L ≲ C·t^exponent (the same exponent against k). */
  exponent?: number;
  /** In words, with the formula. */
  description: string;
}

/** The network's training record, as train() returns it without its arrays for predictResidual and its test loss (in RunResult.test). */
export type TrainingRecord = Omit<TrainResult, 'initialResidual' | 'projections' | 'testLoss' | 'testOutputs'> & {
  /** The loss at step 0. */
  initialLoss: number;
};

/**
 * A run's loss on the test split (ExperimentResult.data.test) at the recorded steps, in the
 * configuration's loss convention over the test points: the network's, and what two constant-kernel
 * models trained by the same optimizer with the same step predict (docs/theory.md#test-predictions).
 */
export interface TestCurves {
  /** The recorded steps, the training's. */
  steps: number[];
  /** The network's test loss (at the iterate, x_k for NAG). */
  network: number[];
  /**
   * The linearized network's: the training kernel H(0) and the test kernel K₀(X*, X) of the
   * initial network, its initial outputs f₀ on both sets. null when that model is unstable
   * (RunResult.linearizedStable false) or its prediction too long to keep in memory (over 1 GiB).
   */
  linearized: number[] | null;
  /**
   * The infinite-width network's: H∞ and K∞(X*, X), f₀ = 0 (its mean over initializations). null
   * for the standard parameterization (which has no such limit here), when the step is above
   * the stability limit of H∞, and when the prediction is too long to keep in memory.
   */
  infiniteWidth: number[] | null;
}

/** One optimizer's run: the network trained, and what the kernel predicts for it. */
export interface RunResult {
  /** A stable id made of the optimizer's alias and its hyperparameters: 'gd', 'hb-0.9', 'nag-3'. */
  id: string;
  /** The name shown in tables and plots: 'HB β=0.9'. */
  name: string;
  /** The run's settings. */
  spec: RunSpec;
  /** The real network's training. */
  training: TrainingRecord;
  /** The optimizer's own recurrence with the kernel frozen at H(0) (the linearized network). */
  linearized: Curve;
  /** The ODE limit with the theory's kernel (H∞ for the NTK parameterization, else H(0)). */
  ode: OdeCurve;
  /** The network's fitted decay, or null when the run diverged or recorded too few points. */
  fitted: FittedRate | null;
  /** The linearized model's decay fitted the same way, or null when that model is unstable: what the finite step and H(0) alone give. */
  linearizedFit: FittedRate | null;
  /** The decay the ODE predicts. */
  theoretical: TheoryRate;
  /** How far the network strayed from its linearized model (GAP_DEFINITIONS); null when that model is unstable or the run diverged. */
  gap: LinearizationGap | null;
  /** max_k ‖H(k) − H(0)‖_F / λ₀ (λ₀ of the theory kernel), when the kernel drift was recorded. */
  kernelDriftOverLambda0?: number;
  /**
   * Whether η is below the linearized model's stability limit (docs/theory.md#stability, from
   * λ_max(H(0))): when it is not, the predictions diverge while the network itself may still
   * train (it leaves the kernel regime), and the comparison says nothing.
   */
  linearizedStable: boolean;
  /** The linearized model's largest stable η. */
  maxStableLearningRate: number;
  /** The loss on the test split at the recorded steps, with the experiment's test split (config.testN). */
  test?: TestCurves;
}

/** A width sweep's result: the loss after `config.steps` steps against the width. */
export interface SweepResult {
  /** The widths m, in the order they were trained. */
  widths: number[];
  /** Seeds averaged over at each width. */
  seeds: number;
  /** Per run: the loss at each width (mean over seeds); shorter than `widths` when the sweep stopped early. */
  runs: {
    /** The run's stable id, as a curves run's. */
    id: string;
    /** The display name. */
    name: string;
    /** The loss at widths[j], the mean over the seeds. */
    loss: number[];
  }[];
}

/** The gap to the linearized model at several widths (config.gapWidths), each the mean over network seeds. */
export interface WidthGapResult {
  /** The widths m measured, ascending (fewer than asked when the experiment stopped early). */
  widths: number[];
  /** Network seeds averaged at each width (config.seed, config.seed + 1, …). */
  seeds: number;
  /** Steps of each training. */
  steps: number;
  /** Per run of the configuration. */
  runs: {
    /** The run's stable id. */
    id: string;
    /** The display name. */
    name: string;
    /** Mean over seeds of LinearizationGap.residualGap, per width. */
    residualGap: number[];
    /** Mean over seeds of LinearizationGap.worstLossRatio, per width. */
    worstLossRatio: number[];
    /** residualGap ≈ coefficient·m^exponent, least squares on log–log axes; null with fewer than 2 widths. */
    fit: PowerLawFit | null;
    /** The same fit of log(worstLossRatio) against m. */
    lossRatioFit: PowerLawFit | null;
  }[];
  /** The exponent the theory gives: −1/2. */
  theoryExponent: number;
}

/** What the gaps in results.json and the report mean, printed with the table. */
export const GAP_DEFINITIONS = {
  worstLossRatio: `worst L_net/L_lin: the largest of L_net(k)/L_lin(k) and L_lin(k)/L_net(k) over the recorded steps until the linearized loss L_lin falls below ${powerOfTen(Math.round(Math.log10(GAP_THRESHOLD)))} of its start (further on both approach rounding, and their ratio measures it)`,
  residualGap: 'residual gap: the largest ‖r_net(k) − r_lin(k)‖/‖r(0)‖ over the recorded steps, with r = u − y the residual of the network and of its linearized model',
  kernelDrift: 'drift/λ₀: the largest ‖H(k) − H(0)‖_F of the empirical NTK during training, divided by λ₀',
} as const;

/**
 * An experiment of `ntk-dynamics run`: the object results.json holds (format version 1). In the
 * JSON text, NaN and ±Infinity are written as {"$float": "NaN"}, {"$float": "Infinity"} and
 * {"$float": "-Infinity"}; here they are numbers.
 */
export interface ExperimentResult {
  /** Always 'ntk-dynamics-results'. */
  format: typeof RESULTS_FORMAT;
  /** The version of this format: 1. */
  formatVersion: typeof RESULTS_FORMAT_VERSION;
  /** The version of ntk-dynamics that computed it. */
  version: string;
  /** The experiment's settings: `ntk-dynamics run --config results.json` runs it again. */
  config: ExperimentConfig;
  /** 'completed'; 'aborted' (stopped by a signal: the part that finished); 'failed' (an error: the part computed before it). */
  status: 'completed' | 'aborted' | 'failed';
  /** For 'aborted': the signal that stopped it ('SIGINT', 'SIGTERM', 'SIGHUP'). */
  stoppedBy?: string;
  /** For 'failed': what went wrong. */
  error?: string;
  /** When it started (ISO 8601). */
  startedAt: string;
  /** Wall-clock milliseconds of the experiment (of the last session, for a resumed one). */
  elapsedMs: number;
  /** The WebAssembly backend: 'simd' or 'relaxed'. */
  backend: string;
  /** The training data. */
  data: {
    /** Number of training points. */
    n: number;
    /** Input dimension. */
    d: number;
    /** Where the data came from, in words. */
    source: string;
    /** The test split, when config.testN asked for one: the held-out points every run is evaluated on. */
    test?: {
      /** Number of test points. */
      n: number;
      /** Where they came from, in words. */
      source: string;
    };
  };
  /** Curves are recorded every recordEvery = max(1, ⌊steps/500⌋) steps, and at the last step. */
  recordEvery: number;
  /** The kernel the ODE predictions use: H∞ for the NTK parameterization, else H(0). */
  theoryKernel: 'H∞' | 'H(0)';
  /** λ_min of the theory kernel (NaN when the experiment stopped before its spectrum, and for a sweep). */
  lambda0: number;
  /** λ_max of the theory kernel (NaN when not computed). */
  lambdaMax: number;
  /** The eigenvalues, ascending (empty when not computed). */
  spectrum: {
    /** Of the theory kernel. */
    theory: number[];
    /** Of the empirical NTK at initialization, H(0). */
    H0: number[];
  };
  /** The runs of a curves experiment, in the configuration's order (those that finished). */
  runs: RunResult[];
  /** A width sweep's losses (config.widths with more than one width). */
  sweep?: SweepResult;
  /** The width panel of a curves experiment: the gap to the linearized model against m. */
  widthGap?: WidthGapResult;
}

function formatNumber(x: number): string {
  return String(x);
}

/**
 * Stable ids of runs: the optimizer's alias, then its hyperparameters in the registry's order
 * ('gd', 'hb-0.9', 'nag-3', 'two-momentum-0.2-0.5'); runs that would share one get their step
 * ('-lr0.01'), then their position, appended. Only [A-Za-z0-9.+-] appear: ids name files.
 */
export function runIds(specs: readonly RunSpec[]): string[] {
  const base = specs.map((spec) => {
    const d = optimizerDescriptors().find((x) => x.alias === spec.optimizer);
    const values = (d?.hyperparameters ?? []).map((h) => formatNumber((spec as unknown as Record<string, unknown>)[h.name] as number ?? h.default));
    return [spec.optimizer, ...values].join('-');
  });
  const count = (ids: string[], id: string) => ids.filter((x) => x === id).length;
  const withLr = base.map((id, i) => (count(base, id) > 1 ? `${id}-lr${formatNumber(specs[i].lr)}` : id));
  return withLr.map((id, i) => (count(withLr, id) > 1 ? `${id}-${i + 1}` : id));
}

/** A fit in the format's terms: the fitted linear rate is per step (the curve was fitted against k). */
export function fittedRate(fit: RateFit | null): FittedRate | null {
  if (!fit) return null;
  return { kind: fit.kind, ratePerStep: fit.linearRate, exponent: fit.exponent, linearR2: fit.linearR2, polynomialR2: fit.polynomialR2, envelope: fit.envelope };
}

/** The theory's rate, per unit of ODE time as the library gives it, and per step. */
export function theoryRate(t: TheoreticalRate, timePerStep: number): TheoryRate {
  if (t.kind === 'linear') {
    const rate = t.rate ?? NaN;
    return { kind: 'linear', ratePerUnitTime: rate, ratePerStep: rate * timePerStep, description: t.description };
  }
  return { kind: 'sublinear', exponent: t.exponent ?? NaN, description: t.description };
}

/**
 * A finished run saved in a checkpoint by version 0.1.0 (before this format had ids and named
 * its rates per step and per unit time), brought to this format, so that `--resume` continues
 * a run that older code started.
 */
export function upgradeRun(saved: RunResult, id: string, timePerStep: number): RunResult {
  const run = { ...saved } as RunResult & { fitted: (FittedRate & { linearRate?: number }) | null; theoretical: TheoryRate & { rate?: number } };
  if (run.id === undefined) run.id = id;
  if (run.fitted && run.fitted.ratePerStep === undefined && run.fitted.linearRate !== undefined) {
    const { linearRate, ...rest } = run.fitted;
    run.fitted = { ...rest, ratePerStep: linearRate };
  }
  if (run.ode.timePerStep === undefined) run.ode = { ...run.ode, timePerStep };
  // before the gap was a LinearizationGap it was the distance at the last step: not comparable, dropped
  if (typeof (run.gap as unknown) === 'number') run.gap = null;
  if (run.linearizedFit === undefined) run.linearizedFit = null;
  if (run.theoretical.kind === 'linear' && run.theoretical.ratePerUnitTime === undefined && run.theoretical.rate !== undefined) {
    const { rate, ...rest } = run.theoretical;
    run.theoretical = { ...rest, ratePerUnitTime: rate, ratePerStep: rate * run.ode.timePerStep };
  }
  return run;
}
