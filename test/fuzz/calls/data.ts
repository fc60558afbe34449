// Calls of the data helpers (sphereData, normalizeRows, loadMnist) and of Random, and how their
// results are checked.

import { Matrix, Random, loadMnist, normalizeRows, sphereData } from '../../../src/index';
import { norm } from '../network-reference';
import { firstMismatch } from '../references';
import { intrinsicLength } from '../recipes';
import type { CallTable } from './types';

const proto = Random.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;

function unitRows(X: Matrix, what: string): string | undefined {
  for (let i = 0; i < X.rows; i++) {
    const length = norm(X.data, i * X.cols, (i + 1) * X.cols);
    if (!(Math.abs(length - 1) <= 4e-16 * Math.max(1, X.cols))) return `${what} row ${i} has norm ${length}`;
  }
  return undefined;
}

/** A generator built from a seed (valid seeds only reach the checks). */
function rng(seed: unknown): Random {
  return new Random(seed as number);
}

export const DATA_CALLS: CallTable = {
  sphereData: {
    run: ([o]) => sphereData(o as never),
    check: ([o], result) => {
      const { n, d } = o as { n: number; d: number };
      const r = result as { X: Matrix; y: Float64Array };
      if (!(r.X instanceof Matrix) || r.X.rows !== n || r.X.cols !== d) return 'X has the wrong shape';
      if (!(r.y instanceof Float64Array) || r.y.length !== n || !r.y.every(Number.isFinite)) return 'y is not n finite numbers';
      const again = sphereData(o as never);
      return unitRows(r.X, 'X') ?? firstMismatch(again.X.data, r.X.data, () => 0, 'X of a second draw with the same seed');
    },
  },
  normalizeRows: {
    before: ([X]) => (X instanceof Matrix ? X.clone() : undefined),
    run: ([X]) => normalizeRows(X as Matrix),
    check: (_args, result, before) => {
      const X = before as Matrix;
      if (!(result instanceof Matrix) || result.rows !== X.rows || result.cols !== X.cols) return 'wrong shape';
      const unit = unitRows(result, 'result');
      if (unit) return unit;
      // each row a positive multiple of the input row
      for (let i = 0; i < X.rows; i++) {
        // x/‖x‖ computed as (x/s)/‖x/s‖ with s = max|x|: ‖x‖ itself rounds coarsely for subnormal rows
        let s = 0;
        for (let k = 0; k < X.cols; k++) s = Math.max(s, Math.abs(X.data[i * X.cols + k]));
        const scaled = Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols), (v) => v / s);
        const length = norm(scaled, 0, X.cols);
        for (let k = 0; k < X.cols; k++) {
          const expected = scaled[k] / length;
          if (!(Math.abs(result.data[i * X.cols + k] - expected) <= 4e-16 * X.cols + 1e-300)) return `entry (${i}, ${k}) is ${result.data[i * X.cols + k]}, expected ${expected}`;
        }
      }
      return undefined;
    },
  },
  loadMnist: {
    run: ([o]) => loadMnist(o as never),
    check: ([o], result) => {
      const n = (o as { n?: number } | undefined)?.n ?? 600;
      const r = result as { X: Matrix; y: Float64Array };
      if (!(r.X instanceof Matrix) || r.X.rows !== n || r.X.cols !== 784) return 'X has the wrong shape';
      if (!r.X.data.every((v) => v >= 0 && v <= 1)) return 'a pixel outside [0, 1]';
      return r.y.every((v, j) => v === j % 10) ? undefined : 'digits not interleaved 0…9';
    },
  },
  'new Random': {
    run: ([seed]) => new Random(seed as number),
    check: ([seed], result) => {
      if (!(result instanceof Random)) return 'not a Random';
      const a = result.nextUint32(), b = new Random(seed as number).nextUint32();
      return a === b ? undefined : 'two generators with the same seed differ';
    },
  },
  'Random#uniform': {
    run: ([seed]) => rng(seed).uniform(),
    check: (_a, r) => (typeof r === 'number' && r >= 0 && r < 1 ? undefined : `uniform() = ${String(r)}`),
  },
  'Random#normal': {
    run: ([seed]) => rng(seed).normal(),
    check: (_a, r) => (typeof r === 'number' && Number.isFinite(r) ? undefined : `normal() = ${String(r)}`),
  },
  'Random#sign': {
    run: ([seed]) => rng(seed).sign(),
    check: (_a, r) => (r === 1 || r === -1 ? undefined : `sign() = ${String(r)}`),
  },
  'Random#nextUint32': {
    run: ([seed]) => rng(seed).nextUint32(),
    check: (_a, r) => (typeof r === 'number' && Number.isInteger(r) && r >= 0 && r < 2 ** 32 ? undefined : `nextUint32() = ${String(r)}`),
  },
  'Random#fillNormal': {
    mayWrite: ['arg1'],
    run: ([seed, out, std]) => proto.fillNormal.call(rng(seed), out, std),
    check: ([, out, std], r) => {
      if (r !== out) return 'did not return out';
      const a = out as Float64Array, s = (std as number | undefined) ?? 1;
      // std·z may overflow for |std| near the top of the range: ±Infinity is then the rounded truth
      if (Math.abs(s) > 1e300) return undefined;
      return Array.prototype.every.call(a, (v: number) => Number.isFinite(v)) ? undefined : `a non-finite deviate with std ${s}`;
    },
  },
  'Random#fillUniform': {
    mayWrite: ['arg1'],
    run: ([seed, out, lo, hi]) => proto.fillUniform.call(rng(seed), out, lo, hi),
    check: ([, out, lo, hi], r) => {
      if (r !== out) return 'did not return out';
      const a = (lo as number) ?? 0, b = (hi as number) ?? 1;
      const [min, max] = [Math.min(a, b), Math.max(a, b)];
      const values = out as Float64Array;
      for (let i = 0; i < intrinsicLength(values); i++) { // the real entries, whatever `length` claims
        if (!(values[i] >= min && values[i] <= max)) return `entry ${i} = ${values[i]} outside [${a}, ${b})`;
      }
      return undefined;
    },
  },
};
