// An explicit Runge–Kutta 5(4) integrator with adaptive steps: the Dormand–Prince pair
// (Dormand & Prince, "A family of embedded Runge-Kutta formulae", J. Comput. Appl. Math. 6(1),
// 1980), propagating the 5th-order solution with the first-same-as-last property, and the step
// size control of Hairer, Nørsett & Wanner, "Solving Ordinary Differential Equations I", §II.4
// (error norm in rtol/atol, factor 0.9·err^(−1/5) bounded to [0.2, 10]). Output times are hit
// exactly by shortening the step that would pass them. Used to cross-check every closed form of
// the dynamics, and exported for users' own systems.

import { checkOptions, describe, requireFiniteArray } from '../args';


/** dy ← f(t, y). */
export type OdeFunction = (t: number, y: Float64Array, dy: Float64Array) => void;

/** Options of {@link integrate}; unknown keys are a TypeError. */
export interface IntegrateOptions {
  /** Relative tolerance (default 1e-9). */
  rtol?: number;
  /** Absolute tolerance (default 1e-12). */
  atol?: number;
  /** Times to report the solution at, within tspan and ascending (default: just the end). */
  times?: ArrayLike<number>;
  /** Give up after this many accepted steps (default 1e6). */
  maxSteps?: number;
}

/** The solution of {@link integrate} at the requested times, and the work it took. */
export interface IntegrateResult {
  /** The times the solution is reported at: `opts.times`, or [t₁] when none were given. */
  times: Float64Array;
  /** The solution at each of `times`. */
  values: Float64Array[];
  /** Steps whose error estimate met the tolerances. */
  acceptedSteps: number;
  /** Steps tried and retaken with a smaller step size (each costs 6 evaluations of f). */
  rejectedSteps: number;
}

// Butcher tableau of DOPRI5.
const C2 = 1 / 5, C3 = 3 / 10, C4 = 4 / 5, C5 = 8 / 9;
const A21 = 1 / 5;
const A31 = 3 / 40, A32 = 9 / 40;
const A41 = 44 / 45, A42 = -56 / 15, A43 = 32 / 9;
const A51 = 19372 / 6561, A52 = -25360 / 2187, A53 = 64448 / 6561, A54 = -212 / 729;
const A61 = 9017 / 3168, A62 = -355 / 33, A63 = 46732 / 5247, A64 = 49 / 176, A65 = -5103 / 18656;
const B1 = 35 / 384, B3 = 500 / 1113, B4 = 125 / 192, B5 = -2187 / 6784, B6 = 11 / 84;
// b − b̂: the error estimate's weights
const E1 = 71 / 57600, E3 = -71 / 16695, E4 = 71 / 1920, E5 = -17253 / 339200, E6 = 22 / 525, E7 = -1 / 40;

/**
 * Solves y' = f(t, y), y(t₀) = y0 on tspan = [t₀, t₁] (t₁ > t₀).
 *
 * The error of each step, estimated from the embedded fourth-order solution, is kept at most 1 in
 * the RMS norm of e_i / (atol + rtol·max(|y_i|, |y_i,new|)); steps are shortened to land exactly
 * on each of `times`. Cost: 6 evaluations of f per step (the 7th is the next step's 1st), and
 * O(n) memory for n = y0.length besides the results.
 *
 * @throws TypeError when f is not a function, or rtol/atol are not numbers.
 * @throws RangeError for a tspan that is not [t₀, t₁] with t₀ < t₁, non-finite y0 or times, times
 *   outside tspan or not ascending, non-positive tolerances, more than maxSteps steps, or a
 *   solution that becomes non-finite.
 * @example
 *   // y'' = −y as a first-order system
 *   const r = integrate((t, y, dy) => { dy[0] = y[1]; dy[1] = -y[0]; }, [1, 0], [0, Math.PI]);
 *   r.values[0][0];   // ≈ −1
 */
export function integrate(f: OdeFunction, y0: ArrayLike<number>, tspan: [number, number], opts: IntegrateOptions = {}): IntegrateResult {
  const fn = 'integrate';
  if (typeof f !== 'function') throw new TypeError(`${fn}: f must be a function (got ${describe(f)})`);
  const span = requireFiniteArray(fn, 'tspan', tspan);
  if (span.length !== 2) throw new RangeError(`${fn}: tspan must be [t0, t1] (got ${span.length} numbers)`);
  const [t0, t1] = span;
  if (!(t1 > t0)) throw new RangeError(`${fn}: tspan must be [t0, t1] with t0 < t1 (got [${t0}, ${t1}])`);
  const o = checkOptions(fn, opts, ['rtol', 'atol', 'times', 'maxSteps']);
  const rtol = o.rtol ?? 1e-9, atol = o.atol ?? 1e-12, maxSteps = o.maxSteps ?? 1e6;
  if (typeof rtol !== 'number' || typeof atol !== 'number') throw new TypeError(`${fn}: rtol and atol must be numbers (got ${describe(rtol)} and ${describe(atol)})`);
  if (!(rtol > 0) || !(atol >= 0) || !Number.isFinite(rtol) || !Number.isFinite(atol)) throw new RangeError(`${fn}: rtol must be finite and > 0, atol finite and ≥ 0 (got ${rtol} and ${atol})`);
  if (typeof maxSteps !== 'number' || !Number.isSafeInteger(maxSteps) || maxSteps < 1) throw new RangeError(`${fn}: maxSteps must be a positive integer (got ${describe(maxSteps)})`);
  const start = requireFiniteArray(fn, 'y0', y0);
  const outTimes = o.times === undefined ? Float64Array.of(t1) : requireFiniteArray(fn, 'times', o.times);
  for (let i = 0; i < outTimes.length; i++) {
    if (!(outTimes[i] >= t0 && outTimes[i] <= t1) || (i > 0 && outTimes[i] < outTimes[i - 1])) {
      throw new RangeError(`${fn}: times must be ascending and within [${t0}, ${t1}] (times[${i}] = ${outTimes[i]})`);
    }
  }
  const n = start.length;
  let y = start;
  const k1 = new Float64Array(n), k2 = new Float64Array(n), k3 = new Float64Array(n), k4 = new Float64Array(n);
  const k5 = new Float64Array(n), k6 = new Float64Array(n), k7 = new Float64Array(n);
  const tmp = new Float64Array(n);
  let yNew = new Float64Array(n);
  const values: Float64Array[] = [];
  let next = 0;
  while (next < outTimes.length && outTimes[next] === t0) {
    values.push(y.slice());
    next++;
  }
  f(t0, y, k1);
  // Initial step from the scale of y and y' (Hairer et al. §II.4, simplified).
  let d0 = 0, d1 = 0;
  for (let i = 0; i < n; i++) {
    const sc = atol + rtol * Math.abs(y[i]);
    if (!(sc > 0)) continue; // a component at exactly 0 with atol = 0 sets no scale
    d0 = Math.max(d0, Math.abs(y[i]) / sc);
    d1 = Math.max(d1, Math.abs(k1[i]) / sc);
  }
  let h = Math.min(t1 - t0, d0 < 1e-5 || d1 < 1e-5 ? 1e-6 * (t1 - t0) : (0.01 * d0) / d1);
  let t = t0;
  let accepted = 0, rejected = 0;
  while (next < outTimes.length) {
    if (accepted >= maxSteps) throw new RangeError(`${fn}: more than ${maxSteps} steps needed to reach t = ${outTimes[next]} (stiff, or tolerances too tight?)`);
    const target = outTimes[next];
    const step = Math.min(h, target - t);
    const hitsTarget = step === target - t;
    const stage = (out: Float64Array, coeffs: number[], ks: Float64Array[]) => {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < ks.length; j++) s += coeffs[j] * ks[j][i];
        out[i] = y[i] + step * s;
      }
    };
    stage(tmp, [A21], [k1]); f(t + C2 * step, tmp, k2);
    stage(tmp, [A31, A32], [k1, k2]); f(t + C3 * step, tmp, k3);
    stage(tmp, [A41, A42, A43], [k1, k2, k3]); f(t + C4 * step, tmp, k4);
    stage(tmp, [A51, A52, A53, A54], [k1, k2, k3, k4]); f(t + C5 * step, tmp, k5);
    stage(tmp, [A61, A62, A63, A64, A65], [k1, k2, k3, k4, k5]); f(t + step, tmp, k6);
    stage(yNew, [B1, 0, B3, B4, B5, B6], [k1, k2, k3, k4, k5, k6]);
    const tNew = hitsTarget ? target : t + step;
    f(tNew, yNew, k7);
    let err = 0;
    for (let i = 0; i < n; i++) {
      const e = step * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i]);
      const sc = atol + rtol * Math.max(Math.abs(y[i]), Math.abs(yNew[i]));
      // With atol = 0 a component that is exactly 0 has no scale: its error counts only if nonzero.
      err += sc > 0 ? (e / sc) ** 2 : e === 0 ? 0 : Infinity;
    }
    err = Math.sqrt(err / Math.max(1, n));
    if (Number.isNaN(err) || (!Number.isFinite(err) && !yNew.every(Number.isFinite))) throw new RangeError(`${fn}: the solution became non-finite near t = ${t}`);
    const factor = Math.min(10, Math.max(0.2, 0.9 * Math.pow(Math.max(err, 1e-16), -0.2)));
    if (err <= 1) {
      accepted++;
      t = tNew;
      [y, yNew] = [yNew, y];
      k1.set(k7); // first same as last
      if (hitsTarget) {
        values.push(y.slice());
        next++;
        while (next < outTimes.length && outTimes[next] === t) {
          values.push(y.slice());
          next++;
        }
      }
      // A step shortened to land on an output time says little about the next one: keep h.
      h = hitsTarget && step < h ? Math.max(h, step * factor) : step * factor;
    } else {
      rejected++;
      h = step * Math.min(1, factor);
    }
  }
  return { times: outTimes, values, acceptedSteps: accepted, rejectedSteps: rejected };
}
