// The experiment configuration of `ntk-dynamics run`: one object, filled from defaults, a preset,
// a --config JSON file and command-line flags, in that order, and checked as a whole.

import { optimizerFromSettings, type HyperparameterName, type Optimizer, type OptimizerAlias } from '../optimizers/registry';

/** The optimizers' names on the command line and in config files: their registry aliases. */
export type OptimizerName = OptimizerAlias;

/** One training run: an optimizer and its hyperparameters (a missing one takes its default). */
export type RunSpec = {
  name: string;
  optimizer: OptimizerName;
  lr: number;
} & { [K in HyperparameterName]?: number };

export interface ExperimentConfig {
  dataset: 'synthetic' | 'mnist';
  n: number;
  dim: number;
  width: number;
  /** More than one width: a sweep (loss after `steps` against width) instead of curves. */
  widths?: number[];
  /** Seeds averaged over in a width sweep (the authors used 10 for NAG). */
  seeds?: number;
  seed: number;
  steps: number;
  loss: 'half-sum' | 'mean';
  parameterization: 'ntk' | 'standard';
  trainOutputLayer: boolean;
  bias: boolean;
  backend: 'auto' | 'simd' | 'relaxed';
  runs: RunSpec[];
  /** What the run reproduces, for the report. */
  description: string;
}

export const DEFAULT_CONFIG: ExperimentConfig = {
  dataset: 'synthetic',
  n: 100,
  dim: 10,
  width: 4096,
  seed: 1,
  steps: 2000,
  loss: 'half-sum',
  parameterization: 'ntk',
  trainOutputLayer: false,
  bias: false,
  backend: 'auto',
  // λ_max(H(0)) ≈ 3.9 here, so η = 0.05 is well inside every stability limit (NAG-C needs
  // η < 4/(3λ_max) ≈ 0.34), and small enough that NAG-C's factor (1 − ηλ)^k does not hide its
  // t^(−3) decay within 2000 steps.
  runs: [
    { name: 'GD', optimizer: 'gd', lr: 0.05 },
    { name: 'HB β=0.9', optimizer: 'hb', lr: 0.05, momentum: 0.9 },
    { name: 'NAG ρ=3', optimizer: 'nag', lr: 0.05, damping: 3 },
  ],
  description: 'GD, heavy ball and Nesterov on a wide two-layer ReLU network (NTK parameterization, W trained) fitting 100 random unit vectors in ℝ¹⁰, beside the linearized and ODE predictions of the NTK.',
};

/** The optimizer a run trains with: its alias, step and hyperparameters, missing ones at their defaults. */
export function optimizerOf(spec: RunSpec): Optimizer {
  return optimizerFromSettings(spec.optimizer, spec.lr, spec);
}
