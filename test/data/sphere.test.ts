import { describe, expect, it } from 'vitest';
import { Matrix, normalizeRows, OutOfMemoryError, sphereData } from '../../src/index';

describe('sphereData', () => {
  it('gives n unit vectors in ℝᵈ and n targets, determined by the seed', () => {
    const { X, y } = sphereData({ n: 50, d: 7, seed: 3 });
    expect([X.rows, X.cols, y.length]).toEqual([50, 7, 50]);
    for (let i = 0; i < 50; i++) {
      const norm = Math.hypot(...X.data.subarray(i * 7, i * 7 + 7));
      expect(Math.abs(norm - 1)).toBeLessThan(4e-16);
    }
    const again = sphereData({ n: 50, d: 7, seed: 3 });
    expect(Array.from(again.X.data)).toEqual(Array.from(X.data));
    expect(Array.from(again.y)).toEqual(Array.from(y));
    expect(Array.from(sphereData({ n: 50, d: 7, seed: 4 }).y)).not.toEqual(Array.from(y));
  });

  it('spreads points evenly: every coordinate has mean 0 and variance 1/d', () => {
    const n = 20_000, d = 4;
    const { X, y } = sphereData({ n, d, seed: 1 });
    for (let k = 0; k < d; k++) {
      let sum = 0, sq = 0;
      for (let i = 0; i < n; i++) {
        sum += X.get(i, k);
        sq += X.get(i, k) ** 2;
      }
      expect(Math.abs(sum / n) / Math.sqrt(1 / d / n)).toBeLessThan(4.5);
      expect(Math.abs(sq / n - 1 / d)).toBeLessThan(0.01);
    }
    const mean = y.reduce((a, b) => a + b) / n;
    expect(Math.abs(mean) * Math.sqrt(n)).toBeLessThan(4.5);
  });

  it('rejects bad options', () => {
    expect(() => sphereData({ n: 0, d: 3 })).toThrow(new RangeError('sphereData: n must be a positive integer (got 0)'));
    expect(() => sphereData({ n: 3, d: 1.5 })).toThrow(/d must be a positive integer/);
    expect(() => sphereData({ n: 3, d: 2, seed: 0.5 })).toThrow(/seed must be an integer/);
    // refused at once, before drawing 4·10⁸ numbers into 3 GB
    const e = (() => { try { sphereData({ n: 4, d: 1e8 }); } catch (error) { return error; } })();
    expect(e).toBeInstanceOf(OutOfMemoryError);
    expect((e as Error).message).toBe('sphereData: 4 points of dimension 100000000 would take 3.0 GiB of JavaScript memory, more than the 2.0 GiB one call may return');
    expect(() => sphereData({ n: 3, d: 2, radius: 2 } as never)).toThrow(/unknown option 'radius'/);
  });
});

describe('normalizeRows', () => {
  it('scales every row to unit length and leaves the input alone', () => {
    const X = Matrix.from([[3, 4], [0, -2]]);
    expect(normalizeRows(X).toArray()).toEqual([[0.6, 0.8], [0, -1]]);
    expect(X.toArray()).toEqual([[3, 4], [0, -2]]);
  });

  it('refuses a zero row, naming it', () => {
    expect(() => normalizeRows(Matrix.from([[1, 0], [0, 0]]))).toThrow(new RangeError('normalizeRows: row 1 has norm 0 and cannot be scaled to unit length'));
  });
});

describe('normalizeRows at the ends of the float64 range (found by fuzzing)', () => {
  it('a subnormal row and a row near overflow come out with unit norm', () => {
    const out = normalizeRows(Matrix.from([[5e-323, 8e-323], [1.7e308, 1.7e308], [3, 4]]));
    const norm = (i: number) => Math.hypot(out.get(i, 0), out.get(i, 1));
    expect(Math.abs(norm(0) - 1)).toBeLessThan(1e-15);
    expect(out.get(0, 1) / out.get(0, 0)).toBeCloseTo(8 / 5, 15); // the subnormal ratio, exactly as stored
    expect(Math.abs(norm(1) - 1)).toBeLessThan(1e-15);
    expect(out.get(1, 0)).toBe(out.get(1, 1));
    expect(out.toArray()[2]).toEqual([0.6, 0.8]);
  });

  it('refuses a forged matrix with a TypeError', () => {
    const forged = Object.defineProperties(Object.create(Matrix.prototype), { rows: { value: 1 }, cols: { value: 2 }, data: { value: new Float64Array(2) } });
    expect(() => normalizeRows(forged)).toThrow(TypeError);
  });
});
