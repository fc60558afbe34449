// An engine that cannot validate the SIMD build must be told so (Node 20 cannot switch SIMD off,
// so WebAssembly.validate is stubbed to answer as such an engine would).
import { afterEach, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.restoreAllMocks();
  vi.resetModules();
});

it('an engine without Wasm SIMD gets an error that says so', async () => {
  vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
  const { ready } = await import('../../src/index');
  await expect(ready()).rejects.toThrow(/needs WebAssembly SIMD \(fixed-width 128-bit SIMD\), which this engine does not support/);
});
