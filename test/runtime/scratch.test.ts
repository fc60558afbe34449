// The last line of defence: a copy into Wasm memory never leaves its block, whatever the caller
// passed (each entry point checks shapes first; this catches a check that was missed).
import { describe, expect, it } from 'vitest';
import { Arena } from '../../src/runtime/arena';
import { copyIn, copyOut } from '../../src/runtime/scratch';

describe('copyIn / copyOut', () => {
  it('refuse a copy longer than the block it targets, and write nothing', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const arena = new Arena(memory, 0);
    const block = arena.alloc(4 * 8);
    const neighbour = arena.alloc(4 * 8);
    arena.f64().fill(7, neighbour / 8, neighbour / 8 + 4);
    expect(() => copyIn(arena, block, new Float64Array(5))).toThrow(/a copy of 5 values does not fit the block/);
    expect(Array.from(arena.f64().subarray(neighbour / 8, neighbour / 8 + 4))).toEqual([7, 7, 7, 7]);
    expect(() => copyOut(arena, block, new Float64Array(5))).toThrow(/does not fit/);
    expect(() => copyIn(arena, block + 8, new Float64Array(1))).toThrow(/does not fit the block/); // not a block start
    copyIn(arena, block, Float64Array.of(1, 2, 3, 4));
    const out = new Float64Array(4);
    copyOut(arena, block, out);
    expect(Array.from(out)).toEqual([1, 2, 3, 4]);
  });
});
