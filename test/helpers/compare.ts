// Comparisons with error bounds from the standard model of floating-point arithmetic.

import { expect } from 'vitest';
import { Matrix } from '../../src/linalg/matrix';
import { referenceMatmul } from './reference';

const EPS = 2 ** -52;

function abs(m: Matrix): Matrix {
  return new Matrix(m.rows, m.cols, m.data.map(Math.abs));
}

/**
 * Entrywise bound on the rounding error of any summation order of α·op(A)·op(B) + β·C (Higham,
 * "Accuracy and Stability of Numerical Algorithms", §3.5: |ΔC| ≤ γ_k |α||A||B| with γ_k ≈ kε),
 * with a factor 2 for the two results being compared and a couple of ulps for the scalings.
 */
export function matmulErrorBound(
  a: Matrix, b: Matrix, opts: { transA?: boolean; transB?: boolean; alpha?: number; beta?: number; out?: Matrix },
): Float64Array {
  const k = opts.transA ? a.rows : a.cols;
  const magnitude = referenceMatmul(abs(a), abs(b), {
    transA: opts.transA, transB: opts.transB, alpha: Math.abs(opts.alpha ?? 1),
    beta: opts.out ? Math.abs(opts.beta ?? 0) : 0, out: opts.out ? abs(opts.out) : undefined,
  });
  return magnitude.data.map((x) => 2 * (k + 3) * EPS * x + Number.MIN_VALUE);
}

/** Asserts |actual − expected| ≤ bound entrywise, reporting the worst entry. */
export function expectWithin(actual: ArrayLike<number>, expected: ArrayLike<number>, bound: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  let worst = -1, worstRatio = 0;
  for (let i = 0; i < actual.length; i++) {
    const ratio = Math.abs(actual[i] - expected[i]) / bound[i];
    if (!(ratio <= 1) && (worst < 0 || !(ratio <= worstRatio))) {
      worst = i;
      worstRatio = ratio;
    }
  }
  if (worst >= 0) {
    expect.fail(`entry ${worst}: got ${actual[worst]}, expected ${expected[worst]} ± ${bound[worst]} (error ${worstRatio.toExponential(2)}× the bound)`);
  }
}

/** Exact equality of two Float64Arrays, reporting the first difference. */
export function expectExactlyEqual(actual: Float64Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    if (!Object.is(actual[i], expected[i]) && !(actual[i] === 0 && expected[i] === 0)) {
      expect.fail(`entry ${i}: got ${actual[i]}, expected exactly ${expected[i]}`);
    }
  }
}
