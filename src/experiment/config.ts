// The experiment configuration of `ntk-dynamics run`: one object, filled from defaults, a preset,
// a --config JSON file and command-line flags, in that order, and checked as a whole.

import { descriptorOf, optimizerFromSettings, type HyperparameterName, type Optimizer } from '../optimizers/registry';
import type { FlowSettings } from '../optimizers/descriptor';

/** The optimizers' names on the command line and in config files: their registry aliases (test/experiment/results.test.ts checks they agree). */
export const OPTIMIZER_NAMES = ['gd', 'hb', 'nag', 'nag-sc', 'two-momentum', 'qhm'] as const;

/** The optimizers' names on the command line and in config files: 'gd', 'hb', 'nag', 'nag-sc', 'two-momentum', 'qhm'. */
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/**
 * One training run: an optimizer and its hyperparameters (a missing one takes its default).
 * Written out rather than derived from the registry, so that the package's types do not carry the
 * registry's kernel signatures; the checks below keep the two the same.
 */
export interface RunSpec {
  /** The name shown in tables and plots ('HB β=0.9'). */
  name: string;
  /** The optimizer's alias: 'gd', 'hb', 'nag', 'nag-sc', 'two-momentum', 'qhm'. */
  optimizer: OptimizerName;
  /** The step η. */
  lr: number;
  /** Momentum β of hb, nag-sc and qhm. */
  momentum?: number;
  /** Damping ρ of nag (NAG-C). */
  damping?: number;
  /** First momentum β₁ of two-momentum. */
  beta1?: number;
  /** Second momentum β₂ of two-momentum. */
  beta2?: number;
  /** Immediate discount ν of qhm. */
  nu?: number;
}

/** true when A and B are the same union of names, never otherwise (a compile error below). The registry types its aliases as strings, so they are checked by a test instead. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const HYPERPARAMETERS_ARE_THE_REGISTRY_ONES: Same<Exclude<keyof RunSpec, 'name' | 'optimizer' | 'lr'>, HyperparameterName> = true;
void HYPERPARAMETERS_ARE_THE_REGISTRY_ONES;

/** The settings of an experiment of `ntk-dynamics run` (the `config` block of results.json). */
export interface ExperimentConfig {
  /** The training data: 'synthetic' (random unit vectors) or 'mnist' (the first n digits). */
  dataset: 'synthetic' | 'mnist';
  /** Number of training points. */
  n: number;
  /** Input dimension (784 for MNIST). */
  dim: number;
  /** Hidden width m. */
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
  /**
   * Held-out points every network is evaluated on at each recorded step, beside the test loss its
   * linearized model and the infinite-width network predict: for synthetic data fresh points of
   * the same law, for MNIST the digits that follow the n training ones. 0 or absent: no test
   * split (results written before it existed have none). Curves experiments only: a width sweep
   * has none.
   */
  testN?: number;
  /** Seed of the data and the weights. */
  seed: number;
  /** Training steps (full-batch: epochs). */
  steps: number;
  /** 'half-sum': L = ½‖r‖²; 'mean': L = ‖r‖²/n. */
  loss: 'half-sum' | 'mean';
  /** 'ntk': outputs scaled by 1/√m (the kernel regime); 'standard': no scaling. */
  parameterization: 'ntk' | 'standard';
  /** Whether the output layer is trained too. */
  trainOutputLayer: boolean;
  /** Whether the hidden layer has a (trained) bias. */
  bias: boolean;
  /** The WebAssembly backend asked for. */
  backend: 'auto' | 'simd' | 'relaxed';
  /** The runs, one per optimizer setting. */
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
// method of Su, Boyd & Candès. The test split has as many points as the training set: each
// held-out point costs a forward pass of the wide layer at every recorded step, and 20 add about
// a second to the run where 100 would add four. Measured with the package (README, "The default run").
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
  testN: 20,
  description: 'GD, heavy ball and Nesterov on a wide two-layer ReLU network (NTK parameterization, W trained) fitting 20 random unit vectors in ℝ¹⁰, beside the linearized and ODE predictions of the NTK; then the gap between network and linearized model at widths 1024 … 16384.',
};

/** Whether the configuration is a width sweep (more than one width) rather than curves. */
export function isSweep(c: ExperimentConfig): boolean {
  return c.widths !== undefined && c.widths.length > 1;
}

/** The size of the test split: config.testN, 0 when absent and for a width sweep. */
export function testSizeOf(c: ExperimentConfig): number {
  return isSweep(c) ? 0 : c.testN ?? 0;
}

/** The widths of the width panel: config.gapWidths, or m/16 … m by doublings. */
export function gapWidthsOf(c: ExperimentConfig): number[] {
  return c.gapWidths ?? [16, 8, 4, 2, 1].map((f) => Math.max(1, Math.round(c.width / f)));
}

/** The ODE limit every run's prediction uses (predictResidual's defaults). */
export const EXPERIMENT_FLOW: FlowSettings = { limit: 'second-order', resolution: 'low' };

/** ODE time per step of a run's prediction: η or √η. */
export function timePerStep(spec: RunSpec): number {
  const o = optimizerOf(spec);
  return descriptorOf(o).timeMap(o, EXPERIMENT_FLOW).scale;
}

/** The optimizer a run trains with: its alias, step and hyperparameters, missing ones at their defaults. */
export function optimizerOf(spec: RunSpec): Optimizer {
  return optimizerFromSettings(spec.optimizer, spec.lr, spec);
}
