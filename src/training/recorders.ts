// What train() records at each recorded step, one recorder per quantity: the loss and ‖r‖ (always),
// the weight drift, the kernel drift and λ_min, the residual's projections on an eigenbasis, and
// the loss and outputs on held-out test points.
// A recorder sees the step, the residual at the optimizer's iterate and the weights there, and
// writes its series into the result at the end; adding a recorded quantity is adding a recorder.

import { Matrix } from '../linalg/matrix';
import type { EighResult } from '../linalg/eigh';
import { euclideanNorm } from '../math/norm';
import { lossValue, type LossConvention } from '../nn/loss';
import type { Model, Weights } from '../nn/model';
import type { TwoLayerReLU } from '../nn/two-layer-relu';
import { lambdaMin } from '../ntk/spectrum';
import type { ResidentArray } from '../runtime/resident';
import type { Runtime } from '../runtime/runtime';
import type { TrainResult } from './result';
import type { RecordedSeries } from './checkpoint';

/** One recorded step as the recorders see it. */
export interface RecordPoint {
  k: number;
  /** u − y at the optimizer's iterate θ_k (x_k for NAG). */
  residual: Float64Array;
  /** The weights at that iterate, by parameter name. */
  weights: Weights;
}

export interface Recorder {
  record(point: RecordPoint): void;
  /** Adds the recorded series to the result. */
  write(result: TrainResult): void;
  /** Puts the series recorded so far into a checkpoint's record, by name. */
  save(into: RecordedSeries): void;
  /** Continues the series of a checkpoint's record. */
  restore(from: RecordedSeries): void;
}

/** Copies of the named series of a checkpoint (missing ones: the checkpoint is of another run). */
function series(from: RecordedSeries, name: string): number[] {
  const s = from[name];
  if (!Array.isArray(s)) throw new RangeError(`train: the checkpoint has no recorded ${name}; resume with the options the run was started with`);
  return s.slice();
}

/** The recorded steps, the loss and ‖r‖ there, and the initial residual. */
export class LossRecorder implements Recorder {
  readonly steps: number[] = [];
  readonly loss: number[] = [];
  private readonly norms: number[] = [];
  private initial?: Float64Array;

  constructor(private readonly convention: LossConvention) {}

  record({ k, residual }: RecordPoint): void {
    this.steps.push(k);
    this.loss.push(lossValue(residual, this.convention));
    this.norms.push(euclideanNorm(residual));
    if (k === 0) this.initial = residual.slice();
  }

  write(result: TrainResult): void {
    result.steps = this.steps;
    result.loss = this.loss;
    result.residualNorm = this.norms;
    if (this.initial) result.initialResidual.set(this.initial);
  }

  save(into: RecordedSeries): void {
    into.steps = this.steps.slice();
    into.loss = this.loss.slice();
    into.residualNorm = this.norms.slice();
  }

  restore(from: RecordedSeries, initialResidual?: Float64Array): void {
    this.steps.push(...series(from, 'steps'));
    this.loss.push(...series(from, 'loss'));
    this.norms.push(...series(from, 'residualNorm'));
    if (initialResidual) this.initial = initialResidual.slice();
  }
}

/**
 * ‖θ₁(k) − θ₁(0)‖_F of the first trained parameter array (the first layer's weights W), computed in
 * Wasm. Weights that overflowed make it non-finite: `broken` says so, for the divergence check
 * (every ReLU is then inactive and the loss looks flat).
 */
export class WeightDriftRecorder implements Recorder {
  private readonly drift: number[] = [];
  broken = false;

  constructor(private readonly rt: Runtime, private readonly name: string, private readonly initial: ResidentArray) {}

  record({ weights }: RecordPoint): void {
    const now = weights[this.name];
    const value = Math.sqrt(this.rt.kernels.diff_norm2_f64(this.initial.length, now.ptr, this.initial.ptr));
    this.drift.push(value);
    if (!Number.isFinite(value)) this.broken = true;
  }

  write(result: TrainResult): void {
    result.weightDrift = this.drift;
  }

  save(into: RecordedSeries): void {
    into.weightDrift = this.drift.slice();
  }

  restore(from: RecordedSeries): void {
    this.drift.push(...series(from, 'weightDrift'));
    this.broken = !this.drift.every(Number.isFinite);
  }
}

/**
 * ‖H(k) − H(0)‖_F and/or λ_min(H(k)) of the empirical NTK at the network's current weights (the
 * extrapolated point y_k for NAG): one kernel per record.
 */
export class KernelRecorder implements Recorder {
  private readonly drift: number[] = [];
  private readonly smallest: number[] = [];
  private readonly H0?: Matrix;

  /** net: the network being trained; initial: a copy of its starting weights (H(0) is its kernel). */
  constructor(private readonly net: TwoLayerReLU, initial: TwoLayerReLU, private readonly inputs: Matrix, private readonly wants: { drift: boolean; lambdaMin: boolean }) {
    if (wants.drift) this.H0 = initial.empiricalNtk(inputs);
  }

  record(): void {
    const H = this.net.empiricalNtk(this.inputs);
    if (this.H0) {
      const H0 = this.H0;
      this.drift.push(euclideanNorm(H.data.map((v, i) => v - H0.data[i])));
    }
    if (this.wants.lambdaMin) this.smallest.push(lambdaMin(H));
  }

  write(result: TrainResult): void {
    if (this.wants.drift) result.kernelDrift = this.drift;
    if (this.wants.lambdaMin) result.lambdaMin = this.smallest;
  }

  save(into: RecordedSeries): void {
    if (this.wants.drift) into.kernelDrift = this.drift.slice();
    if (this.wants.lambdaMin) into.lambdaMin = this.smallest.slice();
  }

  restore(from: RecordedSeries): void {
    if (this.wants.drift) this.drift.push(...series(from, 'kernelDrift'));
    if (this.wants.lambdaMin) this.smallest.push(...series(from, 'lambdaMin'));
  }
}

/** The residual's coordinates vⱼᵀr in an eigenbasis (ascending λⱼ), one row per record. */
export class ProjectionRecorder implements Recorder {
  private readonly rows: number[][] = [];

  constructor(private readonly basis: EighResult) {}

  record({ residual }: RecordPoint): void {
    const V = this.basis.vectors!;
    const n = V.rows;
    const out = new Array<number>(V.cols);
    for (let j = 0; j < V.cols; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += V.data[i * V.cols + j] * residual[i];
      out[j] = s;
    }
    this.rows.push(out);
  }

  write(result: TrainResult): void {
    const n = this.basis.vectors!.cols;
    result.projections = new Matrix(this.rows.length, n, Float64Array.from(this.rows.flat()));
  }

  save(into: RecordedSeries): void {
    into.projections = this.rows.flat();
  }

  restore(from: RecordedSeries): void {
    const flat = series(from, 'projections');
    const n = this.basis.vectors!.cols;
    for (let i = 0; i < flat.length; i += n) this.rows.push(flat.slice(i, i + n));
  }
}

/**
 * The network on held-out points: at each record, one forward pass on the test inputs (copied to
 * Wasm memory once, at byte pointer xPtr) at the iterate's weights, giving the test loss against
 * the test targets (when given) and, when asked, the outputs themselves (one row per record).
 */
export class TestRecorder implements Recorder {
  private readonly losses: number[] = [];
  private readonly rows: number[] = [];

  constructor(
    private readonly model: Model, private readonly xPtr: number, private readonly count: number,
    private readonly target: Float64Array | undefined, private readonly convention: LossConvention, private readonly keepOutputs: boolean,
  ) {}

  record({ weights }: RecordPoint): void {
    const u = this.model.outputs(this.xPtr, this.count, weights);
    if (this.keepOutputs) for (let i = 0; i < u.length; i++) this.rows.push(u[i]);
    if (this.target) {
      const t = this.target;
      for (let i = 0; i < u.length; i++) u[i] -= t[i];
      this.losses.push(lossValue(u, this.convention));
    }
  }

  write(result: TrainResult): void {
    if (this.target) result.testLoss = this.losses;
    if (this.keepOutputs) result.testOutputs = new Matrix(this.rows.length / this.count, this.count, Float64Array.from(this.rows));
  }

  save(into: RecordedSeries): void {
    if (this.target) into.testLoss = this.losses.slice();
    if (this.keepOutputs) into.testOutputs = this.rows.slice();
  }

  restore(from: RecordedSeries): void {
    if (this.target) this.losses.push(...series(from, 'testLoss'));
    if (this.keepOutputs) this.rows.push(...series(from, 'testOutputs'));
  }
}
