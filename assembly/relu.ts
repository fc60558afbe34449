// The two-layer ReLU network's hot paths, for f(x) = s·Σ_r a_r·σ(w_rᵀx + b_r), σ(z) = max(z, 0),
// with s = 1/√m (NTK parameterization) or 1 (standard). The pre-activations Z = X·Wᵀ come from
// the GEMM kernel; these kernels take Z (n × m, row-major) from there.
//
// Activation patterns S = 1{Z + b ≥ 0} (docs/theory.md#gradient takes the derivative of σ at 0 as 1) are kept
// bit-packed, 64 neurons per u64 word, row i of S in words i·W … i·W + W − 1 (W = ⌈m/64⌉, the
// unused high bits of the last word are 0): m·n/8 bytes instead of 8·m·n, and the empirical NTK
// counts shared active neurons of two samples with popcount (kernels.ts).

import { at, put, rowMajor } from './elements';
import { JOB_RELU_BACKWARD, JOB_RELU_FORWARD, argF64, argI32, argPtr, parallelThreads, runJob, setArg, splitEven } from './parallel';

/** Passes over fewer entries than this run on one thread (the hand-off would cost more than it saves). */
const PARALLEL_MIN_ENTRIES: f64 = 65536;

/**
 * Z ← σ(Z + b) in place, u = s·σ(Z + b)·a, and the activation patterns: the forward pass.
 *
 * Z holds the pre-activations, n × m, row-major, row stride ldz; it is overwritten by the
 * activations, kept for the output-layer gradient and kernel. u[i] = s·Σ_r a_r·σ(Z[i, r] + b_r),
 * and row i of patterns (n rows of `words` u64) gets the bits of σ's activity. b (m values, or 0
 * for no bias) and a (m) are read; u (n) and patterns are written; none overlaps another or Z.
 */
export function relu_forward_f64(n: i32, m: i32, z: usize, ldz: i32, b: usize, a: usize, s: f64, u: usize, patterns: usize, words: i32): void {
  if (parallelThreads() > 1 && <f64>n * <f64>m >= PARALLEL_MIN_ENTRIES && n >= 2) {
    setArg(0, <f64>n); setArg(1, <f64>m); setArg(2, <f64>z); setArg(3, <f64>ldz); setArg(4, <f64>b);
    setArg(5, <f64>a); setArg(6, s); setArg(7, <f64>u); setArg(8, <f64>patterns); setArg(9, <f64>words);
    runJob(JOB_RELU_FORWARD);
    return;
  }
  forwardRows(0, n, m, z, ldz, b, a, s, u, patterns, words);
}

/** A thread's share of relu_forward_f64: a block of rows (each output u[i] is one row's sum). */
export function reluForwardPart(c: usize, id: i32, count: i32): void {
  const n = argI32(c, 0);
  forwardRows(splitEven(n, count, id), splitEven(n, count, id + 1), argI32(c, 1), argPtr(c, 2), argI32(c, 3), argPtr(c, 4),
    argPtr(c, 5), argF64(c, 6), argPtr(c, 7), argPtr(c, 8), argI32(c, 9));
}

/** relu_forward_f64 on rows i0 … i1 − 1. */
function forwardRows(i0: i32, i1: i32, m: i32, z: usize, ldz: i32, b: usize, a: usize, s: f64, u: usize, patterns: usize, words: i32): void {
  const zero = f64x2.splat(0.0);
  for (let i = i0; i < i1; i++) {
    const zi = rowMajor(z, i, 0, ldz);
    const pi = rowMajor(patterns, i, 0, words);
    let acc = f64x2.splat(0.0);
    let total = 0.0;
    for (let w = 0; w < words; w++) {
      const r0 = w << 6;
      const r1 = min(m, r0 + 64);
      let bits: u64 = 0;
      let r = r0;
      for (; r + 2 <= r1; r += 2) {
        const o = <usize>r << 3;
        let v = v128.load(zi + o);
        if (b != 0) v = f64x2.add(v, v128.load(b + o));
        const mask = f64x2.ge(v, zero);
        bits |= <u64>i64x2.bitmask(mask) << <u64>(r - r0);
        const act = v128.and(v, mask); // σ(v): v where v ≥ 0, +0 elsewhere
        v128.store(zi + o, act);
        acc = f64x2.add(acc, f64x2.mul(act, v128.load(a + o)));
      }
      for (; r < r1; r++) {
        const o = <usize>r << 3;
        let v = load<f64>(zi + o);
        if (b != 0) v += load<f64>(b + o);
        const on = v >= 0.0;
        if (on) bits |= (<u64>1) << <u64>(r - r0);
        const act = on ? v : 0.0;
        store<f64>(zi + o, act);
        total += act * load<f64>(a + o);
      }
      store<u64>(pi + (<usize>w << 3), bits);
    }
    total += f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
    put(u, i, s * total);
  }
}

/**
 * σ(Z) ← M (M[i, r] = s·a_r·resid_i if sample i activates neuron r), ∇_a L, ∇_b L: the backward pass.
 *
 * σ(Z) and M are n × m, row-major, row stride ldz; M[i, r] is 0 where bit r of row i of patterns
 * (n rows of `words` u64) is clear. Then ∇_W L = Mᵀ·X (GEMM). Before overwriting, when the
 * pointers are not 0, adds s·Σ_i σ(Z)[i, r]·resid_i to gradA[r] (∇_a L) and Σ_i M[i, r] to
 * gradB[r] (∇_b L): accumulated, so that row chunks can be summed. a (m), resid (n) and patterns
 * are read; gradA and gradB (m each) overlap nothing else.
 */
export function relu_backward_f64(n: i32, m: i32, z: usize, ldz: i32, patterns: usize, words: i32, a: usize, s: f64, resid: usize, gradA: usize, gradB: usize): void {
  if (parallelThreads() > 1 && <f64>n * <f64>m >= PARALLEL_MIN_ENTRIES && words >= 2) {
    setArg(0, <f64>n); setArg(1, <f64>m); setArg(2, <f64>z); setArg(3, <f64>ldz); setArg(4, <f64>patterns);
    setArg(5, <f64>words); setArg(6, <f64>a); setArg(7, s); setArg(8, <f64>resid); setArg(9, <f64>gradA); setArg(10, <f64>gradB);
    runJob(JOB_RELU_BACKWARD);
    return;
  }
  backwardWords(0, words, n, m, z, ldz, patterns, words, a, s, resid, gradA, gradB);
}

/**
 * A thread's share of relu_backward_f64: a block of neurons, whole pattern words (64 neurons), so
 * that each ∇a_r and ∇b_r is summed over the rows by one thread, in row order.
 */
export function reluBackwardPart(c: usize, id: i32, count: i32): void {
  const words = argI32(c, 5);
  backwardWords(splitEven(words, count, id), splitEven(words, count, id + 1), argI32(c, 0), argI32(c, 1), argPtr(c, 2), argI32(c, 3),
    argPtr(c, 4), words, argPtr(c, 6), argF64(c, 7), argPtr(c, 8), argPtr(c, 9), argPtr(c, 10));
}

/** relu_backward_f64 on the neurons of pattern words w0 … w1 − 1 (neurons 64·w0 … min(m, 64·w1) − 1). */
function backwardWords(w0: i32, w1: i32, n: i32, m: i32, z: usize, ldz: i32, patterns: usize, words: i32, a: usize, s: f64, resid: usize, gradA: usize, gradB: usize): void {
  const rStart = w0 << 6;
  const rEnd = min(m, w1 << 6);
  for (let i = 0; i < n; i++) {
    const zi = rowMajor(z, i, 0, ldz);
    const pi = rowMajor(patterns, i, 0, words);
    const ri = at(resid, i);
    const sr = f64x2.splat(s * ri);
    if (gradA != 0) {
      // gradA += s·r_i·σ(Z)[i, :] (rStart is a multiple of 64: the pairs are the whole row's)
      let r = rStart;
      for (; r + 2 <= rEnd; r += 2) {
        const o = <usize>r << 3;
        v128.store(gradA + o, f64x2.add(v128.load(gradA + o), f64x2.mul(sr, v128.load(zi + o))));
      }
      for (; r < rEnd; r++) {
        const o = <usize>r << 3;
        store<f64>(gradA + o, load<f64>(gradA + o) + s * ri * load<f64>(zi + o));
      }
    }
    // Two neurons at a time, without branches: the pattern bits (about half of them set, in no
    // predictable order) become lane masks.
    for (let w = w0; w < w1; w++) {
      const bits = load<u64>(pi + (<usize>w << 3));
      const r0 = w << 6;
      const r1 = min(m, r0 + 64);
      let r = r0;
      for (; r + 2 <= r1; r += 2) {
        const o = <usize>r << 3;
        const shift = <u64>(r - r0);
        const lo = -<i64>((bits >> shift) & 1);
        const hi = -<i64>((bits >> (shift + 1)) & 1);
        const mask = i64x2.replace_lane(i64x2.splat(lo), 1, hi);
        const v = v128.and(f64x2.mul(sr, v128.load(a + o)), mask);
        v128.store(zi + o, v);
        if (gradB != 0) v128.store(gradB + o, f64x2.add(v128.load(gradB + o), v));
      }
      for (; r < r1; r++) {
        const o = <usize>r << 3;
        const v = select<f64>(s * ri * load<f64>(a + o), 0.0, ((bits >> <u64>(r - r0)) & 1) != 0);
        store<f64>(zi + o, v);
        if (gradB != 0) store<f64>(gradB + o, load<f64>(gradB + o) + v);
      }
    }
  }
}
