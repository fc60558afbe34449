// Nesterov's method with constant momentum, NAG-SC (docs/theory.md#nag-sc):
//   x_{k+1} = y_k − η·∇L(y_k),  y_{k+1} = x_{k+1} + β·(x_{k+1} − x_k),  y₀ = x₀.
// The network's weights hold y (where the gradient is taken), the state holds x, the recorded
// iterate. On a mode x_{k+1} = (1 − ηλ)·(x_k + β_k(x_k − x_{k−1})), β₀ = 0; stable for
// η < (2 + 2β)/((1 + 2β)λ_max). Its flow is the oscillator r̈ + 2√μ·ṙ + H·r = 0 with
// √(μη) = (1 − β)/(1 + β), in t = k√η (high resolution: the ODE of Shi et al.).

import { dampedOscillator, oscillatorDecayRate, oscillatorModes, oscillatorResponses, oscillatorStepResponse } from '../math/oscillator';
import { inUnitInterval, positive } from './checks';
import type { ModeIteration, OptimizerDescriptor } from './descriptor';
import { contractions, historyRecurrence, historyResponses, type HistoryUpdate } from './history';

export type NesterovScOptimizer = { readonly kind: 'nesterov-sc'; readonly lr: number; readonly momentum: number };

/**
 * The recurrence of both Nesterov methods on the modes: x_{k+1} = (1 − ηλ)·(x_k + β_k·(x_k − x_{k−1})),
 * with momentum(k) = β_k (0 at k = 0, as y₀ = x₀).
 */
export function nesterovModes(lr: number, lambdas: Float64Array, c0: Float64Array, momentum: (k: number) => number): ModeIteration {
  return historyRecurrence(c0, nesterovUpdate(lr, lambdas, momentum));
}

/** The accumulated responses of both Nesterov methods: σ_{k+1} = (1 − ηλ)·(σ_k + β_k·(σ_k − σ_{k−1})) + η. */
export function nesterovResponses(lr: number, lambdas: Float64Array, momentum: (k: number) => number): ModeIteration {
  return historyResponses(lambdas.length, lr, nesterovUpdate(lr, lambdas, momentum));
}

function nesterovUpdate(lr: number, lambdas: Float64Array, momentum: (k: number) => number): HistoryUpdate {
  const contraction = contractions(lr, lambdas);
  return (k, next, cur, prev) => {
    const beta = momentum(k), q = contraction, n = next.length;
    for (let i = 0; i < n; i++) next[i] = q[i] * (cur[i] + beta * (cur[i] - prev[i]));
  };
}

export const NESTEROV_SC: OptimizerDescriptor<NesterovScOptimizer> = {
  kind: 'nesterov-sc',
  alias: 'nag-sc',
  title: 'NAG-SC',
  factory: 'nesterov',
  hyperparameters: [{ name: 'momentum', meaning: 'momentum β', default: 0.9 }],

  parse: (fields, naming) =>
    Object.freeze({ kind: 'nesterov-sc', lr: positive(naming, 'lr', fields.lr), momentum: inUnitInterval(naming, 'momentum', fields.momentum) }),
  label: (o) => `NAG-SC η=${o.lr} β=${o.momentum}`,
  runName: (o) => `NAG-SC β=${o.momentum}`,

  // x, the iterate: x₀ = y₀ = θ₀
  initialState: () => ['theta0'],
  iterateState: 0,
  step: (o, _k, t, kernels) => kernels.nesterov_step_f64(t.length, t.param, t.grad, t.state[0], o.lr, o.momentum),

  modes: (o, lambdas, c0) => nesterovModes(o.lr, lambdas, c0, (k) => (k === 0 ? 0 : o.momentum)),
  responses: (o, lambdas) => nesterovResponses(o.lr, lambdas, (k) => (k === 0 ? 0 : o.momentum)),
  maxStableLearningRate: (o, lambdaMax) => (2 + 2 * o.momentum) / ((1 + 2 * o.momentum) * lambdaMax),
  timeMap: (o) => ({ scale: Math.sqrt(o.lr), name: 't = k·√η' }),
  flow: (o, settings) => {
    const eta = o.lr;
    const sqrtMuEta = (1 - o.momentum) / (1 + o.momentum);
    const gamma = (2 * sqrtMuEta) / Math.sqrt(eta);
    if (settings.resolution === 'high') {
      return {
        equation: 'r̈ + (2√μ + √η·H)·ṙ + (1 + √(μη))·H·r = 0, √(μη) = (1 − β)/(1 + β)',
        factors: (lambdas, t, factors) => {
          for (let i = 0; i < lambdas.length; i++) factors[i] = dampedOscillator((1 + sqrtMuEta) * lambdas[i], gamma + Math.sqrt(eta) * lambdas[i], 1, 0, t);
        },
        responses: (lambdas, t, responses) => {
          for (let i = 0; i < lambdas.length; i++) {
            responses[i] = (1 + sqrtMuEta) * oscillatorStepResponse((1 + sqrtMuEta) * lambdas[i], gamma + Math.sqrt(eta) * lambdas[i], t);
          }
        },
      };
    }
    return {
      equation: 'r̈ + 2√μ·ṙ + H·r = 0, √(μη) = (1 − β)/(1 + β)',
      factors: (lambdas, t, factors) => oscillatorModes(lambdas, 1, gamma, t, factors),
      responses: (lambdas, t, responses) => oscillatorResponses(lambdas, 1, gamma, t, responses),
    };
  },
  theoreticalRate: (o, { lambda0 }) => {
    const gamma = (2 * (1 - o.momentum)) / ((1 + o.momentum) * Math.sqrt(o.lr));
    const rate = 2 * oscillatorDecayRate(gamma, lambda0);
    return { kind: 'linear', rate, description: `linear, L ~ e^(−${rate.toPrecision(4)}t)` };
  },
};
