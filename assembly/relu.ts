// The two-layer ReLU network's hot paths, for f(x) = s·Σ_r a_r·σ(w_rᵀx + b_r), σ(z) = max(z, 0),
// with s = 1/√m (NTK parameterization) or 1 (standard). The pre-activations Z = X·Wᵀ come from
// the GEMM kernel; these kernels take Z (n × m, row-major) from there.
//
// Activation patterns S = 1{Z + b ≥ 0} (docs/theory.md#gradient takes the derivative of σ at 0 as 1) are kept
// bit-packed, 64 neurons per u64 word, row i of S in words i·W … i·W + W − 1 (W = ⌈m/64⌉, the
// unused high bits of the last word are 0): m·n/8 bytes instead of 8·m·n, and the empirical NTK
// counts shared active neurons of two samples with popcount (kernels.ts).

import { at, put, rowMajor } from './elements';

/**
 * Z ← σ(Z + b) in place, u = s·σ(Z + b)·a, and the activation patterns: the forward pass.
 *
 * Z holds the pre-activations, n × m, row-major, row stride ldz; it is overwritten by the
 * activations, kept for the output-layer gradient and kernel. u[i] = s·Σ_r a_r·σ(Z[i, r] + b_r),
 * and row i of patterns (n rows of `words` u64) gets the bits of σ's activity. b (m values, or 0
 * for no bias) and a (m) are read; u (n) and patterns are written; none overlaps another or Z.
 */
export function relu_forward_f64(n: i32, m: i32, z: usize, ldz: i32, b: usize, a: usize, s: f64, u: usize, patterns: usize, words: i32): void {
  const zero = f64x2.splat(0.0);
  for (let i = 0; i < n; i++) {
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
  for (let i = 0; i < n; i++) {
    const zi = rowMajor(z, i, 0, ldz);
    const pi = rowMajor(patterns, i, 0, words);
    const ri = at(resid, i);
    const sr = f64x2.splat(s * ri);
    if (gradA != 0) {
      // gradA += s·r_i·σ(Z)[i, :]
      let r = 0;
      for (; r + 2 <= m; r += 2) {
        const o = <usize>r << 3;
        v128.store(gradA + o, f64x2.add(v128.load(gradA + o), f64x2.mul(sr, v128.load(zi + o))));
      }
      for (; r < m; r++) {
        const o = <usize>r << 3;
        store<f64>(gradA + o, load<f64>(gradA + o) + s * ri * load<f64>(zi + o));
      }
    }
    // Two neurons at a time, without branches: the pattern bits (about half of them set, in no
    // predictable order) become lane masks.
    for (let w = 0; w < words; w++) {
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
