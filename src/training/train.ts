// train: full-batch training of the two-layer ReLU network by one of the optimizers, with the
// records the paper's comparisons need. The weights, the optimizer's state (previous iterates),
// the inputs and the gradients all stay in Wasm memory for the whole run; each step is the
// forward/backward GEMMs (nn/passes.ts) and one SIMD update kernel per parameter array.

import { Matrix } from '../linalg/matrix';
import { eigh, type EighResult } from '../linalg/eigh';
import { requireEigenbasis } from '../linalg/eigenbasis';
import { BusyError, DisposedError } from '../errors';
import { ResidentArray } from '../runtime/resident';
import { copyIn, withBlocksAsync } from '../runtime/scratch';
import { lossGradientScale, lossValue, requireLoss, type LossConvention } from '../nn/loss';
import { forwardChunks, gradientInto, type NetState } from '../nn/passes';
import { TwoLayerReLU } from '../nn/two-layer-relu';
import { lambdaMax, lambdaMin } from '../ntk/spectrum';
import { maxStableLearningRate } from '../dynamics/modes';
import { descriptorOf, requireOptimizer, type Optimizer } from '../optimizers/registry';
import type { UpdateTarget } from '../optimizers/descriptor';
import { euclideanNorm } from '../math/norm';
import { checkOptions, describe, requireTargets } from '../args';
import { requireInputs } from '../linalg/validate';

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

export interface TrainProgress {
  step: number;
  steps: number;
  loss: number;
  elapsedMs: number;
  /** Estimated time to finish. */
  remainingMs: number;
}

export interface TrainOptions {
  optimizer: Optimizer;
  steps: number;
  loss?: LossConvention;
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

export interface TrainResult {
  status: 'converged' | 'completed' | 'diverged' | 'aborted';
  /** Steps taken. */
  stepsRun: number;
  /** The recorded steps k, with the loss, ‖r‖ and ‖W(k) − W(0)‖_F at each. */
  steps: number[];
  loss: number[];
  residualNorm: number[];
  weightDrift: number[];
  kernelDrift?: number[];
  lambdaMin?: number[];
  /** Rows: recorded steps; columns: vᵢᵀr in the eigenbasis of record.projectOn. */
  projections?: Matrix;
  /** The residual u − y at the start (for predictResidual). */
  initialResidual: Float64Array;
  elapsedMs: number;
  /** For 'diverged': why, and the largest stable learning rate from λ_max(H(W(0))) (docs/theory.md#stability). */
  message?: string;
  maxStableLearningRate?: number;
}

const KNOWN = ['optimizer', 'steps', 'loss', 'record', 'onProgress', 'signal', 'tolerance', 'divergenceFactor'];
const YIELD_MS = 50;

interface Trained {
  /** the resident arrays the optimizer updates, with their gradient buffers and the kernels' view of them */
  arrays: { param: ResidentArray; grad: number; state: ResidentArray[]; target: UpdateTarget }[];
}

/**
 * Trains `net` in place on (X, y) for `steps` full-batch steps of the optimizer and records its
 * progress. Asynchronous so that it can report progress and be aborted: it yields to the event
 * loop every 50 ms. For NAG the recorded loss is at the iterate x_k (see docs/theory.md#recording
 * values), which costs one extra forward pass per recorded step, and the network ends on x_K.
 *
 * Divergence is a loss above divergenceFactor × its start, or a non-finite one. A step somewhat
 * above the linearized stability limit 2/λ_max need not diverge: the finite network can
 * "catapult" (Lewkowycz et al. 2020), its loss rising for a while until the kernel's λ_max drops
 * below 2/η, and then converge.
 *
 * @example
 *   const result = await train(net, X, y, { optimizer: heavyBall({ lr: 0.5, momentum: 0.9 }), steps: 1000 });
 */
export async function train(net: TwoLayerReLU, X: Matrix, y: ArrayLike<number>, opts: TrainOptions): Promise<TrainResult> {
  const fn = 'train';
  if (!TwoLayerReLU.isNetwork(net)) throw new TypeError(`${fn}: net must be a TwoLayerReLU (got ${describe(net)})`);
  if (net.disposed) throw new DisposedError(`${fn}: the network`);
  if (net.state.busy) throw new BusyError(`${fn}: this network is already being trained by another train() call; await it (or abort it) first, or train a clone()`);
  if (opts === null || typeof opts !== 'object') throw new TypeError(`${fn}: options must be an object (got ${describe(opts)})`);
  const o = checkOptions(fn, opts, KNOWN);
  const optimizer = requireOptimizer(fn, o.optimizer);
  if (typeof o.steps !== 'number' || !Number.isInteger(o.steps) || o.steps < 0) throw new RangeError(`${fn}: steps must be a non-negative integer (got ${describe(o.steps)})`);
  const convention = requireLoss(fn, o.loss);
  const inputs = requireInputs(fn, 'X', X, net.inputDim);
  if (inputs.rows === 0) throw new RangeError(`${fn}: X has no rows: there is nothing to train on`);
  const target = requireTargets(fn, y, inputs.rows);
  const record = checkOptions(fn, o.record, ['every', 'kernelDrift', 'lambdaMin', 'projectOn'], 'record');
  const every = record.every ?? 1;
  if (!Number.isInteger(every) || every < 1) throw new RangeError(`${fn}: record.every must be a positive integer (got ${describe(every)})`);
  const tolerance = o.tolerance ?? 0;
  const divergenceFactor = o.divergenceFactor ?? 1e3;
  if (typeof tolerance !== 'number' || !(tolerance >= 0) || !Number.isFinite(tolerance)) throw new RangeError(`${fn}: tolerance must be a finite number ≥ 0 (got ${describe(tolerance)})`);
  if (typeof divergenceFactor !== 'number' || !(divergenceFactor > 1)) throw new RangeError(`${fn}: divergenceFactor must be a number > 1 (got ${describe(divergenceFactor)})`);
  for (const key of ['kernelDrift', 'lambdaMin'] as const) {
    if (record[key] !== undefined && typeof record[key] !== 'boolean') throw new TypeError(`${fn}: record.${key} must be a boolean (got ${describe(record[key])})`);
  }
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') throw new TypeError(`${fn}: onProgress must be a function (got ${describe(o.onProgress)})`);
  const signal = requireSignal(fn, o.signal);
  let basis: EighResult | undefined;
  if (record.projectOn !== undefined) {
    basis = Matrix.isMatrix(record.projectOn) ? eigh(record.projectOn) : requireEigenbasis(`${fn}: record.projectOn`, record.projectOn);
    if (basis.vectors!.rows !== inputs.rows) {
      throw new RangeError(`${fn}: record.projectOn must be an n × n kernel, or its full eigh with vectors, for the ${inputs.rows} training points`);
    }
  }

  const st = net.state;
  const { rt, m, d } = st;
  const n = inputs.rows;
  const gScale = lossGradientScale(n, convention);
  const started = performance.now();
  // The starting point: for ‖W(k) − W(0)‖ and, if the run diverges, for λ_max(H(W(0))).
  const initial = net.clone();
  const W0 = initial.state.W;
  const H0 = record.kernelDrift ? net.empiricalNtk(inputs) : undefined;
  const result: TrainResult = {
    status: 'completed', stepsRun: 0, steps: [], loss: [], residualNorm: [], weightDrift: [],
    initialResidual: new Float64Array(n), elapsedMs: 0,
  };
  if (record.kernelDrift) result.kernelDrift = [];
  if (record.lambdaMin) result.lambdaMin = [];
  const projections: number[][] = [];

  const trainsA = net.trainOutputLayer;
  const descriptor = descriptorOf(optimizer);
  // NAG keeps its iterate x_k in a state array, the weights holding the extrapolated point y_k
  const iterateIn = descriptor.iterateState;
  const stateStarts = descriptor.initialState(optimizer);
  const params = [st.W, ...(trainsA ? [st.a] : []), ...(st.b ? [st.b] : [])];
  // the inputs, and a gradient block per trained parameter array (grad0 for W, then a, then b)
  const blocks: Record<string, number> = { xPtr: inputs.data.length * 8 };
  params.forEach((p, i) => {
    blocks[`grad${i}`] = p.length * 8;
  });
  let trained: Trained | undefined;
  st.busy = true;
  try {
    await withBlocksAsync(rt.arena, blocks, async (ptrs) => {
      const xPtr = ptrs.xPtr;
      copyIn(rt.arena, xPtr, inputs.data);
      const run: Trained = {
        arrays: params.map((param, i) => {
          // previous iterates start equal to θ₀ (θ₋₁ = θ₋₂ = θ₀; x₀ = y₀ for NAG), an averaged gradient at 0
          const state = stateStarts.map((start) => new ResidentArray(rt, param.length, start === 'theta0' ? param.view() : undefined));
          const grad = ptrs[`grad${i}`];
          return { param, grad, state, target: { length: param.length, param: param.ptr, grad, state: state.map((s) => s.ptr) } };
        }),
      };
      trained = run;
      const residual = new Float64Array(n);
      const dLdu = (u: Float64Array, start: number) => {
        const out = new Float64Array(u.length);
        for (let i = 0; i < u.length; i++) {
          residual[start + i] = u[i] - target[start + i];
          out[i] = gScale * residual[start + i];
        }
        return out;
      };
      // For NAG, the loss is recorded at the iterate x_k, whose weights are the optimizer's state.
      const iterateState = (): NetState => {
        if (iterateIn === null) return st;
        const x = run.arrays.map((t) => t.state[iterateIn]);
        return { ...st, W: x[0], a: trainsA ? x[1] : st.a, b: st.b ? x[x.length - 1] : undefined };
      };
      const residualAt = (state: NetState): Float64Array => {
        const r = new Float64Array(n);
        forwardChunks(state, xPtr, n, (start, rows, _x, _act, uPtr) => {
          const u = rt.arena.f64().subarray(uPtr / 8, uPtr / 8 + rows);
          for (let i = 0; i < rows; i++) r[start + i] = u[i] - target[start + i];
        });
        return r;
      };
      const initialLoss = lossValue(residualAt(st), convention);
      let weightsBroken = false;
      let lastYield = performance.now();
      let lastProgress = lastYield;
      for (let k = 0; ; k++) {
        const isRecorded = k % every === 0 || k === o.steps;
        let r: Float64Array | undefined;
        if (isRecorded && iterateIn !== null) r = residualAt(iterateState());
        if (k < o.steps) {
          gradientInto(st, xPtr, n, dLdu, { W: run.arrays[0].grad, ...(trainsA ? { a: run.arrays[1].grad } : {}), ...(st.b ? { b: run.arrays[run.arrays.length - 1].grad } : {}) });
        }
        if (!r && isRecorded) r = k < o.steps ? residual.slice() : residualAt(st);
        const lossNow = r ? lossValue(r, convention) : lossValue(residual, convention);
        if (isRecorded && r) {
          result.steps.push(k);
          result.loss.push(lossNow);
          result.residualNorm.push(euclideanNorm(r));
          result.weightDrift.push(Math.sqrt(rt.kernels.diff_norm2_f64(m * d, iterateState().W.ptr, W0.ptr)));
          // Weights that overflowed to ±Infinity or NaN make every ReLU inactive and the loss
          // flat: only their drift shows it.
          if (!Number.isFinite(result.weightDrift[result.weightDrift.length - 1])) weightsBroken = true;
          if (k === 0) result.initialResidual.set(r);
          if (H0 || record.lambdaMin) {
            const H = net.empiricalNtk(inputs);
            if (H0) result.kernelDrift!.push(euclideanNorm(H.data.map((v, i) => v - H0.data[i])));
            if (record.lambdaMin) result.lambdaMin!.push(lambdaMin(H));
          }
          if (basis) projections.push(Array.from(project(basis, r)));
        }
        result.stepsRun = k;
        if (weightsBroken || !Number.isFinite(lossNow) || lossNow > divergenceFactor * Math.max(initialLoss, Number.MIN_VALUE)) {
          result.status = 'diverged';
          const lmax = lambdaMax(initial.empiricalNtk(inputs)) * (convention === 'mean' ? 2 / n : 1);
          result.maxStableLearningRate = maxStableLearningRate(optimizer, lmax);
          result.message =
            `the loss grew from ${initialLoss.toPrecision(4)} to ${lossNow.toPrecision(4)} by step ${k}: ` +
            `the learning rate ${optimizer.lr} is above the largest stable one, about ${result.maxStableLearningRate.toPrecision(4)} ` +
            '(see docs/theory.md#stability; from λ_max of the empirical NTK at the initial weights)';
          break;
        }
        if (tolerance > 0 && lossNow <= tolerance) {
          result.status = 'converged';
          break;
        }
        if (k >= o.steps) break;
        if (signal?.aborted) {
          result.status = 'aborted';
          break;
        }
        // The update: the optimizer's step k on every trained array.
        for (const t of run.arrays) descriptor.step(optimizer, k, t.target, rt.kernels);
        const now = performance.now();
        if (o.onProgress && now - lastProgress >= 100) {
          lastProgress = now;
          const elapsed = now - started;
          o.onProgress({ step: k + 1, steps: o.steps, loss: lossNow, elapsedMs: elapsed, remainingMs: (elapsed / (k + 1)) * (o.steps - k - 1) });
        }
        if (now - lastYield >= YIELD_MS) {
          await new Promise((resolve) => setTimeout(resolve, 0));
          lastYield = performance.now();
        }
      }
      // NAG ends on its iterate x_K, not on the extrapolated point y_K where it took gradients.
      if (iterateIn !== null) for (const t of run.arrays) t.param.view().set(t.state[iterateIn].view());
    });
  } finally {
    st.busy = false;
    for (const t of trained?.arrays ?? []) for (const s of t.state) s.dispose();
    initial.dispose();
  }
  if (basis) result.projections = new Matrix(projections.length, n, Float64Array.from(projections.flat()));
  result.elapsedMs = performance.now() - started;
  if (o.onProgress) {
    const last = result.loss[result.loss.length - 1] ?? NaN;
    o.onProgress({ step: result.stepsRun, steps: o.steps, loss: last, elapsedMs: result.elapsedMs, remainingMs: 0 });
  }
  return result;
}

/** An AbortSignal, or undefined; anything else (an AbortController, say) is a TypeError, since it would never abort. */
function requireSignal(fn: string, value: unknown): AbortSignal | undefined {
  if (value === undefined) return undefined;
  if (typeof AbortSignal === 'function' && value instanceof AbortSignal) return value;
  const hint = typeof AbortController === 'function' && value instanceof AbortController ? ' (pass controller.signal, not the controller)' : '';
  throw new TypeError(`${fn}: signal must be an AbortSignal (got ${describe(value)})${hint}`);
}

function project(basis: EighResult, r: Float64Array): Float64Array {
  const V = basis.vectors!;
  const n = V.rows;
  const out = new Float64Array(V.cols);
  for (let j = 0; j < V.cols; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += V.data[i * V.cols + j] * r[i];
    out[j] = s;
  }
  return out;
}
