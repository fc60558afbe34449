// Nesterov's accelerated gradient with vanishing damping, NAG-C (docs/theory.md#nag-c):
//   x_{k+1} = y_k − η·∇L(y_k),  y_{k+1} = x_{k+1} + k/(k + ρ)·(x_{k+1} − x_k),  y₀ = x₀,
// the momentum of step k being β_k = (k − 1)/(k + ρ − 1) → 1. Stable for η < 4/(3λ_max) (NAG-SC's
// limit at β = 1). Its flow r̈ + (ρ/t)·ṙ + H·r = 0 (Su, Boyd & Candès) is a Bessel function per
// mode, in t = k√η, and decays only like t^(−ρ). The factory nesterov() also makes NAG-SC.

import { besselResponseModes, besselScaledModes, MAX_ORDER } from '../math/bessel';
import { describe, requireOptions } from '../args';
import { factoryNaming, positive } from './checks';
import type { OptimizerDescriptor } from './descriptor';
import { NESTEROV_SC, nesterovModes, nesterovResponses, type NesterovScOptimizer } from './nesterov-sc';

export type NesterovOptimizer = { readonly kind: 'nesterov'; readonly lr: number; readonly damping: number };

export const NESTEROV: OptimizerDescriptor<NesterovOptimizer> = {
  kind: 'nesterov',
  alias: 'nag',
  title: 'NAG-C',
  factory: 'nesterov',
  hyperparameters: [{ name: 'damping', meaning: 'damping ρ', default: 3 }],

  parse: (fields, naming) => {
    const lr = positive(naming, 'lr', fields.lr);
    const damping = fields.damping ?? 3;
    if (typeof damping !== 'number' || !Number.isFinite(damping) || !(damping >= 1)) {
      throw new RangeError(`${naming.param('damping')} must be a finite number ≥ 1 (got ${describe(damping)})`);
    }
    return Object.freeze({ kind: 'nesterov', lr, damping });
  },
  label: (o) => `NAG η=${o.lr} ρ=${o.damping}`,
  runName: (o) => `NAG ρ=${o.damping}`,

  // x, the iterate: x₀ = y₀ = θ₀
  initialState: () => ['theta0'],
  iterateState: 0,
  step: (o, k, t, kernels) => {
    // β_j for the step that produces y_j, j = k + 1
    const j = k + 1;
    kernels.nesterov_step_f64(t.length, t.param, t.grad, t.state[0], o.lr, (j - 1) / (j + o.damping - 1));
  },

  modes: (o, lambdas, c0) => nesterovModes(o.lr, lambdas, c0, (k) => (k === 0 ? 0 : (k - 1) / (k + o.damping - 1))),
  responses: (o, lambdas) => nesterovResponses(o.lr, lambdas, (k) => (k === 0 ? 0 : (k - 1) / (k + o.damping - 1))),
  maxStableLearningRate: (_o, lambdaMax) => 4 / (3 * lambdaMax),
  timeMap: (o) => ({ scale: Math.sqrt(o.lr), name: 't = k·√η' }),
  flow: (o, _settings, naming) => {
    // c(t) = c₀·Γ(ν + 1)(2/z)^ν J_ν(z), z = √λ·t, ν = (ρ − 1)/2: an integer or half-integer order
    const nu = (o.damping - 1) / 2;
    if (!Number.isInteger(2 * nu)) {
      throw new RangeError(
        `${naming.param('damping')} must be an integer ≥ 1 (got ${o.damping}) for the ODE prediction: ` +
          'the NAG-C flow is computed for integer ρ only (training and the discrete prediction take any ρ ≥ 1)',
      );
    }
    if (nu > MAX_ORDER) {
      // Refused here, before any training, rather than when the prediction first evaluates J_ν.
      throw new RangeError(
        `${naming.param('damping')} = ${o.damping} is too large for the ODE prediction: the order ν = (ρ − 1)/2 of its Bessel functions ` +
          `must be at most ${MAX_ORDER}, i.e. damping ρ ≤ ${2 * MAX_ORDER + 1} (training and the discrete prediction take any ρ ≥ 1)`,
      );
    }
    return {
      equation: 'r̈ + (ρ/t)·ṙ + H·r = 0',
      factors: (lambdas, t, factors) => besselScaledModes(nu, lambdas, t, factors),
      responses: (lambdas, t, responses) => besselResponseModes(nu, lambdas, t, responses),
    };
  },
  theoreticalRate: (o) => ({ kind: 'sublinear', exponent: -o.damping, description: `sublinear, L ≲ C·t^(−${o.damping}) (Bessel envelope; ρ = ${o.damping})` }),
};

/**
 * Nesterov's accelerated gradient. With `damping` ρ (default 3, the classical method; the
 * authors' experiments call it d): NAG-C, momentum (k − 1)/(k + ρ − 1) at step k. With
 * `momentum` β instead: NAG-SC, constant momentum. Not both.
 */
export function nesterov(opts: { lr: number; damping?: number; momentum?: number }): NesterovOptimizer | NesterovScOptimizer {
  const fn = 'nesterov';
  const o = requireOptions(fn, opts, ['lr', 'damping', 'momentum']) as Record<string, unknown>;
  const naming = factoryNaming(fn);
  positive(naming, 'lr', o.lr);
  if (o.momentum === undefined) return NESTEROV.parse(o, naming);
  if (o.damping !== undefined) throw new TypeError(`${fn}: give damping (NAG-C) or momentum (NAG-SC), not both`);
  return NESTEROV_SC.parse(o, naming);
}
