// eigh on the SIMD128 build uses only correctly rounded operations (no FMA, no libm), so
// Chromium must reproduce Node's eigenvalues and eigenvectors bit for bit.
import { beforeAll, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { ready } from '../../src/index';
import { eighBits } from '../browser-commands';

beforeAll(async () => {
  expect((await ready({ backend: 'simd' })).backend).toBe('simd');
});

it.each([[7, 1], [64, 2], [150, 3]])('eigh of randomSymmetric(%i): Chromium equals Node bit for bit', async (n, seed) => {
  const here = eighBits(n, seed);
  const node = await commands.nodeEighBits(n, seed);
  expect(here.values.length).toBe(n * 16);
  expect(here.values).toBe(node.values);
  expect(here.vectors).toBe(node.vectors);
});
