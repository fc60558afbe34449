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
  /** R² of the linear fit (log L against k), on the points fitted. */
  linearR2: number;
  /** R² of the power-law fit (log L against log k), on the same points. */
  polynomialR2: number;
  /** Whether the curve oscillates and its upper envelope was fitted (else the points themselves). */
  envelope: boolean;
}

function leastSquares(x: number[], y: number[]): { slope: number; intercept: number; r2: number } {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n, my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, r2: syy === 0 ? 1 : (sxy * sxy) / (sxx * syy) };
}

/**
 * Fits the decay of a loss curve L(k) over the window [from, to] of k (default: the last decade,
 * [k_end/10, k_end], where transients have died down and where a power law and an exponential
 * look different enough to tell apart; k_end is the last k whose loss is still above the floor
 * of float64 rounding, 1e-24·L(k₀), so a curve that has converged to that floor is fitted
 * where it was still decaying).
 *
 * A curve that oscillates (momentum) is fitted on its upper envelope, the running maximum from
 * the right, so that its dips towards zero do not pull the line down. A curve that merely carries
 * noise is fitted as it is: the running maximum of noise grows where fewer points follow, which
 * would flatten the slope. The two are told apart by the dips: on an oscillating curve the
 * points fall far below the best line (log L more than a factor e below, at the 5th percentile,
 * and 2.5× further below the median than the 95th percentile lies above it); noise is symmetric
 * in log L. With fewer than 8 points in the window the envelope is used.
 */
export function fitRate(k: ArrayLike<number>, loss: ArrayLike<number>, window?: { from?: number; to?: number }): RateFit {
  const fn = 'fitRate';
  const ks = requireNumberArray(fn, 'k', k);
  const losses = requireNumberArray(fn, 'loss', loss);
  if (ks.length !== losses.length) throw new RangeError(`${fn}: k has ${ks.length} entries but loss has ${losses.length}`);
  for (let i = 0; i < ks.length; i++) {
    if (!Number.isFinite(ks[i]) || !Number.isFinite(losses[i])) throw new RangeError(`${fn}: entry ${i} is not finite (k = ${ks[i]}, loss = ${losses[i]}); fit the finite part of the curve`);
  }
  if (window !== undefined) {
    checkOptions(fn, window, ['from', 'to']);
    for (const key of ['from', 'to'] as const) {
      const v = window[key];
      if (v !== undefined && typeof v !== 'number') throw new TypeError(`${fn}: window.${key} must be a number (got ${describe(v)})`);
      if (v !== undefined && !Number.isFinite(v)) throw new RangeError(`${fn}: window.${key} must be finite (got ${v}); leave it out for the default, or give 0 for the whole curve`);
    }
  }
  const floor = 1e-24 * Math.abs(losses[0]);
  let end = ks.length - 1;
  while (end > 0 && !(losses[end] > floor)) end--;
  const to = window?.to ?? ks[end];
  const from = window?.from ?? to / 10;
  const inWindow = (i: number) => ks[i] >= from && ks[i] <= to && ks[i] > 0;

  const plain = { xs: [] as number[], ys: [] as number[] };
  for (let i = 0; i < ks.length; i++) {
    if (inWindow(i) && losses[i] > 0) {
      plain.xs.push(ks[i]);
      plain.ys.push(Math.log(losses[i]));
    }
  }
  const envelope = plain.xs.length < MIN_POINTS_TO_TELL || oscillates(plain.xs, plain.ys);
  let { xs, ys } = plain;
  if (envelope) {
    xs = [];
    ys = [];
    let top = -Infinity;
    for (let i = ks.length - 1; i >= 0; i--) {
      top = Math.max(top, losses[i]);
      if (inWindow(i) && top > 0) {
        xs.unshift(ks[i]);
        ys.unshift(Math.log(top));
      }
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
    envelope,
  };
}

const MIN_POINTS_TO_TELL = 8;

/** Whether log L dips far below its best straight line (against k or log k) more than noise would. */
function oscillates(xs: number[], ys: number[]): boolean {
  const lnX = xs.map(Math.log);
  const a = leastSquares(xs, ys), b = leastSquares(lnX, ys);
  const [x, fit] = a.r2 >= b.r2 ? [xs, a] : [lnX, b];
  const residuals = ys.map((y, i) => y - fit.intercept - fit.slope * x[i]).sort((p, q) => p - q);
  const quantile = (q: number) => residuals[Math.round(q * (residuals.length - 1))];
  const below = quantile(0.5) - quantile(0.05), above = quantile(0.95) - quantile(0.5);
  return below > 1 && below > 2.5 * above;
}

/** What fitPowerLaw() finds: y ≈ coefficient · x^exponent. */
export interface PowerLawFit {
  /** p: the slope of log y against log x. */
  exponent: number;
  /** c = e^(intercept). */
  coefficient: number;
  /** R² of the line log y against log x. */
  r2: number;
}

/**
 * Least-squares line through (log x, log y): the exponent and coefficient of y ≈ c·x^p, e.g. of a
 * gap against the width (theory: p = −1/2). All x and y must be positive and finite, at least 2.
 */
export function fitPowerLaw(x: ArrayLike<number>, y: ArrayLike<number>): PowerLawFit {
  const fn = 'fitPowerLaw';
  const xs = requireNumberArray(fn, 'x', x), ys = requireNumberArray(fn, 'y', y);
  if (xs.length !== ys.length) throw new RangeError(`${fn}: x has ${xs.length} entries but y has ${ys.length}`);
  if (xs.length < 2) throw new RangeError(`${fn}: need at least 2 points (got ${xs.length})`);
  for (let i = 0; i < xs.length; i++) {
    if (!(xs[i] > 0 && ys[i] > 0 && Number.isFinite(xs[i]) && Number.isFinite(ys[i]))) {
      throw new RangeError(`${fn}: point ${i} (${xs[i]}, ${ys[i]}) is not positive and finite; a power law needs both`);
    }
  }
  const line = leastSquares(Array.from(xs, Math.log), Array.from(ys, Math.log));
  if (!Number.isFinite(line.slope)) throw new RangeError(`${fn}: all x are equal; a slope needs two different x`);
  return { exponent: line.slope, coefficient: Math.exp(line.intercept), r2: line.r2 };
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
