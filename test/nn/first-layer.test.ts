// The first layer's products by each of their three ways (src/nn/first-layer.ts: dense, leaving
// out zero columns as in input-columns.ts, sparse as in sparse-inputs.ts) give the dense GEMM's
// bits: on random real data (where the sums round), on integer data against exact sums computed
// here, across the GEMM's runs of KC terms, over several slabs of a wide layer, with a whole run
// of zero columns, with every input zero, on both backends, 1 and 2 threads, and through whole
// training runs. Also: which way a chunk gets.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Matrix, TwoLayerReLU, nesterov, ready, train } from '../../src/index';
import { runtime } from '../../src/runtime/runtime';
import {
  MAX_COPY_BYTES, MIN_ZERO_FRACTION, SPARSE_MAX_DENSITY, addWeightGradient, firstLayerWays, planFirstLayer, preActivations, type FirstLayerPlan,
} from '../../src/nn/first-layer';
import { chunkRows } from '../../src/nn/passes';
import { BACKENDS } from '../helpers/backends';
import { integerMatrix, mulberry32, randomMatrix } from '../helpers/random';

type Way = FirstLayerPlan['way'];

/** The bit patterns of a Float64Array (so +0 and −0 differ). */
function bits(values: Float64Array): BigUint64Array {
  return new BigUint64Array(values.slice().buffer);
}

/** Fails at the first entry whose bits differ (a loop: deep equality of millions of entries is slow). */
function expectSameBits(actual: Float64Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  const [a, b] = [bits(actual), bits(expected)];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) expect.fail(`entry ${i}: got ${actual[i]}, expected ${expected[i]} (bits differ)`);
}

/** Equal values, ±0 told apart, any NaN equal to any NaN (Wasm does not fix a NaN's bits). */
function expectSameValues(actual: Float64Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) if (!Object.is(actual[i], expected[i])) expect.fail(`entry ${i}: got ${actual[i]}, expected ${expected[i]}`);
}

/** Runs fn with only the given way allowed (dense is always allowed). */
function onlyWay<T>(way: Way, fn: () => T): T {
  const before = { ...firstLayerWays };
  firstLayerWays.sparse = way === 'sparse';
  firstLayerWays.zeroColumns = way === 'zero columns';
  try {
    return fn();
  } finally {
    Object.assign(firstLayerWays, before);
  }
}

/** `source` with the entries for which zero(i, j) holds set to zero. */
function zeroed(source: Matrix, zero: (i: number, j: number) => boolean): Matrix {
  const out = source.clone();
  for (let i = 0; i < out.rows; i++) for (let j = 0; j < out.cols; j++) if (zero(i, j)) out.data[i * out.cols + j] = 0;
  return out;
}

/** A random third of the columns and all of columns 400–439 zero; with `sparse`, also 70 % of the other entries. */
function holes(seed: number, sparse: boolean): (i: number, j: number) => boolean {
  const next = mulberry32(seed);
  const zeroColumn = Array.from({ length: 2000 }, (_, j) => next() % 3 === 0 || (j >= 400 && j < 440));
  return (_i, j) => zeroColumn[j] || (sparse && next() % 10 < 7);
}

/** Runs fn with blocks holding the given arrays (in order) and one of `outLength` values; returns that one's values. */
function inWasm(arrays: Float64Array[], outLength: number, fn: (ptrs: number[], out: number) => void): Float64Array {
  const rt = runtime();
  const ptrs = arrays.map((a) => rt.arena.alloc(a.length * 8));
  const out = rt.arena.alloc(Math.max(1, outLength) * 8);
  try {
    arrays.forEach((a, i) => rt.arena.f64().set(a, ptrs[i] / 8));
    fn(ptrs, out);
    return rt.arena.f64().slice(out / 8, out / 8 + outLength);
  } finally {
    for (const p of [...ptrs, out]) rt.arena.release(p);
  }
}

/** Z = X·Wᵀ the given way (checking that the chunk gets it). */
function Z(X: Matrix, W: Matrix, way: Way): Float64Array {
  const rt = runtime();
  const [n, d, m] = [X.rows, X.cols, W.rows];
  return inWasm([X.data, W.data], n * m, ([x, w], z) => {
    const plan = onlyWay(way, () => planFirstLayer(rt, x, n, d, w, m));
    expect(plan.way).toBe(way);
    preActivations(rt, plan, x, n, d, w, m, z);
  });
}

/** ∇W (m × d, from `start`) after adding Mᵀ·X chunk by chunk (`chunks` rows each), the given way. */
function gradient(M: Matrix, X: Matrix, start: Matrix, chunks: number[], way: Way): Float64Array {
  const rt = runtime();
  const [m, d] = [M.cols, X.cols];
  const startIsZero = start.data.every((v) => v === 0);
  // the plan checks the weights are finite: any finite W will do
  return inWasm([M.data, X.data, start.data, new Float64Array(m * d)], m * d, ([mPtr, x, g0, w], g) => {
    rt.arena.f64().copyWithin(g / 8, g0 / 8, g0 / 8 + m * d);
    let row = 0;
    for (const rows of chunks) {
      const [mRows, xRows] = [mPtr + row * m * 8, x + row * d * 8];
      const plan = onlyWay(way, () => planFirstLayer(rt, xRows, rows, d, w, m));
      expect(plan.way).toBe(way);
      addWeightGradient(rt, plan, mRows, rows, m, xRows, d, g, row === 0 && startIsZero);
      row += rows;
    }
    expect(row).toBe(X.rows);
  });
}

const WAYS = ['zero columns', 'sparse'] as const;

describe.each(BACKENDS)('the first layer on the %s backend', (backend) => {
  describe.each([1, 2, 3])('%i thread(s)', (threads) => {
    beforeAll(async () => {
      await ready({ backend, threads });
    });

    it.each(WAYS)('%s: X·Wᵀ has the dense product\'s bits on real data spanning three k-runs (a zero run among them)', (way) => {
      const X = zeroed(randomMatrix(37, 900, 2), holes(1, way === 'sparse'));
      const W = randomMatrix(151, 900, 3); // 151: 9 tiles of 16, 3 pairs and a single column
      expectSameBits(Z(X, W, way), Z(X, W, 'dense'));
      // Columns 384–767 all zero: the middle k-run of the dense product adds only zeros.
      const Y = zeroed(randomMatrix(20, 900, 4), (i, j) => (j >= 384 && j < 768) || (way === 'sparse' && (i + j) % 3 !== 0));
      expectSameBits(Z(Y, W, way), Z(Y, W, 'dense'));
    });

    it.each(WAYS)('%s: Mᵀ·X added into ∇W has the dense product\'s bits, over row chunks and from a nonzero start', (way) => {
      const X = zeroed(randomMatrix(500, 700, 6), holes(5, way === 'sparse'));
      const M = randomMatrix(500, 91, 7); // 91: 5 tiles of 16, 5 pairs and a single column, added into ∇W
      const zeroStart = new Matrix(91, 700);
      expectSameBits(gradient(M, X, zeroStart, [500], way), gradient(M, X, zeroStart, [500], 'dense'));
      // three chunks (the last one shorter than a k-run) added onto a gradient that is not zero
      const start = randomMatrix(91, 700, 8);
      expectSameBits(gradient(M, X, start, [420, 50, 30], way), gradient(M, X, start, [420, 50, 30], 'dense'));
    });

    it.each(WAYS)('%s: a layer wider than one slab of copies gives the same bits (6000 neurons, 900 inputs)', (way) => {
      // no zero column in the first k-run: its 384 columns make the compact copy of W two slabs
      const hole = holes(9, way === 'sparse');
      const X = zeroed(randomMatrix(12, 900, 10), (i, j) => (j < 384 ? way === 'sparse' && (i + j) % 3 !== 0 : hole(i, j)));
      const W = randomMatrix(6000, 900, 11);
      expectSameBits(Z(X, W, way), Z(X, W, 'dense'));
      const M = randomMatrix(12, 6000, 12);
      const start = new Matrix(6000, 900);
      expectSameBits(gradient(M, X, start, [12], way), gradient(M, X, start, [12], 'dense'));
    });

    it.each(WAYS)('%s: on integer data both products equal the exact sums computed here', (way) => {
      const X = zeroed(integerMatrix(25, 800, 14), holes(13, way === 'sparse'));
      const W = integerMatrix(40, 800, 15);
      const z = Z(X, W, way);
      const M = integerMatrix(25, 40, 16);
      const g = gradient(M, X, new Matrix(40, 800), [25], way);
      for (let i = 0; i < 25; i++) {
        for (let r = 0; r < 40; r++) {
          let sum = 0;
          for (let j = 0; j < 800; j++) sum += X.get(i, j) * W.get(r, j);
          expect(z[i * 40 + r]).toBe(sum);
        }
      }
      for (let r = 0; r < 40; r++) {
        for (let j = 0; j < 800; j++) {
          let sum = 0;
          for (let i = 0; i < 25; i++) sum += M.get(i, r) * X.get(i, j);
          expect(g[r * 800 + j]).toBe(sum);
        }
      }
    });

    it('all-zero inputs give zero pre-activations and leave ∇W as it was', () => {
      const X = new Matrix(6, 50);
      const W = randomMatrix(30, 50, 17);
      inWasm([X.data, W.data], 0, ([x, w]) => expect(planFirstLayer(runtime(), x, 6, 50, w, 30).way).toBe('zero columns'));
      expectSameBits(Z(X, W, 'zero columns'), new Float64Array(6 * 30));
      const start = randomMatrix(30, 50, 18);
      expectSameBits(gradient(randomMatrix(6, 30, 19), X, start, [6], 'zero columns'), start.data);
    });
  });
});

describe('which way a chunk gets', () => {
  beforeAll(async () => {
    await ready({ backend: 'simd', threads: 1 });
  });
  afterEach(() => {
    firstLayerWays.sparse = true;
    firstLayerWays.zeroColumns = true;
    firstLayerWays.maxCopyBytes = MAX_COPY_BYTES;
  });

  const wayOf = (X: Matrix, W = randomMatrix(7, X.cols, 30)) => {
    let way: Way | undefined;
    inWasm([X.data, W.data], 0, ([x, w]) => {
      way = planFirstLayer(runtime(), x, X.rows, X.cols, w, W.rows).way;
    });
    return way;
  };
  const d = 64;

  it(`zero columns: from ${MIN_ZERO_FRACTION} of the columns, the rest dense`, () => {
    expect(wayOf(zeroed(randomMatrix(5, d, 20), (_i, j) => j < 7))).toBe('dense');
    expect(wayOf(zeroed(randomMatrix(5, d, 20), (_i, j) => j < 8))).toBe('zero columns');
    expect(wayOf(randomMatrix(5, d, 23))).toBe('dense');
  });

  it(`sparse: at most ${SPARSE_MAX_DENSITY} of the entries of the nonzero columns nonzero, zero columns or not`, () => {
    // 40 × 64 with entries (i + j) % 2 === 0 zero: exactly half nonzero, no zero column
    const half = zeroed(randomMatrix(40, d, 24), (i, j) => (i + j) % 2 === 0);
    expect(wayOf(half)).toBe('sparse');
    const more = half.clone();
    more.data[0] = 1; // (0, 0) was zero: one entry more than half
    expect(wayOf(more)).toBe('dense');
    // the same with 16 zero columns: the density counts the other 48 only
    expect(wayOf(zeroed(half, (_i, j) => j < 16))).toBe('sparse');
    // zero columns beside dense ones: not sparse
    expect(wayOf(zeroed(randomMatrix(40, d, 26), (_i, j) => j < 16))).toBe('zero columns');
  });

  it(`another way only while its copies fit ${MAX_COPY_BYTES / 2 ** 20} MiB and the memory left`, () => {
    const half = zeroed(randomMatrix(40, d, 27), (i, j) => (i + j) % 2 === 0);
    const holed = zeroed(randomMatrix(40, d, 28), (_i, j) => j < 16);
    expect(wayOf(half)).toBe('sparse');
    expect(wayOf(holed)).toBe('zero columns');
    // a few KiB of copies here: a bound of 100 bytes sends both to the GEMM
    firstLayerWays.maxCopyBytes = 100;
    expect(wayOf(half)).toBe('dense');
    expect(wayOf(holed)).toBe('dense');
    // and so does a memory that is nearly full
    firstLayerWays.maxCopyBytes = MAX_COPY_BYTES;
    const arena = runtime().arena;
    vi.spyOn(arena, 'occupiedBytes', 'get').mockReturnValue(4 * 2 ** 30 - 16 * 2 ** 20);
    try {
      expect(wayOf(half)).toBe('dense');
      expect(wayOf(holed)).toBe('dense');
    } finally {
      vi.restoreAllMocks();
    }
    expect(wayOf(half)).toBe('sparse');
  });

  it('non-finite weights send the chunk to the GEMM (its 0·∞ terms are NaN), with the same bits', () => {
    const X = zeroed(randomMatrix(30, d, 31), (i, j) => j < 16 || (i + j) % 3 !== 0);
    for (const bad of [Infinity, -Infinity, NaN]) {
      const W = randomMatrix(20, d, 32);
      W.data[5 * d + 3] = bad; // column 3 is zero in every row of X
      expect(wayOf(X, W)).toBe('dense');
      const z = Z(X, W, 'dense');
      expect(z.some(Number.isNaN)).toBe(true);
    }
  });

  it('a non-finite M sends the weight gradient to the GEMM', () => {
    const X = zeroed(randomMatrix(30, d, 33), (i, j) => j < 16 || (i + j) % 3 !== 0);
    const M = randomMatrix(30, 20, 34);
    M.data[7 * 20 + 4] = Infinity;
    const start = new Matrix(20, d);
    for (const way of WAYS) {
      const g = gradient(M, X, start, [30], way);
      const dense = gradient(M, X, start, [30], 'dense');
      // row 4 of ∇W gets ∞·0 = NaN in X's zero entries of row 7, as the dense GEMM gives it
      expect(Number.isNaN(dense[4 * d + 0])).toBe(true);
      expectSameValues(g, dense);
    }
  });

  it('−0 and NaN inputs come out as the dense product gives them', () => {
    const X = zeroed(randomMatrix(30, d, 35), (i, j) => j < 16 || (i + j) % 3 !== 0);
    for (let i = 0; i < 30; i++) for (let j = 0; j < 16; j += 2) X.data[i * d + j] = -0;
    X.data[4 * d + 20] = NaN;
    const W = randomMatrix(20, d, 36);
    for (const way of WAYS) expectSameValues(Z(X, W, way), Z(X, W, 'dense'));
    const M = randomMatrix(30, 20, 37);
    for (const way of WAYS) expectSameValues(gradient(M, X, new Matrix(20, d), [30], way), gradient(M, X, new Matrix(20, d), [30], 'dense'));
  });

  it('a NaN is a nonzero entry, −0 a zero one', () => {
    const withNaN = zeroed(randomMatrix(5, d, 21), (_i, j) => j < 16);
    withNaN.data[3 * d + 2] = NaN;
    let plan: FirstLayerPlan | undefined;
    inWasm([withNaN.data, new Float64Array(3 * d)], 0, ([x, w]) => {
      plan = planFirstLayer(runtime(), x, 5, d, w, 3);
    });
    expect(plan!.way).toBe('zero columns');
    const columns = (plan as { columns: Int32Array }).columns;
    expect(columns[0]).toBe(2);
    expect(columns.length).toBe(49);
    const negative = zeroed(randomMatrix(5, d, 22), (_i, j) => j < 8);
    for (let i = 0; i < 5; i++) for (let j = 0; j < 8; j++) negative.data[i * d + j] = -0;
    expect(wayOf(negative)).toBe('zero columns');
  });

  it('switched off, the next way is taken', () => {
    const sparse = zeroed(randomMatrix(40, d, 25), (i, j) => j < 16 || (i + j) % 3 !== 0);
    expect(wayOf(sparse)).toBe('sparse');
    firstLayerWays.sparse = false;
    expect(wayOf(sparse)).toBe('zero columns');
    firstLayerWays.zeroColumns = false;
    expect(wayOf(sparse)).toBe('dense');
  });
});

describe('whole passes over several chunks of rows', () => {
  afterAll(async () => {
    await ready({ backend: 'simd', threads: 1 });
  });

  it.each(BACKENDS)('a gradient over three chunks (width 20000: 104 rows per chunk) has the same bits whichever way, on the %s backend', async (backend) => {
    expect(chunkRows(20_000, 250)).toBe(104);
    const d = 420;
    const next = mulberry32(40);
    const X = new Matrix(250, d);
    // zero columns at both ends, 70 % zeros between, and one chunk (rows 208–249) denser
    for (let i = 0; i < 250; i++) for (let j = 30; j < d - 30; j++) if (next() % 10 < (i >= 208 ? 8 : 3)) X.data[i * d + j] = next() / 2 ** 32;
    const y = Float64Array.from({ length: 250 }, (_, i) => (i % 7) - 3);
    const results: string[][] = [];
    for (const threads of [1, 2]) {
      await ready({ backend, threads });
      const net = TwoLayerReLU.init({ inputDim: d, width: 20_000, seed: 41, parameterization: 'standard', bias: true, trainOutputLayer: true });
      try {
        for (const way of ['dense', ...WAYS] as Way[]) {
          const g = onlyWay(way, () => net.gradient(X, y));
          results.push([g.W.data, g.a!, g.b!].map((p) => Array.from(bits(p)).join()));
        }
      } finally {
        net.dispose();
      }
    }
    for (const r of results.slice(1)) expect(r).toEqual(results[0]);
  });
});

describe('whole training runs on MNIST-like inputs', () => {
  afterAll(async () => {
    await ready({ backend: 'simd', threads: 1 });
  });

  it.each(BACKENDS)('NAG-C on the %s backend ends with the same weights whichever way, on 1 and 2 threads', async (backend) => {
    // a border of columns zero in every row, and scattered zeros elsewhere (about 80 % zeros)
    const n = 40, side = 20, d = side * side;
    const next = mulberry32(24);
    const X = new Matrix(n, d);
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < d; p++) {
        const [row, col] = [Math.floor(p / side), p % side];
        const border = row < 3 || row >= side - 3 || col < 4 || col >= side - 4;
        X.data[i * d + p] = border || next() % 3 !== 0 ? 0 : next() / 2 ** 32;
      }
    }
    const y = Float64Array.from({ length: n }, (_, i) => i % 10);
    const run = async (threads: number, way: Way) => {
      await ready({ backend, threads });
      const net = TwoLayerReLU.init({ inputDim: d, width: 300, seed: 25, parameterization: 'standard', bias: true, trainOutputLayer: true });
      const before = { ...firstLayerWays };
      firstLayerWays.sparse = way === 'sparse';
      firstLayerWays.zeroColumns = way === 'zero columns';
      try {
        const result = await train(net, X, y, { optimizer: nesterov({ lr: 1e-3, damping: 3 }), steps: 30, loss: 'mean' });
        expect(result.status).toBe('completed');
        const params = net.toParams();
        return [params.W.flat(), params.a, params.b!].map((p) => Array.from(bits(Float64Array.from(p))).join());
      } finally {
        Object.assign(firstLayerWays, before);
        net.dispose();
      }
    };
    const dense = await run(1, 'dense');
    for (const way of WAYS) {
      expect(await run(1, way), `${way}, 1 thread`).toEqual(dense);
      expect(await run(2, way), `${way}, 2 threads`).toEqual(dense);
    }
  });
});
