// eigh and eigvalsh against NumPy's LAPACK spectra (test/fixtures/eigh.json, written by
// test/fixtures/generate_eigh.py) and against the invariants of a symmetric eigendecomposition:
// ascending values, A = VΛVᵀ, VᵀV = I and the trace, as LAPACK's own tests (dsyt21/dsyt22) check
// them, with ratios relative to n·ε·‖A‖ that must stay below 30. Eigenvector signs are never
// compared: any sign (and any basis of a repeated eigenvalue's eigenspace) is correct.

import { beforeAll, describe, expect, it } from 'vitest';
import { Matrix, eigh, eigvalsh, ready } from '../../src/index';
import { BACKENDS } from '../helpers/backends';
import { expectExactlyEqual, expectWithin } from '../helpers/compare';
import {
  accurateSum, buildMatrix, decompositionRatio, norm1, orthogonalityRatio, randomSymmetric, residualRatio,
  symmetricPart, type EighCase,
} from '../helpers/matrices';
import { integerMatrix, mulberry32 } from '../helpers/random';
import fixtures from '../fixtures/eigh.json';

const EPS = 2 ** -52;
/** The pass mark of every ratio, as in LAPACK's test drivers. */
const THRESHOLD = 30;

const CASES = fixtures.cases as EighCase[];

type EighResult = ReturnType<typeof eigh>;
type Subset = { smallest: number } | { largest: number };

function findCase(kind: string, n: number): EighCase {
  const c = CASES.find((x) => x.kind === kind && x.n === n);
  if (!c) throw new Error(`test/fixtures/eigh.json has no ${kind} case with n = ${n}`);
  return c;
}

/** 30·n·ε·‖A‖₂: how far an eigenvalue of a backward-stable solver may be from LAPACK's. */
function valueBound(n: number, norm2: number): number {
  return THRESHOLD * Math.max(n, 1) * EPS * norm2 + Number.MIN_VALUE;
}

function expectValuesWithin(actual: Float64Array, expected: ArrayLike<number>, bound: number): void {
  expect(actual).toBeInstanceOf(Float64Array);
  expectWithin(actual, expected, new Float64Array(expected.length).fill(bound));
}

function expectAscending(values: Float64Array): void {
  for (let i = 1; i < values.length; i++) {
    if (!(values[i - 1] <= values[i])) expect.fail(`values not ascending at ${i}: ${values[i - 1]} then ${values[i]}`);
  }
}

function expectVectorsShape(r: EighResult, rows: number, cols: number): Matrix {
  expect(r.vectors).toBeInstanceOf(Matrix);
  const v = r.vectors!;
  expect([v.rows, v.cols]).toEqual([rows, cols]);
  return v;
}

/** `vectors: false` leaves the key out altogether. */
function expectNoVectors(r: object): void {
  expect((r as { vectors?: unknown }).vectors).toBeUndefined();
  expect(Object.keys(r)).not.toContain('vectors');
}

function slice(values: number[], subset: Subset): number[] {
  return 'smallest' in subset ? values.slice(0, subset.smallest) : values.slice(values.length - subset.largest);
}

/** Calls f once and checks the error's class and message. */
function expectError(f: () => unknown, type: typeof TypeError | typeof RangeError, message: string | RegExp): void {
  let error: unknown;
  try {
    f();
  } catch (e) {
    error = e;
  }
  if (error === undefined) expect.fail(`expected a ${type.name} matching ${String(message)}, but nothing was thrown`);
  expect(error).toBeInstanceOf(type);
  const text = (error as Error).message;
  if (typeof message === 'string') expect(text).toContain(message);
  else expect(text).toMatch(message);
}

describe('test/fixtures/eigh.json', () => {
  it('uses the same generator as test/helpers/random.ts', () => {
    const next = mulberry32(1);
    expect([next(), next(), next(), next()]).toEqual(fixtures.mulberry32Seed1);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s is rebuilt bit for bit', (_, c) => {
    const a = buildMatrix(c);
    expect([a.rows, a.cols]).toEqual([c.n, c.n]);
    expect(c.values.length).toBe(c.n);
    for (const [i, j, v] of c.probe ?? []) expect(Object.is(a.get(i, j), v), `A(${i}, ${j}) = ${a.get(i, j)}, fixture ${v}`).toBe(true);
    expect(Math.abs(norm1(a) - c.norm1)).toBeLessThanOrEqual(c.n * EPS * c.norm1);
    for (let i = 0; i < c.n; i++) {
      for (let j = 0; j < i; j++) if (a.get(i, j) !== a.get(j, i)) expect.fail(`A(${i}, ${j}) ≠ A(${j}, ${i})`);
    }
  });
});

describe.each(BACKENDS)('eigh on the %s backend', (backend) => {
  beforeAll(async () => {
    const info = await ready({ backend });
    expect(info.backend).toBe(backend);
  });

  // Full decompositions, computed once per case and backend and reused by later specs.
  const decompositions = new Map<string, EighResult>();
  function decompose(c: EighCase, a = buildMatrix(c)): EighResult {
    let r = decompositions.get(c.name);
    if (!r) {
      r = eigh(a);
      decompositions.set(c.name, r);
    }
    return r;
  }

  describe('full decompositions against NumPy', () => {
    it.each(CASES.map((c) => [c.name, c] as const))('%s', (_, c) => {
      const n = c.n;
      const a = buildMatrix(c);
      const before = a.data.slice();
      decompositions.delete(c.name);
      const { values, vectors } = decompose(c, a);
      expectExactlyEqual(a.data, before);

      expect(values.length).toBe(n);
      expectAscending(values);
      const bound = valueBound(n, c.norm2);
      expectValuesWithin(values, c.values, bound);

      const v = expectVectorsShape({ values, vectors }, n, n);
      expect(decompositionRatio(a, values, v)).toBeLessThan(THRESHOLD);
      expect(orthogonalityRatio(v)).toBeLessThan(THRESHOLD);

      // Both sums compensated, so that only the solver's error counts against the bound.
      const diagonal = new Float64Array(n);
      for (let i = 0; i < n; i++) diagonal[i] = a.data[i * n + i];
      expect(Math.abs(accurateSum(values) - accurateSum(diagonal))).toBeLessThanOrEqual(bound);
    });
  });

  describe('eigvalsh and vectors: false give the same values', () => {
    it.each(CASES.map((c) => [c.name, c] as const))('%s', (_, c) => {
      const a = buildMatrix(c);
      const before = a.data.slice();
      const bound = valueBound(c.n, c.norm2);
      const full = decompose(c).values;

      const only = eigvalsh(a);
      expectExactlyEqual(a.data, before);
      expect(only.length).toBe(c.n);
      expectAscending(only);
      expectValuesWithin(only, full, bound);
      expectValuesWithin(only, c.values, bound);

      const r = eigh(a, { vectors: false });
      expectExactlyEqual(a.data, before);
      expectNoVectors(r);
      expectAscending(r.values);
      expectValuesWithin(r.values, full, bound);
    });
  });

  it('C2 (docs/theory.md#c2): the H∞ of four unit vectors has the eigenvalues of the check value, to 1e-12', () => {
    const c = findCase('c2', 4);
    const a = buildMatrix(c);
    expect(Math.abs(a.get(0, 1) - 0.265165042945)).toBeLessThan(1e-12);
    expect(Math.abs(a.get(0, 3) + 0.0883883476483)).toBeLessThan(1e-12);
    expectValuesWithin(eigh(a).values, c.mathValues!, 1e-12);
    expectValuesWithin(eigvalsh(a), c.mathValues!, 1e-12);
  });

  describe('subsets', () => {
    const subsetCases = [findCase('randomSymmetric', 250), findCase('hInfinity', 100), findCase('cluster', 40)];
    const rows: [string, EighCase, Subset][] = [];
    for (const c of subsetCases) {
      for (const k of [1, 3, 10]) {
        rows.push([`${c.name}: smallest ${k}`, c, { smallest: k }]);
        rows.push([`${c.name}: largest ${k}`, c, { largest: k }]);
      }
    }

    it.each(rows)('%s', (_, c, subset) => {
      const n = c.n;
      const k = 'smallest' in subset ? subset.smallest : subset.largest;
      const a = buildMatrix(c);
      const before = a.data.slice();
      const bound = valueBound(n, c.norm2);
      const expected = slice(c.values, subset);

      const r = eigh(a, { subset });
      expectExactlyEqual(a.data, before);
      expect(r.values.length).toBe(k);
      expectAscending(r.values);
      expectValuesWithin(r.values, expected, bound);
      const v = expectVectorsShape(r, n, k);
      expect(residualRatio(a, r.values, v)).toBeLessThan(THRESHOLD);
      expect(orthogonalityRatio(v)).toBeLessThan(THRESHOLD);

      const noVectors = eigh(a, { subset, vectors: false });
      expectNoVectors(noVectors);
      expectValuesWithin(noVectors.values, expected, bound);
      const only = eigvalsh(a, { subset });
      expect(only.length).toBe(k);
      expectValuesWithin(only, expected, bound);
      expectExactlyEqual(a.data, before);
    });

    it('a subset of all n eigenpairs is the full decomposition', () => {
      const c = findCase('randomSymmetric', 17);
      const a = buildMatrix(c);
      const bound = valueBound(c.n, c.norm2);
      for (const subset of [{ smallest: c.n }, { largest: c.n }]) {
        const r = eigh(a, { subset });
        expectValuesWithin(r.values, c.values, bound);
        const v = expectVectorsShape(r, c.n, c.n);
        expect(decompositionRatio(a, r.values, v)).toBeLessThan(THRESHOLD);
        expect(orthogonalityRatio(v)).toBeLessThan(THRESHOLD);
      }
    });
  });

  describe('edge sizes', () => {
    it('0×0: no values, and a 0×0 vectors matrix when vectors are asked for', () => {
      const a = Matrix.zeros(0, 0);
      const r = eigh(a);
      expect(r.values).toBeInstanceOf(Float64Array);
      expect(r.values.length).toBe(0);
      expectVectorsShape(r, 0, 0);
      const noVectors = eigh(a, { vectors: false });
      expect(noVectors.values.length).toBe(0);
      expectNoVectors(noVectors);
      const only = eigvalsh(a);
      expect(only).toBeInstanceOf(Float64Array);
      expect(only.length).toBe(0);
    });

    it('1×1: the entry itself, with eigenvector ±1', () => {
      for (const x of [-2.5, 0, 1e-300, 7e300]) {
        const a = Matrix.from([[x]]);
        const r = eigh(a);
        expectExactlyEqual(r.values, Float64Array.of(x));
        const v = expectVectorsShape(r, 1, 1);
        expect(Math.abs(Math.abs(v.get(0, 0)) - 1)).toBeLessThanOrEqual(2 * EPS);
        expectExactlyEqual(eigvalsh(a), Float64Array.of(x));
        for (const subset of [{ smallest: 1 }, { largest: 1 }]) {
          expectExactlyEqual(eigh(a, { subset }).values, Float64Array.of(x));
        }
        expectExactlyEqual(a.data, Float64Array.of(x));
      }
    });
  });

  describe('symmetry', () => {
    // A random symmetric matrix with a nonsymmetric perturbation of relative size about 1e-4.
    function slightlyAsymmetric(): Matrix {
      const a = randomSymmetric(20, 404);
      const next = mulberry32(405);
      for (let i = 0; i < a.data.length; i++) a.data[i] += 1e-4 * (next() / 4294967296 - 0.5);
      return a;
    }

    it('symmetrize: true decomposes (A + Aᵀ)/2 of a slightly asymmetric A, leaving A unchanged', () => {
      const a = slightlyAsymmetric();
      const before = a.data.slice();
      expectError(() => eigh(a), RangeError, /^eigh: a is not symmetric/);
      expectError(() => eigvalsh(a), RangeError, /^eigvalsh: a is not symmetric/);

      const s = symmetricPart(a);
      const bound = valueBound(20, norm1(s)); // ‖S‖₂ ≤ ‖S‖₁ for symmetric S
      const expected = eigh(s);
      const r = eigh(a, { symmetrize: true });
      expectExactlyEqual(a.data, before);
      expectAscending(r.values);
      expectValuesWithin(r.values, expected.values, bound);
      const v = expectVectorsShape(r, 20, 20);
      expect(decompositionRatio(s, r.values, v)).toBeLessThan(THRESHOLD);
      expect(orthogonalityRatio(v)).toBeLessThan(THRESHOLD);

      expectValuesWithin(eigvalsh(a, { symmetrize: true }), expected.values, bound);
      const sub = eigh(a, { symmetrize: true, subset: { largest: 3 } });
      expectValuesWithin(sub.values, expected.values.slice(17), bound);
      expect(residualRatio(s, sub.values, sub.vectors!)).toBeLessThan(THRESHOLD);
      expectExactlyEqual(a.data, before);
    });

    it('an asymmetry of an ulp or two is within the tolerance', () => {
      const s = randomSymmetric(6, 77);
      const a = s.clone();
      a.set(3, 1, a.get(3, 1) * (1 + EPS));
      expect(a.get(3, 1)).not.toBe(a.get(1, 3));
      const bound = valueBound(6, norm1(s));
      expectValuesWithin(eigh(a).values, eigh(s).values, bound);
      expectValuesWithin(eigvalsh(a), eigh(s).values, bound);
    });
  });

  describe.each([['eigh'], ['eigvalsh']] as const)('%s rejects bad input with a clear error and changes nothing', (name) => {
    const call = (a: unknown, opts?: unknown): unknown =>
      name === 'eigh' ? eigh(a as Matrix, opts as never) : eigvalsh(a as Matrix, opts as never);

    /** A 4×4 exactly symmetric matrix of small integers and halves. */
    const symmetric = () => symmetricPart(integerMatrix(4, 4, 31));

    it('a that is not a Matrix: TypeError', () => {
      expectError(() => call([[1, 0], [0, 1]]), TypeError, `${name}: a must be a Matrix (got an array)`);
      expectError(() => call(null), TypeError, `${name}: a must be a Matrix (got null)`);
      expectError(() => call(undefined), TypeError, `${name}: a must be a Matrix`);
      expectError(() => call(new Float64Array(4)), TypeError, `${name}: a must be a Matrix (got Float64Array)`);
    });

    it('a that is not square: RangeError naming its shape', () => {
      const a = integerMatrix(3, 4, 5);
      const before = a.data.slice();
      expectError(() => call(a), RangeError, `${name}: a must be square (got 3×4)`);
      expectError(() => call(Matrix.zeros(2, 0)), RangeError, `${name}: a must be square (got 2×0)`);
      expectExactlyEqual(a.data, before);
    });

    it('a non-finite entry: RangeError naming it and its position', () => {
      const a = symmetric();
      a.data[2 * a.cols + 2] = NaN; // set() refuses non-finite values
      const before = a.data.slice();
      expectError(() => call(a), RangeError, `${name}: a has a non-finite entry NaN at (2, 2)`);
      expectExactlyEqual(a.data, before); // Object.is: NaN equals NaN

      const b = symmetric();
      b.data[3 * b.cols + 3] = -Infinity; // set() refuses non-finite values
      expectError(() => call(b), RangeError, `${name}: a has a non-finite entry -Infinity at (3, 3)`);

      // Off the diagonal, in both triangles: either position may be the one reported.
      const c = symmetric();
      c.data[1 * c.cols + 2] = Infinity; // set() refuses non-finite values
      c.data[2 * c.cols + 1] = Infinity; // set() refuses non-finite values
      const cBefore = c.data.slice();
      expectError(() => call(c), RangeError, new RegExp(`^${name}: a has a non-finite entry Infinity at \\((1, 2|2, 1)\\)`));
      expectExactlyEqual(c.data, cBefore);
      // The finiteness check is not skipped by symmetrize.
      expectError(() => call(c, { symmetrize: true }), RangeError, `${name}: a has a non-finite entry Infinity`);
    });

    it('a that is not symmetric: RangeError naming an offending entry', () => {
      const a = symmetric();
      a.set(2, 0, a.get(2, 0) + 1);
      const before = a.data.slice();
      expectError(() => call(a), RangeError, new RegExp(`^${name}: a is not symmetric[^]*\\((2, 0|0, 2)\\)`));
      expectExactlyEqual(a.data, before);

      // The tolerance is relative: a tiny matrix with the same relative asymmetry is rejected too.
      const tiny = new Matrix(4, 4, a.data.map((x) => x * 2 ** -700));
      expectError(() => call(tiny), RangeError, `${name}: a is not symmetric`);
      // and symmetrize accepts it
      expect(() => call(a, { symmetrize: true })).not.toThrow();
      expectExactlyEqual(a.data, before);
    });

    it('a subset size that is not an integer in 1..n: RangeError mentioning subset', () => {
      const a = symmetric();
      const before = a.data.slice();
      for (const k of [0, -1, 5, 1.5, NaN, Infinity]) {
        for (const subset of [{ smallest: k }, { largest: k }]) {
          expectError(() => call(a, { subset }), RangeError, 'subset');
        }
      }
      expectExactlyEqual(a.data, before);
    });

    it('an unknown option: TypeError', () => {
      const a = symmetric();
      const before = a.data.slice();
      expectError(() => call(a, { vector: true }), TypeError, 'unknown option');
      expectError(() => call(a, { smallest: 2 }), TypeError, 'unknown option');
      expectExactlyEqual(a.data, before);
    });
  });
});

describe('eigh at the ends of the float64 range (found in review)', () => {
  beforeAll(async () => {
    await ready();
  });

  it('entries near 1e308 do not overflow while being symmetrized', () => {
    const values = eigvalsh(Matrix.from([[1e308, 1e308], [1e308, -1e308]]));
    expect(Math.abs(values[0] / -(Math.SQRT2 * 1e308) - 1)).toBeLessThan(1e-14);
    expect(Math.abs(values[1] / (Math.SQRT2 * 1e308) - 1)).toBeLessThan(1e-14);
    expect(Math.abs(eigh(Matrix.from([[1e308, 1e308], [1e308, -1e308]])).values[1] / (Math.SQRT2 * 1e308) - 1)).toBeLessThan(1e-14);
  });

  it('a subset whose tridiagonal form has a 5e-324 off-diagonal beside a zero pivot (found by npm run fuzz)', () => {
    // Inverse iteration divided by that subnormal when it became a row-swapped pivot: the vector
    // for λ = 3 came back NaN and eigh threw "did not converge". Its eigenvalues are ±3, ±0.5, 6.
    const a = new Matrix(5, 5, Float64Array.from([
      1.0508349538545007e-216, 0, 1.0789267024224008e-52, 0, -3,
      0, 0, -5.728077098470262e-219, 0.5, 0,
      1.0789267024224008e-52, -5.728077098470262e-219, 6, 0, 0,
      0, 0.5, 0, 7.472389422783996e-79, 0,
      -3, 0, 0, 0, 0,
    ]));
    for (const k of [4, 5]) {
      const r = eigh(a, { subset: { smallest: k } });
      expectValuesWithin(r.values, [-3, -0.5, 0.5, 3, 6].slice(0, k), 1e-14);
      const v = expectVectorsShape(r, 5, k);
      expect(residualRatio(a, r.values, v)).toBeLessThan(THRESHOLD);
      expect(orthogonalityRatio(v)).toBeLessThan(THRESHOLD);
    }
  });

  it('subnormal entries give their eigenvalues, not NaN', () => {
    expect(Array.from(eigvalsh(Matrix.from([[1e-310, 0], [0, 2e-310]])))).toEqual([1e-310, 2e-310]);
    expect(Array.from(eigh(Matrix.from([[5e-324]])).values)).toEqual([5e-324]);
  });
});
