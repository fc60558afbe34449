// Progress reports label the loss with the step it was measured at, as the recorded curve does
// (before, the loss at θ_k was reported as step k + 1).
import { beforeAll, describe, expect, it } from 'vitest';
import { TwoLayerReLU, gd, ready, sphereData, train } from '../../src/index';

describe('train progress', () => {
  beforeAll(async () => {
    await ready();
  });

  it('reports (step, loss) pairs that lie on the recorded curve', async () => {
    const { X, y } = sphereData({ n: 40, d: 8, seed: 2 });
    const net = TwoLayerReLU.init({ inputDim: 8, width: 4000, seed: 3 });
    const seen: { step: number; loss: number }[] = [];
    const r = await train(net, X, y, { optimizer: gd({ lr: 0.05 }), steps: 3000, onProgress: (p) => seen.push({ step: p.step, loss: p.loss }) });
    net.dispose();
    expect(seen.length).toBeGreaterThan(1); // at least one report during the run, and the last one
    for (const p of seen) expect(p.loss, `step ${p.step}`).toBe(r.loss[p.step]);
    expect(seen[seen.length - 1].step).toBe(r.stepsRun);
  });
});
