// The eigenpairs of a rank-one update D + ρ·w·wᵀ (D = diag(δ), δ ascending and distinct after
// deflation, ρ > 0), for divide and conquer (stedc.ts). The eigenvalues are the roots of the
// secular equation
//   f(λ) = 1/ρ + Σ_j w_j² / (δ_j − λ) = 0,   one root in each (δ_i, δ_{i+1}) and one in
//   (δ_{K−1}, δ_{K−1} + ρ‖w‖²].
// The role of LAPACK dlaed4, by a method of our own from the same ingredients:
// - each root is sought as λ = δ_o + x from the nearer pole δ_o (chosen by the sign of f at the
//   middle of the interval), so that the differences δ_j − λ = (δ_j − δ_o) − x that the
//   eigenvectors are built from are accurate even when λ is within a few ulps of a pole
//   (Bunch, Nielsen & Sorensen, Numer. Math. 31, 1978; Li, "Solving secular equations stably
//   and efficiently", LAPACK Working Note 89, 1993);
// - each step fits f by c + s₁/(Δ₁ − y) + s₂/(Δ₂ − y) through the two poles that bound the
//   interval, matching f and the derivatives of its two halves (Li's "middle way"), and takes
//   the root of that model in the current bracket; a step that leaves the bracket is replaced by
//   bisection, so the iteration always converges.
// The eigenvectors are those of LAPACK dlaed3: from the computed roots, w is replaced by the ẑ
// for which they are exact (Gu & Eisenstat, "A stable and efficient algorithm for the rank-one
// modification of the symmetric eigenproblem", SIAM J. Matrix Anal. Appl. 15, 1994), which makes
// the vectors u_i ∝ (ẑ_j / (δ_j − λ_i))_j numerically orthogonal.

import { EPSILON } from './dlamch';
import { at, colMajor, put } from './elements';

const MAX_ITERATIONS: i32 = 200;

// The two results of sums(), as module globals (AssemblyScript functions return one value).
let sumValue: f64 = 0.0;
let sumDerivative: f64 = 0.0;

/**
 * Σ w_j²/(Δ_j − x) and Σ w_j²/(Δ_j − x)² over j ∈ [from, to), two terms per step: the hot loop
 * of the whole divide and conquer after its GEMMs.
 */
function sums(from: i32, to: i32, w: usize, diffs: usize, x: f64): void {
  const vx = f64x2.splat(x);
  let v = f64x2.splat(0.0), dv = f64x2.splat(0.0);
  let j = from;
  for (; j + 2 <= to; j += 2) {
    const o = <usize>j << 3;
    const wj = v128.load(w + o);
    const t = f64x2.div(wj, f64x2.sub(v128.load(diffs + o), vx));
    v = f64x2.add(v, f64x2.mul(wj, t));
    dv = f64x2.add(dv, f64x2.mul(t, t));
  }
  let value = f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
  let derivative = f64x2.extract_lane(dv, 0) + f64x2.extract_lane(dv, 1);
  for (; j < to; j++) {
    const wj = at(w, j);
    const t = wj / (at(diffs, j) - x);
    value += wj * t;
    derivative += t * t;
  }
  sumValue = value;
  sumDerivative = derivative;
}

/**
 * Finds root i (0-based) for K values δ (ascending) and w at `delta`, `w`. Writes
 * Δ_j = δ_j − λ_i for j = 0..K−1 into `out` and returns λ_i, or NaN if the iteration did not
 * converge.
 */
export function secularRoot(K: i32, i: i32, delta: usize, w: usize, rho: f64, out: usize): f64 {
  const rhoInv = 1.0 / rho;
  if (K == 1) {
    const lambda = at(delta, 0) + rho * at(w, 0) * at(w, 0);
    put(out, 0, at(delta, 0) - lambda);
    return lambda;
  }
  let origin: i32, lo: f64, hi: f64;
  if (i < K - 1) {
    const half = 0.5 * (at(delta, i + 1) - at(delta, i));
    // f at the middle of (δ_i, δ_{i+1}) decides which pole the root is nearer.
    const di = at(delta, i);
    let fmid = rhoInv;
    for (let j = 0; j < K; j++) {
      const wj = at(w, j);
      fmid += wj * wj / ((at(delta, j) - di) - half);
    }
    if (fmid >= 0.0) {
      origin = i;
      lo = 0.0;
      hi = half;
    } else {
      origin = i + 1;
      lo = -half;
      hi = 0.0;
    }
  } else {
    let wsq = 0.0;
    for (let j = 0; j < K; j++) wsq += at(w, j) * at(w, j);
    origin = K - 1;
    lo = 0.0;
    hi = rho * wsq * (1.0 + 4.0 * EPSILON);
  }
  // The two poles whose terms the model keeps exactly.
  const left = i < K - 1 ? i : K - 2;
  const right = left + 1;
  const d0 = at(delta, origin);
  // out_j ← δ_j − δ_o, the differences relative to the origin.
  for (let j = 0; j < K; j++) put(out, j, at(delta, j) - d0);
  let x = 0.5 * (lo + hi);
  let converged = false;
  for (let iter = 0; iter < MAX_ITERATIONS; iter++) {
    sums(0, left + 1, w, out, x);
    const psi = sumValue, dpsi = sumDerivative;
    sums(right, K, w, out, x);
    const phi = sumValue, dphi = sumDerivative;
    const f = rhoInv + psi + phi;
    // Bound on the rounding error of f at x (each term and the sum, and x itself).
    const err = EPSILON * (8.0 * (rhoInv + abs(psi) + abs(phi)) + abs(x) * (dpsi + dphi));
    if (abs(f) <= err) {
      converged = true;
      break;
    }
    if (f < 0.0) lo = x; else hi = x; // f increases with λ
    if (hi - lo <= 4.0 * EPSILON * max(abs(lo), abs(hi))) {
      converged = true;
      break;
    }
    // Model c + s₁/(Δ₁ − y) + s₂/(Δ₂ − y) at y = x + η, with δ₁ = Δ₁ − x, δ₂ = Δ₂ − x:
    // c·η² − B·η + δ₁δ₂·f = 0, B = c(δ₁ + δ₂) + s₁ + s₂.
    const del1 = at(out, left) - x;
    const del2 = at(out, right) - x;
    const s1 = del1 * del1 * dpsi;
    const s2 = del2 * del2 * dphi;
    const c = f - dpsi * del1 - dphi * del2;
    const B = c * (del1 + del2) + s1 + s2;
    const D = del1 * del2 * f;
    let next = NaN;
    if (c == 0.0) {
      if (B != 0.0) next = x + D / B;
    } else {
      const disc = B * B - 4.0 * c * D;
      if (disc >= 0.0) {
        const q = 0.5 * (B + copysign(sqrt(disc), B));
        const r1 = q != 0.0 ? x + q / c : NaN;
        const r2 = q != 0.0 ? x + D / q : NaN;
        const in1 = r1 > lo && r1 < hi, in2 = r2 > lo && r2 < hi;
        if (in1 && in2) next = abs(r1 - x) < abs(r2 - x) ? r1 : r2;
        else if (in1) next = r1;
        else if (in2) next = r2;
      }
    }
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (next == x) {
      converged = true;
      break;
    }
    x = next;
  }
  if (!converged) return NaN;
  for (let j = 0; j < K; j++) put(out, j, at(out, j) - x);
  return d0 + x;
}

/**
 * The eigenpairs of diag(δ) + ρ·w·wᵀ for the K values δ (ascending) at `delta` and w at `w`
 * (LAPACK dlaed3, with secularRoot in the role of dlaed4): λ_i to lambda[i], and the unit
 * eigenvector of λ_i to column i of U (K × K, column-major, leading dimension K), which first holds
 * the differences δ_j − λ_i. Gu and Eisenstat's ẑ, ẑ_j² = −(δ_j − λ_j)·Π_{i≠j} (δ_j − λ_i)/(δ_j −
 * δ_i) with the sign of w_j, goes to `what` (K values); u_i(j) = ẑ_j / (δ_j − λ_i), normalised.
 * No two of the arrays overlap. Returns false if a root did not converge.
 */
export function secularEigenpairs(K: i32, delta: usize, w: usize, rho: f64, lambda: usize, U: usize, what: usize): bool {
  for (let i = 0; i < K; i++) {
    const li = secularRoot(K, i, delta, w, rho, colMajor(U, 0, i, K));
    if (isNaN(li)) return false;
    put(lambda, i, li);
  }
  for (let j = 0; j < K; j++) put(what, j, load<f64>(colMajor(U, j, j, K)));
  for (let i = 0; i < K; i++) {
    const di = at(delta, i);
    const col = colMajor(U, 0, i, K);
    productStep(0, i, col, di, delta, what);
    productStep(i + 1, K, col, di, delta, what);
  }
  for (let j = 0; j < K; j++) put(what, j, copysign(sqrt(-at(what, j)), at(w, j)));
  for (let i = 0; i < K; i++) secularVector(K, colMajor(U, 0, i, K), what);
  return true;
}

/** ẑ_j ← ẑ_j·(δ_j − λ_i)/(δ_j − δ_i) for j ∈ [from, to): one factor of the Gu–Eisenstat products. */
function productStep(from: i32, to: i32, col: usize, di: f64, delta: usize, what: usize): void {
  const vdi = f64x2.splat(di);
  let j = from;
  for (; j + 2 <= to; j += 2) {
    const o = <usize>j << 3;
    const ratio = f64x2.div(v128.load(col + o), f64x2.sub(v128.load(delta + o), vdi));
    v128.store(what + o, f64x2.mul(v128.load(what + o), ratio));
  }
  for (; j < to; j++) put(what, j, at(what, j) * (at(col, j) / (at(delta, j) - di)));
}

/** col ← ẑ ./ col, normalised: the eigenvector (ẑ_j / (δ_j − λ_i))_j from the differences in col. */
function secularVector(K: i32, col: usize, what: usize): void {
  let acc = f64x2.splat(0.0);
  let j = 0;
  for (; j + 2 <= K; j += 2) {
    const o = <usize>j << 3;
    const v = f64x2.div(v128.load(what + o), v128.load(col + o));
    v128.store(col + o, v);
    acc = f64x2.add(acc, f64x2.mul(v, v));
  }
  let norm = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  for (; j < K; j++) {
    const v = at(what, j) / at(col, j);
    put(col, j, v);
    norm += v * v;
  }
  const inv = f64x2.splat(1.0 / sqrt(norm));
  j = 0;
  for (; j + 2 <= K; j += 2) {
    const o = <usize>j << 3;
    v128.store(col + o, f64x2.mul(v128.load(col + o), inv));
  }
  for (; j < K; j++) put(col, j, at(col, j) * f64x2.extract_lane(inv, 0));
}
