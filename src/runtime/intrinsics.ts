// The built-in TypedArray accessors, captured when the package loads, so that what is copied into
// WebAssembly memory is measured by the engine itself and never by a property a caller controls:
// a Float64Array subclass may override `length`, a Proxy may pretend to be a Float64Array, and a
// view of a resizable ArrayBuffer changes length when the buffer shrinks. Reading through these
// getters sees through all three (a Proxy is not a typed array at all: it has no length here).

const TypedArrayPrototype = Object.getPrototypeOf(Float64Array.prototype) as object;

function getter(name: PropertyKey): (this: unknown) => unknown {
  const descriptor = Object.getOwnPropertyDescriptor(TypedArrayPrototype, name);
  if (!descriptor?.get) throw new Error(`ntk-dynamics: this engine lacks %TypedArray%.prototype.${String(name)}`);
  return descriptor.get;
}

const tagOf = getter(Symbol.toStringTag);
const lengthOf = getter('length');
const typedArraySet = (TypedArrayPrototype as { set: (this: unknown, source: unknown, offset?: number) => void }).set;

/** Whether `value` is a genuine Float64Array (or subclass instance): its internal type, not its prototype chain. */
export function isFloat64Array(value: unknown): value is Float64Array {
  return tagOf.call(value) === 'Float64Array';
}

/** The engine's length of a typed array (0 when it is out of bounds after its buffer shrank). */
export function typedLength(array: Float64Array | Uint8Array): number {
  return lengthOf.call(array) as number;
}

/** target.set(source, offset) through the built-in method, whatever the target's class overrides. */
export function typedSet(target: Float64Array | Uint8Array, source: ArrayLike<number>, offset = 0): void {
  typedArraySet.call(target, source, offset);
}
