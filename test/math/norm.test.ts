import { describe, expect, it } from 'vitest';
import { euclideanNorm } from '../../src/math/norm';
import { Matrix, analyticNtk, normalizeRows, ready } from '../../src/index';

describe('euclideanNorm', () => {
  it('is the 2-norm, also where squaring would overflow or underflow', () => {
    expect(euclideanNorm([3, 4])).toBe(5);
    expect(euclideanNorm([3e200, 4e200]) / 5e200).toBeCloseTo(1, 15);
    expect(euclideanNorm([3e-200, 4e-200]) / 5e-200).toBeCloseTo(1, 15);
    expect(euclideanNorm([0, 0])).toBe(0);
    expect(euclideanNorm([1, 2, 3, 4], 2, 4)).toBe(5);
  });

  it('lets rows with huge entries be normalised and their kernel evaluated (found in review)', async () => {
    await ready();
    const X = Matrix.from([[3e200, 4e200], [4e200, -3e200]]);
    const unit = normalizeRows(X);
    [0.6, 0.8, 0.8, -0.6].forEach((v, i) => expect(Math.abs(unit.data[i] - v)).toBeLessThan(4e-16));
    // orthogonal unit rows: H∞ is 0 off the diagonal and ½ on it
    const H = analyticNtk(normalizeRows(X));
    expect(Math.abs(H.get(0, 1))).toBeLessThan(1e-15);
    expect(H.get(0, 0)).toBeCloseTo(0.5, 15);
  });
});
