// The memory arena: TypeScript owns the Wasm linear memory above __heap_base and hands out
// 16-byte-aligned blocks (aligned for v128 loads) to the calls that need them.
//
// Allocation is first fit over an address-ordered free list, and free() merges a block with its
// free neighbours, so a sequence of calls with the same sizes reuses the same addresses and the
// memory stops growing after the first call. When nothing fits, the memory grows by whole 64 KiB
// pages (at least doubling the arena, so growth is rare); growing detaches every typed-array view
// of the old buffer, which is why views are only ever taken through `f64()` / `u8()` right before
// use.
//
// Growth asks for twice the memory in use when the engine grants it, and for exactly what the
// request lacks when it does not, so every request up to the engine's limit (4 GiB for wasm32)
// can succeed whatever was allocated before; when none can, an OutOfMemoryError names the
// request, what is live and the limit.

import { OutOfMemoryError } from '../errors';
import { WASM_MAX_BYTES, WASM_MAX_PAGES, WASM_PAGE_BYTES, formatBytes } from './limits';

const ALIGN = 16;
const PAGE = WASM_PAGE_BYTES;

interface FreeBlock { start: number; size: number }

export class Arena {
  private readonly memory: WebAssembly.Memory;
  private readonly base: number;
  /** Free blocks sorted by address, never adjacent (adjacent ones are merged). */
  private free: FreeBlock[] = [];
  /** Size of every live block, by address. */
  private readonly live = new Map<number, number>();
  private liveTotal = 0;
  /** Blocks from allocPinned(), not counted in liveBytes. */
  private readonly pinned = new Set<number>();
  private f64View: Float64Array;
  private u8View: Uint8Array;

  constructor(memory: WebAssembly.Memory, heapBase: number) {
    this.memory = memory;
    this.base = roundUp(heapBase, ALIGN);
    const end = memory.buffer.byteLength;
    if (end > this.base) this.free.push({ start: this.base, size: end - this.base });
    this.f64View = new Float64Array(memory.buffer);
    this.u8View = new Uint8Array(memory.buffer);
  }

  /** A block of at least `bytes` bytes, 16-byte aligned, contents unspecified. */
  alloc(bytes: number): number {
    if (!(bytes >= 0 && bytes <= WASM_MAX_BYTES)) this.outOfMemory(bytes, 'it is more than a WebAssembly memory can hold');
    const size = Math.max(ALIGN, roundUp(bytes, ALIGN));
    let index = this.free.findIndex((block) => block.size >= size);
    if (index < 0) index = this.grow(size);
    const block = this.free[index];
    const start = block.start;
    if (block.size === size) this.free.splice(index, 1);
    else this.free[index] = { start: start + size, size: block.size - size };
    this.live.set(start, size);
    this.liveTotal += size;
    return start;
  }

  /**
   * alloc() for the runtime's own infrastructure (a thread pool's control block and packing
   * space): a live block like any other, but not counted in liveBytes and liveBlocks, which report
   * what calls and objects hold.
   */
  allocPinned(bytes: number): number {
    const ptr = this.alloc(bytes);
    const size = this.live.get(ptr)!;
    this.pinned.add(ptr);
    this.liveTotal -= size;
    return ptr;
  }

  /** Returns a block from alloc() (or allocPinned()) to the arena. */
  release(ptr: number): void {
    const size = this.live.get(ptr);
    if (size === undefined) throw new Error(`Arena.release: ${ptr} is not a live block`);
    this.live.delete(ptr);
    if (!this.pinned.delete(ptr)) this.liveTotal -= size;
    // Insert in address order, then merge with the neighbours it touches.
    let i = 0;
    while (i < this.free.length && this.free[i].start < ptr) i++;
    this.free.splice(i, 0, { start: ptr, size });
    const next = this.free[i + 1];
    if (next && ptr + size === next.start) {
      this.free[i].size += next.size;
      this.free.splice(i + 1, 1);
    }
    const prev = this.free[i - 1];
    if (prev && prev.start + prev.size === ptr) {
      prev.size += this.free[i].size;
      this.free.splice(i, 1);
    }
  }

  /** The size in bytes of the live block that starts at `ptr` (0 if there is none). */
  blockBytes(ptr: number): number {
    return this.live.get(ptr) ?? 0;
  }

  /** Number of live blocks (not counting pinned ones). */
  get liveBlocks(): number {
    return this.live.size - this.pinned.size;
  }

  /** A Float64Array over the whole memory, re-derived if the memory has grown. */
  f64(): Float64Array {
    if (this.f64View.buffer !== this.memory.buffer) this.f64View = new Float64Array(this.memory.buffer);
    return this.f64View;
  }

  /** A Uint8Array over the whole memory, re-derived if the memory has grown. */
  u8(): Uint8Array {
    if (this.u8View.buffer !== this.memory.buffer) this.u8View = new Uint8Array(this.memory.buffer);
    return this.u8View;
  }

  /** Bytes of linear memory the module has now (grows, never shrinks). */
  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** Bytes currently handed out. */
  get liveBytes(): number {
    return this.liveTotal;
  }

  /**
   * Bytes of the 4 GiB a call cannot have: the module's own data below the arena, and every live
   * block, the runtime's pinned ones (a thread pool's packing space) included. An up-front size
   * check against WASM_MAX_BYTES must count these, or a request that passes it can still fail
   * (fragmentation aside, which the allocator reports itself).
   */
  get occupiedBytes(): number {
    let total = this.base;
    for (const size of this.live.values()) total += size;
    return total;
  }

  /** Grows memory so that a free block of `size` bytes exists at the top; returns its index. */
  private grow(size: number): number {
    const end = this.memory.buffer.byteLength;
    const last = this.free[this.free.length - 1];
    const tailFree = last && last.start + last.size === end ? last.size : 0;
    const neededPages = Math.ceil((size - tailFree) / PAGE);
    const headroomPages = WASM_MAX_PAGES - end / PAGE;
    if (neededPages > headroomPages) this.outOfMemory(size, `only ${formatBytes(headroomPages * PAGE)} more can be added before the ${formatBytes(WASM_MAX_BYTES)} limit`);
    // Double what is in use when possible (growth stays rare); else exactly what is missing.
    const doubling = Math.min(headroomPages, Math.max(neededPages, Math.ceil((end - this.base) / PAGE)));
    let pages = doubling;
    try {
      this.memory.grow(pages);
    } catch {
      pages = neededPages;
      try {
        this.memory.grow(pages);
      } catch {
        this.outOfMemory(size, `the engine refused to grow the memory by ${formatBytes(pages * PAGE)}`);
      }
    }
    const added = pages * PAGE;
    if (tailFree > 0) last.size += added;
    else this.free.push({ start: end, size: added });
    return this.free.length - 1;
  }

  private outOfMemory(request: number, why: string): never {
    throw new OutOfMemoryError(
      `ntk-dynamics: cannot allocate ${formatBytes(request)} of WebAssembly memory: ${why} ` +
        `(the memory holds ${formatBytes(this.memory.buffer.byteLength)}, of which ${formatBytes(this.liveBytes)} are live in ` +
        `${this.live.size} blocks; the limit is ${formatBytes(WASM_MAX_BYTES)}). Dispose of networks you no longer need, or use smaller sizes.`,
    );
  }
}

function roundUp(x: number, to: number): number {
  return Math.ceil(x / to) * to;
}
