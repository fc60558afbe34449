// Heavy ball with a second momentum term, the authors' "higher momentum" (docs/theory.md#two-momentum):
//   θ_{k+1} = θ_k − η·g_k + β₁(θ_k − θ_{k−1}) + β₂(θ_{k−1} − θ_{k−2}),  θ_{−2} = θ_{−1} = θ₀.
// On a mode c_{k+1} = (1 − ηλ + β₁)c_k + (β₂ − β₁)c_{k−1} − β₂c_{k−2}. Its flow is the oscillator
// (1 + β₂)r̈ + γṙ + Hr = 0, γ = (1 − β₁ − β₂)/√η, in t = k√η.

import { oscillatorDecayRate, oscillatorModes, oscillatorResponses } from '../math/oscillator';
import { factoryNaming, factoryOptions, finite, positive } from './checks';
import type { OptimizerDescriptor } from './descriptor';
import { contractions, historyRecurrence, historyResponses, type HistoryUpdate } from './history';

export type TwoMomentumOptimizer = { readonly kind: 'two-momentum'; readonly lr: number; readonly beta1: number; readonly beta2: number };

/** c_{k+1} = (β₁ + 1 − ηλ)·c_k + (β₂ − β₁)·c_{k−1} − β₂·c_{k−2} on every mode. */
function twoMomentumUpdate(o: TwoMomentumOptimizer, lambdas: Float64Array): HistoryUpdate {
  const contraction = contractions(o.lr, lambdas);
  const { beta1, beta2 } = o;
  return (_k, next, cur, prev, prev2) => {
    const q = contraction, b1 = beta1, b2 = beta2, n = next.length;
    for (let i = 0; i < n; i++) next[i] = (b1 + q[i]) * cur[i] + (b2 - b1) * prev[i] - b2 * prev2[i];
  };
}

export const TWO_MOMENTUM: OptimizerDescriptor<TwoMomentumOptimizer> = {
  kind: 'two-momentum',
  alias: 'two-momentum',
  title: 'two-momentum',
  factory: 'twoMomentum',
  hyperparameters: [
    { name: 'beta1', meaning: 'first momentum β₁', default: 0.2 },
    { name: 'beta2', meaning: 'second momentum β₂', default: 0.2 },
  ],

  parse: (fields, naming) => {
    const lr = positive(naming, 'lr', fields.lr);
    const beta1 = finite(naming, 'beta1', fields.beta1);
    const beta2 = finite(naming, 'beta2', fields.beta2);
    // Schur–Cohn conditions for z² − β₁z − β₂: |β₂| < 1 and |β₁| < 1 − β₂.
    if (!(Math.abs(beta2) < 1 && Math.abs(beta1) < 1 - beta2)) {
      throw new RangeError(
        `${naming.values([['beta1', beta1], ['beta2', beta2]])}: z² − β₁z − β₂ has a root on or outside the unit circle, ` +
          'so the iteration would diverge for every step; need |β₂| < 1 and |β₁| < 1 − β₂',
      );
    }
    return Object.freeze({ kind: 'two-momentum', lr, beta1, beta2 });
  },
  label: (o) => `2-momentum η=${o.lr} β₁=${o.beta1} β₂=${o.beta2}`,
  runName: (o) => `β₁=${o.beta1}, β₂=${o.beta2}`,

  // the two previous iterates, θ_{−1} = θ_{−2} = θ₀
  initialState: () => ['theta0', 'theta0'],
  iterateState: null,
  step: (o, _k, t, kernels) => kernels.momentum_step_f64(t.length, t.param, t.grad, t.state[0], t.state[1], o.lr, o.beta1, o.beta2),

  modes: (o, lambdas, c0) => historyRecurrence(c0, twoMomentumUpdate(o, lambdas)),
  responses: (o, lambdas) => historyResponses(lambdas.length, o.lr, twoMomentumUpdate(o, lambdas)),
  maxStableLearningRate: (o, lambdaMax) => {
    // A real root of z³ − (1 + β₁ − ηλ)z² − (β₂ − β₁)z + β₂ crosses −1 at ηλ = 2(1 + β₁ − β₂); for
    // β₂ < 0 a complex pair leaves the unit circle first, at ηλ = (1 + β₂)(1 − β₁ − β₂)/|β₂|
    // (checked against the roots numerically).
    const { beta1, beta2 } = o;
    const complexPair = beta2 < 0 ? ((1 + beta2) * (1 - beta1 - beta2)) / -beta2 : Infinity;
    return Math.min(2 * (1 + beta1 - beta2), complexPair) / lambdaMax;
  },
  timeMap: (o) => ({ scale: Math.sqrt(o.lr), name: 't = k·√η' }),
  flow: (o) => {
    const mass = 1 + o.beta2;
    return {
      equation: '(1 + β₂)·r̈ + γ·ṙ + H·r = 0, γ = (1 − β₁ − β₂)/√η',
      factors: (lambdas, t, factors) => oscillatorModes(lambdas, 1 / mass, (1 - o.beta1 - o.beta2) / Math.sqrt(o.lr) / mass, t, factors),
      // a solves ä + (γ/M)ȧ + (λ/M)a = 0, so σ = (1 − a)/λ = P(λ/M, γ/M)/M
      responses: (lambdas, t, responses) => oscillatorResponses(lambdas, 1 / mass, (1 - o.beta1 - o.beta2) / Math.sqrt(o.lr) / mass, t, responses),
    };
  },
  theoreticalRate: (o, { lambda0 }) => {
    const mass = 1 + o.beta2;
    const gamma = (1 - o.beta1 - o.beta2) / Math.sqrt(o.lr);
    const rate = 2 * oscillatorDecayRate(gamma / mass, lambda0 / mass);
    return { kind: 'linear', rate, description: `linear, L ~ e^(−${rate.toPrecision(4)}t)` };
  },
};

/**
 * Heavy ball with a second momentum term (the authors' "higher momentum"). Stable only when both
 * roots of z² − β₁z − β₂ lie strictly inside the unit circle, which is checked.
 */
export function twoMomentum(opts: { lr: number; beta1: number; beta2: number }): TwoMomentumOptimizer {
  return TWO_MOMENTUM.parse(factoryOptions(TWO_MOMENTUM, 'twoMomentum', opts), factoryNaming('twoMomentum'));
}
