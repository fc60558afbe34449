// Argument checks shared by the public linalg functions. Each throws a TypeError (wrong kind of
// value) or RangeError (right kind, bad value) whose message starts with the function's name.

import type { Runtime } from '../runtime/runtime';
import { Matrix, describe, trustedMatrix } from './matrix';

/**
 * `value` as a Matrix the caller can trust (see trustedMatrix): use the returned object, not the
 * argument, for everything after the check.
 */
export function requireMatrix(fn: string, name: string, value: unknown): Matrix {
  return trustedMatrix(fn, name, value);
}

/** Checks that `opts` is an object (or undefined) whose keys are all in `known`. */
export function checkOptions<T extends object>(fn: string, opts: T | undefined, known: readonly string[]): T {
  if (opts === undefined) return {} as T;
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) {
    throw new TypeError(`${fn}: options must be an object (got ${describe(opts)})`);
  }
  for (const key of Object.keys(opts)) {
    if (!known.includes(key)) throw new TypeError(`${fn}: unknown option '${key}' (known: ${known.join(', ')})`);
  }
  return opts;
}

export function optionalBoolean(fn: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new TypeError(`${fn}: ${name} must be a boolean (got ${describe(value)})`);
  return value;
}

export function optionalFinite(fn: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') throw new TypeError(`${fn}: ${name} must be a number (got ${describe(value)})`);
  if (!Number.isFinite(value)) throw new RangeError(`${fn}: ${name} must be finite (got ${value})`);
  return value;
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
