// The convenience tier's way of calling a kernel: take blocks from the arena for one call, copy
// operands in, run, copy results out, and give every block back even if something throws.

import type { Arena } from './arena';
import { typedLength, typedSet } from './intrinsics';

/**
 * Runs `fn` with a freshly allocated block for every entry of `bytes` (name → size in bytes),
 * passed to it by the same names (name → byte pointer), then releases them all, even if
 * something throws. Blocks are asked for by name, so two sizes cannot be swapped by position.
 *
 * @example
 *   withBlocks(rt.arena, { a: n * 8, work: w }, ({ a, work }) => kernels.f(n, a, work));
 */
export function withBlocks<K extends string, T>(arena: Arena, bytes: Record<K, number>, fn: (ptrs: Record<K, number>) => T): T {
  const taken: number[] = [];
  try {
    return fn(allocAll(arena, bytes, taken));
  } finally {
    releaseAll(arena, taken);
  }
}

/** withBlocks for an async body: the blocks are released when its promise settles. */
export async function withBlocksAsync<K extends string, T>(arena: Arena, bytes: Record<K, number>, fn: (ptrs: Record<K, number>) => Promise<T>): Promise<T> {
  const taken: number[] = [];
  try {
    return await fn(allocAll(arena, bytes, taken));
  } finally {
    releaseAll(arena, taken);
  }
}

/** Allocates a block per name, recording each in `taken` as it goes (so a failure releases those). */
function allocAll<K extends string>(arena: Arena, bytes: Record<K, number>, taken: number[]): Record<K, number> {
  const ptrs = {} as Record<K, number>;
  for (const name of Object.keys(bytes) as K[]) {
    ptrs[name] = arena.alloc(bytes[name]);
    taken.push(ptrs[name]);
  }
  return ptrs;
}

function releaseAll(arena: Arena, taken: number[]): void {
  for (let i = taken.length - 1; i >= 0; i--) arena.release(taken[i]);
}

/** The sum of the sizes asked for, for the memory check before allocating. */
export function totalBytes(bytes: Record<string, number>): number {
  let sum = 0;
  for (const size of Object.values(bytes)) sum += size;
  return sum;
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
