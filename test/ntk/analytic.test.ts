import { beforeAll, describe, expect, it } from 'vitest';
import { Matrix, analyticNtk, eigvalsh, lambdaMax, lambdaMin, normalizeRows, ready, spectrum } from '../../src/index';
import { BACKENDS } from '../helpers/backends';
import { randomMatrix } from '../helpers/random';
import fixtures from '../fixtures/eigh.json';

const C2_POINTS = [0, Math.PI / 4, Math.PI / 2, (3 * Math.PI) / 4].map((t) => [Math.cos(t), Math.sin(t)]);

describe.each(BACKENDS)('analyticNtk on the %s backend', (backend) => {
  beforeAll(async () => {
    await ready({ backend });
  });

  it('C1: H∞ of (1, 0) and (cos 60°, sin 60°) is [[1/2, 1/6], [1/6, 1/2]]; an orthogonal pair gives 0', () => {
    const H = analyticNtk(Matrix.from([[1, 0], [0.5, Math.sqrt(3) / 2], [0, 1]]));
    expect(Math.abs(H.get(0, 0) - 0.5)).toBeLessThan(1e-12);
    expect(Math.abs(H.get(0, 1) - 1 / 6)).toBeLessThan(1e-12);
    expect(Math.abs(H.get(1, 0) - 1 / 6)).toBeLessThan(1e-12);
    expect(H.get(0, 2)).toBe(0);
  });

  it('C2: entries, eigenvalues and λ₀ of docs/theory.md#c2 to 1e-12', () => {
    const H = analyticNtk(Matrix.from(C2_POINTS));
    for (const [i, j] of [[0, 1], [1, 2], [2, 3]]) expect(Math.abs(H.get(i, j) - 0.265165042945)).toBeLessThan(1e-12);
    expect(Math.abs(H.get(0, 2))).toBeLessThan(1e-12);
    expect(Math.abs(H.get(1, 3))).toBeLessThan(1e-12);
    expect(Math.abs(H.get(0, 3) + 0.0883883476483)).toBeLessThan(1e-12);
    const expected = [0.092922932752, 0.269699628049, 0.730300371951, 0.907077067248];
    const values = spectrum(H);
    expected.forEach((v, i) => expect(Math.abs(values[i] - v)).toBeLessThan(1e-12));
    expect(Math.abs(lambdaMin(H) - 0.092922932752)).toBeLessThan(1e-12);
    expect(Math.abs(lambdaMax(H) - 0.907077067248)).toBeLessThan(1e-12);
  });

  it('C2: the arc-cosine kernel K⁽ᵃ⁾ (layers: both adds it) matches docs/theory.md#c2 to 1e-12', () => {
    const X = Matrix.from(C2_POINTS);
    const both = analyticNtk(X, undefined, { layers: 'both' });
    const first = analyticNtk(X);
    const K = (i: number, j: number) => both.get(i, j) - first.get(i, j);
    expect(Math.abs(K(0, 0) - 0.5)).toBeLessThan(1e-12);
    expect(Math.abs(K(0, 1) - 0.377704582465)).toBeLessThan(1e-12);
    expect(Math.abs(K(0, 2) - 0.159154943092)).toBeLessThan(1e-12);
    expect(Math.abs(K(0, 3) - 0.024151191871)).toBeLessThan(1e-12);
  });

  it('matches NumPy on the H∞ of 100 random unit vectors in ℝ¹⁰ (test/fixtures/eigh.json)', () => {
    const c = fixtures.cases.find((x) => x.kind === 'hInfinity')!;
    const X = normalizeRows(randomMatrix(c.n, (c as { d: number }).d, (c as { seed: number }).seed));
    const H = analyticNtk(X);
    const entries = (c as { entries: number[] }).entries;
    let worst = 0;
    for (let i = 0; i < entries.length; i++) worst = Math.max(worst, Math.abs(H.data[i] - entries[i]));
    expect(worst).toBeLessThan(1e-14);
    const values = eigvalsh(H);
    c.values.forEach((v, i) => expect(Math.abs(values[i] - v)).toBeLessThan(30 * c.n * 2 ** -52 * c.norm2));
  });

  it('keeps full accuracy near θ = 0 and θ = π, where arccos of the cosine would not', () => {
    for (const delta of [1e-9, 1e-6, 1e-3]) {
      const X = Matrix.from([[1, 0], [Math.cos(delta), Math.sin(delta)], [-Math.cos(delta), -Math.sin(delta)]]);
      const H = analyticNtk(X);
      // Exact values from the angles themselves (the inputs are unit vectors to within an ulp).
      const near = (Math.cos(delta) * (Math.PI - delta)) / (2 * Math.PI);
      const far = (-Math.cos(delta) * delta) / (2 * Math.PI); // angle π − δ
      expect(Math.abs(H.get(0, 1) - near) / near).toBeLessThan(1e-14);
      expect(Math.abs(H.get(0, 2) - far) / Math.abs(far)).toBeLessThan(1e-14);
    }
  });

  it('is exactly symmetric with the diagonal ‖xᵢ‖²/2 for inputs of any norm; zero rows give zeros', () => {
    const X = randomMatrix(30, 7, 4);
    X.data.forEach((v, i) => (X.data[i] = v * (1 + (i % 5))));
    for (let k = 0; k < 7; k++) X.set(3, k, 0);
    const H = analyticNtk(X, undefined, { layers: 'both' });
    const first = analyticNtk(X);
    for (let i = 0; i < 30; i++) {
      let sq = 0;
      for (let k = 0; k < 7; k++) sq += X.get(i, k) ** 2;
      expect(Math.abs(first.get(i, i) - sq / 2)).toBeLessThanOrEqual(4 * 2 ** -52 * sq);
      for (let j = 0; j < i; j++) expect(H.get(i, j)).toBe(H.get(j, i));
      expect(H.get(3, i)).toBe(0);
    }
  });

  it('a cross kernel (X, Y) equals the block of the kernel of the stacked points', () => {
    const X = normalizeRows(randomMatrix(9, 4, 1));
    const Y = normalizeRows(randomMatrix(5, 4, 2));
    const both = new Matrix(14, 4, Float64Array.from([...X.data, ...Y.data]));
    const full = analyticNtk(both, undefined, { layers: 'both' });
    const cross = analyticNtk(X, Y, { layers: 'both' });
    expect([cross.rows, cross.cols]).toEqual([9, 5]);
    for (let i = 0; i < 9; i++) for (let j = 0; j < 5; j++) expect(Math.abs(cross.get(i, j) - full.get(i, 9 + j))).toBeLessThan(1e-15);
  });

  it('rejects bad input', () => {
    const X = Matrix.from([[1, 0]]);
    expect(() => analyticNtk([[1, 0]] as never)).toThrow(new TypeError('analyticNtk: X must be a Matrix (got an array)'));
    expect(() => analyticNtk(X, Matrix.zeros(2, 3))).toThrow(/same number of columns \(X is 1×2, Y is 2×3\)/);
    expect(() => analyticNtk(Matrix.from([[NaN, 1]]))).toThrow(/non-finite entry NaN at \(0, 0\)/);
    expect(() => analyticNtk(X, undefined, { layers: 'second' as never })).toThrow(/layers must be 'first' or 'both'/);
    expect(() => analyticNtk(X, undefined, { layer: 'both' } as never)).toThrow(/unknown option 'layer'/);
  });
});
