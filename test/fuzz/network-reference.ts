// Plain-TypeScript references for the two-layer ReLU network and the analytic NTK, from the
// formulas (docs/theory.md): u_i = s·Σ_r a_r·σ(w_rᵀx_i + b_r), s = 1/√m ('ntk') or 1 ('standard'),
// with the activation pattern 1{z ≥ 0} as the library defines it; the Jacobian by rows
// [s·a_r·1{z_ir ≥ 0}·x_i for each r | s·σ(z_ir) if a is trained | s·a_r·1{z_ir ≥ 0} if there is b].

import { Matrix } from '../../src/linalg/matrix';
import type { TwoLayerReLU } from '../../src/nn/two-layer-relu';

export interface Forward {
  z: Float64Array; // n × m pre-activations
  u: Float64Array;
  /** s·Σ_r |a_r|·(|b_r| + Σ_k |w_rk·x_ik|) over the active neurons: the scale of u's rounding error. */
  uMagnitude: Float64Array;
  /** Whether some pre-activation is so close to 0 that rounding may decide its pattern bit. */
  nearTie: boolean;
  s: number;
}

/** A network's parameters as plain arrays (what the references compute with). */
export interface Params {
  W: Float64Array; // m × d
  a: Float64Array;
  b?: Float64Array;
  m: number;
  d: number;
  s: number;
  trainA: boolean;
}

export function paramsOf(net: TwoLayerReLU): Params {
  return {
    W: net.W.data, a: net.a, b: net.b, m: net.width, d: net.inputDim,
    s: net.parameterization === 'ntk' ? 1 / Math.sqrt(net.width) : 1, trainA: net.trainOutputLayer,
  };
}

export function forward(net: TwoLayerReLU | Params, X: Matrix): Forward {
  const p = 'trainA' in net ? (net as Params) : paramsOf(net as TwoLayerReLU);
  const { W, a, b, m, d, s } = p;
  const n = X.rows;
  const z = new Float64Array(n * m), u = new Float64Array(n), uMagnitude = new Float64Array(n);
  let nearTie = false;
  for (let i = 0; i < n; i++) {
    let sum = 0, magnitude = 0;
    for (let r = 0; r < m; r++) {
      let acc = b ? b[r] : 0, scale = b ? Math.abs(b[r]) : 0;
      for (let k = 0; k < d; k++) {
        acc += W[r * d + k] * X.data[i * d + k];
        scale += Math.abs(W[r * d + k] * X.data[i * d + k]);
      }
      if (acc !== 0 && Math.abs(acc) <= 1e-9 * scale) nearTie = true;
      z[i * m + r] = acc;
      sum += a[r] * Math.max(acc, 0);
      if (acc >= 0) magnitude += Math.abs(a[r]) * scale;
    }
    u[i] = s * sum;
    uMagnitude[i] = s * magnitude;
  }
  return { z, u, uMagnitude, nearTie, s };
}

/** The dense Jacobian ∂u/∂θ, n × P, in the library's parameter order. */
export function jacobian(net: TwoLayerReLU | Params, X: Matrix, f = forward(net, X)): Matrix {
  const p = 'trainA' in net ? (net as Params) : paramsOf(net as TwoLayerReLU);
  const { m, d, a } = p;
  const n = X.rows;
  const hasBias = p.b !== undefined;
  const P = m * d + (p.trainA ? m : 0) + (hasBias ? m : 0);
  const J = new Matrix(n, P);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < m; r++) {
      const active = f.z[i * m + r] >= 0 ? 1 : 0;
      for (let k = 0; k < d; k++) J.data[i * P + r * d + k] = f.s * a[r] * active * X.data[i * d + k];
      let offset = m * d;
      if (p.trainA) {
        J.data[i * P + offset + r] = f.s * Math.max(f.z[i * m + r], 0);
        offset += m;
      }
      if (hasBias) J.data[i * P + offset + r] = f.s * a[r] * active;
    }
  }
  return J;
}

/** A·Bᵀ and |A|·|B|ᵀ (the scale of its rounding error), for small dense matrices. */
export function timesTransposed(A: Matrix, B: Matrix): { value: Matrix; magnitude: Matrix } {
  const value = new Matrix(A.rows, B.rows), magnitude = new Matrix(A.rows, B.rows);
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < B.rows; j++) {
      let s = 0, t = 0;
      for (let k = 0; k < A.cols; k++) {
        s += A.data[i * A.cols + k] * B.data[j * B.cols + k];
        t += Math.abs(A.data[i * A.cols + k] * B.data[j * B.cols + k]);
      }
      value.data[i * B.rows + j] = s;
      magnitude.data[i * B.rows + j] = t;
    }
  }
  return { value, magnitude };
}

/** ‖x‖ without overflow or underflow (scaled sum of squares). */
export function norm(x: ArrayLike<number>, start: number, end: number): number {
  let scale = 0;
  for (let i = start; i < end; i++) scale = Math.max(scale, Math.abs(x[i]));
  if (scale === 0) return 0;
  let sum = 0;
  for (let i = start; i < end; i++) sum += (x[i] / scale) ** 2;
  return scale * Math.sqrt(sum);
}

/** x·2^e without intermediate overflow or underflow (in steps of 2^±500). */
function ldexp(x: number, e: number): number {
  while (e > 500) { x *= 2 ** 500; e -= 500; }
  while (e < -500) { x *= 2 ** -500; e += 500; }
  return x * 2 ** e;
}

function exponentOf(x: number): number {
  return x === 0 ? 0 : Math.floor(Math.log2(x));
}

/**
 * The analytic NTK entry for rows x, y: ‖x‖‖y‖·k(θ) with k = cos θ·(π − θ)/(2π) for H∞, plus
 * (sin θ + (π − θ)·cos θ)/(2π) for K⁽ᵃ⁾; θ from the unit vectors as 2·atan2(‖u − v‖, ‖u + v‖).
 * The product is formed with exponents apart, so it is right (±Infinity when it overflows).
 */
export function analyticEntry(X: Matrix, i: number, Y: Matrix, j: number, both: boolean): { value: number; scale: number } {
  const d = X.cols;
  // Rows scaled by powers of two first (exact), so that norms of subnormal or huge rows keep
  // every bit; the exponents go back in at the end.
  const rowX = X.data.subarray(i * d, (i + 1) * d), rowY = Y.data.subarray(j * d, (j + 1) * d);
  const ex = exponentOf(rowX.reduce((m, v) => Math.max(m, Math.abs(v)), 0));
  const ey = exponentOf(rowY.reduce((m, v) => Math.max(m, Math.abs(v)), 0));
  const xs = rowX.map((v) => ldexp(v, -ex)), ys = rowY.map((v) => ldexp(v, -ey));
  const nx = norm(xs, 0, d), ny = norm(ys, 0, d);
  if (nx === 0 || ny === 0) return { value: 0, scale: 0 };
  let diff = 0, sum = 0;
  for (let k = 0; k < d; k++) {
    const u = xs[k] / nx, v = ys[k] / ny;
    diff += (u - v) ** 2;
    sum += (u + v) ** 2;
  }
  const theta = 2 * Math.atan2(Math.sqrt(diff), Math.sqrt(sum));
  let k = (Math.cos(theta) * (Math.PI - theta)) / (2 * Math.PI);
  if (both) k += (Math.sin(theta) + (Math.PI - theta) * Math.cos(theta)) / (2 * Math.PI);
  return { value: ldexp(nx * ny * k, ex + ey), scale: ldexp(nx * ny, ex + ey) };
}

/** The trained parameters θ = (vec W, a if trained, b if present) as one vector, and back. */
function flatten(p: Params): Float64Array {
  return Float64Array.from([...p.W, ...(p.trainA ? p.a : []), ...(p.b ?? [])]);
}

function unflatten(p: Params, theta: Float64Array): Params {
  const md = p.m * p.d;
  const W = theta.slice(0, md);
  const a = p.trainA ? theta.slice(md, md + p.m) : p.a;
  const b = p.b ? theta.slice(theta.length - p.m) : undefined;
  return { ...p, W, a, b };
}

export interface ReferenceRun {
  status: 'completed' | 'diverged' | 'converged' | 'aborted';
  steps: number[];
  loss: number[];
  /** ‖W(k) − W(0)‖_F at the recorded steps (at x_k for Nesterov). */
  weightDrift: number[];
  final: Params;
  /** A pre-activation came within rounding of 0 on the way: a pattern bit may differ, so values too. */
  nearTie: boolean;
}

type TrainOptimizer =
  | { kind: 'gd'; lr: number } | { kind: 'heavy-ball'; lr: number; momentum: number } | { kind: 'nesterov'; lr: number; damping: number }
  | { kind: 'nesterov-sc'; lr: number; momentum: number } | { kind: 'two-momentum'; lr: number; beta1: number; beta2: number }
  | { kind: 'qhm'; lr: number; momentum: number; nu: number };

/**
 * Full-batch training from the formulas: θ ← θ − η∇L (+ β(θ_k − θ_{k−1}) for heavy ball, + the
 * second term for two-momentum); Nesterov as x_{k+1} = y_k − η∇L(y_k), y_{k+1} = x_{k+1} +
 * β_{k+1}(x_{k+1} − x_k) with β_{k+1} = k/(k + ρ) (NAG-C) or β (NAG-SC), its loss recorded at x_k;
 * QHM (Ma & Yarats 2019) as b ← βb + (1 − β)∇L from b = 0, θ ← θ − η((1 − ν)∇L + νb).
 * The run stops as the library documents: diverged when the loss exceeds factor × its start (or is
 * not finite), converged when it is at most the tolerance.
 */
export function referenceTrain(
  start: Params, X: Matrix, y: ArrayLike<number>, o: TrainOptimizer, steps: number,
  opts: { loss: 'half-sum' | 'mean'; every: number; tolerance: number; divergenceFactor: number; aborted: boolean },
): ReferenceRun {
  const n = X.rows;
  const gScale = opts.loss === 'mean' ? 2 / Math.max(1, n) : 1;
  const lossAt = (r: Float64Array) => {
    const sq = r.reduce((acc, v) => acc + v * v, 0);
    return opts.loss === 'mean' ? sq / Math.max(1, n) : 0.5 * sq;
  };
  let nearTie = false;
  const evaluate = (theta: Float64Array) => {
    const p = unflatten(start, theta);
    const f = forward(p, X);
    if (f.nearTie) nearTie = true;
    const r = f.u.map((u, i) => u - y[i]);
    const J = jacobian(p, X, f);
    const g = new Float64Array(theta.length);
    for (let i = 0; i < n; i++) for (let q = 0; q < theta.length; q++) g[q] += J.data[i * J.cols + q] * gScale * r[i];
    return { loss: lossAt(r), g };
  };
  const isNesterov = o.kind === 'nesterov' || o.kind === 'nesterov-sc';
  let theta: Float64Array = flatten(start); // the point where gradients are taken (y_k for Nesterov)
  let prev: Float64Array = theta.slice(), prev2: Float64Array = theta.slice(); // θ_{k−1}, θ_{k−2}; x_k for Nesterov in prev
  const run: ReferenceRun = { status: 'completed', steps: [], loss: [], weightDrift: [], final: start, nearTie: false };
  const md = start.m * start.d;
  const driftOf = (t: Float64Array) => Math.sqrt(t.subarray(0, md).reduce((acc, v, q) => acc + (v - start.W[q]) ** 2, 0));
  let initial = NaN;
  const average = new Float64Array(theta.length); // QHM's b
  const qhmStep = (t: Float64Array, g: Float64Array, q: { lr: number; momentum: number; nu: number }) => t.map((v, i) => {
    average[i] = q.momentum * average[i] + (1 - q.momentum) * g[i];
    return v - q.lr * ((1 - q.nu) * g[i] + q.nu * average[i]);
  });
  for (let k = 0; ; k++) {
    const here = evaluate(theta);
    const iterate = isNesterov ? prev : theta;
    const lossNow = isNesterov ? evaluate(iterate).loss : here.loss;
    if (k === 0) initial = lossNow;
    const recorded = k % opts.every === 0 || k === steps;
    if (recorded) {
      run.steps.push(k);
      run.loss.push(lossNow);
      run.weightDrift.push(driftOf(iterate));
    }
    const diverges = (loss: number) => !Number.isFinite(loss) || loss > opts.divergenceFactor * Math.max(initial, Number.MIN_VALUE);
    const converges = (loss: number) => opts.tolerance > 0 && loss <= opts.tolerance;
    // As documented for NAG: between records the loss at the gradient point y_k screens, and the
    // verdict is the iterate's (every step when a tolerance is set).
    const screened = !isNesterov || recorded || opts.tolerance > 0 || diverges(here.loss) || converges(here.loss);
    if (screened && diverges(lossNow)) { run.status = 'diverged'; break; }
    if (screened && converges(lossNow)) { run.status = 'converged'; break; }
    if (k >= steps) break;
    if (opts.aborted) { run.status = 'aborted'; break; }
    const next = o.kind === 'qhm' ? qhmStep(theta, here.g, o) : theta.map((v, q) => v - o.lr * here.g[q]);
    if (o.kind === 'heavy-ball') for (let q = 0; q < next.length; q++) next[q] += o.momentum * (theta[q] - prev[q]);
    if (o.kind === 'two-momentum') for (let q = 0; q < next.length; q++) next[q] += o.beta1 * (theta[q] - prev[q]) + o.beta2 * (prev[q] - prev2[q]);
    if (isNesterov) {
      // next is x_{k+1}; theta becomes y_{k+1}
      const beta = o.kind === 'nesterov-sc' ? o.momentum : k / (k + 1 + o.damping - 1);
      const x = next;
      theta = x.map((v, q) => v + beta * (v - prev[q]));
      prev = x;
    } else {
      prev2 = prev;
      prev = theta;
      theta = next;
    }
  }
  run.final = unflatten(start, isNesterov ? prev : theta);
  run.nearTie = nearTie;
  return run;
}
