// A run stopped and resumed from its checkpoint ends with the same bits as one uninterrupted run:
// the recorded series, the final weights, the optimizer's state (momentum, NAG's iterate), for a
// checkpoint taken mid-run and for the one an abort leaves, through JSON and back.
import { describe, expect, it } from 'vitest';
import {
  TwoLayerReLU, checkpointFromJSON, checkpointToJSON, heavyBall, nesterov, qhm, ready, sphereData, train,
  type Optimizer, type TrainCheckpoint, type TrainResult,
} from '../../src/index';
import { BACKENDS } from '../helpers/backends';

const { X, y } = sphereData({ n: 16, d: 5, seed: 3 });
const make = () => TwoLayerReLU.init({ inputDim: 5, width: 300, seed: 4, trainOutputLayer: true, bias: true });
const options = (optimizer: Optimizer) => ({ optimizer, steps: 40, loss: 'mean' as const, record: { every: 3, kernelDrift: true } });

function same(a: TrainResult, b: TrainResult, netA: TwoLayerReLU, netB: TwoLayerReLU): void {
  for (const key of ['steps', 'loss', 'residualNorm', 'weightDrift', 'kernelDrift'] as const) expect(b[key], key).toEqual(a[key]);
  expect(b.initialResidual).toEqual(a.initialResidual);
  expect(b.status).toBe(a.status);
  expect(b.stepsRun).toBe(a.stepsRun);
  expect(netB.W.data).toEqual(netA.W.data);
  expect(netB.a).toEqual(netA.a);
  expect(netB.b).toEqual(netA.b);
}

describe.each(BACKENDS)('checkpoints on %s', (backend) => {
  it.each([
    ['heavy ball', heavyBall({ lr: 0.5, momentum: 0.8 })],
    ['NAG-C', nesterov({ lr: 0.5, damping: 3 })],
    ['QHM', qhm({ lr: 0.5, momentum: 0.9, nu: 0.7 })],
  ])('%s: resumed from a mid-run checkpoint (through JSON), the same bits as one run', async (_, optimizer) => {
    await ready({ backend });
    const whole = make();
    const one = await train(whole, X, y, options(optimizer));
    let saved: unknown;
    const first = make();
    await train(first, X, y, { ...options(optimizer), checkpoint: { everyMs: 0, save: (cp) => { if (cp.k === 14) saved = JSON.parse(JSON.stringify(checkpointToJSON(cp))); } } });
    const resumed = make(); // other starting weights would do: the checkpoint sets them
    const two = await train(resumed, X, y, { ...options(optimizer), resume: checkpointFromJSON(saved) });
    same(one, two, whole, resumed);
  });

  it('an aborted run leaves a checkpoint from which it resumes to the same bits', async () => {
    await ready({ backend });
    const optimizer = nesterov({ lr: 0.5, damping: 3 });
    const whole = make();
    const one = await train(whole, X, y, options(optimizer));
    const stop = new AbortController();
    let last: TrainCheckpoint | undefined;
    const partial = await train(make(), X, y, {
      ...options(optimizer), signal: stop.signal,
      checkpoint: { everyMs: 0, save: (cp) => { last = cp; if (cp.k === 17) stop.abort(); } },
    });
    expect(partial.status).toBe('aborted');
    expect(last!.k).toBe(17);
    const resumed = make();
    const two = await train(resumed, X, y, { ...options(optimizer), resume: last });
    same(one, two, whole, resumed);
  });

  it('a checkpoint of another run is refused before anything changes', async () => {
    await ready({ backend });
    let saved: TrainCheckpoint | undefined;
    await train(make(), X, y, { ...options(heavyBall({ lr: 0.5, momentum: 0.8 })), checkpoint: { everyMs: 0, save: (cp) => { saved = cp; } } });
    const net = make();
    const before = net.W.data.slice();
    await expect(train(net, X, y, { ...options(heavyBall({ lr: 0.4, momentum: 0.8 })), resume: saved })).rejects.toThrow(/another optimizer/);
    await expect(train(net, X, y, { ...options(heavyBall({ lr: 0.5, momentum: 0.8 })), loss: 'half-sum', resume: saved })).rejects.toThrow(/loss 'mean'/);
    const narrow = TwoLayerReLU.init({ inputDim: 5, width: 20, trainOutputLayer: true, bias: true });
    await expect(train(narrow, X, y, { ...options(heavyBall({ lr: 0.5, momentum: 0.8 })), resume: saved })).rejects.toThrow(/has \d+ values, the network's/);
    expect(net.W.data).toEqual(before);
    expect(() => checkpointFromJSON({ format: 'other' })).toThrow(/not a training checkpoint/);
  });
});
