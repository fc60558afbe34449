// predictOutputs: what a constant-kernel (linearized) model predicts for the network's outputs on
// the training points and on unseen test points, under each optimizer, from one eigenbasis of the
// training kernel H (docs/theory.md#test-predictions). Every optimizer moves the parameters by
// combinations of gradients Jᵀr, so θ_k − θ₀ = −Jᵀs_k with s_k = V·diag(σ(k))·Vᵀ·r₀, σ the modes'
// accumulated responses (their descriptors' `responses`); then
//   f(X)  = f₀ − H·s = y + V·diag(a)·Vᵀ·r₀            (a = 1 − λσ, the residual factors),
//   f(X*) = f₀* − K*·s = f₀* + K*·V·diag(c·σ)·Vᵀ·(y − f₀),
// with K* = K(X*, X) and λ the eigenvalues of c·H (c = 2/n for the mean loss, else 1). The train
// part is predictResidual's residual plus y, computed by the same code; the test part costs two
// products for all target columns together, V·G and K*·(V·G).

import { Matrix } from '../linalg/matrix';
import type { EighResult } from '../linalg/eigh';
import { requireEigenbasis } from '../linalg/eigenbasis';
import { requireColumns, requireMatrix } from '../linalg/validate';
import { requireResultBytes } from '../runtime/limits';
import { descriptorOf } from '../optimizers/registry';
import { maxStableLearningRate } from './modes';
import { withBasisProducts, type BasisProducts } from './basis-products';
import {
  DYNAMICS_KEYS, eigenbasis, entries, kernelScale, nullCutoff, parseDynamics, parseTimes, visitAmplitudes,
  type DynamicsOptions, type DynamicsPlan,
} from './prediction';
import { checkOptions, describe, requireFinite, requireOptions } from '../args';

/** The test points of predictOutputs(): their kernel with the training points, and optionally their outputs at t = 0 and targets. */
export interface OutputTestSet {
  /** K(X*, X), nTest × n: the same kernel as H between the test and the training points. */
  kernel: Matrix;
  /** The outputs on the test points at t = 0: nTest numbers, or nTest × k like y. Default 0. */
  f0?: ArrayLike<number> | Matrix;
  /** Targets on the test points, for testLoss: nTest numbers, or nTest × k like y. */
  y?: ArrayLike<number> | Matrix;
}

/** The options of predictOutputs(): those of predictResidual that choose the dynamics, and the outputs' own. */
export interface OutputPredictOptions extends DynamicsOptions {
  /** The outputs on the training points at t = 0: n numbers, or n × k like y. Default 0 (the infinite-width limit). */
  f0Train?: ArrayLike<number> | Matrix;
  /** Unseen points to predict the outputs on. */
  test?: OutputTestSet;
  /**
   * Adds diagReg·(trace(H)/n)·I to H before anything else, as neural-tangents' diag_reg does (the
   * trace taken as the sum of the eigenvalues). Default 0.
   */
  diagReg?: number;
}

/** What predictOutputs() returns; M is Matrix for a target vector y, Matrix[] (one per column) for a target Matrix. */
export interface OutputPrediction<M extends Matrix | Matrix[] = Matrix> {
  /** The mode that was asked for. */
  mode: 'flow' | 'discrete';
  /** The equation or recurrence solved. */
  model: string;
  /** How step k maps to ODE time, in words: 't = k·η' or 't = k·√η'. */
  timeMap: string;
  /** The step of each entry (undefined when times were given). */
  steps?: Float64Array;
  /** The ODE time of each entry (t(k) in discrete mode too; Infinity for the limit). */
  times: Float64Array;
  /** The outputs on the training points, entries × n: row e is f(X) at entry e. */
  train: M;
  /** The outputs on the test points, entries × nTest, when opts.test was given. */
  test?: M;
  /** The loss on the training points at each entry (summed over target columns), in the run's convention. */
  trainLoss: Float64Array;
  /** The same loss on the test points, when opts.test.y was given (the mean loss divides by nTest). */
  testLoss?: Float64Array;
  /** Whether the discrete iteration is stable on λ_max (docs/theory.md#stability). */
  stable: boolean;
  /** The largest stable learning rate for this optimizer and kernel (with diagReg and the loss's scaling). */
  maxStableLearningRate: number;
  /**
   * Set when the prediction diverged: the first entry where a loss or an output is beyond float64's
   * range. From there on trainLoss and testLoss are Infinity, and train and test hold only the
   * entries before it.
   */
  divergedAt?: number;
}

const KNOWN = [...DYNAMICS_KEYS, 'f0Train', 'test', 'diagReg'];

/** The checked test set: the kernel and, per column, the initial outputs and the targets. */
interface TestSet {
  kernel: Matrix;
  f0: Float64Array[];
  y?: Float64Array[];
}

/**
 * The network's outputs on its training points and on unseen test points, as predicted for a
 * constant kernel (the linearized network, or the infinite-width limit) trained by `optimizer`
 * towards targets y, for k = 0 … steps or at given ODE times (docs/theory.md#test-predictions):
 *
 *     f(X*, t) = f₀(X*) + K(X*, X)·V·diag(g(t))·Vᵀ·(y − f₀(X)),
 *
 * with H = V·diag(λ)·Vᵀ and g the modes' accumulated responses, in closed form for every flow and
 * by each optimizer's recurrence in discrete mode; for GD's flow g = (1 − e^(−cλt))/λ, which is
 * neural-tangents' gradient_descent_mse. `times: [Infinity]` (flow mode) gives the limit, kernel
 * regression f₀(X*) + K(X*, X)·H⁺·(y − f₀(X)). The train part equals y + predictResidual's
 * residual from r₀ = f₀(X) − y, bit for bit (without diagReg).
 *
 * Pair the kernels as the network they describe: H(0) = net.empiricalNtk(X), K = net.empiricalNtk(X*, X)
 * and f₀ = net.predict(…) predict the linearized network; H∞ = analyticNtk(X), K = analyticNtk(X*, X)
 * and f₀ = 0 (the default) the infinite-width limit.
 *
 * Cost: eigh(H) (O(n³)) unless an eigh result is passed; then per target column two O(n²)
 * projections, O(n) per entry for the modes, and three products: V·A for the train outputs
 * (entries × n × n), V·G and K·(V·G) for the test outputs (entries × n × n and entries × n × nTest).
 *
 * @example
 *   const basis = eigh(net.empiricalNtk(X));
 *   const p = predictOutputs(basis, y, {
 *     optimizer: heavyBall({ lr: 0.1, momentum: 0.9 }), mode: 'discrete', steps: 500,
 *     f0Train: net.predict(X), test: { kernel: net.empiricalNtk(Xtest, X), f0: net.predict(Xtest), y: yTest },
 *   });
 *   p.test.get(500, 0);   // the predicted output on the first test point after 500 steps
 */
export function predictOutputs(H: Matrix | EighResult, y: Matrix, opts: OutputPredictOptions): OutputPrediction<Matrix[]>;
export function predictOutputs(H: Matrix | EighResult, y: ArrayLike<number>, opts: OutputPredictOptions): OutputPrediction<Matrix>;
export function predictOutputs(H: Matrix | EighResult, y: ArrayLike<number> | Matrix, opts: OutputPredictOptions): OutputPrediction<Matrix> | OutputPrediction<Matrix[]> {
  const fn = 'predictOutputs';
  if (opts === null || typeof opts !== 'object') throw new TypeError(`${fn}: options must be an object (got ${describe(opts)})`);
  const o = checkOptions(fn, opts, KNOWN);
  const plan = parseDynamics(fn, o);
  const diagReg = o.diagReg === undefined ? 0 : requireFinite(fn, 'diagReg', o.diagReg);
  if (diagReg < 0) throw new RangeError(`${fn}: diagReg must be ≥ 0 (got ${diagReg})`);
  // Every shape is checked before the O(n³) eigendecomposition. The eigenvectors are not copied:
  // they are read (into Wasm memory) before this function returns, and nothing keeps them.
  const given = Matrix.isMatrix(H) ? undefined : requireEigenbasis(`${fn}: H`, H, { copy: false });
  const n = given ? given.values.length : kernelOrder(fn, H);
  const against = `H is ${n}×${n}`;
  const targets = requireColumns(fn, 'y', y, n, against);
  const k = targets.length;
  if (k === 0) throw new RangeError(`${fn}: y has no columns: there is nothing to predict`);
  const asMatrix = Matrix.isMatrix(y);
  const f0Train = o.f0Train === undefined ? targets.map(() => new Float64Array(n)) : requireColumns(fn, 'f0Train', o.f0Train, n, against, asMatrix ? k : 1);
  const test = o.test === undefined ? undefined : requireTestSet(fn, o.test, n, asMatrix ? k : 1);
  const times = o.times !== undefined ? parseTimes(fn, o.times, true) : undefined;
  const count = times ? times.length : o.steps! + 1;
  const nTest = test ? test.kernel.rows : 0;
  // per entry and column: the outputs (n + nTest), the amplitudes and responses (2n), and the products' scratch
  requireResultBytes(fn, count * k * (4 * n + 2 * nTest + 4) * 8, `a prediction of ${count} entries × ${n + nTest} outputs × ${k} target column${k === 1 ? '' : 's'}`);

  const basis = given ?? eigenbasis(fn, H);
  const scale = kernelScale(plan.loss, n);
  const shift = diagReg > 0 ? (diagReg * basis.values.reduce((s, v) => s + v, 0)) / n : 0;
  const lambdas = shift > 0 ? basis.values.map((v) => scale * (v + shift)) : basis.values.map((v) => scale * v);
  if (times?.includes(Infinity)) requireConvergent(fn, lambdas);
  const { steps, times: entryTimes } = entries(plan, times);

  const { train, testOutputs, trainLoss, testLoss, kept } = withBasisProducts(fn, basis.vectors, test?.kernel, k * count, (products) =>
    outputsOnBasis(products, plan, lambdas, scale, targets, f0Train, test, entryTimes));

  const lambdaMax = lambdas.length ? lambdas[lambdas.length - 1] : 0;
  const maxLr = maxStableLearningRate(plan.optimizer, lambdaMax);
  const result: OutputPrediction<Matrix[]> = {
    mode: plan.mode,
    model: plan.flow ? plan.flow.equation : 'the optimizer\'s recurrence on each eigenmode (exact for constant H)',
    timeMap: plan.map.name,
    times: entryTimes,
    train,
    trainLoss,
    stable: plan.optimizer.lr < maxLr,
    maxStableLearningRate: maxLr,
  };
  if (steps) result.steps = steps;
  if (testOutputs) result.test = testOutputs;
  if (testLoss) result.testLoss = testLoss;
  if (kept < count) result.divergedAt = kept;
  if (asMatrix) return result;
  const { train: trains, test: tests, ...common } = result;
  const single: OutputPrediction<Matrix> = { ...common, train: trains[0] };
  if (tests) single.test = tests[0];
  return single;
}

/**
 * The train outputs (column by column exactly as predictResidual computes its residuals), the test
 * outputs, both losses, and how many entries are kept (all, or those before a divergence).
 */
function outputsOnBasis(
  products: BasisProducts, plan: DynamicsPlan, lambdas: Float64Array, scale: number, targets: Float64Array[], f0Train: Float64Array[],
  test: TestSet | undefined, times: Float64Array,
): { train: Matrix[]; testOutputs?: Matrix[]; trainLoss: Float64Array; testLoss?: Float64Array; kept: number } {
  const n = lambdas.length, k = targets.length, count = times.length;
  const squares: Float64Array[] = [];
  const amplitudes: Matrix[] = [];
  const initial: Float64Array[] = [];
  let kept = count;
  for (let q = 0; q < k; q++) {
    const c0 = products.project(f0Train[q].map((f, i) => f - targets[q][i]));
    initial.push(c0);
    const a = new Matrix(count, n);
    const sq = new Float64Array(count);
    visitAmplitudes(plan, lambdas, c0, times, (e, c) => {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += c[i] * c[i];
      if (!Number.isFinite(sum) || e >= kept) {
        kept = Math.min(kept, e);
        return false;
      }
      sq[e] = sum;
      a.data.set(c, e * n);
      return true;
    });
    squares.push(sq);
    amplitudes.push(a);
  }
  // The test part's responses, G = diag(scale·σ)·Vᵀ(y − f₀), entries × n per column.
  let responses: Matrix | undefined;
  if (test) {
    responses = new Matrix(count * k, n);
    kept = Math.min(kept, fillResponses(plan, lambdas, scale, initial, times, responses, kept));
  }
  const train: Matrix[] = [];
  for (let q = 0; q < k; q++) {
    const f = products.expand(new Matrix(kept, n, amplitudes[q].data.slice(0, kept * n)));
    for (let e = 0; e < kept; e++) for (let i = 0; i < n; i++) f.data[e * n + i] += targets[q][i];
    train.push(f);
  }
  let testOutputs: Matrix[] | undefined;
  if (test && responses) {
    testOutputs = testPart(products, test, responses, k, count, kept);
    const finite = firstNonFinite(testOutputs);
    if (finite < kept) {
      kept = finite;
      const cut = (m: Matrix) => new Matrix(kept, m.cols, m.data.slice(0, kept * m.cols));
      testOutputs = testOutputs.map(cut);
      train.splice(0, k, ...train.map(cut));
    }
  }
  const trainLoss = new Float64Array(count).fill(Infinity);
  for (let e = 0; e < kept; e++) {
    let sum = 0;
    for (let q = 0; q < k; q++) sum += plan.loss === 'mean' ? squares[q][e] / Math.max(1, n) : 0.5 * squares[q][e];
    trainLoss[e] = sum;
  }
  const testLoss = test?.y && testOutputs ? lossOn(testOutputs, test.y, plan, count, kept) : undefined;
  return { train, testOutputs, trainLoss, testLoss, kept };
}

/** n for a kernel Matrix H, which must be square (eigh checks its symmetry later). */
function kernelOrder(fn: string, H: unknown): number {
  const m = requireMatrix(fn, 'H', H);
  if (m.rows !== m.cols) throw new RangeError(`${fn}: H must be a square kernel matrix (got ${m.shape})`);
  return m.rows;
}

function requireTestSet(fn: string, value: unknown, n: number, k: number): TestSet {
  const t = requireOptions(fn, value as OutputTestSet, ['kernel', 'f0', 'y'], 'test');
  if (t.kernel === undefined) throw new TypeError(`${fn}: test.kernel is missing: give K(X*, X), nTest × ${n}`);
  const kernel = requireMatrix(fn, 'test.kernel', t.kernel);
  if (kernel.cols !== n) throw new RangeError(`${fn}: test.kernel is ${kernel.shape} but must be nTest × ${n}: K(X*, X) has one column per training point (H is ${n}×${n})`);
  const entries = kernel.data;
  for (let i = 0; i < entries.length; i++) {
    if (!Number.isFinite(entries[i])) throw new RangeError(`${fn}: test.kernel has a non-finite entry ${entries[i]} at (${Math.floor(i / n)}, ${i % n})`);
  }
  const m = kernel.rows;
  const against = `test.kernel has ${m} rows`;
  const f0 = t.f0 === undefined ? Array.from({ length: k }, () => new Float64Array(m)) : requireColumns(fn, 'test.f0', t.f0, m, against, k);
  const y = t.y === undefined ? undefined : requireColumns(fn, 'test.y', t.y, m, against, k);
  return { kernel, f0, y };
}

/** The limit t → ∞ exists only if no mode grows: an eigenvalue below −nullCutoff is refused. */
function requireConvergent(fn: string, lambdas: Float64Array): void {
  const cutoff = nullCutoff(lambdas);
  let lowest = Infinity;
  for (let i = 0; i < lambdas.length; i++) lowest = Math.min(lowest, lambdas[i]);
  if (lowest < -cutoff) {
    throw new RangeError(`${fn}: the kernel has the negative eigenvalue ${lowest}, along which every optimizer diverges: the limit t = Infinity does not exist`);
  }
}

/**
 * Writes the rows of G (row q·count + e: scale·σⱼ(e)·wⱼ for column q, w = Vᵀ(y − f₀) = −c₀) and
 * returns the first entry (below `limit`) whose responses are not finite, or `limit`.
 * σ(∞) = 1/λⱼ above nullCutoff and 0 at or below it (the pseudo-inverse).
 */
function fillResponses(
  plan: DynamicsPlan, lambdas: Float64Array, scale: number, c0: Float64Array[], times: Float64Array, G: Matrix, limit: number,
): number {
  const n = lambdas.length;
  const count = times.length;
  const sigma = new Float64Array(n);
  const write = (e: number, s: Float64Array): boolean => {
    for (let j = 0; j < n; j++) if (!Number.isFinite(s[j])) return false;
    for (let q = 0; q < c0.length; q++) {
      const row = (q * count + e) * n, c = c0[q], g = G.data;
      for (let j = 0; j < n; j++) g[row + j] = -scale * s[j] * c[j];
    }
    return true;
  };
  const flow = plan.flow;
  if (flow) {
    const cutoff = nullCutoff(lambdas);
    for (let e = 0; e < limit; e++) {
      if (times[e] === Infinity) {
        for (let j = 0; j < n; j++) sigma[j] = lambdas[j] > cutoff ? 1 / lambdas[j] : 0;
      } else {
        flow.responses(lambdas, times[e], sigma);
      }
      if (!write(e, sigma)) return e;
    }
    return limit;
  }
  if (limit > 0) write(0, sigma); // σ(0) = 0
  const iteration = descriptorOf(plan.optimizer).responses(plan.optimizer, lambdas);
  for (let e = 1; e < limit; e++) {
    if (!write(e, iteration.advance(e - 1))) return e;
  }
  return limit;
}

/** f(X*) for the first `kept` entries of every column: f₀* + K*·(V·G), as two products. */
function testPart(products: BasisProducts, test: TestSet, G: Matrix, k: number, count: number, kept: number): Matrix[] {
  const n = G.cols;
  const nTest = test.kernel.rows;
  // the kept rows of every column, stacked: (k·kept) × n
  const stacked = kept === count ? G : new Matrix(k * kept, n);
  if (stacked !== G) for (let q = 0; q < k; q++) stacked.data.set(G.data.subarray(q * count * n, (q * count + kept) * n), q * kept * n);
  const outputs = products.expandThrough(stacked); // rows: (K*·V·G)ᵀ
  const result: Matrix[] = [];
  for (let q = 0; q < k; q++) {
    const f = new Matrix(kept, nTest, outputs.data.slice(q * kept * nTest, (q + 1) * kept * nTest));
    const f0 = test.f0[q];
    for (let e = 0; e < kept; e++) for (let i = 0; i < nTest; i++) f.data[e * nTest + i] += f0[i];
    result.push(f);
  }
  return result;
}

/** The first row index at which any of the matrices holds a non-finite entry, or their row count. */
function firstNonFinite(ms: Matrix[]): number {
  let first = ms.length ? ms[0].rows : 0;
  for (const m of ms) {
    for (let idx = 0; idx < Math.min(m.data.length, first * m.cols); idx++) {
      if (!Number.isFinite(m.data[idx])) {
        first = Math.floor(idx / m.cols);
        break;
      }
    }
  }
  return first;
}

/** The loss of the test outputs against their targets per entry, summed over columns; Infinity from `kept` on. */
function lossOn(outputs: Matrix[], targets: Float64Array[], plan: DynamicsPlan, count: number, kept: number): Float64Array {
  const loss = new Float64Array(count).fill(Infinity);
  const nTest = targets[0].length;
  for (let e = 0; e < kept; e++) {
    let sum = 0;
    for (let q = 0; q < outputs.length; q++) {
      let sq = 0;
      for (let i = 0; i < nTest; i++) {
        const d = outputs[q].data[e * nTest + i] - targets[q][i];
        sq += d * d;
      }
      sum += plan.loss === 'mean' ? sq / Math.max(1, nTest) : 0.5 * sq;
    }
    loss[e] = sum;
  }
  return loss;
}
