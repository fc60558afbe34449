// Recipes: plain, structured-clonable descriptions of the (often hostile) values a fuzz case passes
// to the library. The property runs in the main thread and the call runs in a worker (so that a
// hang can be stopped), and Proxies, getters, functions and symbols cannot cross postMessage: the
// main thread generates and shrinks recipes, the worker builds the values from them here.

import * as api from '../../src/index';
import { Matrix, TwoLayerReLU } from '../../src/index';
import { trustedMatrix } from '../../src/linalg/matrix';

/** How a real Matrix is made to misreport its shape or its data. */
export type MatrixLie =
  /** `m.rows = value` / `m.cols = value` after construction */
  | { how: 'assignRows' | 'assignCols'; value: number }
  /** `m.data = new Float64Array(length)` after construction */
  | { how: 'assignData'; length: number }
  /** data is a Float64Array subclass whose `length` getter claims rows·cols while it holds `actual` */
  | { how: 'lyingLength'; actual: number }
  /** data is a Proxy around a Float64Array of `actual` entries whose `length` claims rows·cols */
  | { how: 'proxyLength'; actual: number }
  /** data is an honest Proxy around the right Float64Array (it forwards everything) */
  | { how: 'honestProxy' }
  /** data views a resizable ArrayBuffer, shrunk to `actual` entries after construction */
  | { how: 'shrunkBuffer'; actual: number }
  /** a subclass of Matrix whose rows/cols getters claim other values */
  | { how: 'subclassGetters'; rows: number; cols: number };

/** Objects that pretend to be a Matrix without being one made by its constructor. */
export type MatrixForgery =
  | 'createFromPrototype' // Object.create(Matrix.prototype) with own rows, cols, data
  | 'plainLiteral' // { rows, cols, data }
  | 'throwingGetters'; // Object.create(Matrix.prototype) whose rows, cols and data getters throw

export type Recipe =
  /** a primitive: number (NaN, ±Infinity and −0 survive structured cloning), string, boolean,
   *  null, undefined, bigint */
  | { k: 'value'; v: unknown }
  | { k: 'symbol'; description: string }
  | { k: 'function'; throws: boolean }
  | { k: 'array'; items: Recipe[] }
  /** a plain object; the keys in `throwing` get getters that throw a FuzzSentinel */
  | { k: 'object'; entries: [string, Recipe][]; throwing?: string[] }
  /** an object that converts to the number v (valueOf/toString), as a lenient check would accept */
  | { k: 'numberLike'; v: number }
  /** a Proxy whose every trap throws a FuzzSentinel */
  | { k: 'hostileProxy' }
  /** a right-hand side f(t, y, dy) for integrate (see ODES) */
  | { k: 'ode'; kind: OdeKind }
  /** an object that claims a length: { length } with no entries */
  | { k: 'arrayLike'; length: number }
  /** a Float64Array; `lyingLength` makes it a subclass whose length getter claims that many
   *  entries, `proxy` wraps it in a Proxy that forwards everything */
  | { k: 'f64'; values: number[]; lyingLength?: number; proxy?: boolean }
  /** the value built for an earlier argument (for aliasing, e.g. out === a) */
  | { k: 'alias'; index: number }
  | { k: 'matrix'; rows: number; cols: number; values: number[]; lie?: MatrixLie }
  | { k: 'forgedMatrix'; how: MatrixForgery; rows: number; cols: number; values: number[] }
  /** TwoLayerReLU.init(options); optionally disposed before the call */
  | { k: 'net'; options: Record<string, unknown>; disposed?: boolean }
  /** an object with TwoLayerReLU.prototype but not made by it */
  | { k: 'forgedNet'; inputDim: number; width: number }
  /** an optimizer from its factory (the options are valid by construction) */
  | { k: 'optimizer'; factory: 'gd' | 'heavyBall' | 'nesterov' | 'twoMomentum' | 'qhm'; options: Record<string, number> }
  /** eigh(matrix) of a valid symmetric matrix */
  | { k: 'eighOf'; matrix: Recipe; vectors: boolean }
  | { k: 'abortSignal'; aborted: boolean }
  | { k: 'abortController'; aborted: boolean };

export type OdeKind = 'decay' | 'oscillator' | 'noop' | 'nan' | 'throws' | 'blowup';

/** Right-hand sides for integrate: two with known solutions, and four that misbehave. */
export const ODES: Record<OdeKind, (t: number, y: Float64Array, dy: Float64Array) => void> = {
  /** y' = −y: y(t) = y(t₀)·e^(t₀ − t) */
  decay: (_t, y, dy) => { for (let i = 0; i < y.length; i++) dy[i] = -y[i]; },
  /** (y₀, y₁)' = (y₁, −y₀) on each pair: a rotation */
  oscillator: (_t, y, dy) => { for (let i = 0; i + 1 < y.length; i += 2) { dy[i] = y[i + 1]; dy[i + 1] = -y[i]; } if (y.length % 2) dy[y.length - 1] = 0; },
  /** writes nothing: dy keeps what the integrator left in it */
  noop: () => undefined,
  nan: (_t, _y, dy) => { dy.fill(NaN); },
  throws: () => { throw new FuzzSentinel('an ODE right-hand side'); },
  /** y' = y²: blows up at t = t₀ + 1/y(t₀) */
  blowup: (_t, y, dy) => { for (let i = 0; i < y.length; i++) dy[i] = y[i] * y[i]; },
};

/** Thrown by hostile getters, functions and Proxies; a library that lets it through is not at fault. */
export class FuzzSentinel extends Error {
  constructor(where: string) {
    super(`fuzz sentinel thrown by ${where}`);
    this.name = 'FuzzSentinel';
  }
}

/** A mistake in a recipe or in the harness, never the library's. */
export class HarnessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HarnessError';
  }
}

/** What building the values of one case produced, besides the values. */
export interface BuildContext {
  /** The real Float64Arrays behind every matrix and array built: snapshotted to detect writes. */
  arrays: { label: string; array: Float64Array }[];
  /** Networks built (their weights are snapshotted; they are disposed after the case). */
  nets: { label: string; net: TwoLayerReLU }[];
  /** Whether each lie took effect (a runtime may refuse an assignment or a lying array). */
  lies: { label: string; took: boolean }[];
  /** The arguments built so far, in order (for 'alias'). */
  built: unknown[];
}

/** A Proxy that forwards everything to a Float64Array (methods bound to it), except that
 *  `length` answers `claimed` when given. */
function forwardingProxy(target: Float64Array, claimed?: number): Float64Array {
  return new Proxy(target, {
    get(t, key) {
      if (key === 'length' && claimed !== undefined) return claimed;
      const v = Reflect.get(t, key, t);
      return typeof v === 'function' ? v.bind(t) : v;
    },
  });
}

const typedArrayLength = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Float64Array.prototype), 'length')!.get!;

/** The number of entries a typed array really has, whatever its own `length` says. */
export function intrinsicLength(array: Float64Array): number {
  return typedArrayLength.call(array) as number;
}

function f64(values: number[]): Float64Array {
  return Float64Array.from(values);
}

/** A subclass whose length lies (its entries are the real ones). */
class LyingLengthArray extends Float64Array {
  claimed = 0;
}
Object.defineProperty(LyingLengthArray.prototype, 'length', {
  get(this: LyingLengthArray) {
    return this.claimed;
  },
});

export function build(recipe: Recipe, ctx: BuildContext, label = 'arg'): unknown {
  switch (recipe.k) {
    case 'value':
      return recipe.v;
    case 'symbol':
      return Symbol(recipe.description);
    case 'function':
      return recipe.throws ? () => { throw new FuzzSentinel('a function argument'); } : () => undefined;
    case 'array':
      return recipe.items.map((item, i) => build(item, ctx, `${label}[${i}]`));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, value] of recipe.entries) out[key] = build(value, ctx, `${label}.${key}`);
      for (const key of recipe.throwing ?? []) {
        Object.defineProperty(out, key, { enumerable: true, get() { throw new FuzzSentinel(`the getter of ${label}.${key}`); } });
      }
      return out;
    }
    case 'numberLike': {
      const v = recipe.v;
      return { valueOf: () => v, toString: () => String(v) };
    }
    case 'ode':
      return ODES[recipe.kind];
    case 'hostileProxy': {
      const trap = (name: string) => () => { throw new FuzzSentinel(`the ${name} trap of a Proxy`); };
      return new Proxy({}, {
        get: trap('get'), has: trap('has'), ownKeys: trap('ownKeys'), getPrototypeOf: trap('getPrototypeOf'),
        getOwnPropertyDescriptor: trap('getOwnPropertyDescriptor'), set: trap('set'),
      });
    }
    case 'arrayLike':
      return { length: recipe.length };
    case 'f64': {
      let array = f64(recipe.values);
      if (recipe.lyingLength !== undefined) {
        const lying = new LyingLengthArray(array.length);
        lying.set(array);
        lying.claimed = recipe.lyingLength;
        array = lying;
      }
      ctx.arrays.push({ label, array });
      if (recipe.proxy) return forwardingProxy(array);
      return array;
    }
    case 'alias': {
      if (recipe.index >= ctx.built.length) throw new HarnessError(`recipe ${label}: alias of argument ${recipe.index}, not built yet`);
      return ctx.built[recipe.index];
    }
    case 'matrix':
      return buildMatrix(recipe, ctx, label);
    case 'forgedMatrix':
      return forgeMatrix(recipe, label);
    case 'net': {
      const net = TwoLayerReLU.init(recipe.options as never);
      ctx.nets.push({ label, net });
      if (recipe.disposed) net.dispose();
      return net;
    }
    case 'forgedNet':
      return Object.assign(Object.create(TwoLayerReLU.prototype), { inputDim: recipe.inputDim, width: recipe.width });
    case 'optimizer': {
      const factory = api[recipe.factory] as (o: unknown) => unknown;
      return factory(recipe.options);
    }
    case 'eighOf': {
      const m = build(recipe.matrix, ctx, `${label}.matrix`);
      return api.eigh(m as Matrix, { vectors: recipe.vectors });
    }
    case 'abortSignal': {
      const controller = new AbortController();
      if (recipe.aborted) controller.abort();
      return controller.signal;
    }
    case 'abortController': {
      const controller = new AbortController();
      if (recipe.aborted) controller.abort();
      return controller;
    }
  }
}

function buildMatrix(recipe: Extract<Recipe, { k: 'matrix' }>, ctx: BuildContext, label: string): Matrix {
  const { rows, cols, values, lie } = recipe;
  if (values.length !== rows * cols) throw new HarnessError(`recipe ${label}: ${values.length} values for ${rows}×${cols}`);
  if (!lie) {
    const m = new Matrix(rows, cols, f64(values));
    ctx.arrays.push({ label, array: m.data });
    return m;
  }
  switch (lie.how) {
    case 'assignRows':
    case 'assignCols': {
      const m = new Matrix(rows, cols, f64(values));
      ctx.arrays.push({ label, array: m.data });
      const key = lie.how === 'assignRows' ? 'rows' : 'cols';
      try {
        (m as unknown as Record<string, number>)[key] = lie.value;
      } catch {
        // a read-only shape refuses the assignment (strict mode throws): the lie did not take
      }
      ctx.lies.push({ label, took: readsAs(() => m[key], lie.value) });
      return m;
    }
    case 'assignData': {
      const m = new Matrix(rows, cols, f64(values));
      const other = new Float64Array(lie.length).fill(1);
      ctx.arrays.push({ label, array: m.data }, { label: `${label} (replacement data)`, array: other });
      try {
        (m as unknown as Record<string, unknown>).data = other;
      } catch {
        // refused
      }
      ctx.lies.push({ label, took: readsAs(() => m.data, other) });
      return m;
    }
    case 'lyingLength': {
      const data = new LyingLengthArray(lie.actual);
      data.set(values.slice(0, lie.actual));
      data.claimed = rows * cols;
      ctx.arrays.push({ label, array: data });
      // The constructor may see through the lie and refuse it: that throws from here, as the
      // outcome of the case, so the lie is recorded first (else another, refused lie in the same
      // case would make it look like an honest one).
      ctx.lies.push({ label, took: true });
      return new Matrix(rows, cols, data);
    }
    case 'proxyLength':
    case 'honestProxy': {
      const actual = lie.how === 'proxyLength' ? lie.actual : rows * cols;
      const target = new Float64Array(actual);
      target.set(values.slice(0, actual));
      ctx.arrays.push({ label, array: target });
      // recorded before the constructor runs: its refusal of a proxy is the outcome of the case
      ctx.lies.push({ label, took: lie.how === 'proxyLength' });
      return new Matrix(rows, cols, forwardingProxy(target, rows * cols));
    }
    case 'shrunkBuffer': {
      const BufferWithMax = ArrayBuffer as unknown as new (bytes: number, o: { maxByteLength: number }) => ArrayBuffer & { resize(n: number): void };
      const buffer = new BufferWithMax(values.length * 8, { maxByteLength: Math.max(8, values.length * 8) });
      const data = new Float64Array(buffer); // length-tracking
      data.set(values);
      const m = new Matrix(rows, cols, data);
      buffer.resize(lie.actual * 8);
      ctx.arrays.push({ label, array: data });
      ctx.lies.push({ label, took: intrinsicLength(data) !== rows * cols });
      return m;
    }
    case 'subclassGetters': {
      class LyingMatrix extends Matrix {}
      Object.defineProperty(LyingMatrix.prototype, 'rows', { get: () => lie.rows });
      Object.defineProperty(LyingMatrix.prototype, 'cols', { get: () => lie.cols });
      // Own data properties set by the constructor shadow these getters; getters on Matrix's
      // prototype would not. A refusal by the constructor is the outcome of the case.
      const m = new LyingMatrix(rows, cols, f64(values));
      ctx.arrays.push({ label, array: m.data });
      // The lie takes effect only if the library believes it: ask the library's own view.
      const seen = trustedMatrix('fuzz', label, m);
      ctx.lies.push({ label, took: seen.rows !== rows || seen.cols !== cols });
      return m;
    }
  }
}

function forgeMatrix(recipe: Extract<Recipe, { k: 'forgedMatrix' }>, label: string): unknown {
  const data = f64(recipe.values);
  switch (recipe.how) {
    case 'createFromPrototype':
      // own data properties shadow the prototype's getters (plain assignment would hit the
      // getter-only accessors and throw)
      return Object.defineProperties(Object.create(Matrix.prototype), {
        rows: { value: recipe.rows, enumerable: true }, cols: { value: recipe.cols, enumerable: true }, data: { value: data, enumerable: true },
      });
    case 'plainLiteral':
      return { rows: recipe.rows, cols: recipe.cols, data };
    case 'throwingGetters': {
      const forged = Object.create(Matrix.prototype);
      for (const key of ['rows', 'cols', 'data']) {
        Object.defineProperty(forged, key, { get() { throw new FuzzSentinel(`the ${key} getter of a forged Matrix (${label})`); } });
      }
      return forged;
    }
  }
}

/** Whether reading a property gives `expected` (a getter that throws counts as a lie). */
function readsAs(read: () => unknown, expected: unknown): boolean {
  try {
    return Object.is(read(), expected);
  } catch {
    return true;
  }
}

/** Releases the Wasm memory of the networks a case built (a disposed network ignores it). */
export function disposeBuilt(ctx: BuildContext): void {
  for (const { net } of ctx.nets) {
    try {
      net.dispose();
    } catch {
      // a forged or broken network: nothing of ours to free
    }
  }
}

/** The honest views the worker gives the checks, each mapped to the object the call was given. */
const ORIGINALS = new WeakMap<object, object>();

/** Records that `view` (the library's view of a lying matrix) stands for `original` in the checks. */
export function rememberOriginal(view: object, original: object): void {
  if (view !== original) ORIGINALS.set(view, original);
}

/** The object the call was given for what a check sees as `value` (itself when it was honest). */
export function originalOf<T>(value: T): T {
  return (value !== null && typeof value === 'object' ? (ORIGINALS.get(value) as T | undefined) ?? value : value);
}

/**
 * The weights of a network end to end, W, a, then b: copied typed array to typed array, never
 * through a JavaScript array (a network of width 10⁸ has 2·10⁸ of them, more than an array may hold).
 */
export function concatWeights(W: Float64Array, a: Float64Array, b?: Float64Array): Float64Array {
  const out = new Float64Array(W.length + a.length + (b?.length ?? 0));
  out.set(W);
  out.set(a, W.length);
  if (b) out.set(b, W.length + a.length);
  return out;
}
