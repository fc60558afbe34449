// The same seed gives bit-identical random draws, weights, outputs, gradients and kernels in
// Chromium and in Node on the SIMD backend (Node's side runs in the vitest process).
import { beforeAll, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { ready } from '../../src/index';
import { networkBits } from '../browser-commands';

beforeAll(async () => {
  expect((await ready({ backend: 'simd' })).backend).toBe('simd');
});

it.each([1, 2024])('seed %i: Chromium equals Node bit for bit', async (seed) => {
  const here = networkBits(seed);
  const node = await commands.nodeNetworkBits(seed);
  for (const key of Object.keys(here) as (keyof typeof here)[]) {
    expect(here[key].length, key).toBeGreaterThan(0);
    expect(here[key], key).toBe(node[key]);
  }
});
