import { beforeAll, describe, expect, it } from 'vitest';
import {
  Matrix, TwoLayerReLU, eigh, fitPowerLaw, gd, heavyBall, linearizationGap, nesterov, predictResidual, ready, sphereData, train,
  type Optimizer, type ResidualPrediction, type TrainResult,
} from '../../src/index';

describe('linearizationGap', () => {
  let X: Matrix, y: Float64Array;
  beforeAll(async () => {
    await ready();
    ({ X, y } = sphereData({ n: 20, d: 10, seed: 1 }));
  });

  async function runAndPredict(width: number, seed: number, optimizer: Optimizer = gd({ lr: 0.3 }), steps = 300) {
    const net = TwoLayerReLU.init({ inputDim: 10, width, seed });
    const basis = eigh(net.empiricalNtk(X));
    const run = await train(net, X, y, { optimizer, steps, record: { projectOn: basis } });
    const lin = predictResidual(basis, run.initialResidual, { optimizer, mode: 'discrete', steps: run.stepsRun, amplitudes: true, residuals: true });
    return { net, run, lin };
  }

  it('after one step, the residual gap is ‖u_net(1) − y − r_lin(1)‖/‖r(0)‖ computed from the network itself', async () => {
    const { net, run, lin } = await runAndPredict(512, 3, heavyBall({ lr: 0.3, momentum: 0.7 }), 1);
    const u = net.predict(X);
    let num = 0, den = 0;
    for (let i = 0; i < 20; i++) {
      num += (u[i] - y[i] - lin.residuals!.get(1, i)) ** 2;
      den += run.initialResidual[i] ** 2;
    }
    const gap = linearizationGap(run, lin);
    expect(gap.residualGapStep).toBe(1);
    expect(Math.abs(gap.residualGap! / Math.sqrt(num / den) - 1)).toBeLessThan(1e-9);
    net.dispose();
  });

  it('is exactly 1 and 0 for a run that is its own prediction, and finds a planted deviation at its step', async () => {
    const { net, run, lin } = await runAndPredict(256, 1);
    const k = run.steps;
    const copy: TrainResult = { ...run, loss: k.map((s) => lin.loss[s]), projections: lin.amplitudes!.clone() };
    const same = linearizationGap(copy, lin);
    expect(same.worstLossRatio).toBe(1);
    expect(same.residualGap).toBe(0);
    const planted = { ...copy, loss: copy.loss.map((l, i) => (i === 40 ? l / 2 : l)) };
    expect(linearizationGap(planted, lin)).toMatchObject({ worstLossRatio: 2, worstLossRatioStep: 40 });
    net.dispose();
  });

  it('stops comparing losses once the prediction is below threshold × its start (rounding level), and says where', async () => {
    const { net, run, lin } = await runAndPredict(256, 1);
    const L0 = lin.loss[0];
    const until = run.steps.find((s) => lin.loss[s] < 1e-6 * L0)!;
    expect(until).toBeGreaterThan(0);
    // a deviation past that step is not counted; one before it is
    const copy: TrainResult = { ...run, loss: run.steps.map((s) => lin.loss[s] * (s >= until ? 1e3 : 1)) };
    expect(linearizationGap(copy, lin)).toMatchObject({ worstLossRatio: 1, comparedUntil: until, threshold: 1e-6 });
    const coarser = linearizationGap(copy, lin, { threshold: 1e-9 });
    expect(coarser.worstLossRatio).toBeCloseTo(1e3, 9);
    expect(coarser.worstLossRatioStep).toBe(until);
    net.dispose();
  });

  it('shrinks like m^(−1/2): fitted exponent in [−0.65, −0.35] over widths 1024 … 16384 (GD, mean of 3 seeds)', async () => {
    const widths = [1024, 4096, 16384];
    const residual: number[] = [], ratio: number[] = [];
    for (const m of widths) {
      let r = 0, q = 0;
      for (let seed = 1; seed <= 3; seed++) {
        const { net, run, lin } = await runAndPredict(m, seed);
        const gap = linearizationGap(run, lin);
        r += gap.residualGap! / 3;
        q += Math.log(gap.worstLossRatio) / 3;
        net.dispose();
      }
      residual.push(r);
      ratio.push(q);
    }
    for (const gaps of [residual, ratio]) {
      const fit = fitPowerLaw(widths, gaps);
      expect(fit.exponent).toBeGreaterThan(-0.65);
      expect(fit.exponent).toBeLessThan(-0.35);
    }
  });

  it('refuses what it cannot compare: a diverged or flow prediction, another start, too few entries', async () => {
    const { net, run, lin } = await runAndPredict(256, 1, nesterov({ lr: 0.3 }), 20);
    const basis = eigh(net.empiricalNtk(X));
    const long = await runAndPredict(256, 1, gd({ lr: 0.3 }), 300);
    const unstable = predictResidual(basis, long.run.initialResidual, { optimizer: gd({ lr: 50 }), mode: 'discrete', steps: 300 });
    expect(unstable.divergedAt).toBeLessThan(300);
    expect(() => linearizationGap(long.run, unstable)).toThrow(/diverged at step/);
    long.net.dispose();
    const flow = predictResidual(basis, run.initialResidual, { optimizer: nesterov({ lr: 0.3 }), mode: 'flow', steps: 20 });
    expect(() => linearizationGap(run, flow)).toThrow(/must be discrete/);
    const mean = predictResidual(basis, run.initialResidual, { optimizer: nesterov({ lr: 0.3 }), mode: 'discrete', steps: 20, loss: 'mean' });
    expect(() => linearizationGap(run, mean)).toThrow(/starts at loss/);
    const short: ResidualPrediction = predictResidual(basis, run.initialResidual, { optimizer: nesterov({ lr: 0.3 }), mode: 'discrete', steps: 5 });
    expect(() => linearizationGap(run, short)).toThrow(/has 6 entries but the run recorded step 20/);
    expect(() => linearizationGap(run, lin, { threshold: 2 })).toThrow(RangeError);
    expect(() => linearizationGap(null as never, lin)).toThrow(TypeError);
    net.dispose();
  });
});

describe('fitPowerLaw', () => {
  it('recovers c·x^p exactly and refuses non-positive points', () => {
    const x = [1, 2, 4, 8, 16];
    const fit = fitPowerLaw(x, x.map((v) => 3 * v ** -0.5));
    expect(fit.exponent).toBeCloseTo(-0.5, 12);
    expect(fit.coefficient).toBeCloseTo(3, 12);
    expect(fit.r2).toBeCloseTo(1, 12);
    expect(() => fitPowerLaw([1, 2], [1, 0])).toThrow(/point 1/);
    expect(() => fitPowerLaw([1], [1])).toThrow(/at least 2/);
    expect(() => fitPowerLaw([2, 2], [1, 3])).toThrow(/all x are equal/);
  });
});
