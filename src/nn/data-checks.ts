// Checks of inputs and targets shared by the network, the kernels and the trainers.

import { Matrix, describe } from '../linalg/matrix';
import { requireMatrix } from '../linalg/validate';

/** X must be a Matrix with `inputDim` columns (when given) and finite entries. */
export function requireInputs(fn: string, name: string, x: unknown, inputDim?: number): Matrix {
  const m = requireMatrix(fn, name, x);
  if (inputDim !== undefined && m.cols !== inputDim) {
    throw new RangeError(`${fn}: ${name} has ${m.cols} columns but the network's inputDim is ${inputDim} (${name} is ${m.shape})`);
  }
  for (let i = 0; i < m.data.length; i++) {
    const v = m.data[i];
    if (!Number.isFinite(v)) {
      throw new RangeError(`${fn}: ${name} has a non-finite entry ${v} at (${Math.floor(i / m.cols)}, ${i % m.cols})`);
    }
  }
  return m;
}

/** y must be an array of n finite numbers; returned as a Float64Array (a copy if it was not one). */
export function requireTargets(fn: string, y: unknown, n: number): Float64Array {
  if (!(y instanceof Float64Array) && !Array.isArray(y)) {
    throw new TypeError(`${fn}: y must be a Float64Array or an array of numbers (got ${describe(y)})`);
  }
  if (y.length !== n) throw new RangeError(`${fn}: y has ${y.length} targets but X has ${n} rows`);
  const out = y instanceof Float64Array ? y : Float64Array.from(y as number[]);
  for (let i = 0; i < n; i++) {
    if (typeof (y as ArrayLike<unknown>)[i] !== 'number' || !Number.isFinite(out[i])) {
      throw new RangeError(`${fn}: y[${i}] is not a finite number (got ${String((y as ArrayLike<unknown>)[i])})`);
    }
  }
  return out;
}
