// The options of train(), checked and resolved into a plan before anything is allocated or
// changed: every mistake is a TypeError or RangeError naming the option, and parsing has no side
// effects.

import { BusyError, DisposedError } from '../errors';
import { Matrix } from '../linalg/matrix';
import { eigh, type EighResult } from '../linalg/eigh';
import { requireEigenbasis } from '../linalg/eigenbasis';
import { requireInputs } from '../linalg/validate';
import { requireLoss, type LossConvention } from '../nn/loss';
import { TwoLayerReLU } from '../nn/two-layer-relu';
import { descriptorOf, requireOptimizer, type Optimizer } from '../optimizers/registry';
import type { OptimizerDescriptor, OptimizerFields } from '../optimizers/descriptor';
import {
  checkOptions, describe, optionalBoolean, optionalFunction, optionalSignal, requireInteger, requireOptions, requireTargets,
} from '../args';

/** What train() records besides the loss, ‖r‖ and the weight drift, and how often. */
export interface RecordOptions {
  /** Record every this many steps (and always the first and the last). Default 1. */
  every?: number;
  /** Also record ‖H(W(k)) − H(W(0))‖_F (one empirical NTK per record). Default false. */
  kernelDrift?: boolean;
  /** Also record λ_min(H(W(k))). Default false. */
  lambdaMin?: boolean;
  /** Also record the residual's coordinates vᵢᵀr in this kernel's eigenbasis (ascending λᵢ). */
  projectOn?: Matrix | EighResult;
}

/** A progress report of train(), about every 100 ms and once at the end. */
export interface TrainProgress {
  /** The step whose loss is reported: the loss at the weights after `step` updates. */
  step: number;
  /** The steps the run was asked for. */
  steps: number;
  /** The loss at that step, in the run's convention. */
  loss: number;
  /** Milliseconds since the run started. */
  elapsedMs: number;
  /** Estimated time to finish. */
  remainingMs: number;
}

/** The options of train(). */
export interface TrainOptions {
  /** The optimizer and its hyperparameters: gd(), heavyBall(), nesterov(), twoMomentum() or qhm(). */
  optimizer: Optimizer;
  /** Full-batch steps (epochs) to take, ≥ 0. */
  steps: number;
  /** 'half-sum' (default, ½‖u − y‖²) or 'mean' (‖u − y‖²/n, PyTorch's MSELoss). */
  loss?: LossConvention;
  /** What to record, and how often (default: every step). */
  record?: RecordOptions;
  /** Called about every 100 ms of training, and at the end. */
  onProgress?: (p: TrainProgress) => void;
  /** Stops the run at the next step; the result then has status 'aborted' and the partial record. */
  signal?: AbortSignal;
  /** Status 'converged' (and stop) once the loss is at most this. Default 0: run all steps. */
  tolerance?: number;
  /** Divergence: the loss above this multiple of its starting value (or non-finite). Default 1e3. */
  divergenceFactor?: number;
}

/** Everything train() needs, checked. */
export interface TrainPlan {
  net: TwoLayerReLU;
  inputs: Matrix;
  target: Float64Array;
  optimizer: Optimizer;
  descriptor: OptimizerDescriptor<OptimizerFields>;
  steps: number;
  convention: LossConvention;
  every: number;
  kernelDrift: boolean;
  lambdaMin: boolean;
  basis?: EighResult;
  tolerance: number;
  divergenceFactor: number;
  onProgress?: (p: TrainProgress) => void;
  signal?: AbortSignal;
}

const KNOWN = ['optimizer', 'steps', 'loss', 'record', 'onProgress', 'signal', 'tolerance', 'divergenceFactor'];

export function parseTrainOptions(fn: string, net: unknown, X: unknown, y: unknown, opts: unknown): TrainPlan {
  if (!TwoLayerReLU.isNetwork(net)) throw new TypeError(`${fn}: net must be a TwoLayerReLU (got ${describe(net)})`);
  if (net.disposed) throw new DisposedError(`${fn}: the network`);
  if (net.state.busy) throw new BusyError(`${fn}: this network is already being trained by another train() call; await it (or abort it) first, or train a clone()`);
  const o = requireOptions(fn, opts as TrainOptions, KNOWN);
  const optimizer = requireOptimizer(fn, o.optimizer);
  if (typeof o.steps !== 'number' || !Number.isInteger(o.steps) || o.steps < 0) throw new RangeError(`${fn}: steps must be a non-negative integer (got ${describe(o.steps)})`);
  const convention = requireLoss(fn, o.loss);
  const inputs = requireInputs(fn, 'X', X, net.inputDim);
  if (inputs.rows === 0) throw new RangeError(`${fn}: X has no rows: there is nothing to train on`);
  const target = requireTargets(fn, y, inputs.rows);
  const record = checkOptions(fn, o.record, ['every', 'kernelDrift', 'lambdaMin', 'projectOn'], 'record');
  const every = record.every === undefined ? 1 : requireInteger(fn, 'record.every', record.every, 1);
  const tolerance = o.tolerance ?? 0;
  const divergenceFactor = o.divergenceFactor ?? 1e3;
  if (typeof tolerance !== 'number' || !(tolerance >= 0) || !Number.isFinite(tolerance)) throw new RangeError(`${fn}: tolerance must be a finite number ≥ 0 (got ${describe(tolerance)})`);
  if (typeof divergenceFactor !== 'number' || !(divergenceFactor > 1)) throw new RangeError(`${fn}: divergenceFactor must be a number > 1 (got ${describe(divergenceFactor)})`);
  const kernelDrift = optionalBoolean(fn, 'record.kernelDrift', record.kernelDrift, false);
  const lambdaMin = optionalBoolean(fn, 'record.lambdaMin', record.lambdaMin, false);
  const onProgress = optionalFunction<(p: TrainProgress) => void>(fn, 'onProgress', o.onProgress);
  const signal = optionalSignal(fn, o.signal);
  let basis: EighResult | undefined;
  if (record.projectOn !== undefined) {
    basis = Matrix.isMatrix(record.projectOn) ? eigh(record.projectOn) : requireEigenbasis(`${fn}: record.projectOn`, record.projectOn);
    if (basis.vectors!.rows !== inputs.rows) {
      throw new RangeError(`${fn}: record.projectOn must be an n × n kernel, or its full eigh with vectors, for the ${inputs.rows} training points`);
    }
  }
  return {
    net, inputs, target, optimizer, descriptor: descriptorOf(optimizer), steps: o.steps, convention, every, kernelDrift, lambdaMin,
    basis, tolerance, divergenceFactor, onProgress, signal,
  };
}
