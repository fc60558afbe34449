import { beforeAll, describe, expect, it } from 'vitest';
import {
  Matrix, TwoLayerReLU, eigh, gd, heavyBall, lambdaMax, nesterov, predictResidual, ready, sphereData, train, twoMomentum,
} from '../../src/index';
import type { Optimizer } from '../../src/index';
import { runtime } from '../../src/runtime/runtime';

/** ‖r_K(net) − r_K(linearized)‖/‖r₀‖ after `steps` steps (the measure of docs/theory.md#c8). */
async function gapToLinearized(width: number, optimizer: Optimizer, steps: number): Promise<number> {
  const { X, y } = sphereData({ n: 10, d: 5, seed: 1 });
  const net = TwoLayerReLU.init({ inputDim: 5, width, seed: 2 });
  const basis = eigh(net.empiricalNtk(X));
  const result = await train(net, X, y, { optimizer, steps, record: { every: steps } });
  const predicted = predictResidual(basis, result.initialResidual, { optimizer, steps, mode: 'discrete', residuals: true });
  const u = net.predict(X);
  let gap = 0, r0 = 0;
  for (let i = 0; i < 10; i++) {
    gap += (u[i] - y[i] - predicted.residuals!.get(steps, i)) ** 2;
    r0 += result.initialResidual[i] ** 2;
  }
  net.dispose();
  // the recorded final loss is the network's own
  expect(result.loss[result.loss.length - 1]).toBeCloseTo(0.5 * Array.from(u).reduce((s, v, i) => s + (v - y[i]) ** 2, 0), 12);
  return Math.sqrt(gap / r0);
}

describe('train', () => {
  beforeAll(async () => {
    await ready();
  });

  it('C8: real GD training tracks the linearized prediction, closer as the width grows (gap < 1e-2 at m = 5e4)', async () => {
    const gaps = [];
    for (const m of [1000, 10_000, 50_000]) gaps.push(await gapToLinearized(m, gd({ lr: 0.1 }), 300));
    expect(gaps[1]).toBeLessThan(gaps[0]);
    expect(gaps[2]).toBeLessThan(gaps[1]);
    expect(gaps[2]).toBeLessThan(1e-2);
  });

  it.each([
    ['heavy ball', heavyBall({ lr: 0.1, momentum: 0.5 })],
    ['NAG-C', nesterov({ lr: 0.1 })],
    ['two-momentum', twoMomentum({ lr: 0.1, beta1: 0.3, beta2: 0.2 })],
  ])('%s at m = 1e4 tracks its linearized prediction to 1e-2', async (_, optimizer) => {
    expect(await gapToLinearized(10_000, optimizer as Optimizer, 300)).toBeLessThan(1e-2);
  });

  it('records loss, ‖r‖, weight and kernel drift, λ_min and projections, every k steps and at the end', async () => {
    const { X, y } = sphereData({ n: 8, d: 4, seed: 3 });
    const net = TwoLayerReLU.init({ inputDim: 4, width: 2000, seed: 4 });
    const H0 = net.empiricalNtk(X);
    const basis = eigh(H0);
    const r = await train(net, X, y, { optimizer: gd({ lr: 0.2 }), steps: 25, record: { every: 10, kernelDrift: true, lambdaMin: true, projectOn: basis } });
    expect(r.status).toBe('completed');
    expect(r.stepsRun).toBe(25);
    expect(r.steps).toEqual([0, 10, 20, 25]);
    expect(r.weightDrift[0]).toBe(0);
    expect(r.kernelDrift![0]).toBe(0);
    expect(r.kernelDrift![3]).toBeGreaterThan(0);
    expect(Math.abs(r.lambdaMin![0] - basis.values[0])).toBeLessThan(1e-12);
    for (let i = 1; i < 4; i++) expect(r.loss[i]).toBeLessThan(r.loss[i - 1]);
    for (let i = 0; i < 4; i++) expect(r.loss[i]).toBeCloseTo(0.5 * r.residualNorm[i] ** 2, 12);
    expect(r.weightDrift[3]).toBeGreaterThan(r.weightDrift[1]);
    // projections: row 0 is Vᵀr₀
    for (let j = 0; j < 8; j++) {
      let c = 0;
      for (let i = 0; i < 8; i++) c += basis.vectors!.get(i, j) * r.initialResidual[i];
      expect(r.projections!.get(0, j)).toBeCloseTo(c, 12);
    }
  });

  it('is deterministic, and the mean loss is (2/n)× the gradient scale of the half-sum', async () => {
    const { X, y } = sphereData({ n: 6, d: 3, seed: 9 });
    const run = async (opts: object) => (await train(TwoLayerReLU.init({ inputDim: 3, width: 500, seed: 1 }), X, y, { optimizer: gd({ lr: 0.3 }), steps: 20, ...opts })).loss;
    expect(await run({})).toEqual(await run({}));
    // GD on the mean loss with η' = η·n/2 is GD on the half-sum with η: same weights, loss ×(2/n)
    const half = await run({});
    const mean = (await train(TwoLayerReLU.init({ inputDim: 3, width: 500, seed: 1 }), X, y, { optimizer: gd({ lr: 0.9 }), steps: 20, loss: 'mean' })).loss;
    mean.forEach((v, i) => expect(v).toBeCloseTo((half[i] * 2) / 6, 10));
  });

  it.each([
    ['GD', (lr: number) => gd({ lr }), 2],
    ['heavy ball', (lr: number) => heavyBall({ lr, momentum: 0.6 }), 2 * 1.6],
  ])('%s: no false alarm at 0.9× the stable step 2(1 + β)/λ_max; divergence caught at 1.5×, with that step reported', async (_, make, numerator) => {
    const { X, y } = sphereData({ n: 10, d: 5, seed: 5 });
    const fresh = () => TwoLayerReLU.init({ inputDim: 5, width: 20_000, seed: 6 });
    const stable = (numerator as number) / lambdaMax(fresh().empiricalNtk(X));
    const good = await train(fresh(), X, y, { optimizer: make(0.9 * stable), steps: 400 });
    expect(good.status).toBe('completed');
    expect(good.loss[good.loss.length - 1]).toBeLessThan(1e-3 * good.loss[0]);
    const bad = await train(fresh(), X, y, { optimizer: make(1.5 * stable), steps: 400 });
    expect(bad.status).toBe('diverged');
    expect(bad.stepsRun).toBeLessThan(400);
    expect(Math.abs(bad.maxStableLearningRate! / stable - 1)).toBeLessThan(1e-9);
    expect(bad.message).toMatch(/above the largest stable one/);
  });

  it('just above the stable step the finite network catapults: the loss rises, the kernel adapts, training converges', async () => {
    // Lewkowycz et al. 2020: for 2/λ_max < η < ~4/λ_max the linearized model diverges but the
    // network does not; the detector must not call this divergence.
    const { X, y } = sphereData({ n: 10, d: 5, seed: 5 });
    const net = TwoLayerReLU.init({ inputDim: 5, width: 20_000, seed: 6 });
    const lmax0 = lambdaMax(net.empiricalNtk(X));
    const r = await train(net, X, y, { optimizer: gd({ lr: (1.1 * 2) / lmax0 }), steps: 400, record: { every: 5 } });
    expect(r.status).toBe('completed');
    expect(Math.max(...r.loss)).toBeGreaterThan(2 * r.loss[0]);
    expect(r.loss[r.loss.length - 1]).toBeLessThan(1e-3 * r.loss[0]);
    expect(lambdaMax(net.empiricalNtk(X))).toBeLessThan(lmax0 / 1.1);
  });

  it('an AbortSignal stops the run cleanly with the partial record; progress is reported', async () => {
    const { X, y } = sphereData({ n: 20, d: 5, seed: 7 });
    const net = TwoLayerReLU.init({ inputDim: 5, width: 4000, seed: 8 });
    const controller = new AbortController();
    const seen: number[] = [];
    setTimeout(() => controller.abort(), 300);
    const r = await train(net, X, y, {
      optimizer: gd({ lr: 0.1 }), steps: 10_000_000, signal: controller.signal, record: { every: 50 },
      onProgress: (p) => seen.push(p.step),
    });
    expect(r.status).toBe('aborted');
    expect(r.stepsRun).toBeGreaterThan(0);
    expect(r.stepsRun).toBeLessThan(10_000_000);
    expect(r.steps.length).toBeGreaterThan(0);
    expect(seen.length).toBeGreaterThan(0);
    expect(runtime().arena.liveBytes).toBeGreaterThan(0); // the network's own weights
  });

  it('gives all its memory back: only the network remains', async () => {
    const { X, y } = sphereData({ n: 12, d: 4, seed: 2 });
    const net = TwoLayerReLU.init({ inputDim: 4, width: 300, seed: 1, trainOutputLayer: true, bias: true });
    const before = runtime().arena.liveBytes;
    for (const optimizer of [gd({ lr: 0.1 }), heavyBall({ lr: 0.1, momentum: 0.5 }), nesterov({ lr: 0.1 }), twoMomentum({ lr: 0.1, beta1: 0.2, beta2: 0.2 })]) {
      await train(net, X, y, { optimizer, steps: 5, record: { kernelDrift: true } });
    }
    expect(runtime().arena.liveBytes).toBe(before);
  });

  it('rejects bad input', async () => {
    const { X, y } = sphereData({ n: 4, d: 3, seed: 1 });
    const net = TwoLayerReLU.init({ inputDim: 3, width: 10 });
    await expect(train(net, X, y, { optimizer: gd({ lr: 0.1 }), steps: -1 })).rejects.toThrow(/steps must be a non-negative integer/);
    await expect(train(net, X, [1, 2], { optimizer: gd({ lr: 0.1 }), steps: 1 })).rejects.toThrow(/y has 2 targets but X has 4 rows/);
    await expect(train(net, X, y, { optimizer: 'adam' as never, steps: 1 })).rejects.toThrow(/optimizer must come from/);
    await expect(train(net, X, y, { optimizer: gd({ lr: 0.1 }), steps: 1, record: { every: 0 } })).rejects.toThrow(/record.every/);
    await expect(train(net, X, y, { optimizer: gd({ lr: 0.1 }), steps: 1, epochs: 3 } as never)).rejects.toThrow(/unknown option 'epochs'/);
  });
});

describe('optimizer factories', () => {
  it('validate their hyperparameters', () => {
    expect(() => gd({ lr: 0 })).toThrow(new RangeError('gd: lr must be a positive finite number (got 0)'));
    expect(() => heavyBall({ lr: 0.1, momentum: 1 })).toThrow(/momentum must be in \[0, 1\)/);
    expect(() => nesterov({ lr: 0.1, damping: 3, momentum: 0.5 })).toThrow(/not both/);
    expect(() => nesterov({ lr: 0.1, damping: 0.5 })).toThrow(/damping must be a finite number ≥ 1/);
    expect(() => twoMomentum({ lr: 0.1, beta1: 0.2, beta2: 0.8 })).toThrow(/root on or outside the unit circle/);
    expect(nesterov({ lr: 0.1 })).toEqual({ kind: 'nesterov', lr: 0.1, damping: 3 });
    expect(nesterov({ lr: 0.1, momentum: 0.9 })).toEqual({ kind: 'nesterov-sc', lr: 0.1, momentum: 0.9 });
  });
});

describe('train refuses what would silently go wrong (found in review)', () => {
  beforeAll(async () => {
    await ready();
  });
  const data = () => sphereData({ n: 6, d: 3, seed: 2 });

  it('a hand-made optimizer is validated like the factories’ output', async () => {
    const { X, y } = data();
    const net = TwoLayerReLU.init({ inputDim: 3, width: 50, seed: 1 });
    const before = net.W.data.slice();
    await expect(train(net, X, y, { optimizer: { kind: 'gd', lr: NaN } as never, steps: 2 })).rejects.toThrow(/invalid optimizer: gd: lr must be a positive finite number/);
    await expect(train(net, X, y, { optimizer: { kind: 'heavy-ball', lr: 0.1 } as never, steps: 2 })).rejects.toThrow(/momentum must be in \[0, 1\)/);
    expect(net.W.data).toEqual(before);
  });

  it('weights that overflow make the run diverged even though the loss looks flat', async () => {
    const { X, y } = data();
    const r = await train(TwoLayerReLU.init({ inputDim: 3, width: 50, seed: 1 }), X, y, { optimizer: gd({ lr: 1e308 }), steps: 5 });
    expect(r.status).toBe('diverged');
  });

  it('a subset eigenbasis for projections is refused before training changes anything', async () => {
    const { X, y } = data();
    const net = TwoLayerReLU.init({ inputDim: 3, width: 50, seed: 1 });
    const before = net.W.data.slice();
    const subset = eigh(net.empiricalNtk(X), { subset: { smallest: 3 } });
    await expect(train(net, X, y, { optimizer: gd({ lr: 0.1 }), steps: 3, record: { projectOn: subset } })).rejects.toThrow(/full eigh with vectors/);
    expect(net.W.data).toEqual(before);
  });

  it('options of the wrong type are refused', async () => {
    const { X, y } = data();
    const net = TwoLayerReLU.init({ inputDim: 3, width: 50, seed: 1 });
    await expect(train(net, X, y, { optimizer: gd({ lr: 0.1 }), steps: 1, tolerance: '0.5' as never })).rejects.toThrow(/tolerance must be a finite number/);
    await expect(train(net, X, y, { optimizer: gd({ lr: 0.1 }), steps: 1, record: { kernelDrift: 'no' as never } })).rejects.toThrow(/record.kernelDrift must be a boolean/);
  });
});

describe('NAG between records (found by npm run fuzz)', () => {
  beforeAll(async () => {
    await ready();
  });

  it('decides divergence on the iterate x_k, not the extrapolated y_k: the verdict does not depend on record.every', async () => {
    // A momentum step whose extrapolated point y_k has a loss above 1000× the start while the
    // iterate's stays below: with every = 3 the unrecorded steps used to call it diverged.
    const X = new Matrix(5, 4, Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -4, 0, 0, 0, 0, -4, 0, 0, -6]));
    const y = [0, 3, 0, 0, 2];
    const make = () => TwoLayerReLU.init({ inputDim: 4, width: 12, seed: 861260, scale: 0.5, bias: true, parameterization: 'standard', trainOutputLayer: false });
    const optimizer = nesterov({ lr: 0.3088116282678178, damping: 1 });
    const sparse = await train(make(), X, y, { optimizer, steps: 3, record: { every: 3 } });
    const dense = await train(make(), X, y, { optimizer, steps: 3, record: { every: 1 } });
    expect(dense.status).toBe('completed');
    expect(sparse.status).toBe(dense.status);
    expect(sparse.loss[sparse.loss.length - 1]).toBe(dense.loss[dense.loss.length - 1]);
  });
});
