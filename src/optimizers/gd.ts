// Gradient descent (docs/theory.md#gd): θ_{k+1} = θ_k − η·g_k. On a mode c_{k+1} = (1 − ηλ)·c_k; its
// flow ṙ = −H·r in t = kη; stable for η < 2/λ_max; the loss decays like e^(−2λ₀t).

import { phi1 } from '../math/phi';
import { factoryNaming, factoryOptions, positive } from './checks';
import type { OptimizerDescriptor } from './descriptor';
import { contractions, historyRecurrence, historyResponses, type HistoryUpdate } from './history';

export type GdOptimizer = { readonly kind: 'gd'; readonly lr: number };

/** c_{k+1} = (1 − ηλ)·c_k on every mode. */
function gdUpdate(o: GdOptimizer, lambdas: Float64Array): HistoryUpdate {
  const contraction = contractions(o.lr, lambdas);
  return (_k, next, cur) => {
    const q = contraction, n = next.length;
    for (let i = 0; i < n; i++) next[i] = q[i] * cur[i];
  };
}

export const GD: OptimizerDescriptor<GdOptimizer> = {
  kind: 'gd',
  alias: 'gd',
  title: 'GD',
  factory: 'gd',
  hyperparameters: [],

  parse: (fields, naming) => Object.freeze({ kind: 'gd', lr: positive(naming, 'lr', fields.lr) }),
  label: (o) => `GD η=${o.lr}`,
  runName: () => 'GD',

  initialState: () => [],
  iterateState: null,
  step: (o, _k, t, kernels) => kernels.momentum_step_f64(t.length, t.param, t.grad, 0, 0, o.lr, 0, 0),

  modes: (o, lambdas, c0) => historyRecurrence(c0, gdUpdate(o, lambdas)),
  // σ_{k+1} = (1 − ηλ)·σ_k + η
  responses: (o, lambdas) => historyResponses(lambdas.length, o.lr, gdUpdate(o, lambdas)),
  maxStableLearningRate: (_o, lambdaMax) => 2 / lambdaMax,
  timeMap: (o) => ({ scale: o.lr, name: 't = k·η' }),
  flow: () => ({
    equation: 'ṙ = −H·r',
    factors: (lambdas, t, factors) => {
      for (let i = 0; i < lambdas.length; i++) factors[i] = Math.exp(-lambdas[i] * t);
    },
    // σ = (1 − e^(−λt))/λ = t·φ₁(−λt) → t as λ → 0
    responses: (lambdas, t, responses) => {
      for (let i = 0; i < lambdas.length; i++) responses[i] = t * phi1(-lambdas[i] * t);
    },
  }),
  theoreticalRate: (_o, { lambda0 }) => ({ kind: 'linear', rate: 2 * lambda0, description: `linear, L ~ e^(−2λ₀t), 2λ₀ = ${(2 * lambda0).toPrecision(4)}` }),
};

/** Gradient descent with step (learning rate) η: θ_{k+1} = θ_k − η·g_k. */
export function gd(opts: { lr: number }): GdOptimizer {
  return GD.parse(factoryOptions(GD, 'gd', opts), factoryNaming('gd'));
}
