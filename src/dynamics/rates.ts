// Convergence rates: fitted from a loss curve, and predicted by the theory from a kernel's
// spectrum (docs/theory.md#rates): GD and heavy ball converge linearly, NAG-C only like t^(−ρ).

import type { Matrix } from '../linalg/matrix';
import { eigvalsh } from '../linalg/eigh';
import { descriptorOf, requireOptimizer, type Optimizer } from '../optimizers/registry';
import type { TheoreticalRate } from '../optimizers/descriptor';
import { maxStableLearningRate } from './modes';
import { checkOptions, describe, requireNumberArray } from '../args';

export type { TheoreticalRate };

/** What fitRate() finds: the curve's decay as an exponential and as a power law, and which fits better. */
export interface RateFit {
  /** −d log L / dk: the linear rate (per step, or per unit of the time given). */
  linearRate: number;
  /** d log L / d log k: the polynomial exponent (−ρ for the NAG-C envelope). */
  exponent: number;
  /** 'linear' when log L against k fits a line better than log L against log k does. */
  kind: 'linear' | 'sublinear';
  /** R² of the linear fit (log L against k), on the upper envelope of the curve. */
  linearR2: number;
  /** R² of the power-law fit (log L against log k), on the same points. */
  polynomialR2: number;
}

function leastSquares(x: number[], y: number[]): { slope: number; r2: number } {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n, my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, r2: syy === 0 ? 1 : (sxy * sxy) / (sxx * syy) };
}

/**
 * Fits the decay of a loss curve L(k) over the window [from, to] of k (default: the last decade,
 * [k_end/10, k_end], where transients have died down and where a power law and an exponential
 * look different enough to tell apart; k_end is the last k whose loss is still above the floor
 * of float64 rounding, 1e-24·L(k₀), so a curve that has converged to that floor is fitted
 * where it was still decaying). Oscillating curves (momentum) are fitted on their upper
 * envelope: the running maximum from the right, so that each point is the largest loss at or
 * after it.
 */
export function fitRate(k: ArrayLike<number>, loss: ArrayLike<number>, window?: { from?: number; to?: number }): RateFit {
  const fn = 'fitRate';
  const ks = requireNumberArray(fn, 'k', k);
  const losses = requireNumberArray(fn, 'loss', loss);
  if (ks.length !== losses.length) throw new RangeError(`${fn}: k has ${ks.length} entries but loss has ${losses.length}`);
  for (let i = 0; i < ks.length; i++) {
    if (!Number.isFinite(ks[i]) || !Number.isFinite(losses[i])) throw new RangeError(`${fn}: entry ${i} is not finite (k = ${ks[i]}, loss = ${losses[i]}); fit the finite part of the curve`);
  }
  k = ks;
  loss = losses;
  if (window !== undefined) {
    checkOptions(fn, window, ['from', 'to']);
    for (const key of ['from', 'to'] as const) {
      const v = window[key];
      if (v !== undefined && typeof v !== 'number') throw new TypeError(`${fn}: window.${key} must be a number (got ${describe(v)})`);
      if (v !== undefined && Number.isNaN(v)) throw new RangeError(`${fn}: window.${key} is NaN`);
    }
  }
  const floor = 1e-24 * Math.abs(loss[0]);
  let end = k.length - 1;
  while (end > 0 && !(loss[end] > floor)) end--;
  const to = window?.to ?? k[end];
  const from = window?.from ?? to / 10;
  const xs: number[] = [], ys: number[] = [];
  let envelope = -Infinity;
  for (let i = k.length - 1; i >= 0; i--) {
    envelope = Math.max(envelope, loss[i]);
    if (k[i] >= from && k[i] <= to && k[i] > 0 && envelope > 0 && Number.isFinite(envelope)) {
      xs.push(k[i]);
      ys.push(Math.log(envelope));
    }
  }
  if (xs.length < 3) throw new RangeError(`${fn}: the window [${from}, ${to}] holds ${xs.length} usable points (positive k and loss); need 3`);
  const linear = leastSquares(xs, ys);
  const polynomial = leastSquares(xs.map(Math.log), ys);
  return {
    linearRate: -linear.slope,
    exponent: polynomial.slope,
    kind: linear.r2 >= polynomial.r2 ? 'linear' : 'sublinear',
    linearR2: linear.r2,
    polynomialR2: polynomial.r2,
  };
}

/**
 * The loss's asymptotic decay predicted by the ODE limit for kernel eigenvalues `lambdas`
 * (λ₀ = the smallest, clipped at 0), per unit of the optimizer's ODE time (docs/theory.md#theoretical-rate):
 * GD 2λ₀; HB with γ = (1 − β)/√η: 2·(γ/2) when γ ≤ 2√λ₀, else 2·(γ − √(γ² − 4λ₀))/2; NAG-C:
 * the envelope t^(−ρ); NAG-SC, two-momentum and QHM like HB for their oscillators.
 */
export function theoreticalRate(lambdas: ArrayLike<number>, optimizer: Optimizer): TheoreticalRate {
  const o = requireOptimizer('theoreticalRate', optimizer);
  const values = Array.from(lambdas ?? []);
  if (values.length === 0 || values.some((v) => !Number.isFinite(v))) throw new RangeError('theoreticalRate: eigenvalues must be a non-empty array of finite numbers');
  const lambda0 = Math.max(0, Math.min(...values));
  return descriptorOf(o).theoreticalRate(o, { lambda0, lambdas: values });
}

/** The largest learning rate at which the optimizer is stable on kernel H (docs/theory.md#stability). */
export function maxLearningRate(H: Matrix, optimizer: Optimizer): number {
  const values = eigvalsh(H, { subset: { largest: 1 } });
  return maxStableLearningRate(requireOptimizer('maxLearningRate', optimizer), values[0]);
}

/**
 * The heavy-ball momentum that damps the slowest mode critically at step η: γ* = 2√λ₀, so
 * β* = 1 − 2√(λ₀η) (0 when that is negative).
 */
export function criticalMomentum(H: Matrix, lr: number): number {
  if (typeof lr !== 'number' || !(lr > 0) || !Number.isFinite(lr)) throw new RangeError(`criticalMomentum: lr must be a positive finite number (got ${describe(lr)})`);
  const lambda0 = Math.max(0, eigvalsh(H, { subset: { smallest: 1 } })[0]);
  return Math.max(0, 1 - 2 * Math.sqrt(lambda0 * lr));
}
