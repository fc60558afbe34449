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
  /**
   * Widths at which every run is repeated to measure its gap to the linearized model, plotted
   * against m with a fitted slope (theory: −1/2). Absent: m/16, m/8, m/4, m/2 and m for the
   * width m of the run (a span of 16); empty: no width panel.
   */
  gapWidths?: number[];
  /** Network seeds averaged over at each of gapWidths (seed, seed + 1, …). */
  gapSeeds?: number;
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

// The defaults put the network in the kernel regime, where the paper's claims hold, and keep the
// whole run (three trainings, then the width panel) near half a minute on two cores. Few points
// (n = 20) and a wide layer (m = 16384) make the network follow its linearized model closely:
// the gap shrinks like 1/√m, and n sets how many weights each data point pulls on. The points
// are spread (d = 10) so λ₀ = λ_min(H∞) ≈ 0.12 is not small, which keeps the slowest mode from
// needing thousands of steps. λ_max(H(0)) ≈ 1.46 allows η = 0.3 (GD's limit is 2/λ_max ≈ 1.37,
// NAG-C's 4/(3λ_max) ≈ 0.91). Heavy ball at β = 0.7 is under-damped on the slowest mode
// (β* = 1 − 2√(λ₀η) ≈ 0.62), so it oscillates as the second-order ODE says; NAG-C at ρ = 3 is the
// method of Su, Boyd & Candès. Measured with the package (README, "The default run").
export const DEFAULT_CONFIG: ExperimentConfig = {
  dataset: 'synthetic',
  n: 20,
  dim: 10,
  width: 16384,
  seed: 1,
  steps: 300,
  loss: 'half-sum',
  parameterization: 'ntk',
  trainOutputLayer: false,
  bias: false,
  backend: 'auto',
  runs: [
    { name: 'GD', optimizer: 'gd', lr: 0.3 },
    { name: 'HB β=0.7', optimizer: 'hb', lr: 0.3, momentum: 0.7 },
    { name: 'NAG ρ=3', optimizer: 'nag', lr: 0.3, damping: 3 },
  ],
  gapSeeds: 3,
  description: 'GD, heavy ball and Nesterov on a wide two-layer ReLU network (NTK parameterization, W trained) fitting 20 random unit vectors in ℝ¹⁰, beside the linearized and ODE predictions of the NTK; then the gap between network and linearized model at widths 1024 … 16384.',
};

/** The widths of the width panel: config.gapWidths, or m/16 … m by doublings. */
export function gapWidthsOf(c: ExperimentConfig): number[] {
  return c.gapWidths ?? [16, 8, 4, 2, 1].map((f) => Math.max(1, Math.round(c.width / f)));
}

/** The optimizer a run trains with: its alias, step and hyperparameters, missing ones at their defaults. */
export function optimizerOf(spec: RunSpec): Optimizer {
  return optimizerFromSettings(spec.optimizer, spec.lr, spec);
}
