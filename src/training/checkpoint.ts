// A training run saved mid-way, so that it can be resumed bit for bit: the step it stopped before,
// the weights and the optimizer's state arrays, the starting point (for the weight drift and the
// divergence check) and everything recorded so far. train() writes one through its `checkpoint`
// option and continues one given as `resume`; checkpointToJSON/checkpointFromJSON make it a plain
// JSON value with every float64 kept exactly (base64 of its little-endian bytes).

import { describe } from '../args';
import type { Optimizer } from '../optimizers/registry';
import type { LossConvention } from '../nn/loss';

/** The series a run has recorded, by name (steps, loss, residualNorm, weightDrift, …). */
export type RecordedSeries = Record<string, number[]>;

/** A training run saved mid-way by train()'s `checkpoint` option, to continue it with `resume`. */
export interface TrainCheckpoint {
  /** The format of this object. */
  format: 'ntk-dynamics-train-checkpoint/1';
  /** The run's optimizer, checked against the resumed call's (a checkpoint continues only the same run). */
  optimizer: Optimizer;
  /** The steps the run was asked for (a resumed call may ask for more). */
  steps: number;
  /** The run's loss convention. */
  loss: LossConvention;
  /** The run's record.every. */
  every: number;
  /** The step the run resumes at: updates 0 … k − 1 are done, nothing of step k is. */
  k: number;
  /** The network's weights at that point, by parameter name (for NAG, the extrapolated point y_k). */
  weights: Record<string, Float64Array>;
  /** The optimizer's state arrays, by trained parameter name. */
  state: Record<string, Float64Array[]>;
  /** The weights the run started from, by parameter name. */
  initialWeights: Record<string, Float64Array>;
  /** The loss at the start, which the divergence check compares with. */
  initialLoss: number;
  /** Everything recorded so far. */
  recorded: RecordedSeries;
  /** The residual at the start. */
  initialResidual: Float64Array;
}

const FORMAT = 'ntk-dynamics-train-checkpoint/1';

function encode(a: Float64Array): string {
  const bytes = new Uint8Array(a.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < a.length; i++) view.setFloat64(i * 8, a[i], true);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function decode(text: unknown, what: string): Float64Array {
  if (typeof text !== 'string') throw new TypeError(`checkpointFromJSON: ${what} must be a base64 string (got ${describe(text)})`);
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new RangeError(`checkpointFromJSON: ${what} is not valid base64`);
  }
  if (binary.length % 8 !== 0) throw new RangeError(`checkpointFromJSON: ${what} holds ${binary.length} bytes, not a whole number of float64 values`);
  const view = new DataView(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) view.setUint8(i, binary.charCodeAt(i));
  const out = new Float64Array(binary.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
}

const mapValues = <A, B>(o: Record<string, A>, f: (v: A, key: string) => B): Record<string, B> =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v, k)]));

/** The checkpoint as a JSON-safe value (float64 arrays as base64 of their bytes; numbers in the records kept as JSON numbers, non-finite ones as strings). */
export function checkpointToJSON(cp: TrainCheckpoint): unknown {
  const number = (v: number) => (Number.isFinite(v) ? v : String(v));
  return {
    format: cp.format, optimizer: cp.optimizer, steps: cp.steps, loss: cp.loss, every: cp.every, k: cp.k,
    weights: mapValues(cp.weights, encode),
    state: mapValues(cp.state, (arrays) => arrays.map(encode)),
    initialWeights: mapValues(cp.initialWeights, encode),
    initialLoss: number(cp.initialLoss),
    recorded: mapValues(cp.recorded, (series) => series.map(number)),
    initialResidual: encode(cp.initialResidual),
  };
}

/** A checkpoint from checkpointToJSON's value (e.g. parsed from a file), checked. */
export function checkpointFromJSON(value: unknown): TrainCheckpoint {
  const fn = 'checkpointFromJSON';
  const o = value as Record<string, unknown> | null;
  if (o === null || typeof o !== 'object') throw new TypeError(`${fn}: expected an object (got ${describe(value)})`);
  if (o.format !== FORMAT) throw new RangeError(`${fn}: not a training checkpoint of this version (format ${describe(o.format)}, expected '${FORMAT}')`);
  const record = (v: unknown, what: string): Record<string, unknown> => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new TypeError(`${fn}: ${what} must be an object`);
    return v as Record<string, unknown>;
  };
  const number = (v: unknown, what: string): number => {
    const x = typeof v === 'string' ? Number(v) : v;
    if (typeof x !== 'number' || Number.isNaN(x) && v !== 'NaN') throw new TypeError(`${fn}: ${what} must be a number`);
    return x;
  };
  return {
    format: FORMAT,
    optimizer: o.optimizer as Optimizer,
    steps: number(o.steps, 'steps'),
    loss: o.loss as LossConvention,
    every: number(o.every, 'every'),
    k: number(o.k, 'k'),
    weights: mapValues(record(o.weights, 'weights'), (v, k) => decode(v, `weights.${k}`)),
    state: mapValues(record(o.state, 'state'), (v, k) => {
      if (!Array.isArray(v)) throw new TypeError(`${fn}: state.${k} must be an array`);
      return v.map((a, i) => decode(a, `state.${k}[${i}]`));
    }),
    initialWeights: mapValues(record(o.initialWeights, 'initialWeights'), (v, k) => decode(v, `initialWeights.${k}`)),
    initialLoss: number(o.initialLoss, 'initialLoss'),
    recorded: mapValues(record(o.recorded, 'recorded'), (v, k) => {
      if (!Array.isArray(v)) throw new TypeError(`${fn}: recorded.${k} must be an array`);
      return v.map((x, i) => number(x, `recorded.${k}[${i}]`));
    }),
    initialResidual: decode(o.initialResidual, 'initialResidual'),
  };
}
