// The symmetric tridiagonal QL and QR algorithms with implicit Wilkinson shifts, as LAPACK dsteqr
// organises them (Greenbaum & Dongarra, "Experiments with QL/QR methods for the symmetric
// tridiagonal eigenproblem", LAPACK Working Note 17, 1989; the iteration itself is that of
// Bowdler, Martin, Reinsch & Wilkinson, Numer. Math. 11, 1968). Used for the leaves of divide and
// conquer (stedc.ts); eigenvalues alone go to the root-free variant (sterf.ts), as in LAPACK.
// What makes it safe on strongly graded matrices (the shared parts are in tridiagonal.ts):
// - T is first split wherever an off-diagonal entry is negligible *relative to its neighbours*,
//   |e_i| ≤ ε·√|d_i|·√|d_{i+1}|, not relative to ‖T‖, so a block of tiny entries is not
//   swallowed by a block of large ones;
// - each block whose norm is near the ends of the float64 range is scaled (by a power of two) to
//   where squares neither overflow nor underflow;
// - the shift is applied implicitly (the diagonal is never shifted and restored as a whole,
//   which costs small eigenvalues all their digits), and each block is chased from its end of
//   smaller magnitude toward the larger one (QL if the top is smaller, QR if the bottom is), so
//   the large entries are deflated last;
// - 2 × 2 blocks are solved in closed form and plane rotations are formed without overflow or
//   0/0 (LAPACK dlaev2, dlartg).
//
// Eigenvectors are stored column-major (column j contiguous), so each plane rotation combines two
// adjacent contiguous columns and runs two lanes at a time.

import { at, put } from './blas1';
import { SAFE_MIN } from './dlamch';
import { hypot2 } from './householder';
import { sterf } from './sterf';
import {
  EPSILON_SQUARED, MAX_SWEEPS, blockEnd, blockScaleExponent, eigLarge, eigSmall, eigen2, givens, pow2, rotC, rotR,
  rotS, scaleRange,
} from './tridiagonal';

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

/** Whether e[i] is negligible beside d[i] and d[i+1] while iterating: e² ≤ ε²·|d_i·d_{i+1}| + safmin. */
// @ts-ignore: decorator
@inline function negligible(d: usize, e: usize, i: i32): bool {
  const t = at(e, i);
  return t * t <= (EPSILON_SQUARED * abs(at(d, i))) * abs(at(d, i + 1)) + SAFE_MIN;
}

/**
 * Eigenvalues (with z ≠ 0 also eigenvectors) of a symmetric tridiagonal T by implicit QL/QR (LAPACK dsteqr).
 *
 * T is n × n with diagonal d (n values) and sub-diagonal e (n − 1; e must have room for n, and is
 * destroyed). On return d holds the eigenvalues ascending. With z = 0 the values come from the
 * root-free iteration (sterf.ts), as dsteqr hands them to dsterf; otherwise the columns of the
 * n × n column-major z (leading dimension ldz), which must hold Q on entry (the identity for T's
 * own vectors), are multiplied by the rotations. d, e and z do not overlap. Returns 0, or −1 if
 * the iteration needed more than MAX_SWEEPS·n sweeps in all (results then are not to be used).
 */
export function steqr(n: i32, d: usize, e: usize, z: usize, ldz: i32): i32 {
  if (n <= 1) return 0;
  if (z == 0) return sterf(n, d, e);
  put(e, n - 1, 0.0);
  const colBytes = <usize>ldz << 3;
  const maxSweeps = MAX_SWEEPS * n;
  let sweeps = 0;
  for (let start = 0; start < n; ) {
    const first = start, last = blockEnd(start, n, d, e);
    start = last + 1;
    if (last == first) continue;
    const k = blockScaleExponent(first, last, d, e);
    if (k != 0) {
      scaleRange(first, last, d, pow2(k));
      scaleRange(first, last - 1, e, pow2(k));
    }
    // Chase from the end of smaller magnitude: QL when the top is the smaller, QR otherwise.
    if (abs(at(d, last)) >= abs(at(d, first))) {
      sweeps = ql(first, last, n, d, e, z, colBytes, sweeps, maxSweeps);
    } else {
      sweeps = qr(last, first, n, d, e, z, colBytes, sweeps, maxSweeps);
    }
    if (k != 0) {
      scaleRange(first, last, d, pow2(-k));
      scaleRange(first, last - 1, e, pow2(-k));
    }
    if (sweeps > maxSweeps) return -1;
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

/**
 * QL iteration on the unreduced block l … lend (l < lend), eigenvalues found from the top down.
 * Returns the sweep count so far, or maxSweeps + 1 if it ran out.
 */
function ql(l: i32, lend: i32, n: i32, d: usize, e: usize, z: usize, colBytes: usize, sweeps: i32, maxSweeps: i32): i32 {
  while (l <= lend) {
    // The first negligible off-diagonal entry at or below l ends the part still coupled.
    let m = l;
    while (m < lend && !negligible(d, e, m)) m++;
    if (m < lend) put(e, m, 0.0);
    if (m == l) {
      l++; // d[l] is an eigenvalue
      continue;
    }
    if (m == l + 1) {
      // A 2 × 2 block: solved directly.
      eigen2(at(d, l), at(e, l), at(d, l + 1));
      if (z != 0) rotate(n, z + <usize>l * colBytes, z + <usize>(l + 1) * colBytes, rotC, -rotS);
      put(d, l, eigLarge);
      put(d, l + 1, eigSmall);
      put(e, l, 0.0);
      l += 2;
      continue;
    }
    if (sweeps == maxSweeps) return maxSweeps + 1;
    sweeps++;
    // Wilkinson shift from the 2 × 2 at the top, applied implicitly: g = d[m] − σ.
    let p = at(d, l);
    let g = (at(d, l + 1) - p) / (2.0 * at(e, l));
    let r = hypot2(g, 1.0);
    g = at(d, m) - p + at(e, l) / (g + copysign(r, g));
    let s = 1.0, c = 1.0;
    p = 0.0;
    // Chase the bulge from m up to l.
    for (let i = m - 1; i >= l; i--) {
      const f = s * at(e, i);
      const b = c * at(e, i);
      givens(g, f);
      c = rotC;
      s = rotS;
      if (i != m - 1) put(e, i + 1, rotR);
      g = at(d, i + 1) - p;
      r = (at(d, i) - g) * s + 2.0 * c * b;
      p = s * r;
      put(d, i + 1, g + p);
      g = c * r - b;
      // (z_i, z_{i+1}) ← (c·z_i − s·z_{i+1}, s·z_i + c·z_{i+1})
      if (z != 0) rotate(n, z + <usize>i * colBytes, z + <usize>(i + 1) * colBytes, c, s);
    }
    put(d, l, at(d, l) - p);
    put(e, l, g);
  }
  return sweeps;
}

/**
 * QR iteration on the unreduced block lend … l (lend < l), eigenvalues found from the bottom up:
 * the mirror image of ql(). Returns the sweep count so far, or maxSweeps + 1 if it ran out.
 */
function qr(l: i32, lend: i32, n: i32, d: usize, e: usize, z: usize, colBytes: usize, sweeps: i32, maxSweeps: i32): i32 {
  while (l >= lend) {
    let m = l;
    while (m > lend && !negligible(d, e, m - 1)) m--;
    if (m > lend) put(e, m - 1, 0.0);
    if (m == l) {
      l--;
      continue;
    }
    if (m == l - 1) {
      eigen2(at(d, l - 1), at(e, l - 1), at(d, l));
      if (z != 0) rotate(n, z + <usize>(l - 1) * colBytes, z + <usize>l * colBytes, rotC, -rotS);
      put(d, l - 1, eigLarge);
      put(d, l, eigSmall);
      put(e, l - 1, 0.0);
      l -= 2;
      continue;
    }
    if (sweeps == maxSweeps) return maxSweeps + 1;
    sweeps++;
    // Wilkinson shift from the 2 × 2 at the bottom.
    let p = at(d, l);
    let g = (at(d, l - 1) - p) / (2.0 * at(e, l - 1));
    let r = hypot2(g, 1.0);
    g = at(d, m) - p + at(e, l - 1) / (g + copysign(r, g));
    let s = 1.0, c = 1.0;
    p = 0.0;
    // Chase the bulge from m down to l.
    for (let i = m; i < l; i++) {
      const f = s * at(e, i);
      const b = c * at(e, i);
      givens(g, f);
      c = rotC;
      s = rotS;
      if (i != m) put(e, i - 1, rotR);
      g = at(d, i) - p;
      r = (at(d, i + 1) - g) * s + 2.0 * c * b;
      p = s * r;
      put(d, i, g + p);
      g = c * r - b;
      // (z_i, z_{i+1}) ← (c·z_i + s·z_{i+1}, −s·z_i + c·z_{i+1})
      if (z != 0) rotate(n, z + <usize>i * colBytes, z + <usize>(i + 1) * colBytes, c, -s);
    }
    put(d, l, at(d, l) - p);
    put(e, l - 1, g);
  }
  return sweeps;
}

function swapColumns(n: i32, x: usize, y: usize): void {
  for (let k = 0; k < n; k++) {
    const t = at(x, k);
    put(x, k, at(y, k));
    put(y, k, t);
  }
}
