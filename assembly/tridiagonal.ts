// What the tridiagonal eigensolvers share. The QL/QR iterations (steqr.ts with rotations, sterf.ts
// root-free): splitting T where an off-diagonal entry is negligible next to its neighbours,
// scaling a block away from the ends of the float64 range, safe plane rotations and the
// closed-form 2 × 2 eigenproblem; the tests and limits are LAPACK's (dsteqr, dsterf, dlartg,
// dlaev2), so that strongly graded matrices keep their small eigenvalues. All of them (and
// stedc.ts, stebz.ts): sorting the eigenvalues, with their eigenvectors or without.

import { swap } from './blas1';
import { EPSILON } from './dlamch';
import { at, colMajor, put } from './elements';
import { hypot2 } from './householder';

/** ε² (dlamch('E')²): dsteqr's and dsterf's eps2, for tests on squares. */
export const EPSILON_SQUARED: f64 = EPSILON * EPSILON;

/** A block is scaled when its max-norm is outside [2⁻⁴⁰⁷, 2⁵¹⁰] (about 1e-122 … 3e153: LAPACK's
 *  ssfmin = √safmin/ε² and ssfmax = √(1/safmin)/3, rounded to powers of two). Inside, squares of
 *  the entries neither overflow nor lose their digits, and the shift (d_{l+1} − d_l)/(2e_l)
 *  stays finite for any e_l that is not negligible. */
const BLOCK_MIN_EXPONENT: i32 = -407;
const BLOCK_MAX_EXPONENT: i32 = 510;
/** QL/QR sweeps allowed per eigenvalue, on average, before giving up (as LAPACK dsteqr). */
export const MAX_SWEEPS: i32 = 30;

/**
 * The last row of the block that starts at `start`: the first i ≥ start whose e[i] is 0 or
 * negligible next to its two diagonal neighbours, |e_i| ≤ ε·√|d_i|·√|d_{i+1}| (then set to 0),
 * or n − 1. Relative to the neighbours, not to ‖T‖, so that a block of tiny entries is not
 * swallowed by one of large entries.
 */
export function blockEnd(start: i32, n: i32, d: usize, e: usize): i32 {
  let end = start;
  while (end < n - 1) {
    const t = abs(at(e, end));
    if (t == 0.0) break;
    if (t <= (sqrt(abs(at(d, end))) * sqrt(abs(at(d, end + 1)))) * EPSILON) {
      put(e, end, 0.0);
      break;
    }
    end++;
  }
  return end;
}

/** ⌈log₂ x⌉ for a finite x > 0, from its bits (one more for a subnormal power of two: only a
 *  scale factor is chosen from it). */
function exponentOf(x: f64): i32 {
  const bits = reinterpret<u64>(x);
  const biased = <i32>((bits >>> 52) & 0x7ff);
  if (biased == 0) return -1074 + (64 - <i32>clz<u64>(bits & 0xfffffffffffff));
  return biased - 1023 + ((bits & 0xfffffffffffff) != 0 ? 1 : 0);
}

/** 2^k for −1022 ≤ k ≤ 1023, exactly. */
export function pow2(k: i32): f64 {
  return reinterpret<f64>(<u64>(k + 1023) << 52);
}

/**
 * The power of two k such that the block lo … hi, multiplied by 2^k, has its max-norm inside
 * [2^BLOCK_MIN_EXPONENT, 2^BLOCK_MAX_EXPONENT] (0 when it is already, or when the block is zero).
 */
export function blockScaleExponent(lo: i32, hi: i32, d: usize, e: usize): i32 {
  let anorm = 0.0;
  for (let i = lo; i <= hi; i++) anorm = max(anorm, abs(at(d, i)));
  for (let i = lo; i < hi; i++) anorm = max(anorm, abs(at(e, i)));
  if (anorm == 0.0) return 0;
  const ex = exponentOf(anorm);
  if (ex > BLOCK_MAX_EXPONENT) return BLOCK_MAX_EXPONENT - ex;
  if (ex < BLOCK_MIN_EXPONENT) return BLOCK_MIN_EXPONENT - ex;
  return 0;
}

/** x[lo..hi] ← factor·x[lo..hi] */
export function scaleRange(lo: i32, hi: i32, x: usize, factor: f64): void {
  for (let i = lo; i <= hi; i++) put(x, i, at(x, i) * factor);
}

// Results of givens() and eigen2(), as module globals (AssemblyScript returns one value).
export let rotC: f64 = 1.0;
export let rotS: f64 = 0.0;
export let rotR: f64 = 0.0;
export let eigLarge: f64 = 0.0;
export let eigSmall: f64 = 0.0;

/**
 * The plane rotation with c·f + s·g = r, −s·f + c·g = 0 (LAPACK dlartg): c = 1, s = 0 when g = 0
 * (so also when both are 0, where the quotients would be 0/0), and r = ±√(f² + g²) formed
 * without overflow or underflow.
 */
// @ts-ignore: decorator
@inline export function givens(f: f64, g: f64): void {
  if (g == 0.0) {
    rotC = 1.0;
    rotS = 0.0;
    rotR = f;
  } else if (f == 0.0) {
    rotC = 0.0;
    rotS = 1.0;
    rotR = g;
  } else {
    const r = copysign(hypot2(f, g), f);
    rotC = f / r;
    rotS = g / r;
    rotR = r;
  }
}

/**
 * Eigen-decomposition of the 2 × 2 symmetric [[a, b], [b, c]] (LAPACK dlaev2): eigLarge, the
 * eigenvalue of larger magnitude, with unit eigenvector (rotC, rotS), and eigSmall. The smaller
 * one is det/eigLarge, evaluated as (big/eigLarge)·small − (b/eigLarge)·b so that it keeps its
 * relative accuracy when it is tiny; the eigenvector comes from whichever ratio is at most 1.
 */
export function eigen2(a: f64, b: f64, c: f64): void {
  const sum = a + c;
  const diff = a - c;
  const twoB = b + b;
  const aTwoB = abs(twoB);
  const big = abs(a) > abs(c) ? a : c;
  const small = abs(a) > abs(c) ? c : a;
  const root = hypot2(diff, twoB); // √((a − c)² + 4b²)
  let sign1: f64 = 1.0;
  if (sum < 0.0) {
    eigLarge = 0.5 * (sum - root);
    sign1 = -1.0;
    eigSmall = (big / eigLarge) * small - (b / eigLarge) * b;
  } else if (sum > 0.0) {
    eigLarge = 0.5 * (sum + root);
    eigSmall = (big / eigLarge) * small - (b / eigLarge) * b;
  } else {
    eigLarge = 0.5 * root;
    eigSmall = -0.5 * root;
  }
  // The eigenvector of eigLarge is ∝ (−2b, a − c ± root), computed from the ratio that is ≤ 1.
  const sign2: f64 = diff >= 0.0 ? 1.0 : -1.0;
  const cs = diff >= 0.0 ? diff + root : diff - root;
  let c1: f64, s1: f64;
  if (abs(cs) > aTwoB) {
    const ct = -twoB / cs;
    s1 = 1.0 / sqrt(1.0 + ct * ct);
    c1 = ct * s1;
  } else if (aTwoB == 0.0) {
    c1 = 1.0;
    s1 = 0.0;
  } else {
    const tn = -cs / twoB;
    c1 = 1.0 / sqrt(1.0 + tn * tn);
    s1 = tn * c1;
  }
  if (sign1 == sign2) {
    const t = c1;
    c1 = -s1;
    s1 = t;
  }
  rotC = c1;
  rotS = s1;
}

/**
 * Sorts the eigenvalues d[0:n] ascending and the columns of the n × n column-major Z (leading
 * dimension ldz) with them: selection sort, so at most n − 1 column swaps (as dsteqr and dstedc).
 */
export function sortEigenpairs(n: i32, d: usize, z: usize, ldz: i32): void {
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
      swap(n, colMajor(z, 0, i, ldz), colMajor(z, 0, k, ldz));
    }
  }
}

/** Sorts x[0:n] ascending: insertion sort, as values alone come out of the solvers nearly sorted. */
export function sortAscending(n: i32, x: usize): void {
  for (let k = 1; k < n; k++) {
    const v = at(x, k);
    let j = k - 1;
    while (j >= 0 && at(x, j) > v) {
      put(x, j + 1, at(x, j));
      j--;
    }
    put(x, j + 1, v);
  }
}
