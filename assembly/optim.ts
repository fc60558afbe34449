// Parameter updates of the optimizers (docs/theory.md#optimizers), applied in place to the network's resident
// weights, two lanes at a time. The state (previous iterates, or an averaged gradient) lives in Wasm memory beside them.

import { at } from './elements';

/**
 * θ ← θ − η·g + β₁(θ − p₁) + β₂(p₁ − p₂), then p₂ ← p₁, p₁ ← θ_old: the three-term momentum step.
 *
 * Over `len` values in place; θ, g, p₁ and p₂ are distinct arrays. Gradient descent (β₁ = β₂ = 0,
 * p₁ = p₂ = 0 pointers: no state), heavy ball (β₂ = 0, p₂ = 0) and the two-momentum method. With
 * p₁ = θ_{k−1} and p₂ = θ_{k−2} this is exactly the update of docs/theory.md#two-momentum.
 */
export function momentum_step_f64(len: i32, theta: usize, grad: usize, p1: usize, p2: usize, lr: f64, beta1: f64, beta2: f64): void {
  const vlr = f64x2.splat(lr), vb1 = f64x2.splat(beta1), vb2 = f64x2.splat(beta2);
  let i = 0;
  for (; i + 2 <= len; i += 2) {
    const o = <usize>i << 3;
    const t = v128.load(theta + o);
    let next = f64x2.sub(t, f64x2.mul(vlr, v128.load(grad + o)));
    if (p1 != 0) {
      const q1 = v128.load(p1 + o);
      next = f64x2.add(next, f64x2.mul(vb1, f64x2.sub(t, q1)));
      if (p2 != 0) {
        next = f64x2.add(next, f64x2.mul(vb2, f64x2.sub(q1, v128.load(p2 + o))));
        v128.store(p2 + o, q1);
      }
      v128.store(p1 + o, t);
    }
    v128.store(theta + o, next);
  }
  for (; i < len; i++) {
    const o = <usize>i << 3;
    const t = load<f64>(theta + o);
    let next = t - lr * load<f64>(grad + o);
    if (p1 != 0) {
      const q1 = load<f64>(p1 + o);
      next += beta1 * (t - q1);
      if (p2 != 0) {
        next += beta2 * (q1 - load<f64>(p2 + o));
        store<f64>(p2 + o, q1);
      }
      store<f64>(p1 + o, t);
    }
    store<f64>(theta + o, next);
  }
}

/**
 * x_new = y − η·g, y ← x_new + β·(x_new − x), x ← x_new: Nesterov's step, over `len` values in place.
 *
 * The weights are at the extrapolated point y (where g was taken), the iterate x is the state; y,
 * g and x are distinct arrays.
 */
export function nesterov_step_f64(len: i32, y: usize, grad: usize, x: usize, lr: f64, beta: f64): void {
  const vlr = f64x2.splat(lr), vb = f64x2.splat(beta);
  let i = 0;
  for (; i + 2 <= len; i += 2) {
    const o = <usize>i << 3;
    const xNew = f64x2.sub(v128.load(y + o), f64x2.mul(vlr, v128.load(grad + o)));
    v128.store(y + o, f64x2.add(xNew, f64x2.mul(vb, f64x2.sub(xNew, v128.load(x + o)))));
    v128.store(x + o, xNew);
  }
  for (; i < len; i++) {
    const o = <usize>i << 3;
    const xNew = load<f64>(y + o) - lr * load<f64>(grad + o);
    store<f64>(y + o, xNew + beta * (xNew - load<f64>(x + o)));
    store<f64>(x + o, xNew);
  }
}

/**
 * b ← β·b + (1 − β)·g, θ ← θ − η·((1 − ν)·g + ν·b): the quasi-hyperbolic momentum step.
 *
 * Ma & Yarats, "Quasi-hyperbolic momentum and Adam for deep learning", ICLR 2019, with b = 0 before
 * the first step. ν = 0 is gradient descent (bit for bit: 1·g + 0·b = g), ν = 1 heavy ball with
 * step η(1 − β), ν = β NAG-SC with step η(1 − β) at its extrapolated point (docs/theory.md#qhm).
 * θ, g and b are `len` f64 each, updated in place (θ and b written; g read); no two may overlap.
 */
export function qhm_step_f64(len: i32, theta: usize, grad: usize, buf: usize, lr: f64, beta: f64, nu: f64): void {
  const vlr = f64x2.splat(lr), vb = f64x2.splat(beta), vgb = f64x2.splat(1 - beta), vnu = f64x2.splat(nu), vgnu = f64x2.splat(1 - nu);
  let i = 0;
  for (; i + 2 <= len; i += 2) {
    const o = <usize>i << 3;
    const g = v128.load(grad + o);
    const b = f64x2.add(f64x2.mul(vb, v128.load(buf + o)), f64x2.mul(vgb, g));
    v128.store(buf + o, b);
    v128.store(theta + o, f64x2.sub(v128.load(theta + o), f64x2.mul(vlr, f64x2.add(f64x2.mul(vgnu, g), f64x2.mul(vnu, b)))));
  }
  for (; i < len; i++) {
    const o = <usize>i << 3;
    const g = load<f64>(grad + o);
    const b = beta * load<f64>(buf + o) + (1 - beta) * g;
    store<f64>(buf + o, b);
    store<f64>(theta + o, load<f64>(theta + o) - lr * ((1 - nu) * g + nu * b));
  }
}

/** Σ (a[i] − b[i])² over `len` values: the squared distance of two parameter vectors (reads only). */
export function diff_norm2_f64(len: i32, a: usize, b: usize): f64 {
  let acc = f64x2.splat(0.0);
  let i = 0;
  for (; i + 2 <= len; i += 2) {
    const o = <usize>i << 3;
    const d = f64x2.sub(v128.load(a + o), v128.load(b + o));
    acc = f64x2.add(acc, f64x2.mul(d, d));
  }
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  for (; i < len; i++) {
    const d = at(a, i) - at(b, i);
    s += d * d;
  }
  return s;
}
