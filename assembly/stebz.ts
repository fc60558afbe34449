// Selected eigenvalues of a symmetric tridiagonal matrix by bisection on Sturm counts (Barth,
// Martin & Wilkinson, "Calculation of the eigenvalues of a symmetric tridiagonal matrix by the
// method of bisection", Numer. Math. 9, 1967; LAPACK dstebz, with its pivot guard pivmin). Each
// eigenvalue costs O(n) per halving, so k of them cost O(k·n·log(1/ε)): the way to get a few
// eigenvalues, and the shifts for inverse iteration (stein.ts), without the O(n²) QL/QR iteration.

import { PRECISION, SAFE_MIN } from './dlamch';
import { at, put } from './elements';
import { sortAscending } from './tridiagonal';

/** Number of eigenvalues of T that are < x (the negative pivots of the LDLᵀ factorization of T − x·I). */
// @ts-ignore: decorator
@inline function sturmCount(n: i32, d: usize, e2: usize, x: f64, pivmin: f64): i32 {
  let count = 0;
  let q = at(d, 0) - x;
  if (abs(q) < pivmin) q = -pivmin;
  if (q < 0.0) count++;
  for (let i = 1; i < n; i++) {
    q = at(d, i) - x - at(e2, i - 1) / q;
    if (abs(q) < pivmin) q = -pivmin;
    if (q < 0.0) count++;
  }
  return count;
}

/**
 * Eigenvalues il … iu (0-based, ascending) of a symmetric tridiagonal T by bisection (LAPACK dstebz).
 *
 * T has diagonal d (n values) and sub-diagonal e (n − 1), read only. Writes the iu − il + 1 values
 * ascending to w; `work` holds n f64 (the squares of e); w and work overlap nothing. Each value is
 * located to an interval of width ≤ 2ε·max(|lo|, |hi|) + 4·pivmin (ε = 2⁻⁵²), an absolute error of
 * O(ε·‖T‖) like the other solvers here.
 */
export function stebz_f64(n: i32, d: usize, e: usize, il: i32, iu: i32, w: usize, work: usize): void {
  if (n <= 0 || il > iu) return;
  if (n == 1) {
    put(w, 0, at(d, 0)); // exact, as in dstebz's special case
    return;
  }
  const e2 = work;
  let emax2 = 0.0;
  for (let i = 0; i < n - 1; i++) {
    const s = at(e, i) * at(e, i);
    put(e2, i, s);
    emax2 = max(emax2, s);
  }
  const pivmin = SAFE_MIN * max(1.0, emax2);
  // Gershgorin bounds, widened a little so they strictly contain the spectrum.
  let gl = Infinity, gu = -Infinity;
  for (let i = 0; i < n; i++) {
    const r = (i > 0 ? abs(at(e, i - 1)) : 0.0) + (i < n - 1 ? abs(at(e, i)) : 0.0);
    gl = min(gl, at(d, i) - r);
    gu = max(gu, at(d, i) + r);
  }
  const tnorm = max(abs(gl), abs(gu));
  gl -= 2.0 * PRECISION * tnorm * <f64>n + 2.0 * pivmin;
  gu += 2.0 * PRECISION * tnorm * <f64>n + 2.0 * pivmin;
  let lo = gl;
  for (let j = il; j <= iu; j++) {
    // The j-th eigenvalue is the x where the count passes j: count(lo) ≤ j < count(hi).
    // Eigenvalues are found in order, so the previous one bounds this one from below.
    let a = lo, b = gu;
    while (b - a > 2.0 * PRECISION * max(abs(a), abs(b)) + 4.0 * pivmin) {
      const mid = 0.5 * (a + b);
      if (mid <= a || mid >= b) break;
      if (sturmCount(n, d, e2, mid, pivmin) > j) b = mid; else a = mid;
    }
    const value = 0.5 * (a + b);
    put(w, j - il, value);
    lo = a;
  }
  // Eigenvalues closer together than the tolerance get overlapping final intervals, whose
  // midpoints may come out in either order: sort them (as LAPACK dsyevx does after dstebz).
  sortAscending(iu - il + 1, w);
}
