// Level-1 and level-2 building blocks on contiguous f64 vectors, two lanes at a time: what the
// Householder reduction, its back-transformation and the tridiagonal solvers are made of. Names
// and semantics follow the reference BLAS (dot, axpy, scal, nrm2, rot, swap, symv).

import { at, colMajor, put } from './elements';
import { madd } from './fma';

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
 * (x, y) ← (c·x + s·y, c·y − s·x) on two contiguous n-vectors: the plane rotation of the reference
 * BLAS drot, the one rotation of the eigensolvers (steqr.ts chases bulges with it, stedc.ts
 * deflates with it). Multiplies and adds are separate in both builds.
 */
export function rot(n: i32, x: usize, y: usize, c: f64, s: f64): void {
  const vc = f64x2.splat(c), vs = f64x2.splat(s);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    const xv = v128.load(x + o), yv = v128.load(y + o);
    v128.store(x + o, f64x2.add(f64x2.mul(vc, xv), f64x2.mul(vs, yv)));
    v128.store(y + o, f64x2.sub(f64x2.mul(vc, yv), f64x2.mul(vs, xv)));
  }
  for (; i < n; i++) {
    const xv = at(x, i), yv = at(y, i);
    put(x, i, c * xv + s * yv);
    put(y, i, c * yv - s * xv);
  }
}

/** Exchanges two contiguous n-vectors (the reference BLAS dswap). */
export function swap(n: i32, x: usize, y: usize): void {
  for (let i = 0; i < n; i++) {
    const t = at(x, i);
    put(x, i, at(y, i));
    put(y, i, t);
  }
}

/** Below this largest |x[i]|, 1/|x[i]| could overflow (at 2⁻¹⁰²⁴ and under): nrm2 scales up first. */
const NRM2_TINY: f64 = 9.332636185032189e-302; // 2⁻¹⁰⁰⁰
/** The exact power of two nrm2 scales such vectors by. */
const NRM2_UP: f64 = 4.149515568880993e+180; // 2⁶⁰⁰

/**
 * ‖x‖₂ without overflow or harmful underflow: the largest |x[i]| is factored out before squaring
 * (the two-pass form of the scaled sum of squares in LAPACK's dnrm2). When that largest value is
 * subnormal or nearly so, its reciprocal would overflow (and the sum become Infinity): the
 * entries are then multiplied by 2⁶⁰⁰ first, which is exact.
 */
export function nrm2(n: i32, x: usize): f64 {
  let scale = 0.0;
  for (let i = 0; i < n; i++) scale = max(scale, abs(at(x, i)));
  if (scale == 0.0 || !isFinite(scale)) return scale;
  let ssq = 0.0;
  if (scale < NRM2_TINY) {
    const inv = 1.0 / (scale * NRM2_UP);
    for (let i = 0; i < n; i++) {
      const t = (at(x, i) * NRM2_UP) * inv;
      ssq += t * t;
    }
    return scale * sqrt(ssq);
  }
  const inv = 1.0 / scale;
  for (let i = 0; i < n; i++) {
    const t = at(x, i) * inv;
    ssq += t * t;
  }
  return scale * sqrt(ssq);
}

/**
 * y ← A·x for the symmetric n × n matrix whose lower triangle is stored column-major at `a` with
 * leading dimension lda (A(i, j) = a[i + j·lda], i ≥ j). One pass over the triangle, four
 * columns at a time: below their 4 × 4 diagonal block, each pair of rows is loaded once and
 * serves both the column-oriented update y[i] += A(i, j)·x[j] and the dot products
 * y[j] += A(i, j)·x[i] of all four columns (the two halves of the reference BLAS dsymv, fused so
 * that x and y are read once per four columns instead of twice per column). The loop is bound by
 * how fast A streams in: this is where half of the tridiagonalisation's time goes.
 */
export function symvLower(n: i32, a: usize, lda: i32, x: usize, y: usize): void {
  for (let i = 0; i < n; i++) put(y, i, 0.0);
  const colBytes = <usize>lda << 3;
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    // c_k points at A(j, j + k); A(i, j + k) is at c_k + 8·(i − j).
    const c0 = colMajor(a, j, j, lda);
    const c1 = c0 + colBytes, c2 = c1 + colBytes, c3 = c2 + colBytes;
    const x0 = at(x, j), x1 = at(x, j + 1), x2 = at(x, j + 2), x3 = at(x, j + 3);
    // The lower triangle of the diagonal block.
    const a10 = at(c0, 1), a20 = at(c0, 2), a30 = at(c0, 3);
    const a21 = at(c1, 2), a31 = at(c1, 3), a32 = at(c2, 3);
    let y0 = at(c0, 0) * x0 + a10 * x1 + a20 * x2 + a30 * x3;
    let y1 = a10 * x0 + at(c1, 1) * x1 + a21 * x2 + a31 * x3;
    let y2 = a20 * x0 + a21 * x1 + at(c2, 2) * x2 + a32 * x3;
    let y3 = a30 * x0 + a31 * x1 + a32 * x2 + at(c3, 3) * x3;
    // The rows below it.
    const vx0 = f64x2.splat(x0), vx1 = f64x2.splat(x1), vx2 = f64x2.splat(x2), vx3 = f64x2.splat(x3);
    let s0 = f64x2.splat(0.0), s1 = f64x2.splat(0.0), s2 = f64x2.splat(0.0), s3 = f64x2.splat(0.0);
    let i = j + 4;
    for (; i + 2 <= n; i += 2) {
      const o = <usize>(i - j) << 3;
      const yo = <usize>i << 3;
      const xv = v128.load(x + yo);
      const a0 = v128.load(c0 + o), a1 = v128.load(c1 + o), a2 = v128.load(c2 + o), a3 = v128.load(c3 + o);
      let yv = v128.load(y + yo);
      yv = madd(a0, vx0, yv);
      yv = madd(a1, vx1, yv);
      yv = madd(a2, vx2, yv);
      yv = madd(a3, vx3, yv);
      v128.store(y + yo, yv);
      s0 = madd(a0, xv, s0);
      s1 = madd(a1, xv, s1);
      s2 = madd(a2, xv, s2);
      s3 = madd(a3, xv, s3);
    }
    y0 += f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1);
    y1 += f64x2.extract_lane(s1, 0) + f64x2.extract_lane(s1, 1);
    y2 += f64x2.extract_lane(s2, 0) + f64x2.extract_lane(s2, 1);
    y3 += f64x2.extract_lane(s3, 0) + f64x2.extract_lane(s3, 1);
    for (; i < n; i++) {
      const o = i - j;
      const a0 = at(c0, o), a1 = at(c1, o), a2 = at(c2, o), a3 = at(c3, o);
      put(y, i, at(y, i) + a0 * x0 + a1 * x1 + a2 * x2 + a3 * x3);
      const xi = at(x, i);
      y0 += a0 * xi;
      y1 += a1 * xi;
      y2 += a2 * xi;
      y3 += a3 * xi;
    }
    put(y, j, at(y, j) + y0);
    put(y, j + 1, at(y, j + 1) + y1);
    put(y, j + 2, at(y, j + 2) + y2);
    put(y, j + 3, at(y, j + 3) + y3);
  }
  // The last columns, one at a time.
  for (; j < n; j++) {
    const col = colMajor(a, j, j, lda);
    const xj = at(x, j);
    const below = n - j - 1;
    const d = dot(below, col + 8, x + ((<usize>j + 1) << 3));
    axpy(below, xj, col + 8, y + ((<usize>j + 1) << 3));
    put(y, j, at(y, j) + load<f64>(col) * xj + d);
  }
}
