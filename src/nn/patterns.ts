// Reading bit-packed activation patterns (relu.ts) on the TypeScript side: row i, neuron r is
// bit r mod 64 of u64 word i·W + ⌊r/64⌋, i.e. (Wasm memory being little-endian) bit r mod 32 of
// u32 number 2·(i·W + ⌊r/64⌋) + ⌊(r mod 64)/32⌋.

export function patternBit(words32: Uint32Array, wordsPerRow: number, i: number, r: number): boolean {
  const index = 2 * (i * wordsPerRow + (r >>> 6)) + ((r >>> 5) & 1);
  return ((words32[index] >>> (r & 31)) & 1) === 1;
}
