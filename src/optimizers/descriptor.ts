// What an optimizer is, in one object: how its description is checked and named, how it updates
// the network's parameters (through the Wasm kernels of assembly/optim.ts), and what it does to
// the residual of a linearized network: its recurrence on each eigenmode, its stability limit,
// its ODE limit and the rate that limit predicts (docs/theory.md#optimizers). Each optimizer is
// one module of this folder exporting one OptimizerDescriptor; registry.ts collects them.

import type { KernelExports } from '../runtime/abi';

/** The fields every optimizer description has. */
export interface OptimizerFields {
  readonly kind: string;
  /** The step η. */
  readonly lr: number;
}

export type FlowLimit = 'first-order' | 'second-order';
export type Resolution = 'low' | 'high';

export interface FlowSettings {
  /** Momentum methods as a first-order flow (fixed β, t = kη) or a damped oscillator (β → 1). */
  limit: FlowLimit;
  /** 'high': the high-resolution ODEs of Shi et al. for HB and NAG-SC. */
  resolution: Resolution;
}

/** The ODE time of step k is k·scale; name is the map in words ("t = k·√η"). */
export interface TimeMap {
  scale: number;
  name: string;
}

/** An ODE limit, solved in closed form per eigenmode. */
export interface Flow {
  /** The equation, for the prediction's description. */
  equation: string;
  /** factors[i] ← cᵢ(t)/cᵢ(0) for every eigenvalue λᵢ (the kernel the residual sees). */
  factors(lambdas: Float64Array, t: number, factors: Float64Array): void;
  /**
   * responses[i] ← σᵢ(t) = (1 − cᵢ(t)/cᵢ(0))/λᵢ, the mode's accumulated response: the
   * parameters have moved by −Jᵀ·Σᵢ σᵢ(t)·vᵢvᵢᵀ·r(0), which moves the outputs on any inputs
   * (docs/theory.md#responses). Evaluated so that it stays accurate as λᵢ → 0, where it tends to
   * the flow's own finite limit (t for GD), never as the quotient that would cancel.
   */
  responses(lambdas: Float64Array, t: number, responses: Float64Array): void;
}

/** The optimizer's recurrence on the amplitudes of a constant kernel's modes. */
export interface ModeIteration {
  /**
   * Takes step k (from c_k to c_{k+1}) and returns c_{k+1}, in a buffer that the iteration reuses:
   * read or copy it before the next call.
   */
  advance(k: number): Float64Array;
}

/** The predicted asymptotic decay of the loss (docs/theory.md#theoretical-rate). */
export interface TheoreticalRate {
  /** How the loss decays: 'linear' (rate per unit time) or 'sublinear' (exponent). */
  kind: 'linear' | 'sublinear';
  /** For 'linear': −d log L/dt in the ODE time of the optimizer's time map. */
  rate?: number;
  /** For 'sublinear': L ~ t^exponent. */
  exponent?: number;
  /** In words, with the formula. */
  description: string;
}

/** The spectrum a rate is predicted from: every eigenvalue, and the smallest clipped at 0. */
export interface Spectrum {
  lambda0: number;
  lambdas: readonly number[];
}

/** The update kernels of assembly/optim.ts (every export named *_step_f64). */
export type UpdateKernels = { [K in keyof KernelExports as K extends `${string}_step_f64` ? K : never]: KernelExports[K] };

/** One trained parameter array as the update kernels see it: lengths, and byte offsets into Wasm memory. */
export interface UpdateTarget {
  readonly length: number;
  /** The parameters, where the gradient was taken (for NAG the extrapolated point y). */
  readonly param: number;
  readonly grad: number;
  /** The optimizer's state arrays, as many as initialState lists. */
  readonly state: readonly number[];
}

/** What a state array holds before the first step: a copy of the initial parameters, or zeros. */
export type StateStart = 'theta0' | 'zero';

/** A hyperparameter beside the step: its option name (also the command-line flag), meaning and default. */
export interface Hyperparameter {
  /** The factory's option, the command-line flag and the config key: 'momentum'. */
  readonly name: string;
  /** For --help, followed by "of <optimizers>": 'momentum β'. */
  readonly meaning: string;
  /** What the command line uses when the flag is not given. */
  readonly default: number;
}

/**
 * How error messages name hyperparameters, so that one check serves the factories, requireOptimizer
 * and the command line: 'heavyBall: momentum' or '--momentum'.
 */
export interface Naming {
  param(name: string): string;
  /** Several with their values: 'twoMomentum: (beta1, beta2) = (0.2, 0.8)' or '--beta1 0.2 --beta2 0.8'. */
  values(entries: readonly (readonly [string, number])[]): string;
}

/**
 * Everything the package knows about one optimizer. Every member is required: the registry is
 * typed so that an optimizer missing one is a compile error, and no caller falls back to a default.
 */
export interface OptimizerDescriptor<O extends OptimizerFields> {
  readonly kind: O['kind'];
  /** Its name on the command line and in config files ('hb'); unique in the registry. */
  readonly alias: string;
  /** Its name in prose ('heavy ball'), for help texts. */
  readonly title: string;
  /** The function that makes it ('heavyBall'), for messages. */
  readonly factory: string;
  /** The hyperparameters beside lr, in the order the factory documents them. */
  readonly hyperparameters: readonly Hyperparameter[];

  /**
   * Checks the fields (lr and the hyperparameters; the keys are already known to be among them)
   * and returns the frozen description. Throws a RangeError or TypeError worded with `naming`.
   */
  parse(fields: Readonly<Record<string, unknown>>, naming: Naming): O;
  /** A short label with the step: "HB η=0.1 β=0.9". */
  label(o: O): string;
  /** The command's name of a run, without the step the runs share: "HB β=0.9". */
  runName(o: O): string;

  /** The state arrays the trainer allocates per parameter array, and how each starts. */
  initialState(o: O): readonly StateStart[];
  /** The state array holding the iterate θ_k the loss is recorded at, or null when the parameters are it. */
  readonly iterateState: number | null;
  /** Step k on one parameter array: from θ_k to θ_{k+1}, with the gradient at target.param in target.grad. */
  step(o: O, k: number, target: UpdateTarget, kernels: UpdateKernels): void;

  /** The exact recurrence on the modes of a constant kernel with eigenvalues lambdas, from amplitudes c0. */
  modes(o: O, lambdas: Float64Array, c0: Float64Array): ModeIteration;
  /**
   * The recurrence of the accumulated responses σᵢ(k) = (1 − cᵢ(k)/cᵢ(0))/λᵢ, from σᵢ(0) = 0: the
   * modes' recurrence run on σ with the constant forcing that keeps it finite as λᵢ → 0
   * (docs/theory.md#responses). advance(k) returns σ(k + 1).
   */
  responses(o: O, lambdas: Float64Array): ModeIteration;
  /** The largest stable η for a kernel whose largest eigenvalue is lambdaMax > 0 (docs/theory.md#stability). */
  maxStableLearningRate(o: O, lambdaMax: number): number;
  /** The ODE time of step k (used in both modes of predictResidual). */
  timeMap(o: O, settings: FlowSettings): TimeMap;
  /** The ODE limit; throws a RangeError (worded with `naming`) when it cannot be computed for o. */
  flow(o: O, settings: FlowSettings, naming: Naming): Flow;
  /** The loss's asymptotic decay predicted by the ODE limit. */
  theoreticalRate(o: O, spectrum: Spectrum): TheoreticalRate;
}
