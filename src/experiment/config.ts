// The experiment configuration of `ntk-dynamics run`: one object, filled from defaults, a preset,
// a --config JSON file and command-line flags, in that order, and checked as a whole.

export type OptimizerName = 'gd' | 'hb' | 'nag' | 'nag-sc' | 'two-momentum';

/** One training run: an optimizer and its hyperparameters. */
export interface RunSpec {
  name: string;
  optimizer: OptimizerName;
  lr: number;
  momentum?: number;
  damping?: number;
  beta1?: number;
  beta2?: number;
}

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

/** A readable name for a run built from flags. */
export function runName(spec: RunSpec): string {
  switch (spec.optimizer) {
    case 'gd': return 'GD';
    case 'hb': return `HB β=${spec.momentum}`;
    case 'nag': return `NAG ρ=${spec.damping ?? 3}`;
    case 'nag-sc': return `NAG-SC β=${spec.momentum}`;
    case 'two-momentum': return `β₁=${spec.beta1}, β₂=${spec.beta2}`;
  }
}
