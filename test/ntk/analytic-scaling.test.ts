// analyticNtk on rows far from unit length: H∞ and K⁽ᵃ⁾ are homogeneous of degree one in each
// argument, so the kernel of s·x and t·y is s·t times that of x and y, down to subnormal and up to
// 1e200 norms (the code before the safety review returned all NaN from about 1e154).
import { beforeAll, describe, expect, it } from 'vitest';
import { Matrix, analyticNtk, ready, sphereData } from '../../src/index';

/** Rows scaled by 2^eᵢ, in two exact halves so that no factor over- or underflows. */
function scaled(x: Matrix, exponents: number[]): Matrix {
  const out = x.clone();
  for (let i = 0; i < x.rows; i++) {
    const h = Math.trunc(exponents[i] / 2);
    for (let k = 0; k < x.cols; k++) out.data[i * x.cols + k] = out.data[i * x.cols + k] * 2 ** h * 2 ** (exponents[i] - h);
  }
  return out;
}

const neg = (e: number[]) => e.map((v) => -v);
/** v·2^e without an intermediate underflow or overflow. */
const times2 = (v: number, e: number) => v * 2 ** Math.trunc(e / 2) * 2 ** (e - Math.trunc(e / 2));

describe.each(['simd', 'relaxed'] as const)('analyticNtk at extreme scales on %s', (backend) => {
  beforeAll(async () => {
    await ready({ backend });
  });
  const { X } = sphereData({ n: 6, d: 5, seed: 4 });
  // powers of two, so the reference s·t·H(x, y) is exact
  const exps = [511, -700, 0, 400, -1060, -3];

  it.each(['first', 'both'] as const)('layers %s: H(sᵢxᵢ, sⱼxⱼ) = sᵢsⱼ·H(xᵢ, xⱼ), finite, for norms from 2^-1060 to 2^511', (layers) => {
    const input = scaled(X, exps);
    // the rows as the input holds them (2^-1060·x is subnormal and keeps only ~14 bits), at unit scale
    const unit = analyticNtk(scaled(input, neg(exps)), undefined, { layers });
    const H = analyticNtk(input, undefined, { layers });
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 6; j++) {
        const expected = times2(unit.get(i, j), exps[i] + exps[j]);
        const got = H.get(i, j);
        expect(Number.isNaN(got)).toBe(false);
        if (!Number.isFinite(expected)) continue; // checked below
        // subnormal results keep fewer digits
        const tolerance = Math.abs(expected) < 2 ** -1000 ? 2 ** -1074 * 4 : 4e-16 * Math.abs(expected);
        expect(Math.abs(got - expected), `(${i}, ${j})`).toBeLessThanOrEqual(tolerance);
      }
    }
  });

  it('a kernel entry beyond float64 is a RangeError naming it, not an Infinity', () => {
    expect(() => analyticNtk(scaled(X, [600, 600, 0, 0, 0, 0]))).toThrow(/kernel entry \(0, 0\) is beyond float64's range/);
  });

  it('cross kernels scale the same way, and rows of ordinary length take the untouched path', () => {
    const Y = sphereData({ n: 3, d: 5, seed: 9 }).X;
    const yExps = [-600, 300, 0];
    const [xs, ys] = [scaled(X, exps), scaled(Y, yExps)];
    const cross = analyticNtk(xs, ys);
    const unit = analyticNtk(scaled(xs, neg(exps)), scaled(ys, neg(yExps)));
    for (let i = 0; i < 6; i++) for (let j = 0; j < 3; j++) {
      const expected = times2(unit.get(i, j), exps[i] + yExps[j]);
      if (Math.abs(expected) < 2 ** -1000 || !Number.isFinite(expected)) continue;
      expect(Math.abs(cross.get(i, j) - expected)).toBeLessThanOrEqual(4e-16 * Math.abs(expected));
    }
    // within [2^-500, 2^500] nothing is rescaled: the kernel of 2^k·X is exactly 2^2k·H(X)
    const plain = analyticNtk(X);
    const big = analyticNtk(scaled(X, [100, 100, 100, 100, 100, 100]));
    expect(Array.from(big.data)).toEqual(Array.from(plain.data, (v) => v * 2 ** 200));
  });
});
