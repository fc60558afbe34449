// Deterministic test inputs, reproduced bit for bit by test/fixtures/generate.py.
//
// mulberry32 (Tommy Ettinger's 32-bit generator): a 32-bit state advanced by a Weyl increment and
// mixed by two multiply-xorshift rounds. Values are u32 / 2³² − 0.5, exact doubles in [−0.5, 0.5).

import { Matrix } from '../../src/linalg/matrix';

export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0);
  };
}

/** rows × cols matrix of u32/2³² − 0.5 values from mulberry32(seed), filled row by row. */
export function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  const next = mulberry32(seed);
  const m = new Matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = next() / 4294967296 - 0.5;
  return m;
}

/** rows × cols matrix of integers in [−8, 8]: every product and sum of a test stays exact. */
export function integerMatrix(rows: number, cols: number, seed: number): Matrix {
  const next = mulberry32(seed);
  const m = new Matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = (next() % 17) - 8;
  return m;
}
