// What the trainer needs of a network, and nothing about its layers: named parameter arrays that
// live in WebAssembly memory, a forward pass and a gradient into named blocks. The trainer, the
// optimizer state and the records iterate parameters by name, so a deeper network is a new Model,
// not edits across the passes, the trainer and the Jacobian. TwoLayerReLU is the first one, with
// its fused ReLU kernels as the fast path.

import type { ResidentArray } from '../runtime/resident';
import type { Runtime } from '../runtime/runtime';

/** One parameter array of a model: its name ('W', 'a', 'b', …) and its number of entries. */
export interface ParameterSpec {
  readonly name: string;
  readonly length: number;
}

/** Resident arrays by parameter name: a model's own weights, or another point in its parameter space. */
export type Weights = Readonly<Record<string, ResidentArray>>;

/** ∂L/∂u for a chunk of outputs u, rows start … start + u.length − 1. */
export type OutputGradient = (u: Float64Array, start: number) => Float64Array;

export interface Model {
  /** The runtime (backend) whose memory holds the weights: everything the model does runs there. */
  readonly rt: Runtime;
  readonly inputDim: number;
  /**
   * The trained parameters, in the order of θ: the Jacobian's column blocks, the optimizer's
   * state and the gradient blocks follow it. The first is the first layer's weights.
   */
  readonly trainedParameters: readonly ParameterSpec[];
  /** Whether a train() call is running on the model (a second one is refused). */
  busy: boolean;
  /** The resident arrays of the current weights, every parameter by name (trained or not). */
  weights(): Weights;
  /** u = f(X) for the n rows of X at byte pointer xPtr in Wasm memory, at `at` (default: its own weights). */
  outputs(xPtr: number, n: number, at?: Weights): Float64Array;
  /**
   * The gradient of a loss whose derivative in u is `dLdu`, written to Wasm memory: grads[name]
   * is the byte pointer of a block of that parameter's length, for every trained parameter.
   */
  gradient(xPtr: number, n: number, dLdu: OutputGradient, grads: Readonly<Record<string, number>>): void;
}
