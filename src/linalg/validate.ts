// Matrix arguments: the checks of args.ts for the one argument type that owns Wasm-bound data.
// Each throws a TypeError (wrong kind of value) or RangeError (right kind, bad value) whose
// message starts with the function's name.

import type { Runtime } from '../runtime/runtime';
import { Matrix, trustedMatrix } from './matrix';


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
