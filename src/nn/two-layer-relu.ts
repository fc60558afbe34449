// The two-layer ReLU network of docs/theory.md#network, f(x) = s·Σ_r a_r·σ(w_rᵀx + b_r), with its weights
// resident in Wasm memory (so that training calls the kernels on them in place).

import { runtime, type Runtime } from '../runtime/runtime';
import { ResidentArray } from '../runtime/resident';
import { requireResultBytes, requireWasmBytes } from '../runtime/limits';
import { BusyError, DisposedError } from '../errors';
import { Matrix } from '../linalg/matrix';
import { drawWeights, outputScale, type Parameterization } from './init';
import { lossGradientScale, lossValue, requireLoss, residualGradient, type LossConvention } from './loss';
import { gradientPtr, predictPtr, type NetState } from './passes';
import { trainedParameters } from './two-layer-model';
import { empiricalNtkOf } from './empirical-ntk';
import { jacobianOf } from './jacobian';
import { checkOptions, describe, optionalBoolean, requireTargets, requireVector } from '../args';
import { requireInputs } from '../linalg/validate';

export type { Parameterization } from './init';
export type { LossConvention } from './loss';

/** Options of {@link TwoLayerReLU.init}; unknown keys are a TypeError. */
export interface TwoLayerReLUOptions {
  /** d: the dimension of the inputs (columns of X), a positive integer. */
  inputDim: number;
  /** m: the number of hidden neurons, a positive integer. The weights take (m·d + 2m)·8 bytes of Wasm memory. */
  width: number;
  /** Seed of the weights (default 0). */
  seed?: number;
  /** κ: standard deviation of the first-layer weights (divided by m for 'standard'). Default 1. */
  scale?: number;
  /** Train a as well as W. Default: false for 'ntk' (the theory), true for 'standard'. */
  trainOutputLayer?: boolean;
  /** A first-layer bias b (always trained when present). Default false. */
  bias?: boolean;
  /** 'ntk' (default): 1/√m output scale; 'standard': the authors' PyTorch model (docs/theory.md#parameterizations). */
  parameterization?: Parameterization;
}

/** The weights and settings of a network, as {@link TwoLayerReLU.toParams} returns them and {@link TwoLayerReLU.fromParams} takes them. */
export interface TwoLayerReLUParams {
  /** First-layer weights, m rows of d finite numbers: row r is w_r. */
  W: ArrayLike<ArrayLike<number>>;
  /** Output weights, m finite numbers. */
  a: ArrayLike<number>;
  /** First-layer bias, m finite numbers; absent for a network without bias. */
  b?: ArrayLike<number>;
  /** 'ntk' (default) or 'standard': the output scale 1/√m or 1. */
  parameterization?: Parameterization;
  /** Train a as well as W. Default: false for 'ntk', true for 'standard'. */
  trainOutputLayer?: boolean;
}

/** The gradient of the loss with respect to each trained parameter array, shaped like it. */
export interface NetworkGradient {
  /** ∂L/∂W, m × d */
  W: Matrix;
  /** ∂L/∂a, when the output layer is trained */
  a?: Float64Array;
  /** ∂L/∂b, when the network has a bias */
  b?: Float64Array;
}

const INIT_OPTIONS = ['inputDim', 'width', 'seed', 'scale', 'trainOutputLayer', 'bias', 'parameterization'];

function requireCount(fn: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new RangeError(`${fn}: ${name} must be a positive integer (got ${describe(v)})`);
  }
  return v;
}

function requireParameterization(fn: string, v: unknown): Parameterization {
  if (v === undefined) return 'ntk';
  if (v !== 'ntk' && v !== 'standard') throw new TypeError(`${fn}: parameterization must be 'ntk' or 'standard' (got ${describe(v)})`);
  return v;
}

/** Counts live networks per runtime (runtimeInfo().liveObjects), also when one is collected undisposed. */
const liveCount = new FinalizationRegistry<Runtime>((rt) => {
  rt.liveObjects--;
});

/** Bytes of Wasm memory a network's weights take: W (m·d), a (m) and b (m). */
function weightBytes(m: number, d: number): number {
  return (m * d + 2 * m) * 8;
}

/**
 * A two-layer ReLU network f(x) = s·Σ_r a_r·max(w_rᵀx + b_r, 0) (docs/theory.md#network), with
 * s = 1/√m ('ntk') or 1 ('standard'), whose weights live in WebAssembly memory for its whole life:
 * training updates them in place, and the getters return copies. Create one with
 * {@link TwoLayerReLU.init} or {@link TwoLayerReLU.fromParams} after `await ready()`; free its
 * memory with dispose() (or `using`), else garbage collection does it eventually. Inputs X are
 * n × d matrices with one point per row; every method checks them and throws a RangeError naming
 * the shapes when they do not fit, and DisposedError after dispose().
 */
export class TwoLayerReLU {
  /** d: the dimension of the inputs. */
  readonly inputDim: number;
  /** m: the number of hidden neurons. */
  readonly width: number;
  /** 'ntk' (output scale 1/√m) or 'standard' (scale 1). */
  readonly parameterization: Parameterization;
  /** Whether the output weights a are trained (and so part of the gradient, the Jacobian and the kernel). */
  readonly trainOutputLayer: boolean;
  /** Whether the network has a first-layer bias b (always trained when present). */
  readonly hasBias: boolean;
  /** @internal the resident state the kernels work on */
  readonly state: NetState;
  #disposed = false;

  /** rt: the runtime the weights live in (a clone lives in its source's, whatever is active now). */
  private constructor(rt: Runtime, W: ArrayLike<number>, a: ArrayLike<number>, b: ArrayLike<number> | undefined, d: number, m: number, p: Parameterization, trainOutputLayer: boolean) {
    this.inputDim = d;
    this.width = m;
    this.parameterization = p;
    this.trainOutputLayer = trainOutputLayer;
    this.hasBias = b !== undefined;
    const W_ = new ResidentArray(rt, m * d, W);
    let a_: ResidentArray | undefined;
    try {
      a_ = new ResidentArray(rt, m, a);
      this.state = { rt, m, d, s: outputScale(m, p), W: W_, a: a_, b: b ? new ResidentArray(rt, m, b) : undefined, busy: false };
    } catch (error) {
      // out of memory half-way: give back what was taken
      W_.dispose();
      a_?.dispose();
      throw error;
    }
    rt.liveObjects++;
    liveCount.register(this, rt, this);
  }

  /**
   * A network with seeded random weights (docs/theory.md#initialization; the draw order is in nn/init.ts).
   *
   * @example
   *   const net = TwoLayerReLU.init({ inputDim: 10, width: 4096, seed: 1 });
   */
  static init(opts: TwoLayerReLUOptions): TwoLayerReLU {
    const fn = 'TwoLayerReLU.init';
    if (opts === null || typeof opts !== 'object') throw new TypeError(`${fn}: options must be an object (got ${describe(opts)})`);
    const o = checkOptions(fn, opts, INIT_OPTIONS);
    const d = requireCount(fn, 'inputDim', o.inputDim);
    const m = requireCount(fn, 'width', o.width);
    const seed = o.seed ?? 0;
    if (typeof seed !== 'number' || !Number.isInteger(seed)) throw new TypeError(`${fn}: seed must be an integer (got ${describe(seed)})`);
    const scale = o.scale ?? 1;
    if (typeof scale !== 'number' || !(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`${fn}: scale must be a positive finite number (got ${describe(scale)})`);
    const p = requireParameterization(fn, o.parameterization);
    const trainA = optionalBoolean(fn, 'trainOutputLayer', o.trainOutputLayer, p === 'standard');
    const bias = optionalBoolean(fn, 'bias', o.bias, false);
    const rt = runtime();
    requireWasmBytes(fn, weightBytes(m, d), `a network of width ${m} on inputs of dimension ${d}`, rt.arena.occupiedBytes);
    const w = drawWeights(d, m, seed, scale, bias, p);
    // κ·N(0, 1) deviates reach about 6κ: a scale near the top of the float64 range overflows.
    for (const [name, values] of [['W', w.W], ['b', w.b ?? new Float64Array(0)]] as const) {
      const i = values.findIndex((v) => !Number.isFinite(v));
      if (i >= 0) throw new RangeError(`${fn}: scale ${scale} makes ${name}[${i}] overflow to ${values[i]}; use a smaller scale`);
    }
    return new TwoLayerReLU(rt, w.W, w.a, w.b, d, m, p, trainA);
  }

  /** A network with the given weights (plain arrays, as toParams() returns them). */
  static fromParams(params: TwoLayerReLUParams): TwoLayerReLU {
    const fn = 'TwoLayerReLU.fromParams';
    if (params === null || typeof params !== 'object') throw new TypeError(`${fn}: params must be an object (got ${describe(params)})`);
    checkOptions(fn, params, ['W', 'a', 'b', 'parameterization', 'trainOutputLayer']);
    const rt = runtime();
    const W = requireInputs(fn, 'W', Matrix.from(params.W));
    if (W.rows < 1 || W.cols < 1) throw new RangeError(`${fn}: W must have at least one row and one column (got ${W.shape})`);
    const m = W.rows;
    const a = requireVector(fn, 'a', params.a, m, `W has ${m} rows`);
    const b = params.b === undefined ? undefined : requireVector(fn, 'b', params.b, m, `W has ${m} rows`);
    const p = requireParameterization(fn, params.parameterization);
    const trainA = optionalBoolean(fn, 'trainOutputLayer', params.trainOutputLayer, p === 'standard');
    requireWasmBytes(fn, weightBytes(m, W.cols), `a network of width ${m} on inputs of dimension ${W.cols}`, rt.arena.occupiedBytes);
    return new TwoLayerReLU(rt, W.data, a, b, W.cols, m, p, trainA);
  }

  /** First-layer weights (a copy), m × d: row r is w_r. */
  get W(): Matrix {
    return new Matrix(this.width, this.inputDim, this.live('W').W.read());
  }

  /** Output weights (a copy). */
  get a(): Float64Array {
    return this.live('a').a.read();
  }

  /** First-layer bias (a copy), or undefined. */
  get b(): Float64Array | undefined {
    return this.live('b').b?.read();
  }

  /** Whether `value` is a network made by this class (not an object that only looks like one). */
  static isNetwork(value: unknown): value is TwoLayerReLU {
    return value !== null && typeof value === 'object' && #disposed in value;
  }

  /** Whether dispose() has released this network's memory. */
  get disposed(): boolean {
    return this.#disposed;
  }

  /** The resident state, or DisposedError once the network has been disposed. */
  private live(fn: string): NetState {
    if (this.#disposed) throw new DisposedError(`${fn}: this network`);
    return this.state;
  }

  /** Number of trained parameters: m·d, + m for a when trained, + m for b. */
  get parameterCount(): number {
    return this.width * this.inputDim + (this.trainOutputLayer ? this.width : 0) + (this.hasBias ? this.width : 0);
  }

  /** The weights as plain arrays (JSON-safe), with the settings needed to rebuild the network. */
  toParams(): {
    /** First-layer weights, m rows of d numbers: row r is w_r. */
    W: number[][];
    /** Output weights, m numbers. */
    a: number[];
    /** First-layer bias, m numbers, when the network has one. */
    b?: number[];
    /** The network's parameterization. */
    parameterization: Parameterization;
    /** Whether the output weights are trained. */
    trainOutputLayer: boolean;
  } {
    const out: { W: number[][]; a: number[]; b?: number[]; parameterization: Parameterization; trainOutputLayer: boolean } = {
      W: this.W.toArray(), a: Array.from(this.a), parameterization: this.parameterization, trainOutputLayer: this.trainOutputLayer,
    };
    if (this.hasBias) out.b = Array.from(this.b!);
    return out;
  }

  /** An independent copy (same weights, same settings). */
  clone(): TwoLayerReLU {
    const st = this.live('clone');
    // Copies, not views: allocating the clone's arrays may grow memory and detach views. The clone
    // lives in the same runtime as this network, whichever backend is active now.
    return new TwoLayerReLU(st.rt, st.W.read(), st.a.read(), st.b?.read(), this.inputDim, this.width, this.parameterization, this.trainOutputLayer);
  }

  /** u = f(X): one output per row of X (n × d). Cost 2·n·m·d flops in the GEMM kernel. */
  predict(X: Matrix): Float64Array {
    const st = this.live('predict');
    return predictPtr(st, requireInputs('predict', 'X', X, this.inputDim));
  }

  /** L(u − y): ½‖u − y‖² ('half-sum', default) or ‖u − y‖²/n ('mean'). */
  loss(X: Matrix, y: ArrayLike<number>, opts?: { loss?: LossConvention }): number {
    const st = this.live('loss');
    const convention = requireLoss('loss', checkOptions('loss', opts, ['loss']).loss);
    const inputs = requireInputs('loss', 'X', X, this.inputDim);
    const target = requireTargets('loss', y, inputs.rows);
    const u = predictPtr(st, inputs);
    for (let i = 0; i < u.length; i++) u[i] -= target[i];
    return lossValue(u, convention);
  }

  /**
   * ∇L with respect to every trained parameter, for L = loss(X, y): W always, a when the output
   * layer is trained, b when there is a bias. Cost: two GEMMs of 2·n·m·d flops each.
   */
  gradient(X: Matrix, y: ArrayLike<number>, opts?: { loss?: LossConvention }): NetworkGradient & {
    /** The loss at the current weights, L(u − y) in the convention asked for. */
    loss: number;
  } {
    const st = this.live('gradient');
    const convention = requireLoss('gradient', checkOptions('gradient', opts, ['loss']).loss);
    const inputs = requireInputs('gradient', 'X', X, this.inputDim);
    const target = requireTargets('gradient', y, inputs.rows);
    const residual = new Float64Array(inputs.rows);
    const dLdu = residualGradient(target, lossGradientScale(inputs.rows, convention), residual);
    const grads = gradientPtr(st, inputs, trainedParameters(this).map((p) => p.name), dLdu);
    const result: NetworkGradient & { loss: number } = { W: new Matrix(this.width, this.inputDim, grads.W), loss: lossValue(residual, convention) };
    if (grads.a) result.a = grads.a;
    if (grads.b) result.b = grads.b;
    return result;
  }

  /**
   * J = ∂u/∂θ (n × P), θ = (vec W row by row, then a if trained, then b if present). Dense: for
   * checks and small problems (empiricalNtk gets J·Jᵀ without forming J).
   */
  jacobian(X: Matrix): Matrix {
    this.live('jacobian');
    const inputs = requireInputs('jacobian', 'X', X, this.inputDim);
    requireResultBytes('jacobian', inputs.rows * this.parameterCount * 8, `the ${inputs.rows}×${this.parameterCount} Jacobian`);
    return jacobianOf(this, inputs);
  }

  /**
   * The empirical NTK H = J(X)·J(Y)ᵀ at the current weights (n × n', Y = X by default), computed
   * from bit-packed activation patterns without forming J (docs/theory.md#empirical-ntk).
   */
  empiricalNtk(X: Matrix, Y?: Matrix): Matrix {
    this.live('empiricalNtk');
    const inputs = requireInputs('empiricalNtk', 'X', X, this.inputDim);
    const others = Y === undefined ? undefined : requireInputs('empiricalNtk', 'Y', Y, this.inputDim);
    return empiricalNtkOf(this, inputs, others);
  }

  /** @internal The live resident state, or DisposedError: for the package's own layers. */
  liveState(fn: string): NetState {
    return this.live(fn);
  }

  /**
   * Frees the weights' Wasm memory now (otherwise it is freed when the network is collected).
   * Idempotent; using the network afterwards throws DisposedError; while train() runs on it,
   * throws BusyError. `using net = TwoLayerReLU.init(…)` calls it at the end of the block.
   */
  dispose(): void {
    if (this.#disposed) return;
    if (this.state.busy) throw new BusyError('dispose: this network is being trained; abort the train() call (its signal) and await it first');
    this.#disposed = true;
    this.state.W.dispose();
    this.state.a.dispose();
    this.state.b?.dispose();
    this.state.rt.liveObjects--;
    liveCount.unregister(this);
  }

  /** The same as dispose(), for `using` declarations. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}
