// Calls of the linear-algebra exports (Matrix, matmul, gram, eigh, eigvalsh, spectrum, lambdaMin,
// lambdaMax) and how their results are checked.

import { Matrix, eigh, eigvalsh, gram, lambdaMax, lambdaMin, matmul, spectrum } from '../../../src/index';
import { referenceMatmul } from '../../helpers/reference';
import { symmetricPart } from '../../helpers/matrices';
import { checkEigen, checkMatrix, firstMismatch, jacobiEigenvalues, matmulMagnitude, maxAbs, productBound } from '../references';
import { originalOf } from '../recipes';
import type { CallTable } from './types';

type Options = Record<string, unknown> | undefined;

const proto = Matrix.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
const shapeGetter = Object.getOwnPropertyDescriptor(Matrix.prototype, 'shape')!.get!;

/** Entries to look at in a result that may be huge (a few thousand at most). */
function sampleIndices(length: number): number[] {
  if (length <= 4096) return Array.from({ length }, (_, i) => i);
  const step = Math.floor(length / 4096);
  return Array.from({ length: 4096 }, (_, i) => i * step);
}

function copyOf(m: unknown): Matrix | undefined {
  return m instanceof Matrix ? new Matrix(m.rows, m.cols, m.data.slice()) : undefined;
}

/** Which eigenvalues a subset option asks for, as an index range. */
function wantedRange(n: number, o: Options): [number, number] | undefined {
  const subset = o?.subset as Record<string, number> | undefined;
  if (!subset) return undefined;
  if ('smallest' in subset) return [0, subset.smallest - 1];
  return [n - subset.largest, n - 1];
}

/** The matrix eigh decomposes: A itself, or (A + Aᵀ)/2 with symmetrize. */
function decomposed(a: Matrix, o: Options): Matrix {
  return o?.symmetrize ? symmetricPart(a) : a;
}

export const LINALG_CALLS: CallTable = {
  'new Matrix': {
    run: ([rows, cols, data]) => new Matrix(rows as number, cols as number, data as Float64Array | undefined),
    check([rows, cols, data], result) {
      if (!(result instanceof Matrix)) return 'not a Matrix';
      if (result.rows !== rows || result.cols !== cols) return `shape ${result.shape}, expected ${String(rows)}×${String(cols)}`;
      if (data !== undefined) return result.data === data ? undefined : 'does not wrap the given data';
      if (result.data.length !== (rows as number) * (cols as number)) return `data has ${result.data.length} entries`;
      return sampleIndices(result.data.length).some((i) => !Object.is(result.data[i], 0)) ? 'a new matrix is not all zeros' : undefined;
    },
  },
  'Matrix.from': {
    run: ([rows]) => Matrix.from(rows as number[][]),
    check([rows], result) {
      const r = rows as ArrayLike<ArrayLike<number>>;
      const c = r.length > 0 ? r[0].length : 0;
      if (!(result instanceof Matrix)) return 'not a Matrix';
      if (result.rows !== r.length || result.cols !== c) return `shape ${result.shape}, expected ${r.length}×${c}`;
      const flat = Array.from(r).flatMap((row) => Array.from(row));
      return firstMismatch(result.data, flat, () => 0, 'entries');
    },
  },
  'Matrix.zeros': {
    run: ([rows, cols]) => Matrix.zeros(rows as number, cols as number),
    check: ([rows, cols], result) => {
      if (!(result instanceof Matrix)) return 'not a Matrix';
      if (result.rows !== rows || result.cols !== cols) return `shape ${result.shape}`;
      return sampleIndices(result.data.length).some((i) => !Object.is(result.data[i], 0)) ? 'not all zeros' : undefined;
    },
  },
  'Matrix.identity': {
    run: ([n]) => Matrix.identity(n as number),
    check: ([n], result) => {
      if (!(result instanceof Matrix)) return 'not a Matrix';
      if (result.rows !== n || result.cols !== n) return `shape ${result.shape}`;
      const size = n as number;
      return sampleIndices(result.data.length).some((i) => result.data[i] !== (Math.floor(i / size) === i % size ? 1 : 0)) ? 'not the identity' : undefined;
    },
  },
  'Matrix#get': {
    run: ([m, i, j]) => proto.get.call(m, i, j),
    check: ([m, i, j], result) => {
      const a = m as Matrix;
      const expected = a.data[(i as number) * a.cols + (j as number)];
      return Object.is(result, expected) ? undefined : `got ${String(result)}, expected ${expected}`;
    },
  },
  'Matrix#set': {
    mayWrite: ['arg0'],
    before: ([m]) => copyOf(m),
    run: ([m, i, j, v]) => proto.set.call(m, i, j, v),
    check: ([m, i, j, v], _result, before) => {
      const a = m as Matrix, old = before as Matrix;
      const index = (i as number) * a.cols + (j as number);
      const expected = Float64Array.from(old.data);
      expected[index] = v as number;
      return firstMismatch(a.data, expected, () => 0, 'entries after set');
    },
  },
  'Matrix#toArray': {
    run: ([m]) => proto.toArray.call(m),
    check: ([m], result) => {
      const a = m as Matrix;
      if (!Array.isArray(result) || result.length !== a.rows) return 'wrong number of rows';
      if (result.some((row) => !Array.isArray(row) || row.length !== a.cols)) return 'a row of the wrong length';
      return firstMismatch((result as number[][]).flat(), a.data, () => 0, 'entries');
    },
  },
  'Matrix#clone': {
    run: ([m]) => proto.clone.call(m),
    check: ([m], result) => {
      const a = m as Matrix;
      if (!(result instanceof Matrix) || result === a || result.data === a.data) return 'not an independent Matrix';
      return checkMatrix(result, a, () => 0, 'clone');
    },
  },
  'Matrix#shape': {
    run: ([m]) => shapeGetter.call(m),
    check: ([m], result) => (result === `${(m as Matrix).rows}×${(m as Matrix).cols}` ? undefined : `got ${String(result)}`),
  },
  matmul: {
    mayWrite: ['arg2.out', 'arg0', 'arg1'], // out, which may be a or b itself
    before: ([a, b, o]) => ({ a: copyOf(a), b: copyOf(b), out: copyOf((o as Options)?.out) }),
    run: ([a, b, o]) => matmul(a as Matrix, b as Matrix, o as never),
    check: ([, , o], result, before) => {
      const { a, b, out } = before as { a: Matrix; b: Matrix; out?: Matrix };
      const opts = { ...(o as Options) } as { transA?: boolean; transB?: boolean; alpha?: number; beta?: number; out?: Matrix };
      if (opts.out && originalOf(result) !== originalOf(opts.out)) return 'did not return out';
      const reference = referenceMatmul(a, b, { ...opts, out: out?.clone() });
      const magnitude = matmulMagnitude(a, b, { ...opts, out });
      const k = opts.transA ? a.rows : a.cols;
      // Where the magnitudes approach overflow (or overflow into Infinity·0 = NaN) the summation
      // order decides between a finite value, ±Infinity and NaN; such entries are not judged.
      return checkMatrix(result, reference, (i) => (!(magnitude.data[i] <= 1e300) ? Infinity : productBound(k, magnitude.data[i], opts.alpha)), 'matmul');
    },
  },
  gram: {
    mayWrite: ['arg1.out', 'arg0'],
    before: ([a]) => copyOf(a),
    run: ([a, o]) => gram(a as Matrix, o as never),
    check: ([, o], result, before) => {
      const a = before as Matrix;
      const opts = { ...(o as Options) } as { transA?: boolean; alpha?: number; out?: Matrix };
      if (opts.out && originalOf(result) !== originalOf(opts.out)) return 'did not return out';
      const t = { transA: !!opts.transA, transB: !opts.transA, alpha: opts.alpha };
      const reference = referenceMatmul(a, a, t);
      const magnitude = matmulMagnitude(a, a, t);
      const k = opts.transA ? a.rows : a.cols;
      const mismatch = checkMatrix(result, reference, (i) => (!(magnitude.data[i] <= 1e300) ? Infinity : productBound(k, magnitude.data[i], opts.alpha)), 'gram');
      if (mismatch) return mismatch;
      const g = result as Matrix;
      for (let i = 0; i < g.rows; i++) for (let j = 0; j < i; j++) if (!Object.is(g.data[i * g.cols + j], g.data[j * g.cols + i])) return `not exactly symmetric at (${i}, ${j})`;
      return undefined;
    },
  },
  eigh: {
    run: ([a, o]) => eigh(a as Matrix, o as never),
    check: ([a, o], result) => {
      const opts = o as Options;
      const r = result as { values?: unknown; vectors?: unknown };
      if (r === null || typeof r !== 'object') return 'not an object';
      const wantsVectors = opts?.vectors !== false;
      if (wantsVectors !== (r.vectors !== undefined)) return wantsVectors ? 'vectors missing' : 'vectors given although not asked for';
      const m = decomposed(a as Matrix, opts);
      return checkEigen(m, r.values, r.vectors, wantedRange(m.rows, opts));
    },
  },
  eigvalsh: {
    run: ([a, o]) => eigvalsh(a as Matrix, o as never),
    check: ([a, o], result) => {
      const m = decomposed(a as Matrix, o as Options);
      return checkEigen(m, result, undefined, wantedRange(m.rows, o as Options));
    },
  },
  spectrum: {
    run: ([a]) => spectrum(a as Matrix),
    check: ([a], result) => checkEigen(a as Matrix, result, undefined, undefined),
  },
  lambdaMin: {
    run: ([a]) => lambdaMin(a as Matrix),
    check: ([a], result) => extremeEigenvalue(a as Matrix, result, 'min'),
  },
  lambdaMax: {
    run: ([a]) => lambdaMax(a as Matrix),
    check: ([a], result) => extremeEigenvalue(a as Matrix, result, 'max'),
  },
};

function extremeEigenvalue(a: Matrix, result: unknown, which: 'min' | 'max'): string | undefined {
  if (typeof result !== 'number' || !Number.isFinite(result)) return `got ${String(result)}`;
  const values = jacobiEigenvalues(a);
  const expected = which === 'min' ? values[0] : values[values.length - 1];
  const bound = 8 * a.rows * a.rows * 2 ** -52 * maxAbs(a.data) + Number.MIN_VALUE;
  return Math.abs(result - expected) <= bound ? undefined : `got ${result}, expected ${expected} (Jacobi)`;
}
