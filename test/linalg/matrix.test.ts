import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/index';

describe('Matrix', () => {
  it('stores rows row-major and reads them back', () => {
    const m = Matrix.from([[1, 2, 3], [4, 5, 6]]);
    expect([m.rows, m.cols, m.shape]).toEqual([2, 3, '2×3']);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(m.get(1, 0)).toBe(4);
    m.set(1, 0, -7);
    expect(m.toArray()).toEqual([[1, 2, 3], [-7, 5, 6]]);
    expect(Matrix.from([new Float64Array([1, 2])]).toArray()).toEqual([[1, 2]]);
  });

  it('makes zeros, identities and independent clones', () => {
    expect(Matrix.zeros(2, 2).toArray()).toEqual([[0, 0], [0, 0]]);
    expect(Matrix.identity(3).toArray()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    const a = Matrix.identity(2);
    const b = a.clone();
    b.set(0, 0, 5);
    expect(a.get(0, 0)).toBe(1);
    expect(Matrix.from([]).shape).toBe('0×0');
    expect(Matrix.zeros(0, 4).toArray()).toEqual([]);
  });

  it('wraps a Float64Array without copying', () => {
    const data = new Float64Array([1, 2, 3, 4]);
    const m = new Matrix(2, 2, data);
    data[3] = 9;
    expect(m.get(1, 1)).toBe(9);
  });

  it('rejects bad shapes, ragged rows, non-numbers and out-of-range indices', () => {
    expect(() => Matrix.from([[1, 2], [3]])).toThrow(new RangeError('Matrix.from: row 1 has 1 entries but row 0 has 2'));
    expect(() => Matrix.from([[1, '2']] as never)).toThrow(new TypeError("Matrix.from: entry (0, 1) is not a number (got the string '2')"));
    expect(() => Matrix.from([1, 2] as never)).toThrow(new TypeError('Matrix.from: row 0 is not an array (got 1)'));
    expect(() => Matrix.from(null as never)).toThrow(TypeError);
    expect(() => Matrix.zeros(-1, 2)).toThrow(new RangeError('Matrix: rows must be a non-negative integer (got -1)'));
    expect(() => Matrix.zeros(2, 1.5)).toThrow(RangeError);
    expect(() => new Matrix(2, 2, new Float64Array(3))).toThrow(/data has 3 entries but a 2×2 matrix needs 4/);
    expect(() => new Matrix(1, 2, [1, 2] as never)).toThrow(TypeError);
    const m = Matrix.zeros(2, 3);
    expect(() => m.get(2, 0)).toThrow(new RangeError('Matrix: index (2, 0) is outside a 2×3 matrix'));
    expect(() => m.set(0, -1, 1)).toThrow(RangeError);
    expect(() => m.get(0.5, 0)).toThrow(RangeError);
  });

  it('refuses get, set, toArray and clone once its data has shrunk (a resizable buffer), and writes nothing', () => {
    const Resizable = ArrayBuffer as unknown as new (bytes: number, o: { maxByteLength: number }) => ArrayBuffer & { resize(n: number): void };
    const buffer = new Resizable(4 * 8, { maxByteLength: 4 * 8 });
    const data = new Float64Array(buffer); // tracks the buffer's length
    data.set([1, 2, 3, 4]);
    const m = new Matrix(2, 2, data);
    expect(m.get(1, 1)).toBe(4);
    buffer.resize(2 * 8);
    const message = "this 2×2 matrix's data now holds 2 entries (its buffer was resized)";
    expect(() => m.get(0, 0)).toThrow(new RangeError(`Matrix: ${message}`));
    expect(() => m.set(0, 1, 9)).toThrow(new RangeError(`Matrix: ${message}`));
    expect(() => m.toArray()).toThrow(new RangeError(`Matrix.toArray: ${message}`));
    expect(() => m.clone()).toThrow(new RangeError(`Matrix.clone: ${message}`));
    expect(Array.from(data)).toEqual([1, 2]);
  });
});

describe('toEqual on matrices (test/setup.ts)', () => {
  it('compares shapes and entries, which live in private fields', () => {
    expect(Matrix.zeros(2, 2)).not.toEqual(Matrix.identity(2));
    expect(Matrix.zeros(2, 2)).not.toEqual(Matrix.zeros(1, 4));
    expect(Matrix.identity(2)).toEqual(Matrix.from([[1, 0], [0, 1]]));
  });
});
