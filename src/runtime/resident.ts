// The resident tier: float64 arrays that live in Wasm memory for as long as their owner (a
// network's weights during training), so kernels use them in place, call after call, with no
// copying. Each belongs to the runtime (backend) it was created in. Blocks go back to the arena
// through dispose(), or when the owner is garbage-collected (FinalizationRegistry) as a backstop.

import { DisposedError } from '../errors';
import type { Runtime } from './runtime';

// `using` (explicit resource management) looks for Symbol.dispose; engines that lack the symbol
// (older browsers) get the registered one TypeScript's `using` falls back to, before any class
// that holds Wasm memory defines its [Symbol.dispose] method.
if (typeof Symbol.dispose !== 'symbol') {
  Object.defineProperty(Symbol, 'dispose', { value: Symbol.for('Symbol.dispose'), configurable: true });
}

const registry = new FinalizationRegistry<{ rt: Runtime; ptr: number }>(({ rt, ptr }) => rt.arena.release(ptr));

export class ResidentArray {
  readonly rt: Runtime;
  readonly length: number;
  private pointer: number;

  constructor(rt: Runtime, length: number, init?: ArrayLike<number>) {
    this.rt = rt;
    this.length = length;
    // `init` may be a view of this same memory (a clone's source), which the allocation below can
    // detach by growing the memory: copy it first.
    const source = init ? Float64Array.from(init) : undefined;
    this.pointer = rt.arena.alloc(Math.max(1, length) * 8);
    registry.register(this, { rt, ptr: this.pointer }, this);
    if (source) this.view().set(source);
    else this.view().fill(0);
  }

  /** Byte offset in Wasm memory. */
  get ptr(): number {
    if (this.pointer < 0) throw new DisposedError('this array');
    return this.pointer;
  }

  /** A view of the live values (invalidated when Wasm memory grows: take a new one per use). */
  view(): Float64Array {
    const start = this.ptr / 8;
    return this.rt.arena.f64().subarray(start, start + this.length);
  }

  /** A copy of the values. */
  read(): Float64Array {
    return this.view().slice();
  }

  /** Returns the block to the arena; the array is unusable afterwards. */
  dispose(): void {
    if (this.pointer < 0) return;
    registry.unregister(this);
    this.rt.arena.release(this.pointer);
    this.pointer = -1;
  }
}
