// The first layer's GEMMs without the inputs' zero columns (src/nn/input-columns.ts) give the
// dense products' bits: on random real data (where the sums round), on integer data against an
// exact sum computed here, across the GEMM's k-runs, over several slabs of a wide layer, with a
// whole k-run of zero columns, with every column zero, on both backends, 1 and 2 threads, and
// through whole training runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Matrix, TwoLayerReLU, nesterov, ready, train } from '../../src/index';
import { runtime } from '../../src/runtime/runtime';
import { gemmPtr } from '../../src/runtime/calls';
import {
  MIN_ZERO_FRACTION, addWeightGradientSkippingZeros, columnSkipping, nonzeroColumns, preActivationsSkippingZeros,
} from '../../src/nn/input-columns';
import { BACKENDS } from '../helpers/backends';
import { integerMatrix, mulberry32, randomMatrix } from '../helpers/random';

/** The bit patterns of a Float64Array (so +0 and −0 differ, and NaNs compare). */
function bits(values: Float64Array): BigUint64Array {
  return new BigUint64Array(values.slice().buffer);
}

/** Fails at the first entry whose bits differ (a loop: deep equality of millions of entries is slow). */
function expectSameBits(actual: Float64Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  const [a, b] = [bits(actual), bits(expected)];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) expect.fail(`entry ${i}: got ${actual[i]}, expected ${expected[i]} (bits differ)`);
}

/** `source` with the listed columns set to zero. */
function withZeroColumns(source: Matrix, zero: (j: number) => boolean): Matrix {
  const out = source.clone();
  for (let i = 0; i < out.rows; i++) for (let j = 0; j < out.cols; j++) if (zero(j)) out.set(i, j, 0);
  return out;
}

/** A random third of the columns, and every one of columns 400–440. */
function someColumns(seed: number): (j: number) => boolean {
  const next = mulberry32(seed);
  const zero = new Set<number>();
  for (let j = 0; j < 2000; j++) if (next() % 3 === 0 || (j >= 400 && j < 440)) zero.add(j);
  return (j) => zero.has(j);
}

/** Runs fn with blocks holding the given arrays (in this order) and one of `outLength` values. */
function inWasm(arrays: Float64Array[], outLength: number, fn: (ptrs: number[], out: number) => void): Float64Array {
  const rt = runtime();
  const ptrs = arrays.map((a) => rt.arena.alloc(a.length * 8));
  const out = rt.arena.alloc(outLength * 8);
  try {
    arrays.forEach((a, i) => rt.arena.f64().set(a, ptrs[i] / 8));
    fn(ptrs, out);
    return rt.arena.f64().slice(out / 8, out / 8 + outLength);
  } finally {
    for (const p of [...ptrs, out]) rt.arena.release(p);
  }
}

function preActivations(X: Matrix, W: Matrix, skip: boolean): Float64Array {
  const rt = runtime();
  const [n, d, m] = [X.rows, X.cols, W.rows];
  return inWasm([X.data, W.data], n * m, ([x, w], z) => {
    const columns = skip ? nonzeroColumns(rt, x, n, d) : undefined;
    if (skip) expect(columns, 'the skipping path is taken').toBeDefined();
    if (columns) preActivationsSkippingZeros(rt, x, n, d, w, m, columns, z);
    else gemmPtr(rt, false, true, n, m, d, 1, x, d, w, d, 0, z, m);
  });
}

/** ∇W (m × d, starting from `start`) after adding Mᵀ·X once per row chunk in `chunks`. */
function weightGradient(M: Matrix, X: Matrix, start: Matrix, chunks: number[], skip: boolean): Float64Array {
  const rt = runtime();
  const [n, m, d] = [X.rows, M.cols, X.cols];
  return inWasm([M.data, X.data, start.data], m * d, ([mPtr, x, g0], g) => {
    rt.arena.f64().copyWithin(g / 8, g0 / 8, g0 / 8 + m * d);
    let row = 0;
    for (const rows of chunks) {
      const [mRows, xRows] = [mPtr + row * m * 8, x + row * d * 8];
      const columns = skip ? nonzeroColumns(rt, xRows, rows, d) : undefined;
      if (skip) expect(columns, 'the skipping path is taken').toBeDefined();
      if (columns) addWeightGradientSkippingZeros(rt, mRows, rows, m, xRows, d, columns, g, row === 0 && start.data.every((v) => v === 0));
      else gemmPtr(rt, true, false, m, d, rows, 1, mRows, m, xRows, d, 1, g, d);
      row += rows;
    }
    expect(row).toBe(n);
  });
}

describe.each(BACKENDS)('skipping zero input columns on the %s backend', (backend) => {
  describe.each([1, 2])('%i thread(s)', (threads) => {
    beforeAll(async () => {
      await ready({ backend, threads });
    });

    it('X·Wᵀ has the dense product\'s bits on real data spanning three k-runs (a zero run among them)', () => {
      const zero = someColumns(1);
      const X = withZeroColumns(randomMatrix(37, 900, 2), zero);
      const W = randomMatrix(150, 900, 3);
      const dense = preActivations(X, W, false);
      expectSameBits(preActivations(X, W, true), dense);
      // Columns 384–767 all zero: the middle k-run of the dense product adds only zeros.
      const Y = withZeroColumns(randomMatrix(20, 900, 4), (j) => j >= 384 && j < 768);
      expectSameBits(preActivations(Y, W, true), preActivations(Y, W, false));
    });

    it('Mᵀ·X added into ∇W has the dense product\'s bits, over row chunks and from a nonzero start', () => {
      const zero = someColumns(5);
      const X = withZeroColumns(randomMatrix(500, 700, 6), zero);
      const M = randomMatrix(500, 90, 7);
      const zeroStart = new Matrix(90, 700);
      expectSameBits(weightGradient(M, X, zeroStart, [500], true), weightGradient(M, X, zeroStart, [500], false));
      // three chunks (the last one shorter than a k-run) added onto a gradient that is not zero
      const start = randomMatrix(90, 700, 8);
      expectSameBits(weightGradient(M, X, start, [420, 50, 30], true), weightGradient(M, X, start, [420, 50, 30], false));
    });

    it('a layer wider than one slab of compact copies gives the same bits (6000 neurons, 900 inputs)', () => {
      const zero = someColumns(9);
      const X = withZeroColumns(randomMatrix(12, 900, 10), zero);
      const W = randomMatrix(6000, 900, 11);
      expectSameBits(preActivations(X, W, true), preActivations(X, W, false));
      const M = randomMatrix(12, 6000, 12);
      const start = new Matrix(6000, 900);
      expectSameBits(weightGradient(M, X, start, [12], true), weightGradient(M, X, start, [12], false));
    });

    it('on integer data both products equal the exact sums computed here', () => {
      const zero = someColumns(13);
      const X = withZeroColumns(integerMatrix(25, 800, 14), zero);
      const W = integerMatrix(40, 800, 15);
      const Z = preActivations(X, W, true);
      const M = integerMatrix(25, 40, 16);
      const G = weightGradient(M, X, new Matrix(40, 800), [25], true);
      for (let i = 0; i < 25; i++) {
        for (let r = 0; r < 40; r++) {
          let z = 0;
          for (let j = 0; j < 800; j++) z += X.get(i, j) * W.get(r, j);
          expect(Z[i * 40 + r]).toBe(z);
        }
      }
      for (let r = 0; r < 40; r++) {
        for (let j = 0; j < 800; j++) {
          let g = 0;
          for (let i = 0; i < 25; i++) g += M.get(i, r) * X.get(i, j);
          expect(G[r * 800 + j]).toBe(g);
        }
      }
    });

    it('all-zero inputs give zero pre-activations and leave ∇W as it was', () => {
      const X = new Matrix(6, 50);
      const W = randomMatrix(30, 50, 17);
      expectSameBits(preActivations(X, W, true), new Float64Array(6 * 30));
      const start = randomMatrix(30, 50, 18);
      expectSameBits(weightGradient(randomMatrix(6, 30, 19), X, start, [6], true), start.data);
    });
  });
});

describe('when the dense product runs instead', () => {
  beforeAll(async () => {
    await ready({ backend: 'simd', threads: 1 });
  });

  it(`fewer than ${MIN_ZERO_FRACTION} of the columns zero, a NaN column, dense data or skipping switched off`, () => {
    const rt = runtime();
    const d = 64;
    const columnsOf = (X: Matrix) => inWasm([X.data], 0, ([x]) => {
      found = nonzeroColumns(rt, x, X.rows, d);
    });
    let found: Int32Array | undefined;
    // 7 zero columns of 64 is below 1/8; 8 is enough
    columnsOf(withZeroColumns(randomMatrix(5, d, 20), (j) => j < 7));
    expect(found).toBeUndefined();
    columnsOf(withZeroColumns(randomMatrix(5, d, 20), (j) => j < 8));
    expect(Array.from(found!)).toEqual(Array.from({ length: 56 }, (_, i) => i + 8));
    // a column that is zero but for one NaN is not skipped (the NaN must reach the output)
    const withNaN = withZeroColumns(randomMatrix(5, d, 21), (j) => j < 16);
    withNaN.data[3 * d + 2] = NaN;
    columnsOf(withNaN);
    expect(found![0]).toBe(2);
    expect(found!.length).toBe(49);
    // −0 is a zero
    const negativeZeros = withZeroColumns(randomMatrix(5, d, 22), (j) => j < 8);
    for (let i = 0; i < 5; i++) for (let j = 0; j < 8; j++) negativeZeros.set(i, j, -0);
    columnsOf(negativeZeros);
    expect(found!.length).toBe(56);
    columnsOf(randomMatrix(5, d, 23));
    expect(found).toBeUndefined();
    columnsSkipping(false, () => {
      columnsOf(withZeroColumns(randomMatrix(5, d, 20), (j) => j < 32));
      expect(found).toBeUndefined();
    });
  });
});

/** Runs fn with skipping switched on or off, restoring it after. */
function columnsSkipping(enabled: boolean, fn: () => void): void {
  const before = columnSkipping.enabled;
  columnSkipping.enabled = enabled;
  try {
    fn();
  } finally {
    columnSkipping.enabled = before;
  }
}

describe('whole training runs on inputs with zero columns', () => {
  afterAll(async () => {
    await ready({ backend: 'simd', threads: 1 });
  });

  it.each(BACKENDS)('NAG-C on the %s backend ends with the same weights skipping or not, on 1 and 2 threads', async (backend) => {
    // MNIST-like: a border of columns that are zero in every row, and scattered zeros elsewhere.
    const n = 40, side = 20, d = side * side;
    const next = mulberry32(24);
    const X = new Matrix(n, d);
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < d; p++) {
        const [row, col] = [Math.floor(p / side), p % side];
        const border = row < 3 || row >= side - 3 || col < 4 || col >= side - 4;
        X.data[i * d + p] = border || next() % 4 === 0 ? 0 : next() / 2 ** 32;
      }
    }
    const y = Float64Array.from({ length: n }, (_, i) => i % 10);
    const run = async (threads: number, skip: boolean) => {
      await ready({ backend, threads });
      const net = TwoLayerReLU.init({ inputDim: d, width: 300, seed: 25, parameterization: 'standard', bias: true, trainOutputLayer: true });
      const before = columnSkipping.enabled;
      columnSkipping.enabled = skip;
      try {
        const result = await train(net, X, y, { optimizer: nesterov({ lr: 1e-3, damping: 3 }), steps: 30, loss: 'mean' });
        expect(result.status).toBe('completed');
        const params = net.toParams();
        return [params.W.flat(), params.a, params.b!].map((p) => Array.from(bits(Float64Array.from(p))).join());
      } finally {
        columnSkipping.enabled = before;
        net.dispose();
      }
    };
    const dense = await run(1, false);
    expect(await run(1, true)).toEqual(dense);
    expect(await run(2, true)).toEqual(dense);
  });
});
