// A network's memory: where it lives (the runtime it was made in, whatever backend is active
// later), when it goes (dispose, `using`, or collection), and who may use it (one train() at a
// time). Each case failed on the code before the safety review's fixes.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BusyError, DisposedError, TwoLayerReLU, gd, heavyBall, ready, runtimeInfo, sphereData, train,
} from '../../src/index';

const data = () => sphereData({ n: 8, d: 4, seed: 3 });

describe('network lifetime', () => {
  beforeAll(async () => {
    await ready({ backend: 'simd' });
  });

  it('trains on its own runtime after the active backend was switched (weightDrift as on one backend)', async () => {
    const { X, y } = data();
    await ready({ backend: 'simd' });
    const reference = TwoLayerReLU.init({ inputDim: 4, width: 64, seed: 5 });
    const expected = await train(reference, X, y, { optimizer: heavyBall({ lr: 0.2, momentum: 0.5 }), steps: 20 });
    const net = TwoLayerReLU.init({ inputDim: 4, width: 64, seed: 5 });
    await ready({ backend: 'relaxed' });
    const result = await train(net, X, y, { optimizer: heavyBall({ lr: 0.2, momentum: 0.5 }), steps: 20 });
    expect(result.weightDrift).toEqual(expected.weightDrift);
    expect(result.loss).toEqual(expected.loss);
    const copy = net.clone(); // also in the simd runtime
    expect(copy.predict(X)).toEqual(net.predict(X));
    copy.dispose();
    await ready({ backend: 'simd' });
  });

  it('a second train() on the same network is refused with BusyError while the first runs; others may train', async () => {
    const { X, y } = data();
    const net = TwoLayerReLU.init({ inputDim: 4, width: 64, seed: 1 });
    const other = TwoLayerReLU.init({ inputDim: 4, width: 64, seed: 1 });
    const stop = new AbortController();
    // train() yields to the event loop every 50 ms: a million steps are still running below
    const first = train(net, X, y, { optimizer: gd({ lr: 0.1 }), steps: 1_000_000, signal: stop.signal });
    const second = train(net, X, y, { optimizer: gd({ lr: 0.1 }), steps: 200 });
    expect(() => net.dispose()).toThrow(BusyError);
    const parallel = train(other, X, y, { optimizer: gd({ lr: 0.1 }), steps: 200 });
    await expect(second).rejects.toThrow(BusyError);
    await expect(second).rejects.toMatchObject({ code: 'NTK_BUSY' });
    stop.abort();
    const [a, b] = await Promise.all([first, parallel]);
    expect(a.status).toBe('aborted');
    expect(b.status).toBe('completed');
    // the refused call changed nothing: the first run's curve is plain GD's
    const twin = TwoLayerReLU.init({ inputDim: 4, width: 64, seed: 1 });
    const alone = await train(twin, X, y, { optimizer: gd({ lr: 0.1 }), steps: a.stepsRun });
    expect(a.loss.slice(0, 50)).toEqual(alone.loss.slice(0, 50));
    twin.dispose();
    const again = await train(net, X, y, { optimizer: gd({ lr: 0.1 }), steps: 1 }); // free again
    expect(again.status).toBe('completed');
    net.dispose();
    other.dispose();
  });

  it('dispose is idempotent; use afterwards throws DisposedError; runtimeInfo counts live objects and bytes', () => {
    const { X } = data();
    const before = runtimeInfo();
    const net = TwoLayerReLU.init({ inputDim: 4, width: 100, seed: 1, bias: true });
    const during = runtimeInfo();
    expect(during.liveObjects).toBe(before.liveObjects + 1);
    expect(during.liveBytes - before.liveBytes).toBeGreaterThanOrEqual((100 * 4 + 200) * 8);
    net.dispose();
    net.dispose();
    expect(net.disposed).toBe(true);
    expect(runtimeInfo().liveObjects).toBe(before.liveObjects);
    expect(runtimeInfo().liveBytes).toBe(before.liveBytes);
    for (const use of [() => net.predict(X), () => net.W, () => net.clone(), () => net.empiricalNtk(X), () => net.jacobian(X), () => net.toParams()]) {
      expect(use).toThrow(DisposedError);
      expect(use).toThrow(/has been disposed/);
    }
    return expect(train(net, X, new Float64Array(8), { optimizer: gd({ lr: 0.1 }), steps: 1 })).rejects.toMatchObject({ code: 'NTK_DISPOSED' });
  });

  it('`using` disposes at the end of the block', () => {
    const before = runtimeInfo().liveObjects;
    let escaped: TwoLayerReLU;
    {
      using net = TwoLayerReLU.init({ inputDim: 4, width: 10, seed: 1 });
      escaped = net;
      expect(runtimeInfo().liveObjects).toBe(before + 1);
    }
    expect(escaped.disposed).toBe(true);
    expect(runtimeInfo().liveObjects).toBe(before);
    expect(typeof Symbol.dispose).toBe('symbol');
  });
});
