// The data of an experiment: its n training points and, with config.testN, a test split of
// held-out points. Synthetic data draws the test points from the same law as the training
// points (sphereData) in a stream of their own; MNIST takes the digits that follow the n training
// ones in the loader's order, so no digit is in both.

import { Matrix } from '../linalg/matrix';
import { sphereData } from '../data/sphere';
import { loadMnist } from '../data/mnist';
import { minus, superscript } from '../report/notation';
import { testSizeOf, type ExperimentConfig } from './config';

/** Points and their targets, with where they came from in words. */
export interface DataSet {
  X: Matrix;
  y: Float64Array;
  source: string;
}

/** The training set, and the test split when config.testN asks for one. */
export interface ExperimentData extends DataSet {
  test?: DataSet;
}

/**
 * The seed of the synthetic test points' stream: −1 − seed. The command's seeds are ≥ 0 and a
 * negative seed is a stream of its own (Random), so the test points are a draw that no
 * experiment's training set is.
 */
export function testSeedOf(seed: number): number {
  return Math.max(-Number.MAX_SAFE_INTEGER, -1 - seed);
}

/** The training points and the test split of `c`. */
export async function loadData(c: ExperimentConfig): Promise<ExperimentData> {
  const testN = testSizeOf(c);
  if (c.dataset === 'mnist') return mnistData(c, testN);
  const space = `ℝ${superscript(c.dim)}`;
  const { X, y } = sphereData({ n: c.n, d: c.dim, seed: c.seed });
  const data: ExperimentData = { X, y, source: `${c.n} random unit vectors in ${space} with N(0, 1) targets (sphereData, seed ${c.seed})` };
  if (testN > 0) {
    const seed = testSeedOf(c.seed);
    const test = sphereData({ n: testN, d: c.dim, seed });
    data.test = { ...test, source: `${testN} further random unit vectors in ${space} with N(0, 1) targets, drawn as the training points in a stream of their own (sphereData, seed ${minus(String(seed))})` };
  }
  return data;
}

/** The first n digits for training and the next testN for the test split, from one load. */
async function mnistData(c: ExperimentConfig, testN: number): Promise<ExperimentData> {
  let all: { X: Matrix; y: Float64Array };
  try {
    all = await loadMnist({ n: c.n + testN });
  } catch (error) {
    if (testN > 0 && error instanceof RangeError) {
      throw new RangeError(`the ${c.n} training digits and the ${testN} held-out ones (--test-n) are more than the mnist package holds (${error.message}); lower --test-n or --n`);
    }
    throw error;
  }
  const rows = (from: number, to: number) => ({
    X: new Matrix(to - from, all.X.cols, all.X.data.slice(from * all.X.cols, to * all.X.cols)),
    y: all.y.slice(from, to),
  });
  const data: ExperimentData = { ...rows(0, c.n), source: `the first ${c.n} MNIST digits of the mnist package (raw pixels in [0, 1], the digit as target)` };
  if (testN > 0) {
    data.test = { ...rows(c.n, c.n + testN), source: `the ${testN} MNIST digits that follow the training ones in the mnist package (digits ${c.n + 1} to ${c.n + testN}; the package holds 10,000 digits, not MNIST's own training and test sets)` };
  }
  return data;
}
