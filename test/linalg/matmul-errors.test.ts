import { beforeAll, describe, expect, it } from 'vitest';
import { Matrix, matmul, ready } from '../../src/index';
import { integerMatrix } from '../helpers/random';

describe('matmul rejects bad input with a clear error and changes nothing', () => {
  beforeAll(async () => {
    await ready();
  });

  const a = integerMatrix(3, 4, 1);
  const b = integerMatrix(4, 2, 2);
  const snapshot = () => [a.data.slice(), b.data.slice()];

  function expectUnchanged(before: Float64Array[], ...ms: Matrix[]): void {
    ms.forEach((m, i) => expect(m.data).toEqual(before[i]));
  }

  it('names both shapes when inner dimensions differ', () => {
    const before = snapshot();
    expect(() => matmul(a, a)).toThrow(RangeError);
    expect(() => matmul(a, a)).toThrow('matmul: inner dimensions differ: op(A) is 3×4 (A is 3×4) but op(B) is 3×4 (B is 3×4)');
    expect(() => matmul(a, b, { transB: true })).toThrow(/op\(B\) is 2×4 \(B is 4×2, transposed\)/);
    expect(() => matmul(a, b, { transA: true })).toThrow(/op\(A\) is 4×3 \(A is 3×4, transposed\)/);
    expectUnchanged(before, a, b);
  });

  it('rejects arguments that are not matrices', () => {
    expect(() => matmul([[1]] as unknown as Matrix, b)).toThrow(new TypeError('matmul: a must be a Matrix (got an array)'));
    expect(() => matmul(a, null as unknown as Matrix)).toThrow(new TypeError('matmul: b must be a Matrix (got null)'));
    expect(() => matmul(a, b, { out: new Float64Array(6) as unknown as Matrix })).toThrow(/out must be a Matrix \(got Float64Array\)/);
  });

  it('rejects non-finite or non-number alpha and beta', () => {
    const out = integerMatrix(3, 2, 3);
    const before = [...snapshot(), out.data.slice()];
    expect(() => matmul(a, b, { alpha: NaN })).toThrow(new RangeError('matmul: alpha must be finite (got NaN)'));
    expect(() => matmul(a, b, { beta: -Infinity, out })).toThrow(new RangeError('matmul: beta must be finite (got -Infinity)'));
    expect(() => matmul(a, b, { alpha: '2' as unknown as number })).toThrow(TypeError);
    expectUnchanged(before, a, b, out);
  });

  it('rejects out of the wrong shape, unknown options and non-boolean flags', () => {
    const out = Matrix.zeros(2, 3);
    expect(() => matmul(a, b, { out })).toThrow(new RangeError('matmul: out is 2×3 but the result is 3×2'));
    expect(() => matmul(a, b, { transpose: true } as never)).toThrow(/unknown option 'transpose' \(known: transA, transB, alpha, beta, out\)/);
    expect(() => matmul(a, b, { transA: 1 } as never)).toThrow(new TypeError('matmul: transA must be a boolean (got 1)'));
    expect(() => matmul(a, b, 5 as never)).toThrow(TypeError);
    expect(out.data).toEqual(new Float64Array(6));
  });

  it('names the first non-finite entry of a, b, or out when out is read', () => {
    const badA = a.clone();
    badA.data[1 * badA.cols + 2] = Infinity; // set() refuses non-finite values
    const badB = b.clone();
    badB.data[3 * badB.cols + 1] = NaN; // set() refuses non-finite values
    const out = integerMatrix(3, 2, 4);
    const outBefore = out.data.slice();
    expect(() => matmul(badA, b, { out })).toThrow(new RangeError('matmul: a has a non-finite entry Infinity at (1, 2)'));
    expect(() => matmul(a, badB, { out })).toThrow(new RangeError('matmul: b has a non-finite entry NaN at (3, 1)'));
    expect(out.data).toEqual(outBefore);
    const nanOut = integerMatrix(3, 2, 4);
    nanOut.data[2 * nanOut.cols + 0] = NaN; // set() refuses non-finite values
    expect(() => matmul(a, b, { beta: 1, out: nanOut })).toThrow(/out has a non-finite entry NaN at \(2, 0\)/);
  });

  it('finds a non-finite entry in any SIMD lane position and in the scalar tail', () => {
    for (const length of [1, 2, 3, 16, 17]) {
      for (let at = 0; at < length; at++) {
        const v = new Matrix(1, length);
        v.data[at] = -Infinity;
        expect(() => matmul(v, Matrix.zeros(length, 1))).toThrow(`a has a non-finite entry -Infinity at (0, ${at})`);
      }
    }
  });
});
