// Quasi-hyperbolic momentum, QHM (Ma & Yarats, "Quasi-hyperbolic momentum and Adam for deep
// learning", ICLR 2019; docs/theory.md#qhm): an average of a plain gradient step and a step along
// the exponentially averaged gradient,
//   b_k = β·b_{k−1} + (1 − β)·g_k,  b_{−1} = 0,   θ_{k+1} = θ_k − η·((1 − ν)·g_k + ν·b_k).
// ν = 0 is GD; ν = 1 heavy ball with step η(1 − β); ν = β NAG-SC with step η(1 − β), θ being its
// extrapolated point y. On a mode (h = ηλ) the pair (c, b) evolves linearly, and
//   c_{k+1} = (1 + β − h(1 − νβ))·c_k − β(1 − h(1 − ν))·c_{k−1}  for k ≥ 1,  c₁ = (1 − h(1 − νβ))·c₀;
// all modes decay iff 0 < ηλ_max < 2(1 + β)/(1 + β − 2νβ). Flows: first-order ṙ = −H·r in t = kη
// (fixed β, ν; the averaged gradient sums to one gradient step), second-order (β → 1 with
// γ = √((1 − β)/η) fixed) r̈ + (γ + (1 − ν)H/γ)·ṙ + H·r = 0 in t = k√(η(1 − β)), which starts
// moving at once: ṙ(0) = −(1 − ν)H·r₀/γ.

import { dampedOscillator, oscillatorDecayRate, oscillatorImpulseResponse, oscillatorStepResponse } from '../math/oscillator';
import { phi1 } from '../math/phi';
import { describe } from '../args';
import { factoryNaming, factoryOptions, inUnitInterval, positive } from './checks';
import type { Naming, OptimizerDescriptor } from './descriptor';

export type QhmOptimizer = { readonly kind: 'qhm'; readonly lr: number; readonly momentum: number; readonly nu: number };

/** ν ∈ [0, 1]: the weight of the averaged gradient. */
function weight(naming: Naming, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) throw new RangeError(`${naming.param(name)} must be in [0, 1] (got ${describe(v)})`);
  return v;
}

/** γ of the second-order limit: (1 − β)/√(η(1 − β)) = √((1 − β)/η). */
function damping(o: QhmOptimizer): number {
  return Math.sqrt((1 - o.momentum) / o.lr);
}

export const QHM: OptimizerDescriptor<QhmOptimizer> = {
  kind: 'qhm',
  alias: 'qhm',
  title: 'QHM',
  factory: 'qhm',
  hyperparameters: [
    { name: 'momentum', meaning: 'momentum β', default: 0.9 },
    { name: 'nu', meaning: 'immediate discount ν', default: 0.7 },
  ],

  parse: (fields, naming) =>
    Object.freeze({
      kind: 'qhm',
      lr: positive(naming, 'lr', fields.lr),
      momentum: inUnitInterval(naming, 'momentum', fields.momentum),
      nu: weight(naming, 'nu', fields.nu),
    }),
  label: (o) => `QHM η=${o.lr} β=${o.momentum} ν=${o.nu}`,
  runName: (o) => `QHM β=${o.momentum} ν=${o.nu}`,

  // the averaged gradient b, zero before the first step (as in the authors' implementation, qhoptim)
  initialState: () => ['zero'],
  iterateState: null,
  step: (o, _k, t, kernels) => kernels.qhm_step_f64(t.length, t.param, t.grad, t.state[0], o.lr, o.momentum, o.nu),

  modes: (o, lambdas, c0) => {
    // the state (c, b) itself rather than the three-term form, whose first step differs
    const { lr, momentum, nu } = o;
    const amplitudes = Float64Array.from(c0);
    const averages = new Float64Array(amplitudes.length);
    return {
      advance() {
        const c = amplitudes, b = averages, l = lambdas, eta = lr, beta = momentum, weight = nu, n = c.length;
        for (let i = 0; i < n; i++) {
          const g = l[i] * c[i];
          b[i] = beta * b[i] + (1 - beta) * g;
          c[i] -= eta * ((1 - weight) * g + weight * b[i]);
        }
        return c;
      },
    };
  },
  responses: (o, lambdas) => {
    // with c = c₀·(1 − λσ) and b = c₀·λ·q: q_k = β·q_{k−1} + (1 − β)·(1 − λσ_k), q₋₁ = 0, and
    // σ_{k+1} = σ_k + η·((1 − ν)·(1 − λσ_k) + ν·q_k)
    const { lr, momentum, nu } = o;
    const responses = new Float64Array(lambdas.length);
    const averages = new Float64Array(lambdas.length);
    return {
      advance() {
        const s = responses, q = averages, l = lambdas, eta = lr, beta = momentum, weight = nu, n = s.length;
        for (let i = 0; i < n; i++) {
          const a = 1 - l[i] * s[i];
          q[i] = beta * q[i] + (1 - beta) * a;
          s[i] += eta * ((1 - weight) * a + weight * q[i]);
        }
        return s;
      },
    };
  },
  // Jury: z² − (1 + β − h(1 − νβ))z + β(1 − h(1 − ν)) has its roots inside the unit circle iff
  // h(1 − β) > 0, h(1 + β − 2νβ) < 2(1 + β) and β(h(1 − ν) − 1) < 1; the last is implied by the
  // second for β < 1, ν ≤ 1, so the limit is where a root crosses −1.
  maxStableLearningRate: (o, lambdaMax) => (2 * (1 + o.momentum)) / ((1 + o.momentum - 2 * o.nu * o.momentum) * lambdaMax),
  timeMap: (o, settings) =>
    settings.limit === 'second-order' ? { scale: Math.sqrt(o.lr * (1 - o.momentum)), name: 't = k·√(η(1 − β))' } : { scale: o.lr, name: 't = k·η' },
  flow: (o, settings) => {
    if (settings.limit === 'first-order') {
      return {
        equation: 'ṙ = −H·r',
        factors: (lambdas, t, factors) => {
          for (let i = 0; i < lambdas.length; i++) factors[i] = Math.exp(-lambdas[i] * t);
        },
        responses: (lambdas, t, responses) => {
          for (let i = 0; i < lambdas.length; i++) responses[i] = t * phi1(-lambdas[i] * t);
        },
      };
    }
    const gamma = damping(o);
    const hessian = (1 - o.nu) / gamma;
    return {
      equation: 'r̈ + (γ + (1 − ν)·H/γ)·ṙ + H·r = 0, ṙ(0) = −(1 − ν)·H·r(0)/γ, γ = √((1 − β)/η)',
      factors: (lambdas, t, factors) => {
        for (let i = 0; i < lambdas.length; i++) {
          const lambda = lambdas[i];
          factors[i] = dampedOscillator(lambda, gamma + hessian * lambda, 1, -hessian * lambda, t);
        }
      },
      // σ̈ + (γ + hλ)σ̇ + λσ = 1 from σ(0) = 0, σ̇(0) = h = (1 − ν)/γ: the step response plus h
      // times the impulse response
      responses: (lambdas, t, responses) => {
        for (let i = 0; i < lambdas.length; i++) {
          const lambda = lambdas[i];
          const damping = gamma + hessian * lambda;
          responses[i] = oscillatorStepResponse(lambda, damping, t) + hessian * oscillatorImpulseResponse(lambda, damping, t);
        }
      },
    };
  },
  theoreticalRate: (o, { lambdas }) => {
    // Each mode is an oscillator with its own damping γ + (1 − ν)λ/γ: the slowest one sets the rate.
    const gamma = damping(o);
    const hessian = (1 - o.nu) / gamma;
    let slowest = Infinity;
    for (const value of lambdas) {
      const lambda = Math.max(0, value);
      slowest = Math.min(slowest, oscillatorDecayRate(gamma + hessian * lambda, lambda));
    }
    const rate = 2 * slowest;
    return { kind: 'linear', rate, description: `linear, L ~ e^(−${rate.toPrecision(4)}t) (γ = ${gamma.toPrecision(4)}, per mode γ + (1 − ν)λ/γ)` };
  },
};

/**
 * Quasi-hyperbolic momentum (Ma & Yarats, ICLR 2019): step η, momentum β ∈ [0, 1) of the averaged
 * gradient b_k = β·b_{k−1} + (1 − β)·g_k (b_{−1} = 0), and immediate discount ν ∈ [0, 1]:
 * θ_{k+1} = θ_k − η·((1 − ν)·g_k + ν·b_k). ν = 0 is gd({ lr: η }); ν = 1 is
 * heavyBall({ lr: η(1 − β), momentum: β }); the paper recommends ν = 0.7, β = 0.999.
 *
 * @example
 *   const result = await train(net, X, y, { optimizer: qhm({ lr: 0.5, momentum: 0.9, nu: 0.7 }), steps: 1000 });
 */
export function qhm(opts: { lr: number; momentum: number; nu: number }): QhmOptimizer {
  return QHM.parse(factoryOptions(QHM, 'qhm', opts), factoryNaming('qhm'));
}
