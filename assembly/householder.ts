// Householder reflectors, as LAPACK's dlarfg builds them (Golub & Van Loan, "Matrix Computations",
// 4th ed., §5.1.2, with LAPACK's sign convention and its guard against underflow).

import { nrm2, scal } from './blas1';
import { EPSILON, SAFE_MIN } from './dlamch';

/** dlarfg's "safmin", dlamch('S')/dlamch('E'): below this |β|, 1/(α − β) could overflow. */
const BETA_MIN: f64 = SAFE_MIN / EPSILON;

/** √(a² + b²) without intermediate overflow or underflow (LAPACK dlapy2). */
// @ts-ignore: decorator
@inline export function hypot2(a: f64, b: f64): f64 {
  const x = abs(a), y = abs(b);
  const w = max(x, y), z = min(x, y);
  if (z == 0.0) return w;
  const r = z / w;
  return w * sqrt(1.0 + r * r);
}

/**
 * Builds H = I − τ·v·vᵀ with H·(α; x) = (β; 0), v = (1; v₂), for the n-vector whose first entry
 * is at `alphaPtr` and whose other n − 1 entries are contiguous at `x`. Overwrites α with β and x
 * with v₂; returns τ (0 when x is already zero, so H = I).
 */
export function larfg(n: i32, alphaPtr: usize, x: usize): f64 {
  if (n <= 1) return 0.0;
  let xnorm = nrm2(n - 1, x);
  if (xnorm == 0.0) return 0.0;
  let alpha = load<f64>(alphaPtr);
  let beta = -copysign(hypot2(alpha, xnorm), alpha);
  // β so small that 1/(α − β) would overflow: scale up, as LAPACK does, then scale β back.
  let knt = 0;
  if (abs(beta) < BETA_MIN) {
    const rsafmn = 1.0 / BETA_MIN;
    do {
      knt++;
      scal(n - 1, rsafmn, x);
      beta *= rsafmn;
      alpha *= rsafmn;
    } while (abs(beta) < BETA_MIN && knt < 20);
    xnorm = nrm2(n - 1, x);
    beta = -copysign(hypot2(alpha, xnorm), alpha);
  }
  const tau = (beta - alpha) / beta;
  scal(n - 1, 1.0 / (alpha - beta), x);
  for (let j = 0; j < knt; j++) beta *= BETA_MIN;
  store<f64>(alphaPtr, beta);
  return tau;
}
