// Eigenvalues alone of a symmetric tridiagonal matrix by the root-free QL/QR iteration of Pal,
// Walker and Kahan (the variant of Parlett, "The Symmetric Eigenvalue Problem", §8.15, that
// LAPACK dsterf uses): the iteration runs on the squares e_i² of the off-diagonal entries and
// takes no square root per rotation. Beside being cheaper than steqr.ts's QL/QR with rotations, it
// keeps the small eigenvalues of strongly graded matrices to high relative accuracy where the
// rotation-based iteration does not (measured against 200-digit references: test/fixtures/
// generate_eigh.py's graded cases), which is why LAPACK's values-only drivers use it too.
// Splitting, block scaling and the choice between QL and QR are those of steqr.ts (tridiagonal.ts).

import { at, put } from './elements';
import { hypot2 } from './householder';
import {
  EPSILON_SQUARED, MAX_SWEEPS, blockEnd, blockScaleExponent, eigLarge, eigSmall, eigen2, pow2, scaleRange, sortAscending,
} from './tridiagonal';

/**
 * The eigenvalues, ascending, of the n × n symmetric tridiagonal matrix with diagonal d[0:n] and
 * sub-diagonal e[0:n−1], written over d. e is destroyed. Returns 0, or −1 if the iteration
 * needed more than MAX_SWEEPS·n sweeps in all (the values are then not to be used).
 */
export function sterf(n: i32, d: usize, e: usize): i32 {
  if (n <= 1) return 0;
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
    for (let i = first; i < last; i++) put(e, i, at(e, i) * at(e, i));
    if (abs(at(d, last)) >= abs(at(d, first))) {
      sweeps = ql(first, last, d, e, sweeps, maxSweeps);
    } else {
      sweeps = qr(last, first, d, e, sweeps, maxSweeps);
    }
    if (k != 0) scaleRange(first, last, d, pow2(-k));
    if (sweeps > maxSweeps) return -1;
  }
  sortAscending(n, d);
  return 0;
}

/** Root-free QL on the block l … lend (l < lend) with e holding squares. */
function ql(l: i32, lend: i32, d: usize, e: usize, sweeps: i32, maxSweeps: i32): i32 {
  while (l <= lend) {
    let m = l;
    while (m < lend && abs(at(e, m)) > EPSILON_SQUARED * abs(at(d, m) * at(d, m + 1))) m++;
    if (m < lend) put(e, m, 0.0);
    if (m == l) {
      l++;
      continue;
    }
    if (m == l + 1) {
      eigen2(at(d, l), sqrt(at(e, l)), at(d, l + 1));
      put(d, l, eigLarge);
      put(d, l + 1, eigSmall);
      put(e, l, 0.0);
      l += 2;
      continue;
    }
    if (sweeps == maxSweeps) return maxSweeps + 1;
    sweeps++;
    // Wilkinson shift σ from the 2 × 2 at the top.
    const rte = sqrt(at(e, l));
    let p = at(d, l);
    let sigma = (at(d, l + 1) - p) / (2.0 * rte);
    const r = hypot2(sigma, 1.0);
    sigma = p - rte / (sigma + copysign(r, sigma));
    let c = 1.0, s = 0.0;
    let gamma = at(d, m) - sigma;
    p = gamma * gamma;
    for (let i = m - 1; i >= l; i--) {
      const bb = at(e, i);
      const rr = p + bb;
      if (i != m - 1) put(e, i + 1, s * rr);
      const oldc = c;
      c = p / rr;
      s = bb / rr;
      const oldgam = gamma;
      const alpha = at(d, i);
      gamma = c * (alpha - sigma) - s * oldgam;
      put(d, i + 1, oldgam + (alpha - gamma));
      p = c != 0.0 ? (gamma * gamma) / c : oldc * bb;
    }
    put(e, l, s * p);
    put(d, l, sigma + gamma);
  }
  return sweeps;
}

/** Root-free QR on the block lend … l (lend < l), the mirror image of ql(). */
function qr(l: i32, lend: i32, d: usize, e: usize, sweeps: i32, maxSweeps: i32): i32 {
  while (l >= lend) {
    let m = l;
    while (m > lend && abs(at(e, m - 1)) > EPSILON_SQUARED * abs(at(d, m) * at(d, m - 1))) m--;
    if (m > lend) put(e, m - 1, 0.0);
    if (m == l) {
      l--;
      continue;
    }
    if (m == l - 1) {
      eigen2(at(d, l), sqrt(at(e, l - 1)), at(d, l - 1));
      put(d, l, eigLarge);
      put(d, l - 1, eigSmall);
      put(e, l - 1, 0.0);
      l -= 2;
      continue;
    }
    if (sweeps == maxSweeps) return maxSweeps + 1;
    sweeps++;
    const rte = sqrt(at(e, l - 1));
    let p = at(d, l);
    let sigma = (at(d, l - 1) - p) / (2.0 * rte);
    const r = hypot2(sigma, 1.0);
    sigma = p - rte / (sigma + copysign(r, sigma));
    let c = 1.0, s = 0.0;
    let gamma = at(d, m) - sigma;
    p = gamma * gamma;
    for (let i = m; i < l; i++) {
      const bb = at(e, i);
      const rr = p + bb;
      if (i != m) put(e, i - 1, s * rr);
      const oldc = c;
      c = p / rr;
      s = bb / rr;
      const oldgam = gamma;
      const alpha = at(d, i + 1);
      gamma = c * (alpha - sigma) - s * oldgam;
      put(d, i, oldgam + (alpha - gamma));
      p = c != 0.0 ? (gamma * gamma) / c : oldc * bb;
    }
    put(e, l - 1, s * p);
    put(d, l, sigma + gamma);
  }
  return sweeps;
}
