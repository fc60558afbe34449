// Matrix keeps its shape and data in private fields, which toEqual does not see: without this
// tester, expect(a).toEqual(b) would pass for any two matrices. Two matrices are equal when their
// shapes are and their entries are (as toEqual compares Float64Arrays).
import { expect } from 'vitest';
import { Matrix } from '../src/linalg/matrix';

expect.addEqualityTesters([
  function matrixEquality(a: unknown, b: unknown, customTesters) {
    const aIs = Matrix.isMatrix(a), bIs = Matrix.isMatrix(b);
    if (!aIs && !bIs) return undefined;
    if (aIs !== bIs) return false;
    const [x, y] = [a as Matrix, b as Matrix];
    return x.rows === y.rows && x.cols === y.cols && this.equals(x.data, y.data, customTesters);
  },
]);
