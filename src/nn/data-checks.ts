// Checks of inputs and targets shared by the network, the kernels and the trainers.

import { Matrix, describe } from '../linalg/matrix';
import { requireMatrix } from '../linalg/validate';
import { isFloat64Array } from '../runtime/intrinsics';
import { requireResultBytes } from '../runtime/limits';

/** X must be a Matrix with `inputDim` columns (when given) and finite entries; returns the trusted matrix to use. */
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

/**
 * A Float64Array or an array of numbers, as a copy that the caller's later changes cannot reach
 * (a Float64Array is copied by the engine's length and entries, whatever a subclass claims). Every
 * entry must be a finite number. `name` words the messages.
 */
export function requireFiniteArray(fn: string, name: string, v: unknown): Float64Array<ArrayBuffer> {
  const out = requireNumberArray(fn, name, v);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) throw new RangeError(`${fn}: ${name}[${i}] is not a finite number (got ${out[i]})`);
  }
  return out;
}

/** requireFiniteArray without the finiteness check: numbers only, NaN and ±Infinity allowed. */
export function requireNumberArray(fn: string, name: string, v: unknown): Float64Array<ArrayBuffer> {
  let out: Float64Array<ArrayBuffer>;
  if (isFloat64Array(v)) {
    out = new Float64Array(v);
  } else if (Array.isArray(v)) {
    requireResultBytes(fn, v.length * 8, `${name} (${v.length} entries)`);
    out = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x !== 'number') throw new TypeError(`${fn}: ${name}[${i}] is not a number (got ${describe(x)})`);
      out[i] = x;
    }
  } else {
    throw new TypeError(`${fn}: ${name} must be a Float64Array or an array of numbers (got ${describe(v)})`);
  }
  return out;
}

/** requireFiniteArray with exactly n entries; `against` says what fixes n ("X has 4 rows"). */
export function requireVector(fn: string, name: string, v: unknown, n: number, against: string, noun = 'entries'): Float64Array<ArrayBuffer> {
  const out = requireFiniteArray(fn, name, v);
  if (out.length !== n) throw new RangeError(`${fn}: ${name} has ${out.length} ${noun} but ${against}`);
  return out;
}

/** y must hold n finite numbers, one target per row of X; returned as a copy. */
export function requireTargets(fn: string, y: unknown, n: number): Float64Array {
  return requireVector(fn, 'y', y, n, `X has ${n} rows`, 'targets');
}
