// The optimizers of docs/theory.md#optimizers as small immutable descriptions, shared by the trainer (which runs
// them on the network) and by the dynamics (which predict what they do to the residual).
//
//   gd({ lr })                       θ_{k+1} = θ_k − η·g_k
//   heavyBall({ lr, momentum })      θ_{k+1} = θ_k − η·g_k + β·(θ_k − θ_{k−1}),  θ_{−1} = θ_0
//   nesterov({ lr, damping })        NAG-C: x_{k+1} = y_k − η·∇L(y_k),
//                                    y_{k+1} = x_{k+1} + k/(k + ρ)·(x_{k+1} − x_k), y_0 = x_0
//   nesterov({ lr, momentum })       NAG-SC: the same with a constant momentum β
//   twoMomentum({ lr, beta1, beta2 }) θ_{k+1} = θ_k − η·g_k + β₁(θ_k − θ_{k−1}) + β₂(θ_{k−1} − θ_{k−2})

import { describe } from '../args';


export type Optimizer =
  | { readonly kind: 'gd'; readonly lr: number }
  | { readonly kind: 'heavy-ball'; readonly lr: number; readonly momentum: number }
  | { readonly kind: 'nesterov'; readonly lr: number; readonly damping: number }
  | { readonly kind: 'nesterov-sc'; readonly lr: number; readonly momentum: number }
  | { readonly kind: 'two-momentum'; readonly lr: number; readonly beta1: number; readonly beta2: number };

function options(fn: string, opts: unknown, known: string[]): Record<string, unknown> {
  if (opts === null || typeof opts !== 'object') throw new TypeError(`${fn}: options must be an object (got ${describe(opts)})`);
  for (const key of Object.keys(opts)) {
    if (!known.includes(key)) throw new TypeError(`${fn}: unknown option '${key}' (known: ${known.join(', ')})`);
  }
  return opts as Record<string, unknown>;
}

function positive(fn: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0)) throw new RangeError(`${fn}: ${name} must be a positive finite number (got ${describe(v)})`);
  return v;
}

function inUnitInterval(fn: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v >= 1) throw new RangeError(`${fn}: ${name} must be in [0, 1) (got ${describe(v)})`);
  return v;
}

/** Gradient descent with step (learning rate) η. */
export function gd(opts: { lr: number }): Optimizer {
  const o = options('gd', opts, ['lr']);
  return Object.freeze({ kind: 'gd', lr: positive('gd', 'lr', o.lr) });
}

/** Polyak's heavy ball: step η, momentum β ∈ [0, 1) (PyTorch's SGD with momentum). */
export function heavyBall(opts: { lr: number; momentum: number }): Optimizer {
  const o = options('heavyBall', opts, ['lr', 'momentum']);
  return Object.freeze({ kind: 'heavy-ball', lr: positive('heavyBall', 'lr', o.lr), momentum: inUnitInterval('heavyBall', 'momentum', o.momentum) });
}

/**
 * Nesterov's accelerated gradient. With `damping` ρ (default 3, the classical method; the
 * authors' experiments call it d): NAG-C, momentum (k − 1)/(k + ρ − 1) at step k. With
 * `momentum` β instead: NAG-SC, constant momentum. Not both.
 */
export function nesterov(opts: { lr: number; damping?: number; momentum?: number }): Optimizer {
  const fn = 'nesterov';
  const o = options(fn, opts, ['lr', 'damping', 'momentum']);
  const lr = positive(fn, 'lr', o.lr);
  if (o.momentum !== undefined) {
    if (o.damping !== undefined) throw new TypeError(`${fn}: give damping (NAG-C) or momentum (NAG-SC), not both`);
    return Object.freeze({ kind: 'nesterov-sc', lr, momentum: inUnitInterval(fn, 'momentum', o.momentum) });
  }
  const damping = o.damping ?? 3;
  if (typeof damping !== 'number' || !Number.isFinite(damping) || !(damping >= 1)) {
    throw new RangeError(`${fn}: damping must be a finite number ≥ 1 (got ${describe(damping)})`);
  }
  return Object.freeze({ kind: 'nesterov', lr, damping });
}

/**
 * Heavy ball with a second momentum term (the authors' "higher momentum"). Stable only when both
 * roots of z² − β₁z − β₂ lie strictly inside the unit circle, which is checked.
 */
export function twoMomentum(opts: { lr: number; beta1: number; beta2: number }): Optimizer {
  const fn = 'twoMomentum';
  const o = options(fn, opts, ['lr', 'beta1', 'beta2']);
  const lr = positive(fn, 'lr', o.lr);
  for (const key of ['beta1', 'beta2']) {
    const v = o[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${fn}: ${key} must be a finite number (got ${describe(v)})`);
  }
  const beta1 = o.beta1 as number, beta2 = o.beta2 as number;
  // Schur–Cohn conditions for z² − β₁z − β₂: |β₂| < 1 and |β₁| < 1 − β₂.
  if (!(Math.abs(beta2) < 1 && Math.abs(beta1) < 1 - beta2)) {
    throw new RangeError(
      `${fn}: (beta1, beta2) = (${beta1}, ${beta2}) makes z² − β₁z − β₂ have a root on or outside the unit circle, ` +
        'so the iteration diverges whatever the step; need |β₂| < 1 and |β₁| < 1 − β₂',
    );
  }
  return Object.freeze({ kind: 'two-momentum', lr, beta1, beta2 });
}

/**
 * Checks that a value is one of the optimizer descriptions above, validating its fields again
 * (it may have been built by hand or parsed from JSON), and returns a checked copy.
 */
export function requireOptimizer(fn: string, value: unknown): Optimizer {
  const v = value as Record<string, unknown> | null;
  if (v === null || typeof v !== 'object') {
    throw new TypeError(`${fn}: optimizer must come from gd(), heavyBall(), nesterov() or twoMomentum() (got ${describe(value)})`);
  }
  const { kind, ...rest } = v;
  const at = (f: () => Optimizer) => {
    try {
      return f();
    } catch (error) {
      throw new (error instanceof RangeError ? RangeError : TypeError)(`${fn}: invalid optimizer: ${(error as Error).message}`);
    }
  };
  switch (kind) {
    case 'gd': return at(() => gd(rest as { lr: number }));
    case 'heavy-ball': return at(() => heavyBall(rest as { lr: number; momentum: number }));
    case 'nesterov': return at(() => nesterov(rest as { lr: number; damping: number }));
    case 'nesterov-sc': return at(() => nesterov(rest as { lr: number; momentum: number }));
    case 'two-momentum': return at(() => twoMomentum(rest as { lr: number; beta1: number; beta2: number }));
    default:
      throw new TypeError(`${fn}: optimizer must come from gd(), heavyBall(), nesterov() or twoMomentum() (got ${describe(value)})`);
  }
}

/** A short label, as the reports print it: "GD η=0.1", "HB η=0.1 β=0.9", "NAG η=0.1 ρ=3". */
export function optimizerLabel(o: Optimizer): string {
  switch (o.kind) {
    case 'gd': return `GD η=${o.lr}`;
    case 'heavy-ball': return `HB η=${o.lr} β=${o.momentum}`;
    case 'nesterov': return `NAG η=${o.lr} ρ=${o.damping}`;
    case 'nesterov-sc': return `NAG-SC η=${o.lr} β=${o.momentum}`;
    case 'two-momentum': return `2-momentum η=${o.lr} β₁=${o.beta1} β₂=${o.beta2}`;
  }
}
