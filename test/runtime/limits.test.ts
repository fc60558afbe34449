// The up-front memory checks (src/runtime/limits.ts) count what the arena already holds: a call
// that would fit an empty memory but not beside live networks and the thread pool's buffers is
// refused before it allocates anything, with a message that says so.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Matrix, OutOfMemoryError, TwoLayerReLU, analyticNtk, gram, matmul, ready, sphereData } from '../../src/index';
import { runtime } from '../../src/runtime/runtime';
import { WASM_MAX_BYTES, requireWasmBytes } from '../../src/runtime/limits';

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('requireWasmBytes', () => {
  it('passes exactly up to the limit less what is taken, and says which of the two it is', () => {
    expect(() => requireWasmBytes('f', WASM_MAX_BYTES, 'x')).not.toThrow();
    expect(() => requireWasmBytes('f', WASM_MAX_BYTES - 1024, 'x', 1024)).not.toThrow();
    const beside = thrown(() => requireWasmBytes('f', WASM_MAX_BYTES - 1024, 'a thing', 1040));
    expect(beside).toBeInstanceOf(OutOfMemoryError);
    expect(beside.message).toBe("f: a thing needs 4.0 GiB of WebAssembly memory and 1.0 KiB are taken (the module, live networks and the thread pool's buffers); the limit is 4.0 GiB");
    const alone = thrown(() => requireWasmBytes('f', WASM_MAX_BYTES + 1, 'a thing', 1040));
    expect(alone.message).toBe('f: a thing needs 4.0 GiB of WebAssembly memory, more than the 4.0 GiB a WebAssembly (wasm32) memory can hold');
    expect(() => requireWasmBytes('f', Number.NaN, 'x')).toThrow(OutOfMemoryError);
  });
});

describe('the calls check before they allocate, counting the occupied memory', () => {
  beforeAll(async () => {
    await ready({ backend: 'simd' });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Makes the arena report all but `free` bytes of the 4 GiB as taken; returns a spy on alloc. */
  function leaveFree(free: number) {
    const arena = runtime().arena;
    vi.spyOn(arena, 'occupiedBytes', 'get').mockReturnValue(WASM_MAX_BYTES - free);
    return vi.spyOn(arena, 'alloc');
  }

  const a = new Matrix(50, 40), b = new Matrix(40, 30);
  const X = sphereData({ n: 20, d: 6, seed: 1 }).X;
  const cases: [string, () => unknown][] = [
    ['matmul', () => matmul(a, b)],
    ['gram', () => gram(a)],
    ['analyticNtk', () => analyticNtk(X)],
    ['TwoLayerReLU.init', () => TwoLayerReLU.init({ inputDim: 6, width: 500 })],
  ];

  it.each(cases)('%s is refused up front when the rest of memory is taken, and runs when it is not', (name, call) => {
    const alloc = leaveFree(1024);
    const e = thrown(call);
    expect(e).toBeInstanceOf(OutOfMemoryError);
    expect(e.message).toMatch(new RegExp(`^${name.replace('.', '\\.')}: .* are taken \\(the module, live networks and the thread pool's buffers\\); the limit is 4\\.0 GiB$`));
    expect(alloc).not.toHaveBeenCalled();
    vi.restoreAllMocks();
    const result = call();
    if (result instanceof TwoLayerReLU) result.dispose();
  });

  it('empiricalNtk too', () => {
    const net = TwoLayerReLU.init({ inputDim: 6, width: 500 });
    try {
      const alloc = leaveFree(1024);
      const e = thrown(() => net.empiricalNtk(X));
      expect(e).toBeInstanceOf(OutOfMemoryError);
      expect(e.message).toMatch(/^empiricalNtk: the 20×20 empirical NTK of a width-500 network needs .* are taken/);
      expect(alloc).not.toHaveBeenCalled();
      vi.restoreAllMocks();
      expect(net.empiricalNtk(X).rows).toBe(20);
    } finally {
      net.dispose();
    }
  });
});
