import { beforeAll, describe, expect, it } from 'vitest';
import { Matrix, matmul, ready } from '../../src/index';
import { referenceMatmul } from '../helpers/reference';
import { BACKENDS } from '../helpers/backends';
import { expectExactlyEqual, expectWithin, matmulErrorBound } from '../helpers/compare';
import { integerMatrix, mulberry32, randomMatrix } from '../helpers/random';
import fixtures from '../fixtures/matmul.json';

const EDGE_SIZES = [0, 1, 2, 3, 7, 15, 16, 17, 63, 64, 65, 129];
const TRANSPOSES = [
  { transA: false, transB: false }, { transA: true, transB: false },
  { transA: false, transB: true }, { transA: true, transB: true },
];
/** Non-square (m, n, k), including shapes that cross the KC = 384, MC = 60 and NC = 1024 blocks of assembly/gemm.ts. */
const SHAPES: [number, number, number][] = [
  [1, 129, 7], [129, 1, 65], [17, 3, 129], [65, 63, 64], [7, 16, 15], [3, 2, 1], [2, 300, 257],
  [250, 31, 600], [121, 127, 260], [5, 2100, 3], [7, 2051, 300], [70, 1030, 800], [64, 65, 0],
];

/** Operands of op(A) m×k and op(B) k×n, stored as the transposes ask. */
function operands(m: number, n: number, k: number, t: { transA: boolean; transB: boolean }, seed: number, make = integerMatrix) {
  const a = t.transA ? make(k, m, seed) : make(m, k, seed);
  const b = t.transB ? make(n, k, seed + 1) : make(k, n, seed + 1);
  return { a, b };
}

function label(t: { transA: boolean; transB: boolean }): string {
  return `${t.transA ? 'Aᵀ' : 'A'}·${t.transB ? 'Bᵀ' : 'B'}`;
}

describe.each(BACKENDS)('matmul on the %s backend', (backend) => {
  beforeAll(async () => {
    const info = await ready({ backend });
    expect(info.backend).toBe(backend);
  });

  // Integer entries in [−8, 8] make every product and partial sum exact in float64, so any
  // summation order (blocking, FMA) must give the reference's result bit for bit.
  describe.each(TRANSPOSES)('exactly, on integer matrices: $transA $transB', (t) => {
    it.each(EDGE_SIZES)(`${label(t)} square n = %i`, (n) => {
      const { a, b } = operands(n, n, n, t, 7 * n + 1);
      expectExactlyEqual(matmul(a, b, t).data, referenceMatmul(a, b, t).data);
    });

    it.each(SHAPES)(`${label(t)} m = %i, n = %i, k = %i`, (m, n, k) => {
      const { a, b } = operands(m, n, k, t, m + 3 * n + 5 * k);
      const c = matmul(a, b, t);
      expect([c.rows, c.cols]).toEqual([m, n]);
      expectExactlyEqual(c.data, referenceMatmul(a, b, t).data);
    });

    it(`${label(t)} with alpha and beta`, () => {
      const { a, b } = operands(37, 41, 43, t, 99);
      const opts = { ...t, alpha: -0.5, beta: 2 };
      const expected = referenceMatmul(a, b, { ...opts, out: integerMatrix(37, 41, 5) });
      const out = integerMatrix(37, 41, 5);
      const returned = matmul(a, b, { ...opts, out });
      expect(returned).toBe(out);
      expectExactlyEqual(out.data, expected.data);
    });
  });

  describe('against NumPy (test/fixtures/matmul.json)', () => {
    it('regenerates the same inputs as the fixture generator', () => {
      const next = mulberry32(1);
      expect([next(), next(), next(), next()]).toEqual(fixtures.mulberry32Seed1);
    });

    it.each(fixtures.cases.map((c) => [`m=${c.m} n=${c.n} k=${c.k} transA=${c.transA} transB=${c.transB} α=${c.alpha} β=${c.beta}`, c] as const))(
      '%s',
      (_, c) => {
        const a = c.transA ? randomMatrix(c.k, c.m, c.seedA) : randomMatrix(c.m, c.k, c.seedA);
        const b = c.transB ? randomMatrix(c.n, c.k, c.seedB) : randomMatrix(c.k, c.n, c.seedB);
        const out = randomMatrix(c.m, c.n, c.seedC);
        const opts = { transA: c.transA, transB: c.transB, alpha: c.alpha, beta: c.beta };
        const bound = matmulErrorBound(a, b, { ...opts, out: out.clone() });
        matmul(a, b, { ...opts, out });
        expectWithin(out.data, c.c, bound);
      },
    );
  });

  it('random real matrices agree with the plain-TS reference within the rounding bound', () => {
    for (const t of TRANSPOSES) {
      const { a, b } = operands(133, 70, 517, t, 4242, randomMatrix);
      const opts = { ...t, alpha: 1.3, beta: -0.7, out: randomMatrix(133, 70, 17) };
      const bound = matmulErrorBound(a, b, opts);
      const expected = referenceMatmul(a, b, { ...opts, out: opts.out.clone() });
      expectWithin(matmul(a, b, opts).data, expected.data, bound);
    }
  });

  it('beta = 0 writes out without reading it (NaN in out is overwritten)', () => {
    const a = integerMatrix(5, 6, 1), b = integerMatrix(6, 7, 2);
    const out = new Matrix(5, 7, new Float64Array(35).fill(NaN));
    matmul(a, b, { out });
    expectExactlyEqual(out.data, referenceMatmul(a, b).data);
  });

  it('alpha = 0 and k = 0 leave β·C', () => {
    const a = integerMatrix(4, 3, 1), b = integerMatrix(3, 5, 2);
    const out = integerMatrix(4, 5, 3);
    const expected = out.data.map((x) => 3 * x);
    matmul(a, b, { alpha: 0, beta: 3, out });
    expectExactlyEqual(out.data, expected);
    const empty = matmul(Matrix.zeros(4, 0), Matrix.zeros(0, 5));
    expectExactlyEqual(empty.data, new Float64Array(20));
  });

  describe('out aliasing an input', () => {
    it('out = a gives A·B and returns a', () => {
      const a = integerMatrix(33, 33, 1), b = integerMatrix(33, 33, 2);
      const expected = referenceMatmul(a, b);
      expect(matmul(a, b, { out: a })).toBe(a);
      expectExactlyEqual(a.data, expected.data);
    });

    it('out = b with beta reads the old b', () => {
      const a = integerMatrix(20, 20, 3), b = integerMatrix(20, 20, 4);
      const expected = referenceMatmul(a, b, { transA: true, beta: -1, out: b.clone() });
      matmul(a, b, { transA: true, beta: -1, out: b });
      expectExactlyEqual(b.data, expected.data);
    });

    it('a = b = out: A ← A·Aᵀ', () => {
      const a = integerMatrix(17, 17, 5);
      const expected = referenceMatmul(a, a, { transB: true });
      matmul(a, a, { transB: true, out: a });
      expectExactlyEqual(a.data, expected.data);
    });
  });
});
