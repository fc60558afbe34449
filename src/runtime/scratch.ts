// The convenience tier's way of calling a kernel: take blocks from the arena for one call, copy
// operands in, run, copy results out, and give every block back even if something throws.

import type { Arena } from './arena';

/** Runs `fn` with freshly allocated blocks of the given byte sizes, then releases them. */
export function withBlocks<T>(arena: Arena, byteSizes: readonly number[], fn: (ptrs: number[]) => T): T {
  const ptrs: number[] = [];
  try {
    for (const bytes of byteSizes) ptrs.push(arena.alloc(bytes));
    return fn(ptrs);
  } finally {
    for (let i = ptrs.length - 1; i >= 0; i--) arena.release(ptrs[i]);
  }
}

/** Copies `data` into Wasm memory at byte offset `ptr` (16-byte aligned). */
export function copyIn(arena: Arena, ptr: number, data: Float64Array): void {
  arena.f64().set(data, ptr / 8);
}

/** Copies `out.length` values from Wasm memory at byte offset `ptr` into `out`. */
export function copyOut(arena: Arena, ptr: number, out: Float64Array): void {
  const start = ptr / 8;
  out.set(arena.f64().subarray(start, start + out.length));
}
