// Synthetic data on the unit sphere, the setting of the theory (‖xᵢ‖ = 1, docs/theory.md#model).

import { Matrix } from '../linalg/matrix';
import { requireResultBytes } from '../runtime/limits';
import { Random } from '../random';
import { euclideanNorm } from '../math/norm';
import { checkOptions, describe } from '../args';
import { requireMatrix } from '../linalg/validate';

/** What {@link sphereData} draws: n points on the unit sphere in ℝᵈ and their targets. */
export interface SphereDataOptions {
  /** Number of points. */
  n: number;
  /** Dimension. */
  d: number;
  /** Seed of the draw (default 0). */
  seed?: number;
}

/**
 * n points uniform on the unit sphere of ℝᵈ and targets for them, from one seeded stream:
 * xᵢ = gᵢ/‖gᵢ‖ with gᵢ ~ N(0, I_d) (row by row), then yᵢ ~ N(0, 1) i.i.d. (targets independent
 * of the inputs, which a wide network fits all the same).
 *
 * @example
 *   const { X, y } = sphereData({ n: 100, d: 10, seed: 1 });
 */
export function sphereData(opts: SphereDataOptions): {
  /** The points, n × d: row i is xᵢ, a unit vector. */
  X: Matrix;
  /** The targets, n numbers drawn from N(0, 1). */
  y: Float64Array;
} {
  const fn = 'sphereData';
  if (opts === null || typeof opts !== 'object') throw new TypeError(`${fn}: options must be an object (got ${describe(opts)})`);
  const o = checkOptions(fn, opts, ['n', 'd', 'seed']);
  for (const key of ['n', 'd'] as const) {
    const v = o[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new RangeError(`${fn}: ${key} must be a positive integer (got ${describe(v)})`);
  }
  const seed = o.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isInteger(seed)) throw new TypeError(`${fn}: seed must be an integer (got ${describe(seed)})`);
  const { n, d } = o;
  // the points are drawn in JavaScript memory: a request beyond what one call may return is refused
  // before any work (drawing 4·10⁸ normals would otherwise take a minute and 3 GB, then fail)
  requireResultBytes(fn, (n * d + n) * 8, `${n} points of dimension ${d}`);
  const rng = new Random(seed);
  const X = new Matrix(n, d);
  for (let i = 0; i < n; i++) {
    const row = X.data.subarray(i * d, (i + 1) * d);
    let norm = 0;
    // A zero draw has probability 0; draw again rather than divide by it.
    while (norm === 0) {
      rng.fillNormal(row);
      norm = euclideanNorm(row);
    }
    for (let k = 0; k < d; k++) row[k] /= norm;
  }
  const y = rng.fillNormal(new Float64Array(n));
  return { X, y };
}

/**
 * A copy of X with every row scaled to unit length; a zero row is an error. Rows of any finite
 * magnitude work: a subnormal or a near-overflow row is scaled by a power of two (exactly) to
 * order 1 before its norm is taken.
 */
export function normalizeRows(X: Matrix): Matrix {
  const input = requireMatrix('normalizeRows', 'X', X);
  const out = input.clone();
  const { rows, cols } = input;
  for (let i = 0; i < rows; i++) {
    const row = out.data.subarray(i * cols, (i + 1) * cols);
    let largest = 0;
    for (let k = 0; k < cols; k++) largest = Math.max(largest, Math.abs(row[k]));
    if (!(largest > 0) || !Number.isFinite(largest)) {
      throw new RangeError(`normalizeRows: row ${i} has norm ${largest === 0 ? 0 : euclideanNorm(row)} and cannot be scaled to unit length`);
    }
    // Far from 1, bring the row to order 1 by a power of two first (exact, and rows of ordinary
    // size keep the plain division).
    if (largest < 2 ** -500 || largest > 2 ** 500) {
      const e = Math.round(Math.log2(largest));
      const half = Math.trunc(e / 2);
      for (let k = 0; k < cols; k++) row[k] = row[k] * 2 ** -half * 2 ** (half - e);
    }
    const norm = euclideanNorm(row);
    for (let k = 0; k < cols; k++) row[k] /= norm;
  }
  return out;
}
