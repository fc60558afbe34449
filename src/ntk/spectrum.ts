// Spectral quantities of a kernel matrix that the theory is stated in (docs/theory.md#kernels).

import type { Matrix } from '../linalg/matrix';
import { eigvalsh } from '../linalg/eigh';

/** λ_min(H), e.g. λ₀ = λ_min(H∞) (Du et al. 2018): bisection on the tridiagonal form, O(n³) for the reduction only. */
export function lambdaMin(H: Matrix): number {
  return eigvalsh(H, { subset: { smallest: 1 } })[0];
}

/** λ_max(H), which bounds the stable step sizes (docs/theory.md#stability). */
export function lambdaMax(H: Matrix): number {
  return eigvalsh(H, { subset: { largest: 1 } })[0];
}

/** All eigenvalues of the symmetric H, ascending. */
export function spectrum(H: Matrix): Float64Array {
  return eigvalsh(H);
}
