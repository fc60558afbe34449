// Plain-TypeScript references for the residual dynamics (docs/theory.md): the optimizers'
// recurrences run on the full residual vector with the kernel matrix (no eigendecomposition), and
// their ODE limits integrated by the classical fixed-step Runge–Kutta method of order 4 (Hairer,
// Nørsett & Wanner, "Solving ODEs I", §II.1) with a small step: both independent of the library's
// per-eigenmode closed forms.

import type { Optimizer } from '../../src/optimizers/registry';

function matVec(K: Float64Array, n: number, x: Float64Array): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += K[i * n + j] * x[j];
    out[i] = s;
  }
  return out;
}

/** ‖x‖₂, scaled by max|x| so that tiny entries do not underflow when squared. */
function norm(x: Float64Array): number {
  const s = x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  if (s === 0 || !Number.isFinite(s)) return s;
  return s * Math.sqrt(x.reduce((acc, v) => acc + (v / s) ** 2, 0));
}

/** ‖r_k‖ for k = 0 … steps under the optimizer's own recurrence with kernel K (n × n, row-major). */
export function discreteNorms(o: Optimizer, K: Float64Array, n: number, r0: Float64Array, steps: number): Float64Array {
  const out = new Float64Array(steps + 1);
  let cur: Float64Array = r0.slice(), prev: Float64Array = r0.slice(), prev2: Float64Array = r0.slice();
  let buffer = new Float64Array(n); // QHM's averaged gradient b, with b₋₁ = 0 (Ma & Yarats)
  const eta = o.lr;
  for (let k = 0; k <= steps; k++) {
    out[k] = norm(cur);
    if (k === steps) break;
    let next: Float64Array;
    switch (o.kind) {
      case 'gd': {
        const Kr = matVec(K, n, cur);
        next = cur.map((v, i) => v - eta * Kr[i]);
        break;
      }
      case 'heavy-ball': {
        const Kr = matVec(K, n, cur);
        next = cur.map((v, i) => v - eta * Kr[i] + o.momentum * (v - prev[i]));
        break;
      }
      case 'nesterov':
      case 'nesterov-sc': {
        const beta = k === 0 ? 0 : o.kind === 'nesterov-sc' ? o.momentum : (k - 1) / (k + o.damping - 1);
        const y = cur.map((v, i) => v + beta * (v - prev[i]));
        const Ky = matVec(K, n, y);
        next = y.map((v, i) => v - eta * Ky[i]);
        break;
      }
      case 'two-momentum': {
        const Kr = matVec(K, n, cur);
        next = cur.map((v, i) => v - eta * Kr[i] + o.beta1 * (v - prev[i]) + o.beta2 * (prev[i] - prev2[i]));
        break;
      }
      case 'qhm': {
        // in residual space the gradient is K·r: b ← βb + (1 − β)r, r ← r − ηK((1 − ν)r + νb)
        buffer = buffer.map((b, i) => o.momentum * b + (1 - o.momentum) * cur[i]);
        const step = cur.map((v, i) => (1 - o.nu) * v + o.nu * buffer[i]);
        const Ks = matVec(K, n, step);
        next = cur.map((v, i) => v - eta * Ks[i]);
        break;
      }
    }
    prev2 = prev;
    prev = cur;
    cur = next;
  }
  return out;
}

export interface FlowSettings {
  limit: 'first-order' | 'second-order';
  resolution: 'low' | 'high';
}

/**
 * ‖r(t)‖ at the given times for the optimizer's ODE limit with kernel K, from r(0) = r0, ṙ(0) = 0:
 *   GD ṙ = −Kr; HB first-order ṙ = −Kr/(1 − β);
 *   second order: m·r̈ + (γ + c·K)·ṙ + κ·K·r = 0 with
 *   HB low: m = 1, γ = (1 − β)/√η, κ = 1; HB high: γ = 2q/√η, κ = 1 + q, q = (1 − β)/(1 + β);
 *   NAG-SC low: γ = 2q/√η; NAG-SC high: γ = 2q/√η, c = √η, κ = 1 + q;
 *   NAG-C: γ = ρ/t; two-momentum: m = 1 + β₂, γ = (1 − β₁ − β₂)/√η.
 */
export function flowNorms(o: Optimizer, settings: FlowSettings, K: Float64Array, n: number, r0: Float64Array, times: Float64Array): Float64Array {
  // Integrate through the times in ascending order; report in the order given.
  const order = Array.from(times.keys()).sort((i, j) => times[i] - times[j]);
  const sorted = Float64Array.from(order, (i) => times[i]);
  const norms = flowNormsAscending(o, settings, K, n, r0, sorted);
  const out = new Float64Array(times.length);
  order.forEach((i, k) => { out[i] = norms[k]; });
  return out;
}

function flowNormsAscending(o: Optimizer, settings: FlowSettings, K: Float64Array, n: number, r0: Float64Array, times: Float64Array): Float64Array {
  const out = new Float64Array(times.length);
  const sqrtEta = Math.sqrt(o.lr);
  // QHM's first-order limit is GD's flow (Ma & Yarats; docs/theory.md#qhm)
  if (o.kind === 'gd' || (o.kind === 'qhm' && settings.limit === 'first-order') || (o.kind === 'heavy-ball' && settings.limit === 'first-order')) {
    const c = o.kind === 'heavy-ball' ? 1 / (1 - o.momentum) : 1;
    const rhs = (r: Float64Array) => matVec(K, n, r).map((v) => -c * v);
    let r: Float64Array = r0.slice(), t = 0;
    for (let k = 0; k < times.length; k++) {
      [r, t] = rk4(rhs, r, t, times[k]);
      out[k] = norm(r);
    }
    return out;
  }
  const high = settings.resolution === 'high';
  let mass = 1, gamma = (_t: number) => 0, damping = 0, kappa = 1;
  switch (o.kind) {
    case 'heavy-ball': {
      const q = (1 - o.momentum) / (1 + o.momentum);
      gamma = high ? () => (2 * q) / sqrtEta : () => (1 - o.momentum) / sqrtEta;
      if (high) kappa = 1 + q;
      break;
    }
    case 'nesterov-sc': {
      const q = (1 - o.momentum) / (1 + o.momentum);
      gamma = () => (2 * q) / sqrtEta;
      if (high) { damping = sqrtEta; kappa = 1 + q; }
      break;
    }
    case 'nesterov':
      gamma = (t) => o.damping / t;
      break;
    case 'two-momentum':
      mass = 1 + o.beta2;
      gamma = () => (1 - o.beta1 - o.beta2) / sqrtEta;
      break;
    case 'qhm': {
      // r̈ + (γ + (1 − ν)K/γ)ṙ + K·r = 0, γ = √((1 − β)/η), ṙ(0) = −(1 − ν)K·r₀/γ (set below)
      const g = Math.sqrt((1 - o.momentum) / o.lr);
      gamma = () => g;
      damping = (1 - o.nu) / g;
      break;
    }
  }
  // State (r, v = ṙ); r̈ = −((γ(t) + c·K)·v + κ·K·r)/m
  const rhs = (state: Float64Array, t: number) => {
    const r = state.subarray(0, n), v = state.subarray(n);
    const Kr = matVec(K, n, r), Kv = matVec(K, n, v);
    const g = gamma(t);
    const d = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      d[i] = v[i];
      d[n + i] = -(g * v[i] + damping * Kv[i] + kappa * Kr[i]) / mass;
    }
    return d;
  };
  let state: Float64Array = new Float64Array(2 * n);
  state.set(r0);
  let t = 0;
  if (o.kind === 'qhm') {
    const g = Math.sqrt((1 - o.momentum) / o.lr);
    const Kr0 = matVec(K, n, r0);
    for (let i = 0; i < n; i++) state[n + i] = (-(1 - o.nu) * Kr0[i]) / g;
  }
  if (o.kind === 'nesterov') {
    // ρ/t is singular at 0: start at t₀ = 1e-3 from the series r ≈ r0 − K·r0·t²/(2(1 + ρ)),
    // ṙ ≈ −K·r0·t/(1 + ρ) (next terms O(t⁴‖K‖²)), and keep steps below t/20 while ρ/t is large.
    t = 1e-3;
    const Kr0 = matVec(K, n, r0);
    for (let i = 0; i < n; i++) {
      state[i] = r0[i] - (Kr0[i] * t * t) / (2 * (1 + o.damping));
      state[n + i] = (-Kr0[i] * t) / (1 + o.damping);
    }
  }
  for (let k = 0; k < times.length; k++) {
    if (times[k] <= t) {
      out[k] = norm(state.subarray(0, n));
      continue;
    }
    [state, t] = rk4((s, tt) => rhs(s, tt), state, t, times[k], o.kind === 'nesterov');
    out[k] = norm(state.subarray(0, n));
  }
  return out;
}

/** Classical RK4 from t0 to t1 with steps of at most 2e-3 (and t/20 when `graded`). */
function rk4(f: (y: Float64Array, t: number) => Float64Array, y0: Float64Array, t0: number, t1: number, graded = false): [Float64Array, number] {
  let y: Float64Array = y0.slice();
  let t = t0;
  while (t < t1) {
    const h = Math.min(2e-3, graded ? t / 20 : Infinity, t1 - t);
    const k1 = f(y, t);
    const k2 = f(y.map((v, i) => v + 0.5 * h * k1[i]), t + 0.5 * h);
    const k3 = f(y.map((v, i) => v + 0.5 * h * k2[i]), t + 0.5 * h);
    const k4 = f(y.map((v, i) => v + h * k3[i]), t + h);
    y = y.map((v, i) => v + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
    t = t + h >= t1 - 1e-15 * t1 ? t1 : t + h;
  }
  return [y, t1];
}
