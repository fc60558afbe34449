// The two squared-loss conventions of docs/theory.md#losses. Theory uses the half-sum; the authors' PyTorch
// experiments use the mean (MSELoss), whose gradient is (2/n)× the half-sum's.

import { describe } from '../args';
import type { OutputGradient } from './model';


/**
 * The training loss of residual r = u − y over n points: 'half-sum', ½‖r‖² (the theory's, whose
 * gradient flow is ṙ = −H·r), or 'mean', ‖r‖²/n (the mean squared error the authors used, which
 * scales the kernel by 2/n).
 */
export type LossConvention = 'half-sum' | 'mean';

export function requireLoss(fn: string, value: unknown): LossConvention {
  if (value === undefined) return 'half-sum';
  if (value !== 'half-sum' && value !== 'mean') {
    throw new TypeError(`${fn}: loss must be 'half-sum' or 'mean' (got ${describe(value)})`);
  }
  return value;
}

/** L(r): ½‖r‖² (half-sum) or ‖r‖²/n (mean). */
export function lossValue(residual: ArrayLike<number>, convention: LossConvention): number {
  let sum = 0;
  for (let i = 0; i < residual.length; i++) sum += residual[i] * residual[i];
  return convention === 'mean' ? sum / Math.max(1, residual.length) : 0.5 * sum;
}

/** ∂L/∂u = scale·r: 1 (half-sum) or 2/n (mean). */
export function lossGradientScale(n: number, convention: LossConvention): number {
  return convention === 'mean' ? 2 / Math.max(1, n) : 1;
}

/**
 * ∂L/∂u = scale·(u − y) for each chunk of outputs (scale from lossGradientScale), storing the
 * residual u − y of those rows into `residual` as it goes.
 */
export function residualGradient(target: Float64Array, scale: number, residual: Float64Array): OutputGradient {
  return (u, start) => {
    const out = new Float64Array(u.length);
    for (let i = 0; i < u.length; i++) {
      residual[start + i] = u[i] - target[start + i];
      out[i] = scale * residual[start + i];
    }
    return out;
  };
}
