// Both Wasm builds are tested wherever the suite runs. Node runs with
// --experimental-wasm-relaxed-simd (vitest.config.ts) and Chromium has relaxed SIMD by default,
// so both backends must be available: runtime.test.ts fails if one is not, rather than letting
// the relaxed specs disappear silently.
import type { Backend } from '../../src/runtime/runtime';

export const BACKENDS: readonly Backend[] = ['simd', 'relaxed'];
