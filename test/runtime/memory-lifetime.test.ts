// Repeated calls must not grow Wasm memory: every call returns its blocks to the arena, and the
// arena reuses them (TF.js checks its operator cache for leaks the same way).
import { expect, it } from 'vitest';
import { gram, matmul, ready } from '../../src/index';
import { runtime } from '../../src/runtime/runtime';
import { BACKENDS } from '../helpers/backends';
import { randomMatrix } from '../helpers/random';

it.each(BACKENDS)('10,000 matmuls of mixed shapes keep memory flat on the %s backend', async (backend) => {
  await ready({ backend });
  const shapes: [number, number, number][] = [[16, 16, 16], [5, 3, 7], [33, 17, 20], [64, 64, 64], [1, 300, 2]];
  const operands = shapes.map(([m, n, k], i) => ({ a: randomMatrix(m, k, i), b: randomMatrix(k, n, i + 9), g: randomMatrix(n, k, i) }));
  const round = (i: number) => {
    const { a, b, g } = operands[i % operands.length];
    matmul(a, b);
    if (i % 10 === 0) gram(g);
  };
  for (let i = 0; i < 2 * operands.length; i++) round(i); // warm-up: memory reaches its working size
  const { arena } = runtime();
  const afterWarmUp = arena.memoryBytes;
  for (let i = 0; i < 10_000; i++) round(i);
  expect(arena.memoryBytes).toBe(afterWarmUp);
  expect(arena.liveBytes).toBe(0);
});

it('a failed call gives its blocks back too', async () => {
  await ready({ backend: 'simd' });
  const { arena } = runtime();
  const a = randomMatrix(10, 10, 1);
  const bad = randomMatrix(10, 10, 2);
  bad.data[55] = NaN;
  expect(() => matmul(a, bad)).toThrow(RangeError);
  expect(arena.liveBytes).toBe(0);
});
