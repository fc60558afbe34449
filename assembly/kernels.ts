// Neural tangent kernels of the two-layer ReLU network (docs/theory.md#kernels).
//
// Finite width: H(W)ᵢⱼ = c·(xᵢᵀxⱼ)·#{r : sample i and sample j both activate neuron r}; the count
// is the popcount of the AND of the two bit-packed activation patterns (relu.ts), W/64 words per
// pair instead of m multiply-adds.
//
// Infinite width, with θᵢⱼ the angle between xᵢ and yⱼ:
//   H∞ᵢⱼ  = xᵢᵀyⱼ·(π − θᵢⱼ)/(2π)                                   (first layer)
//   K⁽ᵃ⁾ᵢⱼ = ‖xᵢ‖‖yⱼ‖·(sin θᵢⱼ + (π − θᵢⱼ)·cos θᵢⱼ)/(2π)             (second layer)
// θ from arccos of the cosine loses half its digits near 0 and π (docs/theory.md#angles), so there the
// angle is taken from the distance of the unit vectors instead: θ = 2·asin(‖x̂ − ŷ‖/2) when the
// cosine is ≥ 0.9, and π − θ = 2·asin(‖x̂ + ŷ‖/2) when it is ≤ −0.9 (so that π − θ, the factor
// in H∞, is not the difference of two nearly equal numbers). acos, asin and sin are
// AssemblyScript's NativeMath, ports of musl's acos.c, asin.c and sin.c (from Sun's fdlibm), which
// are accurate to about 1 ulp and compiled into this module, so they round identically everywhere.

import { at, put, rowMajor } from './elements';
import { JOB_ARCCOS, JOB_POPCOUNT, argI32, argPtr, parallelThreads, runJob, setArg, splitEven } from './parallel';

/** Kernels over fewer entries than this run on one thread (the hand-off would cost more than it saves). */
const PARALLEL_MIN_ENTRIES: f64 = 16384;
/** Popcount Grams with fewer pattern words to read than this run on one thread. */
const PARALLEL_MIN_WORK: f64 = 262144;

const PI: f64 = 3.141592653589793;
const INV_TWO_PI: f64 = 0.15915494309189535;
/** Beyond this |cos θ|, θ is recomputed from the distance between the unit vectors. */
const COSINE_SWITCH: f64 = 0.9;

/**
 * C[i, j] = popcount(Sx[i] & Sy[j]): the neurons two samples share, for nx × ny pairs of bit patterns.
 *
 * Sx (nx rows) and Sy (ny rows) are rows of `words` u64; C is nx × ny, row-major, row stride ldc,
 * and overlaps neither. With symmetric ≠ 0 (Sx = Sy), only j ≤ i is counted and mirrored.
 */
export function masked_gram_popcount(nx: i32, ny: i32, sx: usize, sy: usize, words: i32, c: usize, ldc: i32, symmetric: i32): void {
  if (parallelThreads() > 1 && <f64>nx * <f64>ny * <f64>words >= PARALLEL_MIN_WORK && nx >= 2) {
    setArg(0, <f64>nx); setArg(1, <f64>ny); setArg(2, <f64>sx); setArg(3, <f64>sy); setArg(4, <f64>words);
    setArg(5, <f64>c); setArg(6, <f64>ldc); setArg(7, <f64>symmetric);
    runJob(JOB_POPCOUNT);
  } else {
    popcountRows(0, nx, ny, sx, sy, words, c, ldc, symmetric);
  }
  if (symmetric) {
    for (let i = 0; i < nx; i++) {
      for (let j = i + 1; j < nx; j++) {
        store<f64>(rowMajor(c, i, j, ldc), load<f64>(rowMajor(c, j, i, ldc)));
      }
    }
  }
}

/** A thread's share of masked_gram_popcount: a block of rows of C (for a symmetric C, of equal area). */
export function popcountPart(control: usize, id: i32, count: i32): void {
  const nx = argI32(control, 0);
  const symmetric = argI32(control, 7);
  const i0 = symmetric ? splitTriangle(nx, count, id) : splitEven(nx, count, id);
  const i1 = symmetric ? splitTriangle(nx, count, id + 1) : splitEven(nx, count, id + 1);
  popcountRows(i0, i1, argI32(control, 1), argPtr(control, 2), argPtr(control, 3), argI32(control, 4), argPtr(control, 5), argI32(control, 6), symmetric);
}

/** masked_gram_popcount's counts for rows i0 … i1 − 1 (with symmetric, only j ≤ i). */
function popcountRows(i0: i32, i1: i32, ny: i32, sx: usize, sy: usize, words: i32, c: usize, ldc: i32, symmetric: i32): void {
  for (let i = i0; i < i1; i++) {
    const xi = rowMajor(sx, i, 0, words);
    const jEnd = symmetric ? i + 1 : ny;
    for (let j = 0; j < jEnd; j++) {
      const yj = rowMajor(sy, j, 0, words);
      let count: u64 = 0;
      let w = 0;
      for (; w + 2 <= words; w += 2) {
        const o = <usize>w << 3;
        count += popcnt<u64>(load<u64>(xi + o) & load<u64>(yj + o));
        count += popcnt<u64>(load<u64>(xi + o, 8) & load<u64>(yj + o, 8));
      }
      if (w < words) count += popcnt<u64>(load<u64>(xi + (<usize>w << 3)) & load<u64>(yj + (<usize>w << 3)));
      store<f64>(rowMajor(c, i, j, ldc), <f64>count);
    }
  }
}

/** The first row of part `id` of `count` of a lower triangle of n rows (row i has i + 1 entries), by equal area. */
function splitTriangle(n: i32, count: i32, id: i32): i32 {
  if (id <= 0) return 0;
  if (id >= count) return n;
  return min(n, <i32>Math.round(<f64>n * Math.sqrt(<f64>id / <f64>count)));
}

/**
 * Out[i, r] = weight[r] where bit r of pattern row i is set, else 0: the patterns as a dense matrix.
 *
 * patterns holds n rows of `words` u64; weight has m values; Out is n × m, row-major (row stride
 * m), and overlaps neither. Scaled per neuron, for kernels with non-uniform output weights.
 */
export function expand_patterns_f64(n: i32, m: i32, patterns: usize, words: i32, weight: usize, out: usize): void {
  for (let i = 0; i < n; i++) {
    const pi = rowMajor(patterns, i, 0, words);
    const oi = rowMajor(out, i, 0, m);
    for (let w = 0; w < words; w++) {
      const bits = load<u64>(pi + (<usize>w << 3));
      const r0 = w << 6;
      const r1 = min(m, r0 + 64);
      for (let r = r0; r < r1; r++) {
        put(oi, r, (bits >> <u64>(r - r0)) & 1 ? at(weight, r) : 0.0);
      }
    }
  }
}

/**
 * out[i] ← alpha·a[i]·(b[i] + shift) + beta·out[i] over `length` values.
 *
 * Element by element, so out may be a or b itself (but not partly overlap them); with beta = 0,
 * out is not read.
 */
export function hadamard_f64(length: i32, alpha: f64, a: usize, b: usize, shift: f64, beta: f64, out: usize): void {
  const va = f64x2.splat(alpha), vs = f64x2.splat(shift), vb = f64x2.splat(beta);
  let i = 0;
  for (; i + 2 <= length; i += 2) {
    const o = <usize>i << 3;
    const prod = f64x2.mul(va, f64x2.mul(v128.load(a + o), f64x2.add(v128.load(b + o), vs)));
    const prev = beta == 0.0 ? f64x2.splat(0.0) : f64x2.mul(vb, v128.load(out + o));
    v128.store(out + o, f64x2.add(prod, prev));
  }
  for (; i < length; i++) {
    const o = <usize>i << 3;
    const prev = beta == 0.0 ? 0.0 : beta * load<f64>(out + o);
    store<f64>(out + o, alpha * load<f64>(a + o) * (load<f64>(b + o) + shift) + prev);
  }
}

/** ‖x − σ·y‖₂ for unit-normalised x/nx and y/ny of length d (σ = ±1), computed term by term. */
function unitDistance(d: i32, x: usize, nx: f64, y: usize, ny: f64, sign: f64): f64 {
  const ix = 1.0 / nx, iy = sign / ny;
  let s = 0.0;
  for (let k = 0; k < d; k++) {
    const t = at(x, k) * ix - at(y, k) * iy;
    s += t * t;
  }
  return sqrt(s);
}

/**
 * The infinite-width kernels H∞ and K⁽ᵃ⁾ of the points X and Y, from their Gram matrix and norms.
 *
 * X (nx × d) and Y (ny × d) are row-major (row stride d); G = X·Yᵀ is nx × ny, row-major, row
 * stride ldg; normX (nx) and normY (ny) are the row norms. Writes H∞ to h (unless 0) and K⁽ᵃ⁾ to
 * k (unless 0), nx × ny with row stride ldg; when h = k, their sum H∞ + K⁽ᵃ⁾ (the NTK with both
 * layers trained) goes there. h and k may be G itself (each entry is read before it is written),
 * but overlap nothing else. A point of norm 0 has kernel value 0 with everything.
 */
export function arccos_kernels_f64(
  nx: i32, ny: i32, d: i32, x: usize, y: usize, g: usize, ldg: i32, normX: usize, normY: usize, h: usize, k: usize,
): void {
  if (parallelThreads() > 1 && <f64>nx * <f64>ny >= PARALLEL_MIN_ENTRIES && nx >= 2) {
    setArg(0, <f64>nx); setArg(1, <f64>ny); setArg(2, <f64>d); setArg(3, <f64>x); setArg(4, <f64>y); setArg(5, <f64>g);
    setArg(6, <f64>ldg); setArg(7, <f64>normX); setArg(8, <f64>normY); setArg(9, <f64>h); setArg(10, <f64>k);
    runJob(JOB_ARCCOS);
    return;
  }
  arccosRows(0, nx, ny, d, x, y, g, ldg, normX, normY, h, k);
}

/** A thread's share of arccos_kernels_f64: a block of rows (each entry is computed alone). */
export function arccosPart(control: usize, id: i32, count: i32): void {
  const nx = argI32(control, 0);
  arccosRows(splitEven(nx, count, id), splitEven(nx, count, id + 1), argI32(control, 1), argI32(control, 2), argPtr(control, 3), argPtr(control, 4),
    argPtr(control, 5), argI32(control, 6), argPtr(control, 7), argPtr(control, 8), argPtr(control, 9), argPtr(control, 10));
}

/** arccos_kernels_f64 on rows i0 … i1 − 1. */
function arccosRows(
  i0: i32, i1: i32, ny: i32, d: i32, x: usize, y: usize, g: usize, ldg: i32, normX: usize, normY: usize, h: usize, k: usize,
): void {
  for (let i = i0; i < i1; i++) {
    const ni = at(normX, i);
    const xi = rowMajor(x, i, 0, d);
    for (let j = 0; j < ny; j++) {
      const nj = at(normY, j);
      const o = (<usize>i * ldg + j) << 3; // of entry (i, j) in G, H and K
      const gij = load<f64>(g + o);
      let hv = 0.0, kv = 0.0;
      if (ni > 0.0 && nj > 0.0) {
        const norms = ni * nj;
        const cosine = min(1.0, max(-1.0, gij / norms));
        // θ and φ = π − θ, each from the formula that is accurate for it.
        let phi: f64, sinTheta: f64, cosTheta: f64;
        if (cosine >= COSINE_SWITCH) {
          const theta = 2.0 * Math.asin(0.5 * unitDistance(d, xi, ni, rowMajor(y, j, 0, d), nj, 1.0));
          phi = PI - theta;
          sinTheta = Math.sin(theta);
          cosTheta = Math.cos(theta);
        } else if (cosine <= -COSINE_SWITCH) {
          phi = 2.0 * Math.asin(0.5 * unitDistance(d, xi, ni, rowMajor(y, j, 0, d), nj, -1.0));
          sinTheta = Math.sin(phi);
          cosTheta = -Math.cos(phi);
        } else {
          const theta = Math.acos(cosine);
          phi = PI - theta;
          sinTheta = Math.sin(theta);
          cosTheta = cosine;
        }
        hv = gij * phi * INV_TWO_PI;
        kv = norms * (sinTheta + phi * cosTheta) * INV_TWO_PI;
      }
      if (h != 0 && h == k) {
        store<f64>(h + o, hv + kv);
      } else {
        if (h != 0) store<f64>(h + o, hv);
        if (k != 0) store<f64>(k + o, kv);
      }
    }
  }
}
