// Quasi-hyperbolic momentum (Ma & Yarats 2019) end to end: the factory; its mode recurrence against
// the three-term form derived in docs/theory.md#qhm; its stability limit against the roots of the
// characteristic polynomial and against the iteration itself; its two flows against RK45 and as
// limits of the discrete method; its predicted rate; and, on a real network, that training tracks
// the linearized prediction and reproduces GD (ν = 0), heavy ball (ν = 1) and NAG-SC (ν = β).
// The command line and the experiment: qhm.node.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  Matrix, TwoLayerReLU, analyticNtk, eigh, fitRate, gd, heavyBall, integrate, nesterov, optimizerLabel, predictResidual, qhm, ready, sphereData, theoreticalRate, train,
} from '../../src/index';
import type { Optimizer } from '../../src/index';
import { requireOptimizer } from '../../src/optimizers/registry';
import { BACKENDS } from '../helpers/backends';

const C2_POINTS = [0, Math.PI / 4, Math.PI / 2, (3 * Math.PI) / 4].map((t) => [Math.cos(t), Math.sin(t)]);
const R0 = [1, -1, 0.5, 0.25];

/** 2(1 + β)/(1 + β − 2νβ): the bound on ηλ_max derived in docs/theory.md#qhm. */
const limitOf = (beta: number, nu: number) => (2 * (1 + beta)) / (1 + beta - 2 * nu * beta);

/** The largest root modulus of z² − pz + q. */
function spectralRadius(p: number, q: number): number {
  const disc = p * p - 4 * q;
  if (disc < 0) return Math.sqrt(q); // a complex pair, |z|² = q
  const s = Math.sqrt(disc);
  return Math.max(Math.abs((p + s) / 2), Math.abs((p - s) / 2));
}

describe('qhm()', () => {
  it('checks its hyperparameters and describes itself', () => {
    expect(qhm({ lr: 0.5, momentum: 0.9, nu: 0.7 })).toEqual({ kind: 'qhm', lr: 0.5, momentum: 0.9, nu: 0.7 });
    expect(Object.isFrozen(qhm({ lr: 0.5, momentum: 0.9, nu: 0.7 }))).toBe(true);
    expect(optimizerLabel(qhm({ lr: 0.5, momentum: 0.9, nu: 0.7 }))).toBe('QHM η=0.5 β=0.9 ν=0.7');
    expect(() => qhm({ lr: 0.5, momentum: 1, nu: 0.7 })).toThrow(new RangeError('qhm: momentum must be in [0, 1) (got 1)'));
    expect(() => qhm({ lr: 0.5, momentum: 0.9, nu: 1.5 })).toThrow(new RangeError('qhm: nu must be in [0, 1] (got 1.5)'));
    expect(() => qhm({ lr: 0.5, momentum: 0.9, nu: NaN })).toThrow(RangeError);
    expect(() => qhm({ lr: -1, momentum: 0.9, nu: 0.5 })).toThrow(/qhm: lr must be a positive finite number/);
    expect(() => qhm({ lr: 0.5, momentum: 0.9 } as never)).toThrow(/qhm: nu must be in \[0, 1\] \(got undefined\)/);
    expect(() => qhm({ lr: 0.5, momentum: 0.9, nu: 0.5, damping: 3 } as never)).toThrow(/qhm: unknown option 'damping'/);
    expect(requireOptimizer('f', { kind: 'qhm', lr: 0.5, momentum: 0.9, nu: 1 })).toEqual({ kind: 'qhm', lr: 0.5, momentum: 0.9, nu: 1 });
    expect(() => requireOptimizer('f', { kind: 'qhm', lr: 0.5, momentum: 0.9, nu: 2 })).toThrow(/f: invalid optimizer: qhm: nu must be in \[0, 1\]/);
  });
});

describe('QHM on the modes of a constant kernel', () => {
  beforeAll(async () => {
    await ready();
  });

  it('the discrete prediction is c₁ = (1 − h(1 − νβ))c₀, then c_{k+1} = (1 + β − h(1 − νβ))c_k − β(1 − h(1 − ν))c_{k−1}', () => {
    for (const [lr, beta, nu] of [[0.3, 0.9, 0.7], [0.8, 0.5, 0], [0.1, 0.99, 1], [0.6, 0.3, 0.3]]) {
      const lambda = 1.7;
      const h = lr * lambda;
      const p = predictResidual(Matrix.from([[lambda]]), [1], { optimizer: qhm({ lr, momentum: beta, nu }), mode: 'discrete', steps: 200, amplitudes: true });
      const c = p.amplitudes!.data;
      const expected = [1, 1 - h * (1 - nu * beta)];
      for (let k = 1; k < 200; k++) expected.push((1 + beta - h * (1 - nu * beta)) * expected[k] - beta * (1 - h * (1 - nu)) * expected[k - 1]);
      expected.forEach((v, k) => expect(Math.abs(c[k] - v), `(${lr}, ${beta}, ${nu}) at k = ${k}`).toBeLessThan(1e-13 * Math.max(1, Math.abs(v)) * (k + 1)));
      expect(Math.max(...Array.from(c.subarray(2, 10), Math.abs))).toBeGreaterThan(1e-2); // the comparison is not between zeros
    }
  });

  it('the stability limit 2(1 + β)/((1 + β − 2νβ)λ_max) is where the largest root of the characteristic polynomial crosses 1', () => {
    let checked = 0;
    for (let i = 0; i <= 20; i++) {
      for (let j = 0; j <= 20; j++) {
        const beta = 0.99 * (i / 20), nu = j / 20;
        const hMax = limitOf(beta, nu);
        const radius = (h: number) => spectralRadius(1 + beta - h * (1 - nu * beta), beta * (1 - h * (1 - nu)));
        expect(radius(hMax * (1 - 1e-6)), `β = ${beta}, ν = ${nu}`).toBeLessThan(1);
        expect(radius(hMax * (1 + 1e-6)), `β = ${beta}, ν = ${nu}`).toBeGreaterThan(1);
        // and every smaller step is stable too (the limit is not an island)
        for (const f of [1e-3, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99]) expect(radius(f * hMax)).toBeLessThan(1);
        expect(predictResidual(Matrix.from([[2]]), [1], { optimizer: qhm({ lr: 1, momentum: beta, nu }), mode: 'discrete', steps: 0 }).maxStableLearningRate).toBeCloseTo(hMax / 2, 12);
        checked++;
      }
    }
    expect(checked).toBe(441);
  });

  it.each([
    [0.9, 0.7], [0.5, 0], [0.6, 1], [0.8, 0.8], [0.999, 0.7], [0.3, 0.95], [0.99, 0.2],
  ])('β = %f, ν = %f: bounded just below the limit, growing just above it', (beta, nu) => {
    const run = (lr: number) => predictResidual(Matrix.from([[1]]), [1], { optimizer: qhm({ lr, momentum: beta, nu }), steps: 20_000, mode: 'discrete' });
    const limit = run(0.01).maxStableLearningRate;
    expect(limit).toBeCloseTo(limitOf(beta, nu), 12);
    expect(run(0.98 * limit).residualNorm[20_000]).toBeLessThan(1);
    expect(run(1.02 * limit).residualNorm[20_000]).toBeGreaterThan(10);
  });

  it('ν = 0 is GD, ν = 1 heavy ball with step η(1 − β), ν = β NAG-SC with step η(1 − β) at its extrapolated point', () => {
    const basis = eigh(analyticNtk(Matrix.from(C2_POINTS)));
    const amplitudes = (optimizer: Optimizer, steps = 100) => predictResidual(basis, R0, { optimizer, mode: 'discrete', steps, amplitudes: true }).amplitudes!;
    const close = (a: Matrix, b: Matrix, tolerance: number) => a.data.forEach((v, i) => expect(Math.abs(v - b.data[i])).toBeLessThan(tolerance));
    close(amplitudes(qhm({ lr: 0.4, momentum: 0.9, nu: 0 })), amplitudes(gd({ lr: 0.4 })), 1e-14);
    close(amplitudes(qhm({ lr: 0.4, momentum: 0.9, nu: 1 })), amplitudes(heavyBall({ lr: 0.4 * (1 - 0.9), momentum: 0.9 })), 1e-13);
    // y_k = (1 + β)x_k − βx_{k−1}, with x_{−1} = x₀
    const q = amplitudes(qhm({ lr: 0.4, momentum: 0.6, nu: 0.6 }));
    const x = amplitudes(nesterov({ lr: 0.4 * (1 - 0.6), momentum: 0.6 }));
    for (let k = 1; k <= 100; k++) {
      for (let i = 0; i < 4; i++) expect(Math.abs(q.get(k, i) - (1.6 * x.get(k, i) - 0.6 * x.get(k - 1, i)))).toBeLessThan(1e-13);
    }
  });

  it('the second-order flow agrees with RK45 on r̈ + (γ + (1 − ν)H/γ)ṙ + Hr = 0 from ṙ(0) = −(1 − ν)Hr₀/γ, to 1e-9', () => {
    const basis = eigh(analyticNtk(Matrix.from(C2_POINTS)));
    const [eta, beta, nu] = [1e-3, 0.995, 0.4];
    const gamma = Math.sqrt((1 - beta) / eta);
    const times = [0.5, 2, 5, 9];
    const p = predictResidual(basis, R0, { optimizer: qhm({ lr: eta, momentum: beta, nu }), mode: 'flow', times, amplitudes: true });
    expect(p.timeMap).toBe('t = k·√(η(1 − β))');
    expect(p.model).toMatch(/^r̈ \+ \(γ \+ \(1 − ν\)·H\/γ\)·ṙ \+ H·r = 0/);
    for (let i = 0; i < 4; i++) {
      let c0 = 0;
      for (let j = 0; j < 4; j++) c0 += basis.vectors!.get(j, i) * R0[j];
      const lambda = basis.values[i];
      const damping = gamma + ((1 - nu) * lambda) / gamma;
      const sol = integrate((_t, y, dy) => {
        dy[0] = y[1];
        dy[1] = -damping * y[1] - lambda * y[0];
      }, [c0, (-(1 - nu) * lambda * c0) / gamma], [0, 9], { times, rtol: 1e-12, atol: 1e-14 });
      times.forEach((t, k) => expect(Math.abs(p.amplitudes!.get(k, i) - sol.values[k][0]), `mode ${i} at t = ${t}`).toBeLessThan(1e-9));
    }
  });

  it('the discrete method tends to its flows: O(√(η(1 − β))) with γ fixed (second order), O(η) with β, ν fixed (first order)', () => {
    const basis = eigh(analyticNtk(Matrix.from(C2_POINTS)));
    const T = 5;
    const gap = (optimizer: Optimizer, limit: 'first-order' | 'second-order') => {
      const scale = predictResidual(basis, R0, { optimizer, mode: 'flow', steps: 1, limit }).times[1];
      const k = Math.round(T / scale);
      const d = predictResidual(basis, R0, { optimizer, mode: 'discrete', steps: k }).residualNorm[k];
      const f = predictResidual(basis, R0, { optimizer, mode: 'flow', times: [k * scale], limit }).residualNorm[0];
      return Math.abs(d - f);
    };
    // second order: ε = √(η(1 − β)), 1 − β = γε, η = ε/γ with γ = 1
    const second = (eps: number) => gap(qhm({ lr: eps, momentum: 1 - eps, nu: 0.5 }), 'second-order');
    const secondRatio = second(1e-2) / second(1e-3);
    expect(secondRatio).toBeGreaterThan(10 / 1.5);
    expect(secondRatio).toBeLessThan(10 * 1.5);
    const first = (eta: number) => gap(qhm({ lr: eta, momentum: 0.5, nu: 0.7 }), 'first-order');
    const firstRatio = first(1e-3) / first(1e-4);
    expect(firstRatio).toBeGreaterThan(10 / 1.5);
    expect(firstRatio).toBeLessThan(10 * 1.5);
    expect(second(1e-3)).toBeLessThan(1e-3);
  });

  it('the predicted rate is the decay of the flow, from the slowest mode', () => {
    const basis = eigh(analyticNtk(Matrix.from(C2_POINTS)));
    const eta = 1e-4;
    const optimizer = qhm({ lr: eta, momentum: 1 - 0.04 * eta, nu: 0.5 }); // γ = 0.2
    const times = Array.from({ length: 200 }, (_, i) => 0.5 * i);
    const p = predictResidual(basis, R0, { optimizer, mode: 'flow', times });
    const fit = fitRate(p.times, p.loss);
    const theory = theoreticalRate(basis.values, optimizer);
    expect(fit.kind).toBe('linear');
    expect(theory.kind).toBe('linear');
    expect(Math.abs(fit.linearRate / theory.rate! - 1)).toBeLessThan(0.1);
    // under-damped slowest mode: the rate is its damping γ + (1 − ν)λ₀/γ
    expect(theory.rate).toBeCloseTo(0.2 + (0.5 * basis.values[0]) / 0.2, 10);
  });
});

describe('QHM on a real network', () => {
  beforeAll(async () => {
    await ready();
  });
  const data = () => sphereData({ n: 10, d: 5, seed: 1 });

  it('at m = 1e4 training tracks its linearized prediction to 1e-2', async () => {
    const { X, y } = data();
    const net = TwoLayerReLU.init({ inputDim: 5, width: 10_000, seed: 2 });
    const basis = eigh(net.empiricalNtk(X));
    const optimizer = qhm({ lr: 0.3, momentum: 0.8, nu: 0.7 });
    const steps = 300;
    const result = await train(net, X, y, { optimizer, steps, record: { every: steps } });
    const predicted = predictResidual(basis, result.initialResidual, { optimizer, steps, mode: 'discrete', residuals: true });
    const u = net.predict(X);
    let gap = 0, r0 = 0;
    for (let i = 0; i < 10; i++) {
      gap += (u[i] - y[i] - predicted.residuals!.get(steps, i)) ** 2;
      r0 += result.initialResidual[i] ** 2;
    }
    net.dispose();
    expect(result.loss[1]).toBeLessThan(1e-3 * result.loss[0]); // it trained
    expect(Math.sqrt(gap / r0)).toBeLessThan(1e-2);
  });

  /** Trains a copy of one network (both layers and a bias trained) and returns its loss curve and weights. */
  async function trained(optimizer: Optimizer, steps: number) {
    const { X, y } = data();
    const net = TwoLayerReLU.init({ inputDim: 5, width: 400, seed: 3, trainOutputLayer: true, bias: true });
    const r = await train(net, X, y, { optimizer, steps });
    const weights = Float64Array.from([...net.W.data, ...net.a, ...net.b!]);
    net.dispose();
    return { loss: r.loss, weights };
  }

  it.each(BACKENDS)('ν = 0 trains exactly as GD, bit for bit (%s)', async (backend) => {
    await ready({ backend });
    const q = await trained(qhm({ lr: 0.2, momentum: 0.9, nu: 0 }), 60);
    const g = await trained(gd({ lr: 0.2 }), 60);
    expect(q.loss).toEqual(g.loss);
    expect(q.weights.every((v, i) => v === g.weights[i])).toBe(true);
    expect(q.loss[60]).toBeLessThan(0.1 * q.loss[0]);
    await ready();
  });

  it('ν = 1 trains as heavy ball with step η(1 − β) (the paper\'s normalisation), to rounding', async () => {
    const q = await trained(qhm({ lr: 1, momentum: 0.8, nu: 1 }), 60);
    const h = await trained(heavyBall({ lr: 1 * (1 - 0.8), momentum: 0.8 }), 60);
    q.loss.forEach((v, k) => expect(Math.abs(v - h.loss[k]), `step ${k}`).toBeLessThan(1e-11 * h.loss[0]));
    q.weights.forEach((v, i) => expect(Math.abs(v - h.weights[i])).toBeLessThan(1e-11));
    expect(q.loss[60]).toBeLessThan(0.1 * q.loss[0]);
  });

  it('ν = β trains as NAG-SC with step η(1 − β): QHM\'s weights are its extrapolated point (1 + β)x_K − βx_{K−1}', async () => {
    const beta = 0.6;
    const q = await trained(qhm({ lr: 0.5, momentum: beta, nu: beta }), 40);
    const nag = nesterov({ lr: 0.5 * (1 - beta), momentum: beta });
    const x40 = (await trained(nag, 40)).weights;
    const x39 = (await trained(nag, 39)).weights;
    q.weights.forEach((v, i) => expect(Math.abs(v - ((1 + beta) * x40[i] - beta * x39[i]))).toBeLessThan(1e-11));
  });
});
