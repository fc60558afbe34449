// The convenience tier's way of calling a kernel: take blocks from the arena for one call, copy
// operands in, run, copy results out, and give every block back even if something throws.

import type { Arena } from './arena';
import { typedLength, typedSet } from './intrinsics';

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

/**
 * Copies `data` into the live block that starts at byte offset `ptr`. The length is the engine's
 * own, and a copy that would not fit in the block is refused: whatever a caller did to an
 * argument, nothing is written outside the block (the check backs up the shape checks of every
 * entry point).
 */
export function copyIn(arena: Arena, ptr: number, data: Float64Array): void {
  const length = typedLength(data);
  requireFits(arena, ptr, length);
  typedSet(arena.f64(), data, ptr / 8);
}

/** Copies the engine's `out.length` values from the live block at byte offset `ptr` into `out`. */
export function copyOut(arena: Arena, ptr: number, out: Float64Array): void {
  const length = typedLength(out);
  requireFits(arena, ptr, length);
  const start = ptr / 8;
  typedSet(out, arena.f64().subarray(start, start + length));
}

function requireFits(arena: Arena, ptr: number, length: number): void {
  if (length * 8 > arena.blockBytes(ptr)) {
    throw new Error(`ntk-dynamics: internal error: a copy of ${length} values does not fit the block at ${ptr} (${arena.blockBytes(ptr)} bytes); nothing was copied (please report this)`);
  }
}
