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
import type { TrainCheckpoint } from './checkpoint';
import {
  checkOptions, describe, optionalBoolean, optionalFunction, optionalSignal, requireInteger, requireOptions, requireTargets, requireVector,
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
  /** Also record the network's outputs on the test inputs (options.test.X). Default false. */
  testOutputs?: boolean;
}

/** Held-out points train() evaluates the network on at every recorded step. */
export interface TrainTestSet {
  /** The test inputs, nTest × d. */
  X: Matrix;
  /** Their targets, for result.testLoss (in the run's loss convention, over the nTest points). */
  y?: ArrayLike<number>;
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
  /**
   * Status 'converged' (and stop) once the loss at the iterate is at most this. Default 0: run all
   * steps. (For NAG, whose gradient is taken at the extrapolated point y_k, a tolerance costs one
   * forward pass per unrecorded step to check the iterate x_k.)
   */
  tolerance?: number;
  /**
   * Divergence: the loss at the iterate above this multiple of its starting value (or
   * non-finite). Default 1e3. For NAG between recorded steps, the loss at y_k screens and x_k's
   * decides, so a divergence is reported once both exceed it.
   */
  divergenceFactor?: number;
  /**
   * Unseen points: at every recorded step the network is evaluated on test.X (at the iterate, x_k
   * for NAG) and result.testLoss gets the loss against test.y; record.testOutputs keeps the outputs.
   */
  test?: TrainTestSet;
  /**
   * Save the run as it goes, to resume it later bit for bit: `save` gets a TrainCheckpoint about
   * every `everyMs` milliseconds (default 60 000) and when the run is aborted (awaited if it
   * returns a promise). checkpointToJSON makes it a JSON value for a file.
   */
  checkpoint?: {
    /** Receives each checkpoint; a returned promise is awaited before training goes on. */
    save: (checkpoint: TrainCheckpoint) => void | Promise<void>;
    /** Milliseconds between checkpoints (default 60 000). */
    everyMs?: number;
  };
  /**
   * Continue a run from its checkpoint: the network's weights are set from it, and the run goes
   * on from the step it stopped before with the same optimizer, loss and record.every (steps may
   * be more than before, to extend it). The result is the same, bits included, as one run.
   */
  resume?: TrainCheckpoint;
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
  /** The test set, checked: inputs, and targets when given; outputs: whether to keep them. */
  test?: { inputs: Matrix; target?: Float64Array; outputs: boolean };
  tolerance: number;
  divergenceFactor: number;
  onProgress?: (p: TrainProgress) => void;
  signal?: AbortSignal;
  checkpoint?: { save: (checkpoint: TrainCheckpoint) => void | Promise<void>; everyMs: number };
  resume?: TrainCheckpoint;
}

const KNOWN = ['optimizer', 'steps', 'loss', 'record', 'onProgress', 'signal', 'tolerance', 'divergenceFactor', 'checkpoint', 'resume', 'test'];

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
  const record = checkOptions(fn, o.record, ['every', 'kernelDrift', 'lambdaMin', 'projectOn', 'testOutputs'], 'record');
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
  const test = parseTestSet(fn, o.test, optionalBoolean(fn, 'record.testOutputs', record.testOutputs, false), net.inputDim);
  let checkpoint: TrainPlan['checkpoint'];
  if (o.checkpoint !== undefined) {
    const c = requireOptions(fn, o.checkpoint, ['save', 'everyMs'], 'checkpoint');
    const save = optionalFunction<(cp: TrainCheckpoint) => void | Promise<void>>(fn, 'checkpoint.save', c.save);
    if (!save) throw new TypeError(`${fn}: checkpoint.save must be a function`);
    const everyMs = c.everyMs === undefined ? 60_000 : c.everyMs;
    if (typeof everyMs !== 'number' || !(everyMs >= 0) || !Number.isFinite(everyMs)) throw new RangeError(`${fn}: checkpoint.everyMs must be a finite number ≥ 0 (got ${describe(everyMs)})`);
    checkpoint = { save, everyMs };
  }
  const resume = o.resume === undefined ? undefined : requireResumable(fn, o.resume, { optimizer, convention, every, steps: o.steps });
  return {
    net, inputs, target, optimizer, descriptor: descriptorOf(optimizer), steps: o.steps, convention, every, kernelDrift, lambdaMin,
    basis, test, tolerance, divergenceFactor, onProgress, signal, checkpoint, resume,
  };
}

/** The test set: inputs of the network's dimension, targets of their number; something must be recorded of it. */
function parseTestSet(fn: string, value: unknown, outputs: boolean, inputDim: number): TrainPlan['test'] {
  if (value === undefined) {
    if (outputs) throw new TypeError(`${fn}: record.testOutputs needs test points: give test: { X, y? }`);
    return undefined;
  }
  const t = requireOptions(fn, value as TrainTestSet, ['X', 'y'], 'test');
  if (t.X === undefined) throw new TypeError(`${fn}: test.X is missing: give the test inputs, nTest × ${inputDim}`);
  const inputs = requireInputs(fn, 'test.X', t.X, inputDim);
  if (inputs.rows === 0) throw new RangeError(`${fn}: test.X has no rows`);
  const target = t.y === undefined ? undefined : requireVector(fn, 'test.y', t.y, inputs.rows, `test.X has ${inputs.rows} rows`, 'targets');
  if (!target && !outputs) throw new TypeError(`${fn}: test without y records nothing: give test.y (for testLoss) or record.testOutputs: true`);
  return { inputs, target, outputs };
}

/** A checkpoint that continues this very run: same optimizer, loss and record spacing; not past its steps. */
function requireResumable(fn: string, value: unknown, run: { optimizer: Optimizer; convention: LossConvention; every: number; steps: number }): TrainCheckpoint {
  const cp = value as TrainCheckpoint;
  if (cp === null || typeof cp !== 'object' || cp.format !== 'ntk-dynamics-train-checkpoint/1') {
    throw new TypeError(`${fn}: resume must be a TrainCheckpoint (from the checkpoint option, or checkpointFromJSON) (got ${describe(value)})`);
  }
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (!same(cp.optimizer, run.optimizer)) throw new RangeError(`${fn}: the checkpoint is of a run with another optimizer (${JSON.stringify(cp.optimizer)})`);
  if (cp.loss !== run.convention || cp.every !== run.every) throw new RangeError(`${fn}: the checkpoint is of a run with loss '${cp.loss}' and record.every ${cp.every}; resume with the same`);
  if (!(Number.isInteger(cp.k) && cp.k >= 0 && cp.k <= run.steps)) throw new RangeError(`${fn}: the checkpoint stopped before step ${cp.k}, past the ${run.steps} steps asked for`);
  return cp;
}
