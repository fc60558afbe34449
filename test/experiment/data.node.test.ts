// The data of an experiment and its test split: synthetic test points are a draw of their own from
// the training points' law; MNIST's are the digits right after the training ones, none shared; a
// split larger than the mnist package is refused naming --test-n. Node only: MNIST is a CommonJS
// package of JSON files.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../../src/experiment/config';
import { loadData, testSeedOf } from '../../src/experiment/data';
import { loadMnist, sphereData } from '../../src/index';

const MNIST: ExperimentConfig = { ...DEFAULT_CONFIG, dataset: 'mnist', dim: 784, n: 30, testN: 20 };

describe('the data of an experiment', () => {
  it('synthetic: the training points as before, and test points from a stream no training seed uses', async () => {
    const data = await loadData({ ...DEFAULT_CONFIG, n: 12, dim: 4, seed: 7, testN: 9 });
    const train = sphereData({ n: 12, d: 4, seed: 7 });
    expect(Array.from(data.X.data)).toEqual(Array.from(train.X.data));
    expect(Array.from(data.y)).toEqual(Array.from(train.y));
    expect(testSeedOf(7)).toBe(-8);
    const test = sphereData({ n: 9, d: 4, seed: -8 });
    expect(Array.from(data.test!.X.data)).toEqual(Array.from(test.X.data));
    expect(Array.from(data.test!.y)).toEqual(Array.from(test.y));
    // points of the same law: unit vectors
    for (let i = 0; i < 9; i++) {
      const row = data.test!.X.data.subarray(4 * i, 4 * i + 4);
      expect(Math.hypot(...row)).toBeCloseTo(1, 14);
    }
    expect(data.test!.source).toBe('9 further random unit vectors in ℝ⁴ with N(0, 1) targets, drawn as the training points in a stream of their own (sphereData, seed −8)');
    // seeds ≥ 0 map to distinct negative ones
    expect(new Set([0, 1, 2, 2 ** 40, Number.MAX_SAFE_INTEGER - 1].map(testSeedOf)).size).toBe(5);
    expect([0, 5, 2 ** 40].every((s) => testSeedOf(s) < 0)).toBe(true);
    expect((await loadData({ ...DEFAULT_CONFIG, testN: 0 })).test).toBeUndefined();
    expect((await loadData({ ...DEFAULT_CONFIG, testN: 5, widths: [16, 32] })).test).toBeUndefined(); // a sweep has none
  });

  it('MNIST: the digits right after the n training ones, in the loader\'s order', async () => {
    const data = await loadMnist({ n: 50 });
    const split = await loadData(MNIST);
    expect([split.X.rows, split.test!.X.rows]).toEqual([30, 20]);
    expect(Array.from(split.X.data)).toEqual(Array.from(data.X.data.subarray(0, 30 * 784)));
    expect(Array.from(split.test!.X.data)).toEqual(Array.from(data.X.data.subarray(30 * 784)));
    expect(Array.from(split.test!.y)).toEqual(Array.from(data.y.subarray(30)));
    // no image is in both
    const key = (X: Float64Array, i: number) => X.subarray(i * 784, (i + 1) * 784).join(',');
    const train = new Set(Array.from({ length: 30 }, (_, i) => key(split.X.data, i)));
    for (let i = 0; i < 20; i++) expect(train.has(key(split.test!.X.data, i))).toBe(false);
    expect(split.test!.source).toMatch(/^the 20 MNIST digits that follow the training ones in the mnist package \(digits 31 to 50;/);
  });

  it('MNIST: a test split beyond the package is refused, naming --test-n', async () => {
    await expect(loadData({ ...MNIST, n: 600, testN: 10 ** 5 })).rejects.toThrow(
      /^the 600 training digits and the 100000 held-out ones \(--test-n\) are more than the mnist package holds \(loadMnist: n = 100600 is more than the \d+ digits available .*\); lower --test-n or --n$/,
    );
  });
});
