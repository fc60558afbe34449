// The SIMD128 build rounds identically in every engine: Chromium's results must equal Node's bit
// for bit (Node's are computed in the vitest process by test/browser-commands.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { ready } from '../../src/index';
import { crossEngineOperands, engineBits, type MatmulSpec } from '../browser-commands';

const SPECS: MatmulSpec[] = [
  { m: 129, n: 65, k: 300, transA: false, transB: false, alpha: 1, beta: 0, seed: 11 },
  { m: 64, n: 17, k: 63, transA: true, transB: false, alpha: -0.3, beta: 1.7, seed: 12 },
  { m: 7, n: 130, k: 257, transA: false, transB: true, alpha: 2.5, beta: -1, seed: 13 },
  { m: 200, n: 121, k: 15, transA: true, transB: true, alpha: 1e-3, beta: 0.5, seed: 14 },
];

describe('Chromium and Node agree bit for bit on the SIMD backend', () => {
  beforeAll(async () => {
    expect((await ready({ backend: 'simd' })).backend).toBe('simd');
  });

  it.each(SPECS)('m=$m n=$n k=$k transA=$transA transB=$transB', async (spec) => {
    const { a, b, c } = crossEngineOperands(spec);
    const here = engineBits(a, b, c, spec);
    const node = await commands.nodeMatmulBits(spec);
    expect(here.matmul.length).toBe(spec.m * spec.n * 16);
    expect(here.matmul).toBe(node.matmul);
    expect(here.gram).toBe(node.gram);
  });
});
