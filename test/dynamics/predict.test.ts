// predictResidual against the check values C3–C5 (docs/theory.md#check-values), against RK45 on the ODEs themselves, and
// the discrete → ODE convergence orders of docs/theory.md#discretization-error.
import { beforeAll, describe, expect, it } from 'vitest';
import { Matrix, analyticNtk, eigh, gd, heavyBall, integrate, nesterov, predictResidual, ready, twoMomentum } from '../../src/index';
import type { Optimizer } from '../../src/index';

const C2_POINTS = [0, Math.PI / 4, Math.PI / 2, (3 * Math.PI) / 4].map((t) => [Math.cos(t), Math.sin(t)]);
const R0 = [1, -1, 0.5, 0.25];

describe('predictResidual', () => {
  let H: Matrix;
  let basis: ReturnType<typeof eigh>;
  beforeAll(async () => {
    await ready();
    H = analyticNtk(Matrix.from(C2_POINTS));
    basis = eigh(H);
  });

  const flowAt = (optimizer: Optimizer, t: number, extra = {}) =>
    predictResidual(basis, R0, { optimizer, mode: 'flow', times: [t], residuals: true, ...extra });

  it('C3: ‖r(5)‖² and r(5) of the GD and NAG (ρ = 3) flows, and of HB with γ = 1 and γ = 2√λ₀, to 1e-12', () => {
    const eta = 1e-4;
    const g = flowAt(gd({ lr: eta }), 5);
    expect(Math.abs(g.residualNorm[0] ** 2 - 0.6151835700608929)).toBeLessThan(1e-12);
    [0.401518360673, -0.545924719842, 0.383414232396, -0.094479112851].forEach((v, i) => expect(Math.abs(g.residuals!.data[i] - v)).toBeLessThan(1e-12));
    const hb1 = flowAt(heavyBall({ lr: eta, momentum: 1 - Math.sqrt(eta) }), 5);
    expect(Math.abs(hb1.residualNorm[0] ** 2 - 0.6910784580828581)).toBeLessThan(1e-12);
    const critical = 2 * Math.sqrt(basis.values[0]);
    const hbc = flowAt(heavyBall({ lr: eta, momentum: 1 - critical * Math.sqrt(eta) }), 5);
    expect(Math.abs(hbc.residualNorm[0] ** 2 - 0.4254970896479336)).toBeLessThan(1e-12);
    const nag = flowAt(nesterov({ lr: eta }), 5);
    expect(Math.abs(nag.residualNorm[0] ** 2 - 0.8803635950611965)).toBeLessThan(1e-12);
    [0.50284551088, -0.666123999372, 0.420634214998, -0.082798924405].forEach((v, i) => expect(Math.abs(nag.residuals!.data[i] - v)).toBeLessThan(1e-11));
    expect(nag.timeMap).toBe('t = k·√η');
    expect(g.timeMap).toBe('t = k·η');
  });

  it('C4: discrete GD, HB (β = 1 − √η) and NAG-C at T = 5 for η = 1e-2 and 1e-4, and GD with η = 0.1 at k = 50', () => {
    const at = (optimizer: Optimizer, k: number) => predictResidual(basis, R0, { optimizer, mode: 'discrete', steps: k }).residualNorm[k] ** 2;
    expect(Math.abs(at(gd({ lr: 1e-2 }), 500) - 0.6147244)).toBeLessThan(5e-8);
    expect(Math.abs(at(gd({ lr: 1e-4 }), 50_000) - 0.6151790)).toBeLessThan(5e-8);
    expect(Math.abs(at(heavyBall({ lr: 1e-2, momentum: 0.9 }), 50) - 0.67648)).toBeLessThan(5e-6);
    expect(Math.abs(at(heavyBall({ lr: 1e-4, momentum: 0.99 }), 500) - 0.68960)).toBeLessThan(5e-6);
    expect(Math.abs(at(nesterov({ lr: 1e-2 }), 50) - 0.81545)).toBeLessThan(5e-6);
    expect(Math.abs(at(nesterov({ lr: 1e-4 }), 500) - 0.87366)).toBeLessThan(5e-6);
    expect(Math.abs(at(gd({ lr: 0.1 }), 50) - 0.6105838858)).toBeLessThan(5e-11);
  });

  it('C5: scalar discrete NAG-C with λ = 1 at T = 5 tends to the ODE value −0.1310 (η = 1e-2, 1e-4, 1e-6)', () => {
    const one = Matrix.from([[1]]);
    const x = (eta: number) => {
      const k = Math.round(5 / Math.sqrt(eta));
      return predictResidual(one, [1], { optimizer: nesterov({ lr: eta }), mode: 'discrete', steps: k, amplitudes: true }).amplitudes!.data[k];
    };
    expect(Math.abs(x(1e-2) + 0.10232)).toBeLessThan(5e-6);
    expect(Math.abs(x(1e-4) + 0.12788)).toBeLessThan(5e-6);
    expect(Math.abs(x(1e-6) + 0.13071)).toBeLessThan(5e-6);
  });

  describe('every flow agrees with RK45 on its ODE to 1e-9', () => {
    const eta = 1e-3;
    // Each case: the optimizer, and the per-mode ODE c̈ = F(t, c, ċ) (or ċ = F for first order).
    const cases: [string, Optimizer, object, (lambda: number) => (t: number, c: number, v: number) => number, boolean][] = [
      ['GD', gd({ lr: eta }), {}, (l) => (_t, c) => -l * c, false],
      ['HB first-order', heavyBall({ lr: eta, momentum: 0.7 }), { limit: 'first-order' }, (l) => (_t, c) => (-l * c) / 0.3, false],
      ['HB under-damped', heavyBall({ lr: eta, momentum: 1 - 0.2 * Math.sqrt(eta) }), {}, (l) => (_t, c, v) => -0.2 * v - l * c, true],
      ['HB over-damped', heavyBall({ lr: eta, momentum: 1 - 3 * Math.sqrt(eta) }), {}, (l) => (_t, c, v) => -3 * v - l * c, true],
      ['NAG-C ρ = 3', nesterov({ lr: eta }), {}, (l) => (t, c, v) => (t === 0 ? -l * c * (1 - 3 / 4) : -(3 / t) * v - l * c), true],
      ['NAG-C ρ = 6', nesterov({ lr: eta, damping: 6 }), {}, (l) => (t, c, v) => (t === 0 ? -l * c * (1 - 6 / 7) : -(6 / t) * v - l * c), true],
      ['NAG-SC', nesterov({ lr: eta, momentum: 0.95 }), {}, (l) => {
        const g = (2 * (0.05 / 1.95)) / Math.sqrt(eta);
        return (_t, c, v) => -g * v - l * c;
      }, true],
      ['two-momentum', twoMomentum({ lr: eta, beta1: 0.5, beta2: 0.45 }), {}, (l) => {
        const g = 0.05 / Math.sqrt(eta);
        return (_t, c, v) => (-g * v - l * c) / 1.45;
      }, true],
    ];
    it.each(cases)('%s', (_, optimizer, extra, ode, secondOrder) => {
      const times = [0.5, 2, 5, 9];
      const p = predictResidual(basis, R0, { optimizer, mode: 'flow', times, amplitudes: true, ...extra });
      const proj = eigh(H).vectors!;
      for (let i = 0; i < 4; i++) {
        let ci0 = 0;
        for (let j = 0; j < 4; j++) ci0 += proj.get(j, i) * R0[j];
        const F = ode(basis.values[i]);
        const sol = secondOrder
          ? integrate((t, y, dy) => { dy[0] = y[1]; dy[1] = F(t, y[0], y[1]); }, [ci0, 0], [0, 9], { times, rtol: 1e-12, atol: 1e-14 })
          : integrate((t, y, dy) => { dy[0] = F(t, y[0], 0); }, [ci0], [0, 9], { times, rtol: 1e-12, atol: 1e-14 });
        times.forEach((t, k) => expect(Math.abs(p.amplitudes!.get(k, i) - sol.values[k][0]), `mode ${i} at t = ${t}`).toBeLessThan(1e-9));
      }
    });
  });

  it('the discrete → ODE error shrinks like O(η) for GD and O(√η) for HB and NAG-C', () => {
    const T = 5;
    const gap = (make: (eta: number) => Optimizer, eta: number, secondOrder: boolean) => {
      const k = Math.round(secondOrder ? T / Math.sqrt(eta) : T / eta);
      const t = secondOrder ? k * Math.sqrt(eta) : k * eta;
      const d = predictResidual(basis, R0, { optimizer: make(eta), mode: 'discrete', steps: k }).residualNorm[k];
      const f = predictResidual(basis, R0, { optimizer: make(eta), mode: 'flow', times: [t] }).residualNorm[0];
      return Math.abs(d - f);
    };
    const ratio = (make: (eta: number) => Optimizer, secondOrder: boolean) => gap(make, 1e-3, secondOrder) / gap(make, 1e-4, secondOrder);
    const gdRatio = ratio((eta) => gd({ lr: eta }), false);
    expect(gdRatio).toBeGreaterThan(10 / 1.5);
    expect(gdRatio).toBeLessThan(10 * 1.5);
    const hbRatio = ratio((eta) => heavyBall({ lr: eta, momentum: 1 - Math.sqrt(eta) }), true);
    const nagRatio = ratio((eta) => nesterov({ lr: eta }), true);
    for (const r of [hbRatio, nagRatio]) {
      expect(r).toBeGreaterThan(Math.sqrt(10) / 1.5);
      expect(r).toBeLessThan(Math.sqrt(10) * 1.5);
    }
  });

  it("the 'mean' loss scales the kernel by 2/n; t = 0 gives r₀; results say whether η is stable", () => {
    const half = predictResidual(basis, R0, { optimizer: gd({ lr: 0.01 }), mode: 'discrete', steps: 10 });
    const mean = predictResidual(basis, R0, { optimizer: gd({ lr: 0.02 }), mode: 'discrete', steps: 10, loss: 'mean' });
    // GD on the mean loss with step 2η·(n/2)… here n = 4: (2/4)·0.02 = 0.01, the same iteration
    expect(Array.from(mean.residualNorm)).toEqual(Array.from(half.residualNorm));
    expect(mean.loss[3]).toBeCloseTo(mean.residualNorm[3] ** 2 / 4, 15);
    expect(half.loss[3]).toBeCloseTo(half.residualNorm[3] ** 2 / 2, 15);
    expect(half.residualNorm[0]).toBeCloseTo(Math.hypot(...R0), 14);
    expect(half.stable).toBe(true);
    const lambdaMax = basis.values[3];
    expect(half.maxStableLearningRate).toBeCloseTo(2 / lambdaMax, 12);
    const unstable = predictResidual(basis, R0, { optimizer: gd({ lr: 2.2 / lambdaMax }), mode: 'discrete', steps: 200 });
    expect(unstable.stable).toBe(false);
    expect(unstable.residualNorm[200]).toBeGreaterThan(unstable.residualNorm[0]);
  });

  it('rejects bad input', () => {
    const o = { optimizer: gd({ lr: 0.1 }), mode: 'flow' as const, steps: 3 };
    expect(() => predictResidual(basis, [1, 2], o)).toThrow(new RangeError('predictResidual: r0 has 2 entries but H is 4×4'));
    expect(() => predictResidual(basis, R0, { ...o, times: [1] })).toThrow(/give either steps or times/);
    expect(() => predictResidual(basis, R0, { ...o, mode: 'exact' as never })).toThrow(/mode must be 'flow' or 'discrete'/);
    expect(() => predictResidual(basis, R0, { ...o, optimizer: { kind: 'adam' } as never })).toThrow(/optimizer must come from gd\(\)/);
    expect(() => predictResidual(basis, [1, NaN, 0, 0], o)).toThrow(/r0\[1\] is not a finite number/);
    expect(() => predictResidual(basis, R0, { ...o, steps: -1 })).toThrow(RangeError);
    expect(() => predictResidual({ values: basis.values } as never, R0, o)).toThrow(/eigh\(H\) with vectors/);
    expect(() => predictResidual(basis, R0, { ...o, limitt: 1 } as never)).toThrow(/unknown option 'limitt'/);
  });
});

describe('predictResidual with a residual near the bottom of the range (found by npm run fuzz)', () => {
  beforeAll(async () => {
    await ready();
  });

  it('reports ‖r‖ accurately when its squares underflow: r0 = (3, 4)·1e-161 has norm 5e-161', () => {
    const basis = { values: Float64Array.of(1, 2), vectors: Matrix.identity(2) };
    const r = predictResidual(basis, [3e-161, 4e-161], { optimizer: gd({ lr: 0.1 }), mode: 'flow', times: [0] });
    expect(Math.abs(r.residualNorm[0] / 5e-161 - 1)).toBeLessThan(1e-15);
  });
});
