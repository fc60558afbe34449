// train() on held-out points: the test loss and outputs at the recorded steps (at the iterate x_k
// for NAG), the same training with and without them, checkpoints, bad input; and the width
// experiment of docs/theory.md#test-predictions: the trained network's test outputs approach the
// linearized prediction of predictOutputs, the gap falling like m^(−1/2).
import { beforeAll, describe, expect, it } from 'vitest';
import {
  TwoLayerReLU, eigh, gd, heavyBall, nesterov, predictOutputs, ready, sphereData, train,
  type TrainCheckpoint,
} from '../../src/index';

const { X, y } = sphereData({ n: 10, d: 5, seed: 1 });
const T = sphereData({ n: 6, d: 5, seed: 5 });

describe('train with test points', () => {
  beforeAll(async () => {
    await ready();
  });

  it('records the test loss and outputs at the recorded steps, at the iterate (x_k for NAG)', async () => {
    const optimizer = nesterov({ lr: 0.3 });
    const start = TwoLayerReLU.init({ inputDim: 5, width: 800, seed: 2 });
    const net = start.clone();
    const r = await train(net, X, y, { optimizer, steps: 30, record: { every: 7, testOutputs: true }, test: { X: T.X, y: T.y } });
    expect(r.steps).toEqual([0, 7, 14, 21, 28, 30]);
    expect(r.testLoss).toHaveLength(6);
    expect(r.testOutputs!.rows).toBe(6);
    expect(r.testOutputs!.cols).toBe(6);
    expect(Array.from(r.testOutputs!.data.subarray(0, 6))).toEqual(Array.from(start.predict(T.X)));
    expect(Array.from(r.testOutputs!.data.subarray(30, 36))).toEqual(Array.from(net.predict(T.X)));
    // the record at step 14 is the network after 14 steps, which ends on its iterate x_14
    const shorter = start.clone();
    await train(shorter, X, y, { optimizer, steps: 14 });
    expect(Array.from(r.testOutputs!.data.subarray(12, 18))).toEqual(Array.from(shorter.predict(T.X)));
    for (let e = 0; e < 6; e++) {
      let sq = 0;
      for (let i = 0; i < 6; i++) sq += (r.testOutputs!.get(e, i) - T.y[i]) ** 2;
      expect(r.testLoss![e]).toBeCloseTo(0.5 * sq, 14);
    }
    expect(r.testLoss![5]).not.toBe(r.testLoss![0]);
    for (const n of [start, net, shorter]) n.dispose();
  });

  it('changes nothing else: the same training with and without test points, bit for bit; the mean loss divides by nTest', async () => {
    const run = async (extra: object) => {
      const net = TwoLayerReLU.init({ inputDim: 5, width: 400, seed: 3, trainOutputLayer: true });
      const r = await train(net, X, y, { optimizer: heavyBall({ lr: 0.1, momentum: 0.8 }), steps: 20, loss: 'mean', ...extra });
      const W = Array.from(net.W.data);
      net.dispose();
      return { r, W };
    };
    const plain = await run({});
    const tested = await run({ test: { X: T.X, y: T.y }, record: { testOutputs: true } });
    expect(tested.r.loss).toEqual(plain.r.loss);
    expect(tested.r.weightDrift).toEqual(plain.r.weightDrift);
    expect(tested.W).toEqual(plain.W);
    expect(plain.r.testLoss).toBeUndefined();
    const last = tested.r.testOutputs!.rows - 1;
    let sq = 0;
    for (let i = 0; i < 6; i++) sq += (tested.r.testOutputs!.get(last, i) - T.y[i]) ** 2;
    expect(tested.r.testLoss![last]).toBeCloseTo(sq / 6, 14);
    // outputs without targets: no test loss
    const outputsOnly = await run({ test: { X: T.X }, record: { testOutputs: true } });
    expect(outputsOnly.r.testLoss).toBeUndefined();
    expect(Array.from(outputsOnly.r.testOutputs!.data)).toEqual(Array.from(tested.r.testOutputs!.data));
  });

  it('a run resumed from its checkpoint records the same test loss and outputs, bit for bit', async () => {
    const optimizer = heavyBall({ lr: 0.2, momentum: 0.7 });
    const opts = { optimizer, steps: 25, record: { every: 4, testOutputs: true }, test: { X: T.X, y: T.y } };
    const make = () => TwoLayerReLU.init({ inputDim: 5, width: 300, seed: 6 });
    const one = await train(make(), X, y, opts);
    let saved: TrainCheckpoint | undefined;
    await train(make(), X, y, { ...opts, checkpoint: { everyMs: 0, save: (cp) => { if (cp.k === 11) saved = cp; } } });
    const two = await train(make(), X, y, { ...opts, resume: saved });
    expect(two.testLoss).toEqual(one.testLoss);
    expect(Array.from(two.testOutputs!.data)).toEqual(Array.from(one.testOutputs!.data));
    // and one that is aborted after its record of step 12 resumes to the same bits as well
    const stop = new AbortController();
    let last: TrainCheckpoint | undefined;
    await train(make(), X, y, { ...opts, signal: stop.signal, checkpoint: { everyMs: 0, save: (cp) => { last = cp; if (cp.k === 12) stop.abort(); } } });
    const three = await train(make(), X, y, { ...opts, resume: last });
    expect(three.testLoss).toEqual(one.testLoss);
    expect(Array.from(three.testOutputs!.data)).toEqual(Array.from(one.testOutputs!.data));
  });

  it('rejects bad test options before anything changes', async () => {
    const net = TwoLayerReLU.init({ inputDim: 5, width: 50, seed: 7 });
    const before = net.W.data.slice();
    const o = { optimizer: gd({ lr: 0.1 }), steps: 3 };
    await expect(train(net, X, y, { ...o, record: { testOutputs: true } })).rejects.toThrow(/record.testOutputs needs test points/);
    await expect(train(net, X, y, { ...o, test: { X: T.X } })).rejects.toThrow(/test without y records nothing/);
    await expect(train(net, X, y, { ...o, test: { X: sphereData({ n: 3, d: 4, seed: 1 }).X, y: [1, 2, 3] } })).rejects.toThrow(/test.X has 4 columns but the network's inputDim is 5/);
    await expect(train(net, X, y, { ...o, test: { X: T.X, y: [1, 2] } })).rejects.toThrow(/test.y has 2 targets but test.X has 6 rows/);
    await expect(train(net, X, y, { ...o, test: { y: T.y } as never })).rejects.toThrow(/test.X is missing/);
    await expect(train(net, X, y, { ...o, test: { X: T.X, y: T.y, z: 1 } as never })).rejects.toThrow(/test has an unknown key 'z'/);
    expect(net.W.data).toEqual(before);
    net.dispose();
  });

  it('the network’s test outputs approach the linearized prediction as m grows, the gap falling like m^(−1/2)', async () => {
    // GD, η = 0.1, 300 steps; gap = ‖f(X*) − f_lin(X*)‖ / ‖f_lin(X*) − f₀(X*)‖ at the end, the
    // geometric mean over four seeds; f_lin from predictOutputs with H(0), K₀(X*, X) and f₀ of the
    // network. Measured: 6.3e-2, 2.6e-2, 1.7e-2, 6.7e-3, 2.4e-3 at m = 250 … 64 000, a fitted
    // slope of −0.57 (heavy ball and NAG-C give −0.56 and −0.60).
    const optimizer = gd({ lr: 0.1 });
    const steps = 300;
    const widths = [250, 1000, 4000, 16_000, 64_000];
    const logGaps: number[] = [];
    for (const width of widths) {
      let sum = 0;
      for (const seed of [2, 3, 4, 5]) {
        const net = TwoLayerReLU.init({ inputDim: 5, width, seed });
        const f0 = net.predict(X), f0Test = net.predict(T.X);
        const p = predictOutputs(eigh(net.empiricalNtk(X)), y, { optimizer, mode: 'discrete', steps, f0Train: f0, test: { kernel: net.empiricalNtk(T.X, X), f0: f0Test } });
        const r = await train(net, X, y, { optimizer, steps, record: { every: steps, testOutputs: true }, test: { X: T.X } });
        let gap = 0, moved = 0;
        for (let i = 0; i < 6; i++) {
          gap += (r.testOutputs!.get(1, i) - p.test!.get(steps, i)) ** 2;
          moved += (p.test!.get(steps, i) - f0Test[i]) ** 2;
        }
        sum += Math.log(Math.sqrt(gap / moved));
        net.dispose();
      }
      logGaps.push(sum / 4);
    }
    const lx = widths.map(Math.log);
    const mx = lx.reduce((a, b) => a + b) / lx.length, my = logGaps.reduce((a, b) => a + b) / logGaps.length;
    const slope = lx.reduce((s, x, i) => s + (x - mx) * (logGaps[i] - my), 0) / lx.reduce((s, x) => s + (x - mx) ** 2, 0);
    expect(slope).toBeGreaterThan(-0.75);
    expect(slope).toBeLessThan(-0.4);
    expect(Math.exp(logGaps[4])).toBeLessThan(5e-3);
  });
});
