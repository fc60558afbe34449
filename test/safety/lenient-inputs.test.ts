// Inputs that were coerced or silently accepted before the safety review (found by fuzzing); each
// is now a TypeError or RangeError naming what is wrong, and changes nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  Matrix, OutOfMemoryError, TwoLayerReLU, analyticNtk, eigh, fitRate, gd, integrate, predictResidual, ready, sphereData, train,
} from '../../src/index';

describe('lenient spots', () => {
  beforeAll(async () => {
    await ready();
  });
  const { X, y } = sphereData({ n: 4, d: 3, seed: 1 });
  const basis = () => eigh(analyticNtk(X));
  const opts = { optimizer: gd({ lr: 0.1 }), steps: 3, mode: 'discrete' as const };

  it('Matrix#set refuses NaN and strings', () => {
    const m = Matrix.zeros(2, 2);
    expect(() => m.set(0, 0, NaN)).toThrow(new RangeError('Matrix.set: the value must be finite (got NaN)'));
    expect(() => m.set(0, 0, '1' as never)).toThrow(new TypeError("Matrix.set: the value must be a number (got the string '1')"));
    expect(Array.from(m.data)).toEqual([0, 0, 0, 0]);
  });

  it('predictResidual refuses null or strings in r0 and times, and a non-boolean residuals', () => {
    const b = basis();
    expect(() => predictResidual(b, [1, null, 0, 0] as never, opts)).toThrow(new TypeError('predictResidual: r0[1] is not a number (got null)'));
    expect(() => predictResidual(b, ['1', 0, 0, 0] as never, opts)).toThrow(TypeError);
    expect(() => predictResidual(b, [1, 0, 0, 0], { optimizer: gd({ lr: 0.1 }), times: ['1'] as never, mode: 'flow' })).toThrow(/times\[0\] is not a number/);
    expect(() => predictResidual(b, [1, 0, 0, 0], { ...opts, residuals: 1 as never })).toThrow(/residuals must be a boolean/);
    expect(() => predictResidual(b, [1, 0, 0, 0], { ...opts, amplitudes: 'yes' as never })).toThrow(/amplitudes must be a boolean/);
  });

  it('integrate refuses times that are not an array, and tspans that are not two numbers', () => {
    const f = (_t: number, v: Float64Array, dv: Float64Array) => {
      dv[0] = -v[0];
    };
    expect(() => integrate(f, [1], [0, 1], { times: 0.5 as never })).toThrow(new TypeError('integrate: times must be a Float64Array or an array of numbers (got 0.5)'));
    expect(() => integrate(f, [1], 5 as never)).toThrow(TypeError);
    expect(() => integrate(f, [1], [0, 1, 2] as never)).toThrow(RangeError);
    expect(() => integrate(f, ['1'] as never, [0, 1])).toThrow(TypeError);
  });

  it('fitRate refuses strings and booleans instead of coercing them', () => {
    expect(() => fitRate(['1', '2', '3'] as never, [1, 0.5, 0.25])).toThrow(/k\[0\] is not a number/);
    expect(() => fitRate([1, 2, 3], [true, 0.5, 0.25] as never)).toThrow(/loss\[0\] is not a number/);
    expect(() => fitRate([1, 2, 3, 4], [1, 0.5, 0.25, 0.1], { from: '1' as never })).toThrow(/window.from must be a number/);
  });

  it('TwoLayerReLU.fromParams refuses null entries (which used to become 0)', () => {
    expect(() => TwoLayerReLU.fromParams({ W: [[1, 2]], a: [null] as never })).toThrow(new TypeError('TwoLayerReLU.fromParams: a[0] is not a number (got null)'));
    expect(() => TwoLayerReLU.fromParams({ W: [[1, null]] as never, a: [1] })).toThrow(TypeError);
    expect(() => TwoLayerReLU.fromParams({ W: [[1, 2]], a: [1], b: [null] as never })).toThrow(TypeError);
  });

  it('train refuses an AbortController as its signal, and a missing network', async () => {
    const net = TwoLayerReLU.init({ inputDim: 3, width: 20, seed: 1 });
    const before = net.W.data.slice();
    await expect(train(net, X, y, { optimizer: gd({ lr: 0.1 }), steps: 2, signal: new AbortController() as never })).rejects.toThrow(
      new TypeError('train: signal must be an AbortSignal (got AbortController) (pass controller.signal, not the controller)'),
    );
    await expect(train(undefined as never, X, y, { optimizer: gd({ lr: 0.1 }), steps: 2 })).rejects.toThrow(new TypeError('train: net must be a TwoLayerReLU (got undefined)'));
    expect(net.W.data).toEqual(before);
  });
});

describe('work bounded by what the caller can see', () => {
  beforeAll(async () => {
    await ready();
  });

  it('predictResidual refuses a result too large to hold, before computing anything', () => {
    const { X } = sphereData({ n: 4, d: 3, seed: 1 });
    const call = () => predictResidual(eigh(analyticNtk(X)), [1, 0, 0, 0], { optimizer: gd({ lr: 0.1 }), steps: 5e8, mode: 'discrete' });
    expect(call).toThrow(OutOfMemoryError);
    expect(call).toThrow(/a prediction of 500000001 entries would take 14\.9 GiB of JavaScript memory/);
  });

  it('TwoLayerReLU.init refuses a width whose weights cannot fit in WebAssembly memory, before drawing them', () => {
    const call = () => TwoLayerReLU.init({ inputDim: 10, width: 1e8 });
    expect(call).toThrow(OutOfMemoryError);
    expect(call).toThrow(/a network of width 100000000 on inputs of dimension 10 needs 8\.9 GiB of WebAssembly memory/);
    expect(call).toThrow(expect.objectContaining({ code: 'NTK_OUT_OF_MEMORY' }));
  });

  it('a Matrix too large for any kernel is refused when made', () => {
    expect(() => Matrix.zeros(100_000, 100_000)).toThrow(OutOfMemoryError);
  });
});

describe('more holes found by the fuzz suite', () => {
  beforeAll(async () => {
    await ready();
  });

  it('options that are null are refused, not taken for "use the default"', async () => {
    expect(() => sphereData({ n: 4, d: 3, seed: null as never })).toThrow(new TypeError('sphereData: seed is null; leave it out to use the default'));
    expect(() => TwoLayerReLU.init({ inputDim: 2, width: 3, scale: null as never })).toThrow(TypeError);
    const { X, y } = sphereData({ n: 4, d: 3, seed: 1 });
    const net = TwoLayerReLU.init({ inputDim: 3, width: 5 });
    await expect(train(net, X, y, { optimizer: gd({ lr: 0.1 }), steps: 1, divergenceFactor: null as never })).rejects.toThrow(/divergenceFactor is null/);
    await expect(train(net, X, y, { optimizer: gd({ lr: 0.1 }), steps: 1, record: { every: null as never } })).rejects.toThrow(/record.every is null/);
  });

  it('ready() refuses an array of options; train refuses an X with no rows and a forged network', async () => {
    await expect(ready([] as never)).rejects.toThrow(new TypeError('ready: options must be an object'));
    const net = TwoLayerReLU.init({ inputDim: 1, width: 4 });
    await expect(train(net, Matrix.zeros(0, 1), [], { optimizer: gd({ lr: 0.1 }), steps: 1, record: { lambdaMin: true } })).rejects.toThrow(/X has no rows/);
    const forged = Object.create(TwoLayerReLU.prototype);
    await expect(train(forged, Matrix.zeros(1, 1), [0], { optimizer: gd({ lr: 0.1 }), steps: 1 })).rejects.toThrow(new TypeError('train: net must be a TwoLayerReLU (got TwoLayerReLU)'));
  });

  it('a scale whose weights overflow is refused; a non-number index is a TypeError', () => {
    expect(() => TwoLayerReLU.init({ inputDim: 1, width: 6, scale: Number.MAX_VALUE })).toThrow(/makes W\[\d+\] overflow/);
    expect(() => Matrix.zeros(1, 1).get(Symbol('i') as never, 0)).toThrow(TypeError);
  });

  it('integrate with atol = 0 solves a problem whose components pass through 0', () => {
    const r = integrate((_t, v, dv) => {
      dv[0] = v[1];
      dv[1] = -v[0];
    }, [1, 0], [0, 1], { atol: 0 });
    expect(r.values[0][0]).toBeCloseTo(Math.cos(1), 8);
    expect(r.values[0][1]).toBeCloseTo(-Math.sin(1), 8);
  });
});
