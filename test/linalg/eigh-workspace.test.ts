// The memory an eigh call needs (src/linalg/eigh-workspace.ts, runtime/workspace.ts) against the kernels' own
// *_workspace_f64, and the refusal of calls that cannot fit in wasm32's 4 GiB. Found in use:
// stedc_workspace_f64(11575) came back negative (its 32-bit result had passed 2³¹), eigh then
// allocated 12 MB where 2.15 GB were needed, and the kernel wrote past its block.

import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { eigh, eigvalsh, ready } from '../../src/index';
import { eighBlocks, eighTotalBytes, requireEighFits, type EighShape } from '../../src/linalg/eigh-workspace';
import {
  gemmWorkspaceBytes, ormtrWorkspaceBytes, stebzWorkspaceBytes, stedcWorkspaceBytes, steinWorkspaceBytes, sytrdWorkspaceBytes,
} from '../../src/runtime/workspace';
import { WASM_MAX_BYTES as WASM32_MEMORY_LIMIT } from '../../src/runtime/limits';
import { runtime } from '../../src/runtime/runtime';
import { BACKENDS } from '../helpers/backends';
import { randomSymmetric } from '../helpers/matrices';

/** Orders around every block boundary of the kernels (NB = 32, NX = 128, the GEMM's 60/384/1024),
 *  around 2³¹ and 2³² bytes of stedc's workspace (n ≈ 11 600, 16 400), and far past them. */
const ORDERS = [
  1, 2, 3, 5, 31, 32, 33, 59, 60, 61, 127, 128, 129, 383, 384, 385, 1023, 1024, 1025, 4096, 11574, 11575,
  11585, 11586, 16383, 16384, 16385, 23170, 23171, 30000, 46340, 46341, 100_000, 1_000_000, 16_777_216,
];

/** The largest order whose need fits under 4 GiB with the module's own data, found by bisection. */
function largestFitting(shape: (n: number) => EighShape, reserved: number): number {
  let lo = 1, hi = 1 << 20;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (reserved + eighTotalBytes(shape(mid)) <= WASM32_MEMORY_LIMIT) lo = mid; else hi = mid;
  }
  return lo;
}

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  return expect.fail('expected an error, but nothing was thrown');
}

describe.each(BACKENDS)('workspace sizes on the %s backend', (backend) => {
  beforeAll(async () => {
    await ready({ backend });
  });

  it('the float64 formulas equal the kernels\' own *_workspace_f64 at every order, past 2³¹ and 2³² bytes too', () => {
    const K = runtime().kernels;
    for (const n of ORDERS) {
      expect(sytrdWorkspaceBytes(n), `sytrd n=${n}`).toBe(K.sytrd_workspace_f64(n));
      expect(stedcWorkspaceBytes(n), `stedc n=${n}`).toBe(K.stedc_workspace_f64(n));
      expect(steinWorkspaceBytes(n), `stein n=${n}`).toBe(K.stein_workspace_f64(n));
      for (const k of [1, 10, 33, n]) expect(ormtrWorkspaceBytes(n, k), `ormtr n=${n} k=${k}`).toBe(K.ormtr_workspace_f64(n, k));
      for (const [m, k] of [[n, 32], [n, n], [7, n], [n, 1]]) {
        expect(gemmWorkspaceBytes(m, n, k), `gemm ${m}×${n}×${k}`).toBe(K.gemm_workspace_f64(m, n, k));
      }
    }
  });

  it('stedc_workspace_f64(11575) is the 2 147 761 232 bytes it needs, not a negative number (found in use)', () => {
    const K = runtime().kernels;
    expect(K.stedc_workspace_f64(11575)).toBe(2_147_761_232);
    expect(K.stedc_workspace_f64(16384)).toBeGreaterThan(2 ** 32);
  });

  it('eigh takes exactly the blocks eighBlocks lists, in that order, on every path', () => {
    const arena = runtime().arena;
    const a = randomSymmetric(40, 9);
    const calls: [string, () => unknown, EighShape][] = [
      ['all pairs', () => eigh(a), { n: 40, vectors: true }],
      ['values only', () => eigvalsh(a), { n: 40, vectors: false }],
      ['subset with vectors', () => eigh(a, { subset: { largest: 3 } }), { n: 40, vectors: true, subset: 3 }],
      ['subset, values only', () => eigvalsh(a, { subset: { smallest: 5 } }), { n: 40, vectors: false, subset: 5 }],
      ['a subset of all n', () => eigh(a, { subset: { smallest: 40 } }), { n: 40, vectors: true, subset: 40 }],
    ];
    for (const [name, call, shape] of calls) {
      const spy = vi.spyOn(arena, 'alloc');
      call();
      const blocks = eighBlocks(shape);
      expect(spy.mock.calls.map(([bytes]) => bytes), name).toEqual(Object.values(blocks));
      spy.mockRestore();
    }
  });
});

describe('eigh memory limits', () => {
  let reserved = 0;
  beforeAll(async () => {
    await ready();
    reserved = runtime().kernels.heap_base();
  });

  afterEach(() => vi.restoreAllMocks());

  it('every size is non-decreasing in n and an exact integer far past 2³² bytes', () => {
    const shapes: ((n: number) => EighShape)[] = [
      (n) => ({ n, vectors: true }),
      (n) => ({ n, vectors: false }),
      (n) => ({ n, vectors: true, subset: Math.min(n, 10) }),
    ];
    for (const f of [sytrdWorkspaceBytes, stedcWorkspaceBytes, steinWorkspaceBytes, stebzWorkspaceBytes, (n: number) => ormtrWorkspaceBytes(n, n), ...shapes.map((s) => (n: number) => eighTotalBytes(s(n)))]) {
      let prev = 0;
      for (let n = 1; n <= 70_000; n += n < 2000 ? 1 : 37) {
        const bytes = f(n);
        expect(Number.isSafeInteger(bytes)).toBe(true);
        if (bytes < prev) expect.fail(`size decreases from ${prev} to ${bytes} at n = ${n}`);
        prev = bytes;
      }
    }
    // 16n² + 64n + 128 + the GEMM's fixed 3 330 240 + 64, computed with BigInt: exact past 2³² and 2⁵⁰.
    for (const n of [16384, 30000, 1_000_000, 16_777_216]) {
      const big = 16n * BigInt(n) ** 2n + 64n * BigInt(n) + 128n + 3_330_240n + 64n;
      expect(BigInt(stedcWorkspaceBytes(n))).toBe(big);
    }
  });

  it('the largest orders that fit: 11 579 with vectors, 23 151 for values only', () => {
    const withVectors = largestFitting((n) => ({ n, vectors: true }), reserved);
    const valuesOnly = largestFitting((n) => ({ n, vectors: false }), reserved);
    expect(withVectors).toBe(11579);
    expect(valuesOnly).toBe(23151);
    // About 32n² bytes with vectors (A, Z and divide and conquer's 16n²), 8n² without.
    expect(eighTotalBytes({ n: withVectors, vectors: true }) / (32 * withVectors ** 2)).toBeCloseTo(1, 2);
    expect(eighTotalBytes({ n: valuesOnly, vectors: false }) / (8 * valuesOnly ** 2)).toBeCloseTo(1, 2);
  });

  it('requireEighFits lets the largest order through and refuses the next with a RangeError saying how much it needs', () => {
    for (const [vectors, nMax] of [[true, 11579], [false, 23151]] as const) {
      expect(() => requireEighFits('eigh', { n: nMax, vectors }, reserved)).not.toThrow();
      const e = thrown(() => requireEighFits('eigh', { n: nMax + 1, vectors }, reserved));
      expect(e).toBeInstanceOf(RangeError);
      const what = vectors ? ' with vectors' : ' (values only)';
      expect(e.message).toBe(`eigh: n = ${nMax + 1}${what} needs 4.01 GiB of WebAssembly memory; the limit is 4 GiB`);
    }
    expect(thrown(() => requireEighFits('eigh', { n: 30000, vectors: true }, reserved)).message)
      .toBe('eigh: n = 30000 with vectors needs 26.9 GiB of WebAssembly memory; the limit is 4 GiB');
    expect(thrown(() => requireEighFits('eigvalsh', { n: 30000, vectors: false }, reserved)).message)
      .toBe('eigvalsh: n = 30000 (values only) needs 6.72 GiB of WebAssembly memory; the limit is 4 GiB');
    expect(thrown(() => requireEighFits('eigh', { n: 30000, vectors: true, subset: 10 }, reserved)).message)
      .toBe('eigh: n = 30000 (subset of 10) with vectors needs 6.72 GiB of WebAssembly memory; the limit is 4 GiB');
    // A subset of a few pairs fits wherever the values alone do, or nearly.
    expect(largestFitting((n) => ({ n, vectors: true, subset: 10 }), reserved)).toBe(23138);
  });

  it('the check counts the module\'s own static data against the limit', () => {
    const n = 11579;
    const need = eighTotalBytes({ n, vectors: true });
    expect(() => requireEighFits('eigh', { n, vectors: true }, WASM32_MEMORY_LIMIT - need)).not.toThrow();
    expect(() => requireEighFits('eigh', { n, vectors: true }, WASM32_MEMORY_LIMIT - need + 16)).toThrow(RangeError);
  });

  it('eigh and eigvalsh check before they allocate anything, counting what the arena already holds', () => {
    // A matrix too large to fit cannot be built in a test, so the arena is made to report that so
    // much of the memory is taken (the module, live networks, a thread pool's pinned buffers) that
    // n = 40 with vectors no longer fits. (In a fresh process with two threads, n = 11,579 passed a
    // check that counted the module alone, then failed to allocate its last block.)
    const arena = runtime().arena;
    const need = eighTotalBytes({ n: 40, vectors: true });
    vi.spyOn(arena, 'occupiedBytes', 'get').mockReturnValue(WASM32_MEMORY_LIMIT - need + 16);
    const alloc = vi.spyOn(arena, 'alloc');
    const a = randomSymmetric(40, 3);
    const e = thrown(() => eigh(a));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toMatch(/^eigh: n = 40 with vectors needs 0\.\d\d GiB of WebAssembly memory and 4096\.0 MiB are taken \(the module, live networks and the thread pool's buffers\); the limit is 4 GiB$/);
    expect(alloc).not.toHaveBeenCalled();
    // Values alone need less and still fit.
    expect(eigvalsh(a).length).toBe(40);
    expect(alloc).toHaveBeenCalled();
  });

  it("the arena's occupied bytes are the module's data and every live block, pinned ones included", () => {
    const arena = runtime().arena;
    const before = arena.occupiedBytes;
    expect(before).toBeGreaterThanOrEqual(runtime().kernels.heap_base());
    const block = arena.alloc(1000);
    const pinned = arena.allocPinned(5000);
    try {
      expect(arena.occupiedBytes - before).toBe(1008 + 5008);
    } finally {
      arena.release(block);
      arena.release(pinned);
    }
    expect(arena.occupiedBytes).toBe(before);
  });
});
