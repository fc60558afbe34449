// The stability limits against the recurrences themselves: just below the limit the linearized
// iteration on λ = 1 stays bounded for thousands of steps, just above it grows.
import { describe, expect, it } from 'vitest';
import { Matrix, gd, heavyBall, nesterov, predictResidual, ready, twoMomentum } from '../../src/index';
import type { Optimizer } from '../../src/index';

/** |c_K| of the discrete prediction on the 1 × 1 kernel [1] from c₀ = 1, and its stable limit. */
function run(make: (lr: number) => Optimizer, lr: number, steps = 20_000): { last: number; limit: number } {
  const p = predictResidual(Matrix.from([[1]]), [1], { optimizer: make(lr), steps, mode: 'discrete' });
  return { last: p.residualNorm[steps], limit: p.maxStableLearningRate };
}

describe('maxStableLearningRate', () => {
  it.each([
    ['GD', (lr: number) => gd({ lr })],
    ['HB β=0.6', (lr: number) => heavyBall({ lr, momentum: 0.6 })],
    ['NAG-SC β=0.5', (lr: number) => nesterov({ lr, momentum: 0.5 })],
    ['two-momentum (0.2, 0.5)', (lr: number) => twoMomentum({ lr, beta1: 0.2, beta2: 0.5 })],
    // β₂ < 0: a complex pair of roots leaves the unit circle before the real root reaches −1
    ['two-momentum (0, −0.5)', (lr: number) => twoMomentum({ lr, beta1: 0, beta2: -0.5 })],
    ['two-momentum (0.5, −0.2)', (lr: number) => twoMomentum({ lr, beta1: 0.5, beta2: -0.2 })],
    ['two-momentum (−0.3, −0.9)', (lr: number) => twoMomentum({ lr, beta1: -0.3, beta2: -0.9 })],
  ])('%s: bounded just below the limit, growing just above it', async (_, make) => {
    await ready();
    const { limit } = run(make, 0.01);
    expect(run(make, limit * 0.98).last).toBeLessThan(1);
    expect(run(make, limit * 1.02).last).toBeGreaterThan(10);
  });

  it('two-momentum (0, −0.5) on λ = 1: the limit is 1.5, not 3', async () => {
    await ready();
    expect(run((lr) => twoMomentum({ lr, beta1: 0, beta2: -0.5 }), 0.1).limit).toBeCloseTo(1.5, 12);
  });

  it('a diverging prediction ends as data: divergedAt, then Infinity, never NaN; residuals stop before it', async () => {
    await ready();
    const H = Matrix.from([[2, 0.5], [0.5, 1]]);
    const p = predictResidual(H, [1, -1], { optimizer: gd({ lr: 1.5 }), steps: 5000, mode: 'discrete', residuals: true, amplitudes: true });
    expect(p.stable).toBe(false);
    expect(p.divergedAt).toBeGreaterThan(100);
    const k = p.divergedAt!;
    expect(Number.isFinite(p.loss[k - 1])).toBe(true);
    expect(Array.from(p.loss.subarray(k)).every((v) => v === Infinity)).toBe(true);
    expect(Array.from(p.residualNorm).some(Number.isNaN)).toBe(false);
    expect(p.residuals!.rows).toBe(k);
    expect(p.amplitudes!.rows).toBe(k);
    expect(p.residuals!.data.every(Number.isFinite)).toBe(true);
  });
});
