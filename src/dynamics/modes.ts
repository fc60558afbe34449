// Per-eigenmode evolution of the residual r = u − y under each optimizer, for a constant kernel
// H = Σ λᵢvᵢvᵢᵀ (docs/theory.md#closed-forms): cᵢ = vᵢᵀr evolves independently of the other modes.
//   flow:     the optimizer's ODE limit, with its time map t(k);
//   discrete: the optimizer's own recurrence on cᵢ, exact for constant H (no η → 0 error).

import type { Optimizer } from '../optimizers/optimizers';
import { besselScaledModes } from '../math/bessel';
import { dampedOscillator } from '../math/oscillator';

export type FlowLimit = 'first-order' | 'second-order';
export type Resolution = 'low' | 'high';

export interface FlowSettings {
  /** Heavy ball as a first-order flow (fixed β, t = kη) or a damped oscillator (t = k√η). */
  limit: FlowLimit;
  /** 'high': the high-resolution ODEs of Shi et al. for HB and NAG-SC. */
  resolution: Resolution;
}

/** The ODE time of step k, and the name of the map. */
export function timeMap(o: Optimizer, settings: FlowSettings): { scale: number; name: string } {
  const secondOrder = o.kind === 'nesterov' || o.kind === 'nesterov-sc' || o.kind === 'two-momentum' ||
    (o.kind === 'heavy-ball' && settings.limit === 'second-order');
  return secondOrder ? { scale: Math.sqrt(o.lr), name: 't = k·√η' } : { scale: o.lr, name: 't = k·η' };
}

/** The ODE the flow solves, for the result's description. */
export function flowEquation(o: Optimizer, settings: FlowSettings): string {
  const high = settings.resolution === 'high';
  switch (o.kind) {
    case 'gd': return 'ṙ = −H·r';
    case 'heavy-ball':
      if (settings.limit === 'first-order') return 'ṙ = −H·r/(1 − β)';
      return high ? 'r̈ + 2√μ·ṙ + (1 + √(μη))·H·r = 0, √(μη) = (1 − β)/(1 + β)' : 'r̈ + γ·ṙ + H·r = 0, γ = (1 − β)/√η';
    case 'nesterov': return 'r̈ + (ρ/t)·ṙ + H·r = 0';
    case 'nesterov-sc':
      return high ? 'r̈ + (2√μ + √η·H)·ṙ + (1 + √(μη))·H·r = 0, √(μη) = (1 − β)/(1 + β)' : 'r̈ + 2√μ·ṙ + H·r = 0, √(μη) = (1 − β)/(1 + β)';
    case 'two-momentum': return '(1 + β₂)·r̈ + γ·ṙ + H·r = 0, γ = (1 − β₁ − β₂)/√η';
  }
}

/** factors[i] ← cᵢ(t)/cᵢ(0) under the flow, for every eigenvalue λᵢ, with ċ(0) = 0. */
export function flowFactors(o: Optimizer, settings: FlowSettings, lambdas: Float64Array, t: number, factors: Float64Array): void {
  const n = lambdas.length;
  const eta = o.lr;
  const high = settings.resolution === 'high';
  switch (o.kind) {
    case 'gd':
      for (let i = 0; i < n; i++) factors[i] = Math.exp(-lambdas[i] * t);
      return;
    case 'heavy-ball': {
      const beta = o.momentum;
      if (settings.limit === 'first-order') {
        for (let i = 0; i < n; i++) factors[i] = Math.exp((-lambdas[i] * t) / (1 - beta));
        return;
      }
      if (high) {
        const sqrtMuEta = (1 - beta) / (1 + beta);
        const gamma = (2 * sqrtMuEta) / Math.sqrt(eta);
        for (let i = 0; i < n; i++) factors[i] = dampedOscillator((1 + sqrtMuEta) * lambdas[i], gamma, 1, 0, t);
        return;
      }
      oscillatorFactors(lambdas, 1, (1 - beta) / Math.sqrt(eta), t, factors);
      return;
    }
    case 'nesterov': {
      const nu = (o.damping - 1) / 2;
      if (!Number.isInteger(2 * nu)) throw new RangeError(`predictResidual: the NAG-C flow needs an integer damping ρ (got ${o.damping})`);
      besselScaledModes(nu, lambdas, t, factors);
      return;
    }
    case 'nesterov-sc': {
      const sqrtMuEta = (1 - o.momentum) / (1 + o.momentum);
      const gamma = (2 * sqrtMuEta) / Math.sqrt(eta);
      if (!high) {
        oscillatorFactors(lambdas, 1, gamma, t, factors);
        return;
      }
      for (let i = 0; i < n; i++) factors[i] = dampedOscillator((1 + sqrtMuEta) * lambdas[i], gamma + Math.sqrt(eta) * lambdas[i], 1, 0, t);
      return;
    }
    case 'two-momentum': {
      const mass = 1 + o.beta2;
      oscillatorFactors(lambdas, 1 / mass, (1 - o.beta1 - o.beta2) / Math.sqrt(eta) / mass, t, factors);
      return;
    }
  }
}

/**
 * factors[i] ← the oscillator c̈ + γċ + (scale·λᵢ)c = 0 from (1, 0) at t, for every mode: the same
 * as dampedOscillator, with the decay e^{−γt/2} of the under-damped modes computed once.
 */
function oscillatorFactors(lambdas: Float64Array, scale: number, gamma: number, t: number, factors: Float64Array): void {
  const decay = Math.exp(-0.5 * gamma * t);
  const quarter = 0.25 * gamma * gamma;
  for (let i = 0; i < lambdas.length; i++) {
    const lambda = scale * lambdas[i];
    const w2 = lambda - quarter;
    if (w2 > 0) {
      const w = Math.sqrt(w2);
      factors[i] = decay * (Math.cos(w * t) + ((0.5 * gamma) * Math.sin(w * t)) / w);
    } else {
      factors[i] = dampedOscillator(lambda, gamma, 1, 0, t);
    }
  }
}

/**
 * Runs the optimizer's recurrence on every mode for `steps` steps (or until visit returns false),
 * calling visit(k, c) with the
 * amplitudes c of the iterate θ_k (x_k for NAG, not the extrapolated point y_k where it takes its
 * gradient: the check values docs/theory.md#c4 and #c5 are for x_k) for k = 0 … steps. O(n) per step.
 */
export function discreteModes(o: Optimizer, lambdas: Float64Array, c0: Float64Array, steps: number, visit: (k: number, c: Float64Array) => boolean | void): void {
  const n = lambdas.length;
  const eta = o.lr;
  // Four buffers rotate (θ_{k+1}, θ_k, θ_{k−1}, θ_{k−2}; x for NAG): no allocation per step.
  let cur = Float64Array.from(c0);
  let prev = Float64Array.from(c0);
  let prev2 = Float64Array.from(c0);
  let next = new Float64Array(n);
  const contraction = lambdas.map((l) => 1 - eta * l);
  for (let k = 0; k <= steps; k++) {
    if (visit(k, cur) === false) return;
    switch (o.kind) {
      case 'gd':
        for (let i = 0; i < n; i++) next[i] = contraction[i] * cur[i];
        break;
      case 'heavy-ball': {
        const b = o.momentum;
        for (let i = 0; i < n; i++) next[i] = (b + contraction[i]) * cur[i] - b * prev[i];
        break;
      }
      case 'nesterov':
      case 'nesterov-sc': {
        // x_{k+1} = (1 − ηλ)·y_k, y_k = x_k + β_k(x_k − x_{k−1}); β_k = (k − 1)/(k + ρ − 1) for
        // NAG-C (0 at k = 0, as y₀ = x₀)
        const beta = o.kind === 'nesterov-sc' ? (k === 0 ? 0 : o.momentum) : k === 0 ? 0 : (k - 1) / (k + o.damping - 1);
        for (let i = 0; i < n; i++) next[i] = contraction[i] * (cur[i] + beta * (cur[i] - prev[i]));
        break;
      }
      case 'two-momentum': {
        const { beta1, beta2 } = o;
        for (let i = 0; i < n; i++) next[i] = (beta1 + contraction[i]) * cur[i] + (beta2 - beta1) * prev[i] - beta2 * prev2[i];
        break;
      }
    }
    const recycled = prev2;
    prev2 = prev;
    prev = cur;
    cur = next;
    next = recycled;
  }
}

/**
 * Whether the discrete iteration is stable on the largest eigenvalue (docs/theory.md#stability): GD needs
 * η < 2/λ_max, HB η < 2(1 + β)/λ_max, NAG-SC η < (2 + 2β)/((1 + 2β)λ_max); NAG-C (β_k → 1)
 * η < 4/(3λ_max), the NAG-SC bound at β = 1; two-momentum η < 2(1 + β₁ − β₂)/λ_max, where a
 * root of z³ − (1 + β₁ − ηλ)z² − (β₂ − β₁)z + β₂ crosses −1 (with β₂ = 0, the HB bound), or for
 * β₂ < 0 the smaller (1 + β₂)(1 − β₁ − β₂)/(|β₂|·λ_max), where two complex roots reach |z| = 1.
 */
export function maxStableLearningRate(o: Optimizer, lambdaMax: number): number {
  if (lambdaMax < 0) return 0; // a negative curvature grows for every step
  if (!(lambdaMax > 0)) return Infinity; // H = 0: nothing moves
  switch (o.kind) {
    case 'gd': return 2 / lambdaMax;
    case 'heavy-ball': return (2 * (1 + o.momentum)) / lambdaMax;
    case 'nesterov-sc': return (2 + 2 * o.momentum) / ((1 + 2 * o.momentum) * lambdaMax);
    case 'nesterov': return 4 / (3 * lambdaMax);
    case 'two-momentum': {
      // A real root crosses −1 at ηλ = 2(1 + β₁ − β₂); for β₂ < 0 a complex pair leaves the unit
      // circle first, at ηλ = (1 + β₂)(1 − β₁ − β₂)/|β₂| (checked against the roots numerically).
      const { beta1, beta2 } = o;
      const complexPair = beta2 < 0 ? ((1 + beta2) * (1 - beta1 - beta2)) / -beta2 : Infinity;
      return Math.min(2 * (1 + beta1 - beta2), complexPair) / lambdaMax;
    }
  }
}
