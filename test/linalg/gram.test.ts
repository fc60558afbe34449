import { beforeAll, describe, expect, it } from 'vitest';
import { Matrix, gram, matmul, ready } from '../../src/index';
import { referenceMatmul } from '../helpers/reference';
import { BACKENDS } from '../helpers/backends';
import { expectExactlyEqual, expectWithin, matmulErrorBound } from '../helpers/compare';
import { integerMatrix, randomMatrix } from '../helpers/random';

const EDGE_SIZES = [0, 1, 2, 3, 7, 15, 16, 17, 63, 64, 65, 129];

function expectSymmetric(g: Matrix): void {
  for (let i = 0; i < g.rows; i++) {
    for (let j = 0; j < i; j++) {
      if (!Object.is(g.get(i, j), g.get(j, i))) expect.fail(`G(${i}, ${j}) = ${g.get(i, j)} but G(${j}, ${i}) = ${g.get(j, i)}`);
    }
  }
}

describe.each(BACKENDS)('gram on the %s backend', (backend) => {
  beforeAll(async () => {
    await ready({ backend });
  });

  it.each(EDGE_SIZES)('A·Aᵀ exactly on integer A, n = %i, k = n + 5', (n) => {
    const a = integerMatrix(n, n + 5, n + 1);
    const g = gram(a);
    expect([g.rows, g.cols]).toEqual([n, n]);
    expectExactlyEqual(g.data, referenceMatmul(a, a, { transB: true }).data);
  });

  it.each([[1, 300], [130, 7], [250, 600], [129, 257], [5, 1030], [800, 61]])('Aᵀ·A exactly with transA, A %i×%i, alpha = −0.25', (r, c) => {
    const a = integerMatrix(r, c, r * c);
    const g = gram(a, { transA: true, alpha: -0.25 });
    expectExactlyEqual(g.data, referenceMatmul(a, a, { transA: true, alpha: -0.25 }).data);
  });

  it('real A: exactly symmetric and within rounding of the reference', () => {
    const a = randomMatrix(181, 333, 9);
    const g = gram(a);
    expectSymmetric(g);
    expectWithin(g.data, referenceMatmul(a, a, { transB: true }).data, matmulErrorBound(a, a, { transB: true }));
  });

  it('writes into out and returns it, also when out is a itself', () => {
    const a = integerMatrix(40, 40, 3);
    const expected = referenceMatmul(a, a, { transB: true });
    const out = Matrix.zeros(40, 40);
    expect(gram(a, { out })).toBe(out);
    expectExactlyEqual(out.data, expected.data);
    expect(gram(a, { out: a })).toBe(a);
    expectExactlyEqual(a.data, expected.data);
  });

  it('agrees with matmul(a, a, { transB: true }) on the lower triangle to the last bit', () => {
    // Same packed panels and micro-kernel, same summation order per entry.
    const a = randomMatrix(97, 200, 21);
    const g = gram(a);
    const c = matmul(a, a, { transB: true });
    for (let i = 0; i < 97; i++) for (let j = 0; j <= i; j++) expect(g.get(i, j)).toBe(c.get(i, j));
  });

  it('rejects bad input and leaves out unchanged', () => {
    const out = integerMatrix(3, 3, 1);
    const before = out.data.slice();
    expect(() => gram([[1, 2]] as unknown as Matrix)).toThrow(TypeError);
    expect(() => gram(integerMatrix(3, 4, 1), { out: Matrix.zeros(4, 4) })).toThrow(/out is 4×4 but the result is 3×3/);
    expect(() => gram(integerMatrix(3, 4, 1), { alpha: Infinity, out })).toThrow(RangeError);
    expect(() => gram(integerMatrix(3, 4, 1), { trans: true } as never)).toThrow(/unknown option 'trans'/);
    const bad = integerMatrix(3, 4, 1);
    bad.data[2 * bad.cols + 1] = NaN; // set() refuses non-finite values
    expect(() => gram(bad, { out })).toThrow(/a has a non-finite entry NaN at \(2, 1\)/);
    expectExactlyEqual(out.data, before);
  });
});
