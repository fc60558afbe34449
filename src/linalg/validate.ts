// Matrix arguments: the checks of args.ts for the one argument type that owns Wasm-bound data.
// Each throws a TypeError (wrong kind of value) or RangeError (right kind, bad value) whose
// message starts with the function's name.

import type { Runtime } from '../runtime/runtime';
import { Matrix, trustedMatrix } from './matrix';
import { describe, requireVector } from '../args';


/**
 * `value` as a Matrix the caller can trust (see trustedMatrix): use the returned object, not the
 * argument, for everything after the check.
 */
export function requireMatrix(fn: string, name: string, value: unknown): Matrix {
  return trustedMatrix(fn, name, value);
}

/** Checks that `out`, if given, is a Matrix of shape rows × cols. */
export function optionalOut(fn: string, out: unknown, rows: number, cols: number): Matrix | undefined {
  if (out === undefined) return undefined;
  const m = requireMatrix(fn, 'out', out);
  if (m.rows !== rows || m.cols !== cols) {
    throw new RangeError(`${fn}: out is ${m.shape} but the result is ${rows}×${cols}`);
  }
  return m;
}

/**
 * Throws a RangeError naming the first NaN or ±Infinity of `matrix`, whose entries have been
 * copied to Wasm memory at `ptr` (the scan runs in Wasm).
 */
export function requireFiniteEntries(fn: string, name: string, matrix: Matrix, rt: Runtime, ptr: number): void {
  const index = rt.kernels.first_nonfinite_f64(ptr, matrix.data.length);
  if (index >= 0) {
    const i = Math.floor(index / matrix.cols);
    const j = index - i * matrix.cols;
    throw new RangeError(`${fn}: ${name} has a non-finite entry ${matrix.data[index]} at (${i}, ${j})`);
  }
}

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
 * Targets or outputs given per point: an n × k Matrix (its k columns are independent problems) or,
 * for one column, a vector of n numbers; returned as k finite column copies. `against` says what
 * fixes n ("H is 4×4"); `columns`, when given, is the k the value must have.
 */
export function requireColumns(fn: string, name: string, value: unknown, n: number, against: string, columns?: number): Float64Array[] {
  if (!Matrix.isMatrix(value)) {
    if (columns !== undefined && columns !== 1) {
      throw new TypeError(`${fn}: ${name} must be a ${n}×${columns} Matrix, like the targets (got ${describe(value)})`);
    }
    return [requireVector(fn, name, value, n, against)];
  }
  const m = requireMatrix(fn, name, value);
  if (m.rows !== n || (columns !== undefined && m.cols !== columns)) {
    throw new RangeError(`${fn}: ${name} is ${m.shape} but must be ${n}×${columns ?? 'k'} (${against}${columns !== undefined ? `, and the targets have ${columns} column${columns === 1 ? '' : 's'}` : ''})`);
  }
  const out: Float64Array[] = [];
  for (let j = 0; j < m.cols; j++) {
    const column = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = m.data[i * m.cols + j];
      if (!Number.isFinite(v)) throw new RangeError(`${fn}: ${name} has a non-finite entry ${v} at (${i}, ${j})`);
      column[i] = v;
    }
    out.push(column);
  }
  return out;
}
