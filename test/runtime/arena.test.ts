import { describe, expect, it } from 'vitest';
import { Arena } from '../../src/runtime/arena';
import { OutOfMemoryError } from '../../src/errors';

const PAGE = 65536;

function fresh(pages = 1, heapBase = 1000): { memory: WebAssembly.Memory; arena: Arena } {
  const memory = new WebAssembly.Memory({ initial: pages });
  return { memory, arena: new Arena(memory, heapBase) };
}

describe('Arena', () => {
  it('hands out 16-byte-aligned, non-overlapping blocks above the heap base', () => {
    const { arena } = fresh();
    const blocks = [1, 7, 16, 33, 100, 8].map((bytes) => ({ bytes, ptr: arena.alloc(bytes) }));
    for (const { ptr } of blocks) {
      expect(ptr % 16).toBe(0);
      expect(ptr).toBeGreaterThanOrEqual(1000);
    }
    const sorted = [...blocks].sort((x, y) => x.ptr - y.ptr);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i].ptr).toBeGreaterThanOrEqual(sorted[i - 1].ptr + sorted[i - 1].bytes);
  });

  it('reuses freed space, merging neighbours, so the same requests get the same addresses', () => {
    const { arena } = fresh();
    const first = [arena.alloc(256), arena.alloc(512), arena.alloc(128)];
    for (const p of [first[1], first[0], first[2]]) arena.release(p);
    expect(arena.liveBytes).toBe(0);
    // All three merged back: one request for the total fits where the first block was.
    const whole = arena.alloc(256 + 512 + 128);
    expect(whole).toBe(first[0]);
    arena.release(whole);
    expect([arena.alloc(256), arena.alloc(512), arena.alloc(128)]).toEqual(first);
  });

  it('grows memory when nothing fits and re-derives its views', () => {
    const { memory, arena } = fresh();
    const small = arena.alloc(64);
    const oldView = arena.f64();
    oldView[small / 8] = 42;
    const big = arena.alloc(3 * PAGE);
    expect(memory.buffer.byteLength).toBeGreaterThanOrEqual(4 * PAGE);
    expect(oldView.length).toBe(0); // detached by the growth
    const view = arena.f64();
    expect(view.buffer).toBe(memory.buffer);
    expect(view[small / 8]).toBe(42);
    view[(big + 3 * PAGE) / 8 - 1] = 1; // the last element of the big block is addressable
    expect(arena.u8().length).toBe(memory.buffer.byteLength);
  });

  it('refuses to release what it did not hand out', () => {
    const { arena } = fresh();
    const p = arena.alloc(32);
    arena.release(p);
    expect(() => arena.release(p)).toThrow(/not a live block/);
    expect(() => arena.release(12345)).toThrow(/not a live block/);
  });

  it('reports a clear RangeError when memory cannot grow', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 2 });
    const arena = new Arena(memory, 0);
    expect(() => arena.alloc(10 * PAGE)).toThrow(RangeError);
    expect(() => arena.alloc(10 * PAGE)).toThrow(/cannot allocate 640\.0 KiB of WebAssembly memory: the engine refused to grow the memory/);
    expect(arena.alloc(100) % 16).toBe(0); // still usable
  });

  it('grows to whatever the memory allows: doubling when it can, exactly what is missing when it cannot', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 8 });
    const arena = new Arena(memory, 0);
    arena.alloc(5 * PAGE);
    // doubling would need 10 pages, which the engine refuses; the 2 missing ones it grants
    expect(() => arena.alloc(2 * PAGE)).not.toThrow();
    expect(memory.buffer.byteLength).toBe(7 * PAGE);
    expect(() => arena.alloc(PAGE)).not.toThrow(); // and the last page too
    expect(memory.buffer.byteLength).toBe(8 * PAGE);
  });

  it('out of memory is an OutOfMemoryError naming the request, what is live and the limit', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 4 });
    const arena = new Arena(memory, 0);
    arena.alloc(3 * PAGE);
    let error: unknown;
    try {
      arena.alloc(2 * PAGE);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OutOfMemoryError);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as OutOfMemoryError).code).toBe('NTK_OUT_OF_MEMORY');
    expect((error as Error).message).toMatch(/cannot allocate 128\.0 KiB .* 192\.0 KiB are live in 1 blocks; the limit is 4\.0 GiB/);
    expect(() => arena.alloc(5 * 2 ** 30)).toThrow(/more than a WebAssembly memory can hold/);
  });
});
