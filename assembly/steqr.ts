// The symmetric tridiagonal QL algorithm with implicit Wilkinson-type shifts: EISPACK's tql1
// (values) and tql2 (values and vectors) of Bowdler, Martin, Reinsch & Wilkinson, "The QR and QL
// algorithms for symmetric matrices", Numer. Math. 11 (1968), in the form of the JAMA library.
// Used for the leaves of divide and conquer (stedc.ts) and for eigenvalues alone.
//
// Eigenvectors are stored column-major (column j contiguous), so each plane rotation combines two
// adjacent contiguous columns and runs two lanes at a time.

import { at, put } from './blas1';
import { hypot2 } from './householder';

const EPS: f64 = 2.220446049250313e-16;
/** QL sweeps allowed per eigenvalue before giving up (LAPACK dsteqr allows 30). */
const MAX_SWEEPS: i32 = 60;

/** (x, y) ← (c·x − s·y, s·x + c·y) on two contiguous n-vectors. */
function rotate(n: i32, x: usize, y: usize, c: f64, s: f64): void {
  const vc = f64x2.splat(c), vs = f64x2.splat(s);
  let k = 0;
  for (; k + 2 <= n; k += 2) {
    const o = <usize>k << 3;
    const xv = v128.load(x + o), yv = v128.load(y + o);
    v128.store(x + o, f64x2.sub(f64x2.mul(vc, xv), f64x2.mul(vs, yv)));
    v128.store(y + o, f64x2.add(f64x2.mul(vs, xv), f64x2.mul(vc, yv)));
  }
  for (; k < n; k++) {
    const xv = at(x, k), yv = at(y, k);
    put(x, k, c * xv - s * yv);
    put(y, k, s * xv + c * yv);
  }
}

/**
 * Eigenvalues (and, when z ≠ 0, eigenvectors) of the n × n symmetric tridiagonal matrix with
 * diagonal d[0:n] and sub-diagonal e[0:n−1]. On return d holds the eigenvalues ascending and, if
 * z ≠ 0, the columns of the n × n column-major matrix z (leading dimension ldz), which must hold Q
 * on entry (the identity for T's own vectors), are multiplied by the eigenvector rotations.
 * e is destroyed; it must have room for n entries. Returns 0, or −1 if some eigenvalue needed
 * more than MAX_SWEEPS sweeps (results then are not to be used).
 */
export function tql2(n: i32, d: usize, e: usize, z: usize, ldz: i32): i32 {
  if (n <= 1) return 0;
  put(e, n - 1, 0.0);
  const colBytes = <usize>ldz << 3;
  let f = 0.0, tst1 = 0.0;
  for (let l = 0; l < n; l++) {
    // Find a negligible sub-diagonal element (relative to the largest |d| + |e| seen so far).
    tst1 = max(tst1, abs(at(d, l)) + abs(at(e, l)));
    let m = l;
    while (m < n - 1 && abs(at(e, m)) > EPS * tst1) m++;
    if (m > l) {
      let sweeps = 0;
      do {
        if (++sweeps > MAX_SWEEPS) return -1;
        // Shift from the leading 2 × 2 block.
        let g = at(d, l);
        let p = (at(d, l + 1) - g) / (2.0 * at(e, l));
        let r = hypot2(p, 1.0);
        if (p < 0) r = -r;
        put(d, l, at(e, l) / (p + r));
        put(d, l + 1, at(e, l) * (p + r));
        const dl1 = at(d, l + 1);
        let h = g - at(d, l);
        for (let i = l + 2; i < n; i++) put(d, i, at(d, i) - h);
        f += h;
        // Implicit QL transformation, chasing the bulge from m up to l.
        p = at(d, m);
        let c = 1.0, c2 = 1.0, c3 = 1.0, s = 0.0, s2 = 0.0;
        const el1 = at(e, l + 1);
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * at(e, i);
          h = c * p;
          r = hypot2(p, at(e, i));
          put(e, i + 1, s * r);
          s = at(e, i) / r;
          c = p / r;
          p = c * at(d, i) - s * g;
          put(d, i + 1, h + s * (c * g + s * at(d, i)));
          if (z != 0) {
            // (z_i, z_{i+1}) ← (c·z_i − s·z_{i+1}, s·z_i + c·z_{i+1})
            rotate(n, z + <usize>i * colBytes, z + <usize>(i + 1) * colBytes, c, s);
          }
        }
        p = -s * s2 * c3 * el1 * at(e, l) / dl1;
        put(e, l, s * p);
        put(d, l, c * p);
      } while (abs(at(e, l)) > EPS * tst1);
    }
    put(d, l, at(d, l) + f);
    put(e, l, 0.0);
  }
  // Sort ascending (selection sort: n swaps of columns at most).
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = at(d, i);
    for (let j = i + 1; j < n; j++) {
      if (at(d, j) < p) {
        k = j;
        p = at(d, j);
      }
    }
    if (k != i) {
      put(d, k, at(d, i));
      put(d, i, p);
      if (z != 0) swapColumns(n, z + <usize>i * colBytes, z + <usize>k * colBytes);
    }
  }
  return 0;
}

function swapColumns(n: i32, x: usize, y: usize): void {
  for (let k = 0; k < n; k++) {
    const t = at(x, k);
    put(x, k, at(y, k));
    put(y, k, t);
  }
}
