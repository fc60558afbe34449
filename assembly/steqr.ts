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
// adjacent contiguous columns and runs two lanes at a time (blas1.ts rot).

import { rot } from './blas1';
import { SAFE_MIN } from './dlamch';
import { at, colMajor, put } from './elements';
import { hypot2 } from './householder';
import { sterf } from './sterf';
import {
  EPSILON_SQUARED, MAX_SWEEPS, blockEnd, blockScaleExponent, eigLarge, eigSmall, eigen2, givens, pow2, rotC, rotR,
  rotS, scaleRange, sortEigenpairs,
} from './tridiagonal';

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
export function steqr_f64(n: i32, d: usize, e: usize, z: usize, ldz: i32): i32 {
  if (n <= 1) return 0;
  if (z == 0) return sterf(n, d, e);
  put(e, n - 1, 0.0);
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
      sweeps = ql(first, last, n, d, e, z, ldz, sweeps, maxSweeps);
    } else {
      sweeps = qr(last, first, n, d, e, z, ldz, sweeps, maxSweeps);
    }
    if (k != 0) {
      scaleRange(first, last, d, pow2(-k));
      scaleRange(first, last - 1, e, pow2(-k));
    }
    if (sweeps > maxSweeps) return -1;
  }
  sortEigenpairs(n, d, z, ldz);
  return 0;
}

/**
 * QL iteration on the unreduced block l … lend (l < lend), eigenvalues found from the top down.
 * Returns the sweep count so far, or maxSweeps + 1 if it ran out.
 */
function ql(l: i32, lend: i32, n: i32, d: usize, e: usize, z: usize, ldz: i32, sweeps: i32, maxSweeps: i32): i32 {
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
      if (z != 0) rot(n, colMajor(z, 0, l, ldz), colMajor(z, 0, l + 1, ldz), rotC, rotS);
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
      if (z != 0) rot(n, colMajor(z, 0, i, ldz), colMajor(z, 0, i + 1, ldz), c, -s);
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
function qr(l: i32, lend: i32, n: i32, d: usize, e: usize, z: usize, ldz: i32, sweeps: i32, maxSweeps: i32): i32 {
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
      if (z != 0) rot(n, colMajor(z, 0, l - 1, ldz), colMajor(z, 0, l, ldz), rotC, rotS);
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
      if (z != 0) rot(n, colMajor(z, 0, i, ldz), colMajor(z, 0, i + 1, ldz), c, s);
    }
    put(d, l, at(d, l) - p);
    put(e, l - 1, g);
  }
  return sweeps;
}
