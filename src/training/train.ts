// train: full-batch training of a network by one of the optimizers, with the records the paper's
// comparisons need. The weights, the optimizer's state (previous iterates), the inputs and the
// gradients all stay in Wasm memory for the whole run; each step is the model's forward/backward
// pass (for TwoLayerReLU, GEMMs and fused ReLU kernels) and the optimizer's update kernel per
// trained parameter array. The pieces: options.ts (checks, no side effects), recorders.ts (one per
// recorded quantity, the test points' loss and outputs among them), monitor.ts (divergence,
// convergence), clock.ts (progress, yielding).

import { ResidentArray } from '../runtime/resident';
import { copyIn, withBlocksAsync } from '../runtime/scratch';
import { lossGradientScale, lossValue, residualGradient } from '../nn/loss';
import type { Model, Weights } from '../nn/model';
import { twoLayerModel } from '../nn/two-layer-model';
import type { TwoLayerReLU } from '../nn/two-layer-relu';
import type { Matrix } from '../linalg/matrix';
import { lambdaMax } from '../ntk/spectrum';
import { maxStableLearningRate } from '../dynamics/modes';
import type { UpdateTarget } from '../optimizers/descriptor';
import { Clock } from './clock';
import { Monitor } from './monitor';
import { parseTrainOptions, type TrainOptions, type TrainPlan } from './options';
import { KernelRecorder, LossRecorder, ProjectionRecorder, TestRecorder, WeightDriftRecorder, type Recorder } from './recorders';
import type { TrainResult } from './result';
import type { RecordedSeries, TrainCheckpoint } from './checkpoint';

export type { RecordOptions, TrainOptions, TrainProgress, TrainTestSet } from './options';
export type { TrainResult } from './result';
export { checkpointFromJSON, checkpointToJSON } from './checkpoint';
export type { TrainCheckpoint } from './checkpoint';

/** One trained parameter array: the weights, the gradient block, the optimizer's state arrays. */
interface TrainedArray {
  name: string;
  param: ResidentArray;
  state: ResidentArray[];
  target: UpdateTarget;
}

/**
 * Trains `net` in place on (X, y) for `steps` full-batch steps of the optimizer and records its
 * progress. Asynchronous so that it can report progress and be aborted: it yields to the event
 * loop every 50 ms. For NAG the recorded loss is at the iterate x_k (see docs/theory.md#recording),
 * which costs one extra forward pass per recorded step, and the network ends on x_K.
 *
 * Divergence is a loss above divergenceFactor × its start, or a non-finite one. A step somewhat
 * above the linearized stability limit 2/λ_max need not diverge: the finite network can
 * "catapult" (Lewkowycz et al. 2020), its loss rising for a while until the kernel's λ_max drops
 * below 2/η, and then converge.
 *
 * Throws (before changing anything) a TypeError or RangeError for invalid arguments, BusyError if
 * another train() on the same network is running, DisposedError for a disposed network.
 * Cost per step: the forward and backward passes (about 4·n·m·d flops for the two GEMMs of a
 * TwoLayerReLU) and an update over the parameters; per recorded step, one more forward pass for
 * NAG, one empirical NTK (n²m) for record.kernelDrift or record.lambdaMin, and one forward pass
 * on the test inputs (copied to Wasm memory once) with options.test.
 *
 * @example
 *   const result = await train(net, X, y, { optimizer: heavyBall({ lr: 0.5, momentum: 0.9 }), steps: 1000 });
 */
export async function train(net: TwoLayerReLU, X: Matrix, y: ArrayLike<number>, opts: TrainOptions): Promise<TrainResult> {
  const plan = parseTrainOptions('train', net, X, y, opts);
  const model = twoLayerModel(plan.net);
  const { rt } = model;
  const { inputs, optimizer, descriptor, steps, convention, resume } = plan;
  const n = inputs.rows;
  if (resume) requireMatchingWeights(model, resume);
  const clock = new Clock(steps, plan.onProgress);
  const result: TrainResult = {
    status: 'completed', stepsRun: 0, steps: [], loss: [], residualNorm: [], weightDrift: [],
    initialResidual: new Float64Array(n), elapsedMs: 0,
  };
  // The starting point: for the weight drift and, if the run diverges, for λ_max(H(W(0))).
  const initial = plan.net.clone();
  const trained: TrainedArray[] = [];
  model.busy = true;
  try {
    if (resume) {
      setWeights(model.weights(), resume.weights);
      setWeights(twoLayerModel(initial).weights(), resume.initialWeights);
    }
    const first = model.trainedParameters[0].name;
    const losses = new LossRecorder(convention);
    const drift = new WeightDriftRecorder(rt, first, twoLayerModel(initial).weights()[first]);
    const recorders: Recorder[] = [losses, drift];
    if (plan.kernelDrift || plan.lambdaMin) recorders.push(new KernelRecorder(plan.net, initial, inputs, { drift: plan.kernelDrift, lambdaMin: plan.lambdaMin }));
    if (plan.basis) recorders.push(new ProjectionRecorder(plan.basis));
    if (resume) {
      losses.restore(resume.recorded, resume.initialResidual);
      for (const r of recorders.slice(1)) r.restore(resume.recorded);
    }

    const blocks: Record<string, number> = { x: inputs.data.length * 8 };
    for (const p of model.trainedParameters) blocks[`grad ${p.name}`] = p.length * 8;
    const test = plan.test;
    if (test) blocks['test x'] = test.inputs.data.length * 8;
    await withBlocksAsync(rt.arena, blocks, async (ptrs) => {
      copyIn(rt.arena, ptrs.x, inputs.data);
      if (test) {
        // the test inputs go to Wasm memory once, like the training inputs
        copyIn(rt.arena, ptrs['test x'], test.inputs.data);
        const recorder = new TestRecorder(model, ptrs['test x'], test.inputs.rows, test.target, convention, test.outputs);
        if (resume) recorder.restore(resume.recorded);
        recorders.push(recorder);
      }
      const own = model.weights();
      const starts = descriptor.initialState(optimizer);
      for (const p of model.trainedParameters) {
        const param = own[p.name];
        // previous iterates start equal to θ₀ (θ₋₁ = θ₋₂ = θ₀; x₀ = y₀ for NAG), an averaged
        // gradient at 0; or as the checkpoint left them
        const saved = resume?.state[p.name];
        const state = starts.map((start, i) => new ResidentArray(rt, param.length, saved ? saved[i] : start === 'theta0' ? param.view() : undefined));
        trained.push({ name: p.name, param, state, target: { length: param.length, param: param.ptr, grad: ptrs[`grad ${p.name}`], state: state.map((s) => s.ptr) } });
      }
      await runSteps(plan, model, ptrs.x, trained, recorders, drift, clock, result, initial);
    });
    for (const r of recorders) r.write(result);
  } finally {
    model.busy = false;
    for (const t of trained) for (const s of t.state) s.dispose();
    initial.dispose();
  }
  result.elapsedMs = clock.elapsed();
  clock.finish(result.stepsRun, result.loss[result.loss.length - 1] ?? NaN);
  return result;
}

/** The checkpoint's weights have the model's parameters and lengths (else it is of another network). */
function requireMatchingWeights(model: Model, cp: TrainCheckpoint): void {
  const own = model.weights();
  for (const [what, weights] of [['weights', cp.weights], ['initialWeights', cp.initialWeights]] as const) {
    const names = Object.keys(own).sort().join(', ');
    if (Object.keys(weights).sort().join(', ') !== names) throw new RangeError(`train: the checkpoint's ${what} are ${Object.keys(weights).join(', ')}, but the network has ${names}`);
    for (const name of Object.keys(own)) {
      if (weights[name].length !== own[name].length) throw new RangeError(`train: the checkpoint's ${what}.${name} has ${weights[name].length} values, the network's ${own[name].length}`);
    }
  }
  for (const p of model.trainedParameters) {
    if (!Array.isArray(cp.state[p.name]) || cp.state[p.name].some((a) => a.length !== p.length)) throw new RangeError(`train: the checkpoint's optimizer state for ${p.name} does not fit the network`);
  }
}

function setWeights(target: Weights, values: Record<string, Float64Array>): void {
  for (const name of Object.keys(target)) target[name].view().set(values[name]);
}

/** The loop: record, check, update, tick, until the steps are done or the run stops. */
async function runSteps(
  plan: TrainPlan, model: Model, xPtr: number, trained: TrainedArray[], recorders: Recorder[], drift: WeightDriftRecorder,
  clock: Clock, result: TrainResult, initial: TwoLayerReLU,
): Promise<void> {
  const { target, optimizer, descriptor, steps, convention, every, resume } = plan;
  const n = target.length;
  const { rt } = model;
  // NAG keeps its iterate x_k in a state array, the weights holding the extrapolated point y_k.
  const iterateIn = descriptor.iterateState;
  const own = model.weights();
  const iterate: Weights = iterateIn === null ? own : { ...own, ...Object.fromEntries(trained.map((t) => [t.name, t.state[iterateIn]])) };
  const residualAt = (at: Weights): Float64Array => {
    const u = model.outputs(xPtr, n, at);
    for (let i = 0; i < n; i++) u[i] -= target[i];
    return u;
  };
  const residual = new Float64Array(n);
  const dLdu = residualGradient(target, lossGradientScale(n, convention), residual);
  const grads = Object.fromEntries(trained.map((t) => [t.name, t.target.grad]));
  const initialLoss = resume ? resume.initialLoss : lossValue(residualAt(own), convention);
  const monitor = new Monitor(initialLoss, plan.tolerance, plan.divergenceFactor);
  /** The run as it stands before step k: everything a resumed run needs. */
  const snapshot = (k: number): TrainCheckpoint => {
    const recorded: RecordedSeries = {};
    for (const r of recorders) r.save(recorded);
    const copy = (w: Weights) => Object.fromEntries(Object.entries(w).map(([name, a]) => [name, a.read()]));
    return {
      format: 'ntk-dynamics-train-checkpoint/1', optimizer, steps, loss: convention, every, k,
      weights: copy(own), state: Object.fromEntries(trained.map((t) => [t.name, t.state.map((s) => s.read())])),
      initialWeights: copy(twoLayerModel(initial).weights()), initialLoss, recorded,
      initialResidual: resume ? resume.initialResidual.slice() : result.initialResidual.slice(),
    };
  };
  let lastSave = performance.now();
  for (let k = resume ? resume.k : 0; ; k++) {
    if (plan.checkpoint && k > (resume?.k ?? 0) && performance.now() - lastSave >= plan.checkpoint.everyMs) {
      await plan.checkpoint.save(snapshot(k));
      lastSave = performance.now();
    }
    const isRecorded = k % every === 0 || k === steps;
    // The residual at the iterate θ_k: from the gradient pass where that is the iterate, else by
    // a forward pass of its own (NAG's x_k; the last step, which takes no gradient).
    let r: Float64Array | undefined;
    if (isRecorded && iterateIn !== null) r = residualAt(iterate);
    if (k < steps) model.gradient(xPtr, n, dLdu, grads);
    if (!r && isRecorded) r = k < steps ? residual.slice() : residualAt(own);
    if (k === 0 && r) result.initialResidual.set(r);
    let lossNow = lossValue(r ?? residual, convention);
    if (isRecorded && r) for (const rec of recorders) rec.record({ k, residual: r, weights: iterate });
    result.stepsRun = k;
    let verdict = monitor.check(lossNow, drift.broken);
    // Between records, NAG's loss above is at the extrapolated point y_k, where the gradient is
    // taken; the verdict is about the iterate x_k. Its loss costs a forward pass, paid only when
    // y_k's suggests a verdict, or on every step when a tolerance asks for convergence exactly.
    if (!r && iterateIn !== null && (verdict !== undefined || plan.tolerance > 0)) {
      lossNow = lossValue(residualAt(iterate), convention);
      verdict = monitor.check(lossNow, drift.broken);
    }
    if (verdict === 'diverged') {
      result.status = 'diverged';
      describeDivergence(result, plan, initial, monitor, lossNow, k);
      break;
    }
    if (verdict === 'converged') {
      result.status = 'converged';
      break;
    }
    if (k >= steps) break;
    if (plan.signal?.aborted) {
      result.status = 'aborted';
      // The record of step k is kept, its gradient was taken but not applied: a resumed run takes step k again.
      if (plan.checkpoint) await plan.checkpoint.save(snapshotBefore(k));
      break;
    }
    // The update: the optimizer's step k on every trained array.
    for (const t of trained) descriptor.step(optimizer, k, t.target, rt.kernels);
    await clock.tick(k, lossNow);
  }
  // NAG ends on its iterate x_K, not on the extrapolated point y_K where it took gradients.
  if (iterateIn !== null) for (const t of trained) t.param.view().set(t.state[iterateIn].view());

  /** snapshot(k) without step k's record, which the resumed run makes again. */
  function snapshotBefore(k: number): TrainCheckpoint {
    const cp = snapshot(k);
    const recordedK = cp.recorded.steps.length > 0 && cp.recorded.steps[cp.recorded.steps.length - 1] === k;
    if (recordedK) {
      // every series holds the same number of values per record (one, or a row: projections, test outputs)
      const records = cp.recorded.steps.length;
      for (const key of Object.keys(cp.recorded)) {
        const perStep = cp.recorded[key].length / records;
        cp.recorded[key] = cp.recorded[key].slice(0, cp.recorded[key].length - perStep);
      }
    }
    return cp;
  }
}
function describeDivergence(result: TrainResult, plan: TrainPlan, initial: TwoLayerReLU, monitor: Monitor, loss: number, k: number): void {
  const n = plan.inputs.rows;
  const lmax = lambdaMax(initial.empiricalNtk(plan.inputs)) * (plan.convention === 'mean' ? 2 / n : 1);
  result.maxStableLearningRate = maxStableLearningRate(plan.optimizer, lmax);
  result.message =
    `the loss grew from ${monitor.initialLoss.toPrecision(4)} to ${loss.toPrecision(4)} by step ${k}: ` +
    `the learning rate ${plan.optimizer.lr} is above the largest stable one, about ${result.maxStableLearningRate.toPrecision(4)} ` +
    '(see docs/theory.md#stability; from λ_max of the empirical NTK at the initial weights)';
}
