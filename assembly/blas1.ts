// Level-1 and level-2 building blocks on contiguous f64 vectors, two lanes at a time: what the
// Householder reduction, its back-transformation and the tridiagonal solvers are made of. Names
// and semantics follow the reference BLAS (dot, axpy, scal, nrm2, symv).

import { madd } from './fma';

// @ts-ignore: decorator
@inline export function at(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

// @ts-ignore: decorator
@inline export function put(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

/** Σ x[i]·y[i] over n contiguous values (two partial sums per lane pair, then combined). */
export function dot(n: i32, x: usize, y: usize): f64 {
  let s0 = f64x2.splat(0.0), s1 = f64x2.splat(0.0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 3;
    s0 = madd(v128.load(x + o), v128.load(y + o), s0);
    s1 = madd(v128.load(x + o, 16), v128.load(y + o, 16), s1);
  }
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    s0 = madd(v128.load(x + o), v128.load(y + o), s0);
  }
  const s = f64x2.add(s0, s1);
  let total = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; i < n; i++) total += at(x, i) * at(y, i);
  return total;
}

/** y ← α·x + y over n contiguous values. */
export function axpy(n: i32, alpha: f64, x: usize, y: usize): void {
  const va = f64x2.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 3;
    v128.store(y + o, madd(va, v128.load(x + o), v128.load(y + o)));
    v128.store(y + o, madd(va, v128.load(x + o, 16), v128.load(y + o, 16)), 16);
  }
  for (; i < n; i++) put(y, i, alpha * at(x, i) + at(y, i));
}

/** x ← α·x over n contiguous values. */
export function scal(n: i32, alpha: f64, x: usize): void {
  const va = f64x2.splat(alpha);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    v128.store(x + o, f64x2.mul(va, v128.load(x + o)));
  }
  for (; i < n; i++) put(x, i, alpha * at(x, i));
}

/**
 * ‖x‖₂ without overflow or harmful underflow: the largest |x[i]| is factored out before squaring
 * (the two-pass form of the scaled sum of squares in LAPACK's dnrm2).
 */
export function nrm2(n: i32, x: usize): f64 {
  let scale = 0.0;
  for (let i = 0; i < n; i++) scale = max(scale, abs(at(x, i)));
  if (scale == 0.0 || !isFinite(scale)) return scale;
  let ssq = 0.0;
  const inv = 1.0 / scale;
  for (let i = 0; i < n; i++) {
    const t = at(x, i) * inv;
    ssq += t * t;
  }
  return scale * sqrt(ssq);
}

/**
 * y ← A·x for the symmetric n × n matrix whose lower triangle is stored column-major at `a` with
 * leading dimension lda (A(i, j) = a[i + j·lda], i ≥ j). One pass over the triangle: column j
 * contributes a dot product to y[j] and an axpy to y[j+1:], both on contiguous memory (the
 * column-oriented dsymv of the reference BLAS, lower case).
 */
export function symvLower(n: i32, a: usize, lda: i32, x: usize, y: usize): void {
  for (let i = 0; i < n; i++) put(y, i, 0.0);
  for (let j = 0; j < n; j++) {
    const col = a + ((<usize>j * lda + j) << 3);
    const xj = at(x, j);
    const below = n - j - 1;
    // y[j] += A(j, j)·x[j] + A(j+1:, j)·x[j+1:];  y[j+1:] += x[j]·A(j+1:, j)
    const d = dot(below, col + 8, x + ((<usize>j + 1) << 3));
    axpy(below, xj, col + 8, y + ((<usize>j + 1) << 3));
    put(y, j, at(y, j) + load<f64>(col) * xj + d);
  }
}
