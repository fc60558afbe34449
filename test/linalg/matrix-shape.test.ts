// A Matrix's shape cannot be changed or faked: every entry point works on the shape the matrix was
// made with and on the engine's own count of its entries (found by a hostile-user review: with
// `A.rows = 2` on a 16×16 matrix, eigh copied 256 entries into a 4-entry block and overwrote a
// live network's weights).
import { beforeAll, describe, expect, it } from 'vitest';
import {
  Matrix, TwoLayerReLU, analyticNtk, eigh, eigvalsh, gram, matmul, predictResidual, gd, ready, sphereData, train,
} from '../../src/index';
import { randomMatrix } from '../helpers/random';

function symmetric(n: number, seed: number): Matrix {
  const a = randomMatrix(n, n, seed);
  return matmul(a, a, { transB: true });
}

/** A Float64Array subclass whose `length` lies. */
class LyingArray extends Float64Array {
  override get length(): number {
    return 4;
  }
}

describe('Matrix shape', () => {
  beforeAll(async () => {
    await ready();
  });

  it('rows, cols and data cannot be reassigned (strict mode throws) and stay as made', () => {
    const a = Matrix.zeros(16, 16);
    expect(() => {
      (a as { rows: number }).rows = 2;
    }).toThrow(TypeError);
    expect(() => {
      (a as { data: Float64Array }).data = new Float64Array(4);
    }).toThrow(TypeError);
    expect([a.rows, a.cols, a.data.length]).toEqual([16, 16, 256]);
  });

  it('a shape defined on the instance, or overridden by a subclass, is not what the package reads', () => {
    const net = TwoLayerReLU.init({ inputDim: 3, width: 8, seed: 1 });
    const weights = net.W.data.slice();
    const a = symmetric(16, 1);
    const expected = eigvalsh(a);
    Object.defineProperty(a, 'rows', { value: 2 });
    Object.defineProperty(a, 'cols', { value: 2 });
    expect(a.rows).toBe(2); // the instance lies to its readers …
    expect(eigvalsh(a)).toEqual(expected); // … but not to the package
    class Shrunk extends Matrix {
      override get rows(): number {
        return 2;
      }
      override get cols(): number {
        return 2;
      }
    }
    const b = new Shrunk(16, 16, a.data);
    expect(eigvalsh(b)).toEqual(expected);
    expect(eigh(b).vectors!.rows).toBe(16);
    expect(matmul(b, b).rows).toBe(16);
    expect(gram(b).rows).toBe(16);
    expect(net.W.data).toEqual(weights); // nothing written outside its block
  });

  it('forged matrices are refused with a TypeError, whatever their prototype says', () => {
    const forged = [
      Object.create(Matrix.prototype),
      { rows: 2, cols: 2, data: new Float64Array(4), shape: '2×2' },
      new Proxy(Matrix.zeros(2, 2), {}),
      Object.setPrototypeOf({ rows: 2, cols: 2, data: new Float64Array(4) }, Matrix.prototype),
    ];
    for (const f of forged) {
      expect(() => matmul(f, Matrix.zeros(2, 2))).toThrow(TypeError);
      expect(() => gram(f)).toThrow(TypeError);
      expect(() => eigh(f)).toThrow(TypeError);
      expect(() => analyticNtk(f)).toThrow(TypeError);
      expect(Matrix.isMatrix(f)).toBe(false);
    }
    expect(Matrix.isMatrix(Matrix.zeros(1, 1))).toBe(true);
  });

  it('a Float64Array subclass that lies about its length is measured by the engine', () => {
    const data = new LyingArray(9);
    expect(data.length).toBe(4);
    const m = new Matrix(3, 3, data); // the engine counts 9 entries
    m.data.set([2, 0, 0, 0, 3, 0, 0, 0, 4]);
    expect(Array.from(eigvalsh(m))).toEqual([2, 3, 4]);
    expect(() => new Matrix(2, 2, new LyingArray(9))).toThrow(/data has 9 entries but a 2×2 matrix needs 4/);
  });

  it('data over a resizable buffer that shrinks after the matrix was made is refused by every entry point', async () => {
    // resizable ArrayBuffers are ES2024; the project's types stop at ES2022
    const buffer = new (ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ArrayBuffer & { resize(n: number): void })(16 * 8, { maxByteLength: 64 * 8 });
    const data = new Float64Array(buffer); // length-tracking view
    const m = new Matrix(4, 4, data);
    for (let i = 0; i < 4; i++) m.set(i, i, 1);
    expect(eigvalsh(m)).toEqual(new Float64Array([1, 1, 1, 1]));
    buffer.resize(4 * 8);
    const net = TwoLayerReLU.init({ inputDim: 4, width: 8, seed: 1 });
    const { y } = sphereData({ n: 4, d: 4, seed: 1 });
    const message = /is 4×4 but its data now holds 4 entries/;
    expect(() => matmul(m, m)).toThrow(message);
    expect(() => gram(m)).toThrow(message);
    expect(() => eigh(m)).toThrow(message);
    expect(() => analyticNtk(m)).toThrow(message);
    expect(() => net.predict(m)).toThrow(message);
    expect(() => net.loss(m, y)).toThrow(message);
    expect(() => net.gradient(m, y)).toThrow(message);
    expect(() => net.jacobian(m)).toThrow(message);
    expect(() => net.empiricalNtk(m)).toThrow(message);
    expect(() => predictResidual(m, [1, 0, 0, 0], { optimizer: gd({ lr: 0.1 }), steps: 2, mode: 'discrete' })).toThrow(message);
    await expect(train(net, m, y, { optimizer: gd({ lr: 0.1 }), steps: 1 })).rejects.toThrow(message);
  });
});
