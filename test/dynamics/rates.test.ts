import { beforeAll, describe, expect, it } from 'vitest';
import {
  Matrix, analyticNtk, criticalMomentum, eigh, fitRate, gd, heavyBall, integrate, maxLearningRate, nesterov, predictResidual, ready, theoreticalRate,
} from '../../src/index';
import { dampedOscillator } from '../../src/math/oscillator';

const C2_POINTS = [0, Math.PI / 4, Math.PI / 2, (3 * Math.PI) / 4].map((t) => [Math.cos(t), Math.sin(t)]);
/** n times spaced evenly on a log scale from a to b. */
const logTimes = (a: number, b: number, n: number) => Array.from({ length: n }, (_, i) => a * (b / a) ** (i / (n - 1)));
const R0 = [1, -1, 0.5, 0.25];

describe('the damped oscillator', () => {
  it('C6: x(5) for (λ, γ) = (1, 1), (1, 2) (critical, 6e⁻⁵), (1, 3), (4, 1)', () => {
    expect(Math.abs(dampedOscillator(1, 1, 1, 0, 5) + 0.07459056659503)).toBeLessThan(1e-13);
    expect(Math.abs(dampedOscillator(1, 2, 1, 0, 5) - 0.04042768199451)).toBeLessThan(1e-13);
    expect(Math.abs(dampedOscillator(1, 2, 1, 0, 5) - 6 * Math.exp(-5))).toBeLessThan(1e-15);
    expect(Math.abs(dampedOscillator(1, 3, 1, 0, 5) - 0.17340465024046)).toBeLessThan(1e-13);
    expect(Math.abs(dampedOscillator(4, 1, 1, 0, 5) + 0.08477596226437)).toBeLessThan(1e-13);
  });

  it('is continuous through critical damping (no 0/0 on either side)', () => {
    const critical = dampedOscillator(1, 2, 1, 0.3, 7);
    for (const eps of [1e-4, 1e-8, 1e-12, 1e-15]) {
      for (const gamma of [2 * (1 + eps), 2 * (1 - eps)]) {
        expect(Math.abs(dampedOscillator(1, gamma, 1, 0.3, 7) - critical)).toBeLessThan(Math.max(1e-14, 50 * eps));
      }
    }
  });

  it('does not overflow when strongly over-damped over long times', () => {
    const v = dampedOscillator(1e-6, 1e3, 1, 0, 1e6);
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeGreaterThan(0);
  });
});

describe('rates', () => {
  let basis: ReturnType<typeof eigh>;
  beforeAll(async () => {
    await ready();
    basis = eigh(analyticNtk(Matrix.from(C2_POINTS)));
  });

  it('NAG-C (ρ = 3): the ODE loss decays like t^(−3) on log–log axes and is classified sublinear', () => {
    const times = logTimes(5, 2000, 400);
    const p = predictResidual(basis, R0, { optimizer: nesterov({ lr: 1e-4 }), mode: 'flow', times });
    const fit = fitRate(p.times, p.loss);
    expect(fit.kind).toBe('sublinear');
    expect(fit.exponent).toBeGreaterThan(-3.4);
    expect(fit.exponent).toBeLessThan(-2.6);
    // and the bound of docs/theory.md#nag-envelope, ‖r(t)‖² ≤ min{1, 2.7227/(λ₀^{3/2} t³)}·‖r₀‖²
    const r0sq = R0.reduce((s, v) => s + v * v, 0);
    const l0 = basis.values[0];
    p.residualNorm.forEach((r, i) => expect(r * r).toBeLessThanOrEqual(Math.min(1, 2.7227 / (l0 ** 1.5 * times[i] ** 3)) * r0sq * (1 + 1e-12)));
  });

  it('larger damping ρ decays faster: exponent about −ρ', () => {
    const times = logTimes(5, 2000, 400);
    for (const rho of [2, 6, 8]) {
      const p = predictResidual(basis, R0, { optimizer: nesterov({ lr: 1e-4, damping: rho }), mode: 'flow', times });
      const fit = fitRate(p.times, p.loss);
      expect(fit.kind).toBe('sublinear');
      expect(Math.abs(fit.exponent + rho)).toBeLessThan(0.5);
    }
  });

  it('GD and heavy ball are classified linear, at the rates the theory gives', () => {
    const times = Array.from({ length: 200 }, (_, i) => 0.5 * i);
    const g = predictResidual(basis, R0, { optimizer: gd({ lr: 1e-3 }), mode: 'flow', times });
    const gfit = fitRate(g.times, g.loss);
    expect(gfit.kind).toBe('linear');
    const theory = theoreticalRate(basis.values, gd({ lr: 1e-3 }));
    expect(Math.abs(gfit.linearRate / theory.rate! - 1)).toBeLessThan(0.05);
    const hb = heavyBall({ lr: 1e-4, momentum: 1 - 0.3 * Math.sqrt(1e-4) }); // γ = 0.3 < 2√λ₀: rate γ
    const h = predictResidual(basis, R0, { optimizer: hb, mode: 'flow', times: times.map((t) => 4 * t) });
    const hfit = fitRate(h.times, h.loss);
    expect(hfit.kind).toBe('linear');
    expect(Math.abs(hfit.linearRate / theoreticalRate(basis.values, hb).rate! - 1)).toBeLessThan(0.1);
    expect(theoreticalRate(basis.values, nesterov({ lr: 0.1 }))).toMatchObject({ kind: 'sublinear', exponent: -3 });
  });

  it('maxLearningRate and criticalMomentum come from λ_max and λ₀', () => {
    const H = analyticNtk(Matrix.from(C2_POINTS));
    const [l0, lmax] = [basis.values[0], basis.values[3]];
    expect(maxLearningRate(H, gd({ lr: 1 }))).toBeCloseTo(2 / lmax, 12);
    expect(maxLearningRate(H, heavyBall({ lr: 1, momentum: 0.5 }))).toBeCloseTo(3 / lmax, 12);
    expect(maxLearningRate(H, nesterov({ lr: 1, momentum: 0.5 }))).toBeCloseTo(3 / (2 * lmax), 12);
    expect(criticalMomentum(H, 1e-4)).toBeCloseTo(1 - 2 * Math.sqrt(l0 * 1e-4), 12);
    expect(criticalMomentum(H, 1e3)).toBe(0);
    expect(() => criticalMomentum(H, -1)).toThrow(RangeError);
  });

  it('fitRate rejects mismatched or too short input', () => {
    expect(() => fitRate([1, 2, 3], [1, 2])).toThrow(/k has 3 entries but loss has 2/);
    expect(() => fitRate([1, 2], [1, 0.5])).toThrow(/need 3/);
  });
});

describe('dynamics helpers refuse bad input (found in review)', () => {
  it('integrate: unknown options, bad maxSteps, non-finite y0', () => {
    const f = (_t: number, y: Float64Array, dy: Float64Array) => { dy[0] = -y[0]; };
    expect(() => integrate(f, [1], [0, 1], { rTol: 1e-3 } as never)).toThrow(/unknown option 'rTol'/);
    expect(() => integrate(f, [1], [0, 1], { maxSteps: NaN })).toThrow(/maxSteps must be a positive integer/);
    expect(() => integrate(f, [NaN], [0, 1])).toThrow(/y0\[0\] is not a finite number/);
  });

  it('fitRate: a NaN in the curve is an error, not a silently shorter fit', () => {
    expect(() => fitRate([1, 2, 3, 4, 5], [5, 4, NaN, 2, 1])).toThrow(/entry 2 is not finite/);
  });

  it('theoreticalRate needs eigenvalues; maxLearningRate of negative curvature is 0', () => {
    expect(() => theoreticalRate([], gd({ lr: 0.1 }))).toThrow(RangeError);
    expect(() => theoreticalRate([NaN, 1], gd({ lr: 0.1 }))).toThrow(RangeError);
    expect(maxLearningRate(Matrix.from([[-1]]), gd({ lr: 1 }))).toBe(0);
  });

  it('predictResidual refuses an eigenbasis with non-finite eigenvalues', () => {
    expect(() => predictResidual({ values: Float64Array.of(NaN, 1), vectors: Matrix.identity(2) }, [1, 1], { optimizer: gd({ lr: 0.1 }), mode: 'flow', steps: 1 })).toThrow(/eigenvalue 0 is not finite/);
  });
});
