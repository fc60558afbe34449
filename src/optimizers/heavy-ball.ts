// Polyak's heavy ball (docs/theory.md#heavy-ball): θ_{k+1} = θ_k − η·g_k + β·(θ_k − θ_{k−1}), θ_{−1} = θ₀.
// On a mode c_{k+1} = (1 + β − ηλ)·c_k − β·c_{k−1}; stable for η < 2(1 + β)/λ_max. Its flow is the
// damped oscillator r̈ + γṙ + Hr = 0, γ = (1 − β)/√η, in t = k√η (or, first-order, ṙ = −Hr/(1 − β)
// in t = kη; high-resolution, the ODE of Shi et al.).

import { dampedOscillator, oscillatorDecayRate, oscillatorModes, oscillatorResponses } from '../math/oscillator';
import { phi1 } from '../math/phi';
import { factoryNaming, factoryOptions, inUnitInterval, positive } from './checks';
import type { OptimizerDescriptor } from './descriptor';
import { contractions, historyRecurrence, historyResponses, type HistoryUpdate } from './history';

export type HeavyBallOptimizer = { readonly kind: 'heavy-ball'; readonly lr: number; readonly momentum: number };

/** c_{k+1} = (β + 1 − ηλ)·c_k − β·c_{k−1} on every mode. */
function heavyBallUpdate(o: HeavyBallOptimizer, lambdas: Float64Array): HistoryUpdate {
  const contraction = contractions(o.lr, lambdas);
  const b = o.momentum;
  return (_k, next, cur, prev) => {
    const q = contraction, beta = b, n = next.length;
    for (let i = 0; i < n; i++) next[i] = (beta + q[i]) * cur[i] - beta * prev[i];
  };
}

export const HEAVY_BALL: OptimizerDescriptor<HeavyBallOptimizer> = {
  kind: 'heavy-ball',
  alias: 'hb',
  title: 'heavy ball',
  factory: 'heavyBall',
  hyperparameters: [{ name: 'momentum', meaning: 'momentum β', default: 0.9 }],

  parse: (fields, naming) =>
    Object.freeze({ kind: 'heavy-ball', lr: positive(naming, 'lr', fields.lr), momentum: inUnitInterval(naming, 'momentum', fields.momentum) }),
  label: (o) => `HB η=${o.lr} β=${o.momentum}`,
  runName: (o) => `HB β=${o.momentum}`,

  // the previous iterate, θ_{−1} = θ₀
  initialState: () => ['theta0'],
  iterateState: null,
  step: (o, _k, t, kernels) => kernels.momentum_step_f64(t.length, t.param, t.grad, t.state[0], 0, o.lr, o.momentum, 0),

  modes: (o, lambdas, c0) => historyRecurrence(c0, heavyBallUpdate(o, lambdas)),
  responses: (o, lambdas) => historyResponses(lambdas.length, o.lr, heavyBallUpdate(o, lambdas)),
  maxStableLearningRate: (o, lambdaMax) => (2 * (1 + o.momentum)) / lambdaMax,
  timeMap: (o, settings) => (settings.limit === 'second-order' ? { scale: Math.sqrt(o.lr), name: 't = k·√η' } : { scale: o.lr, name: 't = k·η' }),
  flow: (o, settings) => {
    const beta = o.momentum;
    const eta = o.lr;
    if (settings.limit === 'first-order') {
      return {
        equation: 'ṙ = −H·r/(1 − β)',
        factors: (lambdas, t, factors) => {
          for (let i = 0; i < lambdas.length; i++) factors[i] = Math.exp((-lambdas[i] * t) / (1 - beta));
        },
        // σ = (1 − e^(−x))/λ = (t/(1 − β))·φ₁(−x), x = λt/(1 − β)
        responses: (lambdas, t, responses) => {
          for (let i = 0; i < lambdas.length; i++) responses[i] = (t / (1 - beta)) * phi1((-lambdas[i] * t) / (1 - beta));
        },
      };
    }
    if (settings.resolution === 'high') {
      return {
        equation: 'r̈ + 2√μ·ṙ + (1 + √(μη))·H·r = 0, √(μη) = (1 − β)/(1 + β)',
        factors: (lambdas, t, factors) => {
          const sqrtMuEta = (1 - beta) / (1 + beta);
          const gamma = (2 * sqrtMuEta) / Math.sqrt(eta);
          for (let i = 0; i < lambdas.length; i++) factors[i] = dampedOscillator((1 + sqrtMuEta) * lambdas[i], gamma, 1, 0, t);
        },
        responses: (lambdas, t, responses) => {
          const sqrtMuEta = (1 - beta) / (1 + beta);
          oscillatorResponses(lambdas, 1 + sqrtMuEta, (2 * sqrtMuEta) / Math.sqrt(eta), t, responses);
        },
      };
    }
    return {
      equation: 'r̈ + γ·ṙ + H·r = 0, γ = (1 − β)/√η',
      factors: (lambdas, t, factors) => oscillatorModes(lambdas, 1, (1 - beta) / Math.sqrt(eta), t, factors),
      responses: (lambdas, t, responses) => oscillatorResponses(lambdas, 1, (1 - beta) / Math.sqrt(eta), t, responses),
    };
  },
  theoreticalRate: (o, { lambda0 }) => {
    const gamma = (1 - o.momentum) / Math.sqrt(o.lr);
    const rate = 2 * oscillatorDecayRate(gamma, lambda0);
    return { kind: 'linear', rate, description: `linear, L ~ e^(−${rate.toPrecision(4)}t) (γ = ${gamma.toPrecision(4)}; best at γ* = 2√λ₀ = ${(2 * Math.sqrt(lambda0)).toPrecision(4)})` };
  },
};

/** Polyak's heavy ball: step η, momentum β ∈ [0, 1) (PyTorch's SGD with momentum). */
export function heavyBall(opts: { lr: number; momentum: number }): HeavyBallOptimizer {
  return HEAVY_BALL.parse(factoryOptions(HEAVY_BALL, 'heavyBall', opts), factoryNaming('heavyBall'));
}
