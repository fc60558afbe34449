// Argument checks shared by every public function: one place that decides what counts as a valid
// option object, number, integer, choice or array of numbers, and how the refusal is worded. Each
// check throws a TypeError (wrong kind of value) or a RangeError (right kind, bad value) whose
// message starts with the calling function's name, and returns the value to use from then on
// (a copy, where the caller could change the original later). Matrix arguments are checked in
// linalg/validate.ts, on top of these.

import { isFloat64Array } from './runtime/intrinsics';
import { requireResultBytes } from './runtime/limits';

/** A short description of a value for error messages; never throws. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') {
    try {
      if (Array.isArray(value)) return 'an array';
      const name = (value as object).constructor?.name;
      return typeof name === 'string' && name !== '' ? name : 'an object';
    } catch {
      return 'an object'; // a revoked Proxy, or a constructor getter that throws
    }
  }
  if (typeof value === 'string') return `the string '${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  if (typeof value === 'symbol' || typeof value === 'bigint') return `${typeof value} ${String(value)}`;
  if (typeof value === 'function') return 'a function';
  return String(value);
}

/**
 * `opts` as an options object whose keys are all in `known` (undefined gives {}), none of them
 * null. `what` names it in messages ("options", or e.g. "record" for a nested object).
 */
export function checkOptions<T extends object>(fn: string, opts: T | undefined, known: readonly string[], what = 'options'): T {
  if (opts === undefined) return {} as T;
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) {
    throw new TypeError(`${fn}: ${what} must be an object (got ${describe(opts)})`);
  }
  for (const key of Object.keys(opts)) {
    if (!known.includes(key)) {
      throw new TypeError(`${fn}: ${what === 'options' ? 'unknown option' : `${what} has an unknown key`} '${key}' (known: ${known.join(', ')})`);
    }
    // An option left out takes its default; null is not a way to ask for it (it is a mistake to
    // report, not a value to coerce).
    if ((opts as Record<string, unknown>)[key] === null) {
      throw new TypeError(`${fn}: ${what === 'options' ? key : `${what}.${key}`} is null; leave it out to use the default`);
    }
  }
  return opts;
}

/** checkOptions for an options object that must be given. */
export function requireOptions<T extends object>(fn: string, opts: T, known: readonly string[], what = 'options'): T {
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) throw new TypeError(`${fn}: ${what} must be an object (got ${describe(opts)})`);
  return checkOptions(fn, opts, known, what);
}

/** A boolean, or `fallback` when undefined. */
export function optionalBoolean(fn: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new TypeError(`${fn}: ${name} must be a boolean (got ${describe(value)})`);
  return value;
}

/** A finite number. */
export function requireFinite(fn: string, name: string, value: unknown): number {
  if (typeof value !== 'number') throw new TypeError(`${fn}: ${name} must be a number (got ${describe(value)})`);
  if (!Number.isFinite(value)) throw new RangeError(`${fn}: ${name} must be finite (got ${value})`);
  return value;
}

/** A finite number, or `fallback` when undefined. */
export function optionalFinite(fn: string, name: string, value: unknown, fallback: number): number {
  return value === undefined ? fallback : requireFinite(fn, name, value);
}

/** A finite number > 0. */
export function requirePositive(fn: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !(value > 0)) {
    throw new RangeError(`${fn}: ${name} must be a positive finite number (got ${describe(value)})`);
  }
  return value;
}

/** An integer in [min, max] (both inclusive; max defaults to the largest safe integer). */
export function requireInteger(fn: string, name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? (min === 0 ? 'a non-negative integer' : min === 1 ? 'a positive integer' : `an integer ≥ ${min}`) : `an integer from ${min} to ${max}`;
    throw new RangeError(`${fn}: ${name} must be ${range} (got ${describe(value)})`);
  }
  return value;
}

/** One of `choices`, or `fallback` when undefined (when a fallback is given). */
export function requireChoice<C extends string>(fn: string, name: string, value: unknown, choices: readonly C[], fallback?: C): C {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    const list = choices.map((c) => `'${c}'`);
    const words = list.length > 1 ? `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}` : list[0];
    throw new TypeError(`${fn}: ${name} must be ${words} (got ${describe(value)})`);
  }
  return value as C;
}

/** A string (possibly empty). */
export function requireString(fn: string, name: string, value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`${fn}: ${name} must be a string (got ${describe(value)})`);
  return value;
}

/** An array (its entries are the caller's to check). */
export function requireArray(fn: string, name: string, value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new TypeError(`${fn}: ${name} must be an array (got ${describe(value)})`);
  return value;
}

/** A function, or undefined. */
export function optionalFunction<F extends (...args: never[]) => unknown>(fn: string, name: string, value: unknown): F | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') throw new TypeError(`${fn}: ${name} must be a function (got ${describe(value)})`);
  return value as F;
}

/** An AbortSignal, or undefined; anything else (an AbortController, say) is a TypeError, since it would never abort. */
export function optionalSignal(fn: string, value: unknown): AbortSignal | undefined {
  if (value === undefined) return undefined;
  if (typeof AbortSignal === 'function' && value instanceof AbortSignal) return value;
  const hint = typeof AbortController === 'function' && value instanceof AbortController ? ' (pass controller.signal, not the controller)' : '';
  throw new TypeError(`${fn}: signal must be an AbortSignal (got ${describe(value)})${hint}`);
}

/**
 * A Float64Array or an array of numbers, as a copy that the caller's later changes cannot reach
 * (a Float64Array is copied by the engine's length and entries, whatever a subclass claims).
 * NaN and ±Infinity are allowed here; see requireFiniteArray.
 */
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

/** requireNumberArray whose every entry is finite. */
export function requireFiniteArray(fn: string, name: string, v: unknown): Float64Array<ArrayBuffer> {
  const out = requireNumberArray(fn, name, v);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) throw new RangeError(`${fn}: ${name}[${i}] is not a finite number (got ${out[i]})`);
  }
  return out;
}

/** y: one finite target per row of X, as a copy. */
export function requireTargets(fn: string, y: unknown, n: number): Float64Array<ArrayBuffer> {
  return requireVector(fn, 'y', y, n, `X has ${n} rows`, 'targets');
}

/** requireFiniteArray with exactly n entries; `against` says what fixes n ("X has 4 rows"). */
export function requireVector(fn: string, name: string, v: unknown, n: number, against: string, noun = 'entries'): Float64Array<ArrayBuffer> {
  const out = requireFiniteArray(fn, name, v);
  if (out.length !== n) throw new RangeError(`${fn}: ${name} has ${out.length} ${noun} but ${against}`);
  return out;
}
