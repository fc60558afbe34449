import { describe, expect, it } from 'vitest';
import { Matrix, matmul, ready, runtimeInfo } from '../../src/index';
import { runtime, supportsBackend } from '../../src/runtime/runtime';
import { KERNEL_EXPORTS, KERNEL_EXPORT_NAMES } from '../../src/runtime/abi';
import { BACKENDS } from '../helpers/backends';

describe('runtime', () => {
  it('has both backends in this test environment (so no backend goes untested)', () => {
    for (const backend of BACKENDS) expect(supportsBackend(backend), backend).toBe(true);
  });

  it("'auto' picks relaxed where the engine validates it", async () => {
    const info = await ready();
    expect(info).toMatchObject({ backend: 'relaxed', relaxedSimdSupported: true, threads: expect.any(Number), memoryBytes: expect.any(Number), liveBytes: expect.any(Number), liveObjects: expect.any(Number) });
    // threadsNote only where fewer threads than asked run (a browser's main thread)
    expect(Object.keys(info).filter((k) => k !== 'threadsNote').sort()).toEqual(['backend', 'liveBytes', 'liveObjects', 'memoryBytes', 'relaxedSimdSupported', 'threads']);
    expect(runtimeInfo().backend).toBe('relaxed');
  });

  it('a forced backend is used, and switching back and forth reuses each instance', async () => {
    expect((await ready({ backend: 'simd' })).backend).toBe('simd');
    const simd = runtime();
    expect((await ready({ backend: 'relaxed' })).backend).toBe('relaxed');
    expect((await ready({ backend: 'simd' })).backend).toBe('simd');
    expect(runtime()).toBe(simd);
    expect(matmul(Matrix.from([[2]]), Matrix.from([[3]])).get(0, 0)).toBe(6);
  });

  it('rejects unknown backends and options', async () => {
    await expect(ready({ backend: 'gpu' as never })).rejects.toThrow(new TypeError("ready: backend must be 'auto', 'simd' or 'relaxed' (got gpu)"));
    await expect(ready({ thread: 2 } as never)).rejects.toThrow(/unknown option 'thread'/);
    await expect(ready({ threads: 0 })).rejects.toThrow(/threads must be 'auto' or an integer from 1 to 64/);
  });

  it.each(BACKENDS)('the %s build exports the whole ABI, and nothing else', async (backend) => {
    await ready({ backend });
    const names = Object.keys(runtime().kernels).sort();
    expect(names).toEqual([...KERNEL_EXPORT_NAMES].sort());
  });

  it.each(BACKENDS)('each export of the %s build is what the generated ABI declares: memory, or a function of that many parameters', async (backend) => {
    await ready({ backend, threads: 1 }); // one thread: the exports themselves, not the pool's checked wrappers
    const exports = runtime().kernels as unknown as Record<string, unknown>;
    expect(KERNEL_EXPORT_NAMES.length).toBeGreaterThan(20);
    for (const name of KERNEL_EXPORT_NAMES) {
      const shape = KERNEL_EXPORTS[name];
      const value = exports[name];
      if (shape.kind === 'memory') {
        expect(value, name).toBeInstanceOf(WebAssembly.Memory);
      } else {
        expect(typeof value, name).toBe('function');
        expect((value as (...args: number[]) => unknown).length, name).toBe(shape.parameters);
      }
    }
  });
});
