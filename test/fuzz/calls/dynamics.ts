// Calls of the optimizers and the dynamics (predictResidual, Bessel functions, integrate, the
// rates), and how their results are checked.

import {
  Matrix, besselJ, besselScaled, criticalMomentum, fitRate, gd, heavyBall, integrate, maxLearningRate, nesterov,
  optimizerLabel, predictResidual, qhm, theoreticalRate, twoMomentum, type EighResult, type Optimizer,
} from '../../../src/index';
import { discreteNorms, flowNorms } from '../dynamics-reference';
import { ODES } from '../recipes';
import { firstMismatch, jacobiEigenvalues, maxAbs } from '../references';
import type { CallTable } from './types';

type Options = Record<string, unknown>;

function checkOptimizer(result: unknown, expected: Options): string | undefined {
  if (result === null || typeof result !== 'object') return 'not an object';
  if (!Object.isFrozen(result)) return 'not frozen';
  for (const [key, v] of Object.entries(expected)) if (!Object.is((result as Options)[key], v)) return `${key} is ${String((result as Options)[key])}, expected ${String(v)}`;
  return undefined;
}

/** The kernel matrix an H argument stands for (a Matrix, or V·diag(λ)·Vᵀ of an eigh result). */
function kernelOf(H: unknown): { K: Float64Array; n: number } {
  if (H instanceof Matrix) return { K: H.data.slice(), n: H.rows };
  const { values, vectors } = H as EighResult;
  const n = values.length, V = vectors!.data;
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let l = 0; l < n; l++) s += V[i * n + l] * values[l] * V[j * n + l];
    K[i * n + j] = s;
  }
  return { K, n };
}

/** Γ(ν + 1) for integer or half-integer ν ≥ 0. */
function gammaPlusOne(nu: number): number {
  let g = Number.isInteger(nu) ? 1 : Math.sqrt(Math.PI);
  for (let t = Number.isInteger(nu) ? 1 : 0.5; t < nu + 1; t += 1) g *= t;
  return g;
}

export const DYNAMICS_CALLS: CallTable = {
  gd: { run: ([o]) => gd(o as never), check: ([o], r) => checkOptimizer(r, { kind: 'gd', lr: (o as Options).lr }) },
  heavyBall: { run: ([o]) => heavyBall(o as never), check: ([o], r) => checkOptimizer(r, { kind: 'heavy-ball', ...(o as Options) }) },
  nesterov: {
    run: ([o]) => nesterov(o as never),
    check: ([o], r) => {
      const opts = o as Options;
      return opts.momentum !== undefined
        ? checkOptimizer(r, { kind: 'nesterov-sc', lr: opts.lr, momentum: opts.momentum })
        : checkOptimizer(r, { kind: 'nesterov', lr: opts.lr, damping: opts.damping ?? 3 });
    },
  },
  twoMomentum: { run: ([o]) => twoMomentum(o as never), check: ([o], r) => checkOptimizer(r, { kind: 'two-momentum', ...(o as Options) }) },
  qhm: { run: ([o]) => qhm(o as never), check: ([o], r) => checkOptimizer(r, { kind: 'qhm', ...(o as Options) }) },
  optimizerLabel: {
    run: ([o]) => optimizerLabel(o as Optimizer),
    check: ([o], r) => (typeof r === 'string' && r.includes(`η=${(o as Optimizer).lr}`) ? undefined : `label ${String(r)}`),
  },
  predictResidual: {
    run: ([H, r0, o]) => predictResidual(H as Matrix, r0 as ArrayLike<number>, o as never),
    check: ([H, r0, o], result) => {
      const opts = o as Options & { optimizer: Optimizer };
      const res = result as { residualNorm?: unknown; loss?: unknown; times?: unknown; residuals?: unknown; amplitudes?: unknown };
      const { K, n } = kernelOf(H);
      const scale = opts.loss === 'mean' ? 2 / Math.max(1, n) : 1;
      const Ks = K.map((v) => v * scale);
      const r = Float64Array.from(r0 as ArrayLike<number>);
      const count = opts.times !== undefined ? (opts.times as ArrayLike<number>).length : (opts.steps as number) + 1;
      if (!(res.residualNorm instanceof Float64Array) || res.residualNorm.length !== count) return `residualNorm is not ${count} entries`;
      if (!(res.loss instanceof Float64Array) || res.loss.length !== count) return `loss is not ${count} entries`;
      if (!(res.times instanceof Float64Array) || res.times.length !== count) return `times is not ${count} entries`;
      if (count > 5000) {
        // a huge number of entries: the references would take too long; shapes and finiteness only
        return res.residualNorm.every((v) => Number.isFinite(v) || opts.mode === 'discrete') ? undefined : 'a non-finite residual norm in flow mode';
      }
      let expected: Float64Array;
      if (opts.mode === 'discrete') {
        expected = discreteNorms(opts.optimizer, Ks, n, r, opts.steps as number);
      } else {
        const settings = { limit: (opts.limit ?? 'second-order') as 'first-order' | 'second-order', resolution: (opts.resolution ?? 'low') as 'low' | 'high' };
        expected = flowNorms(opts.optimizer, settings, Ks, n, r, res.times);
      }
      const r0Norm = Math.sqrt(r.reduce((s, v) => s + v * v, 0));
      // Discrete: rounding grows with k and with the largest iterate; flow: the RK4 reference's own error.
      let running = r0Norm;
      const tolerance = expected.map((e, k) => {
        running = Math.max(running, e);
        return opts.mode === 'discrete' ? 1e-9 * (k + 1) * running + 1e-300 : 1e-5 * (r0Norm + e) + 1e-300;
      });
      const mismatch = firstMismatch(res.residualNorm, expected, (k) => tolerance[k], `residualNorm (${opts.mode} reference)`);
      if (mismatch) return mismatch;
      for (const [name, m] of [['residuals', res.residuals], ['amplitudes', res.amplitudes]] as const) {
        if (opts[name] === true && (!(m instanceof Matrix) || m.rows !== count || m.cols !== n)) return `${name} is not a ${count}×${n} Matrix`;
        if (opts[name] !== true && m !== undefined) return `${name} returned although not asked for`;
      }
      return undefined;
    },
  },
  besselJ: {
    run: ([nu, z]) => besselJ(nu as number, z as number),
    check: ([n, x], result) => {
      const nu = n as number, z = x as number;
      if (typeof result !== 'number' || !Number.isFinite(result) || Math.abs(result) > 1 + 1e-12) return `J = ${String(result)}`;
      if (nu >= 1 && z >= 0.5 && nu <= 40) {
        // J_{ν−1} + J_{ν+1} = (2ν/z)·J_ν (Abramowitz & Stegun 9.1.27)
        const below = besselJ(nu - 1, z), above = besselJ(nu + 1, z);
        const scale = Math.abs(below) + Math.abs(above) + Math.abs((2 * nu * result) / z);
        if (!(Math.abs(below + above - (2 * nu * result) / z) <= 1e-9 * scale + 1e-300)) return `recurrence off: J_{ν−1} + J_{ν+1} = ${below + above}, (2ν/z)J_ν = ${(2 * nu * result) / z}`;
      }
      return undefined;
    },
  },
  besselScaled: {
    run: ([nu, z]) => besselScaled(nu as number, z as number),
    check: ([n, x], result) => {
      const nu = n as number, z = x as number;
      if (typeof result !== 'number' || !Number.isFinite(result) || Math.abs(result) > 1 + 1e-12) return `value ${String(result)}`;
      if (z === 0 && result !== 1) return `value at z = 0 is ${result}, not 1`;
      if (z >= 1 && nu <= 10) {
        const factor = gammaPlusOne(nu) * Math.pow(2 / z, nu);
        const expected = factor * besselJ(nu, z);
        if (!(Math.abs(result - expected) <= 1e-12 * factor + 1e-9 * Math.abs(expected))) return `value ${result}, Γ(ν+1)(2/z)^ν·J_ν = ${expected}`;
      }
      return undefined;
    },
  },
  integrate: {
    run: ([f, y0, tspan, o]) => integrate(f as never, y0 as ArrayLike<number>, tspan as [number, number], o as never),
    check: ([f, y0, tspan, o], result) => {
      const [t0] = tspan as [number, number];
      const start = Float64Array.from(y0 as ArrayLike<number>);
      const res = result as { times: Float64Array; values: Float64Array[] };
      const times = (o as Options | undefined)?.times as ArrayLike<number> | undefined;
      const wanted = times ? Array.from(times) : [(tspan as number[])[1]];
      if (!(res.times instanceof Float64Array) || res.times.length !== wanted.length || res.values.length !== wanted.length) return `${res.values?.length} values for ${wanted.length} times`;
      if (f !== ODES.decay && f !== ODES.oscillator && f !== ODES.noop) {
        // no closed form (e.g. y' = y² from y0 ≤ 0): the values must at least be finite
        return res.values.every((v) => v.every(Number.isFinite)) ? undefined : 'a non-finite value returned';
      }
      // The error control keeps the local error near rtol·|y| + atol; allow for its build-up.
      const { rtol = 1e-9, atol = 1e-12 } = (o ?? {}) as { rtol?: number; atol?: number };
      for (let k = 0; k < wanted.length; k++) {
        const dt = wanted[k] - t0;
        const exact = f === ODES.decay ? start.map((v) => v * Math.exp(-dt))
          : f === ODES.oscillator ? start.map((v, i) => (i % 2 === 0 ? (i + 1 < start.length ? v * Math.cos(dt) + start[i + 1] * Math.sin(dt) : v) : -start[i - 1] * Math.sin(dt) + v * Math.cos(dt)))
          : start; // noop: nothing moves
        const tolerance = (i: number) => Math.max(1e-6, 100 * rtol) * (Math.abs(exact[i]) + maxAbs(start) * (1 + Math.abs(dt))) + 100 * atol * (1 + Math.abs(dt));
        const mismatch = firstMismatch(res.values[k], exact, tolerance, `values at t = ${wanted[k]}`);
        if (mismatch) return mismatch;
      }
      return undefined;
    },
  },
  fitRate: {
    run: ([k, loss, w]) => fitRate(k as ArrayLike<number>, loss as ArrayLike<number>, w as never),
    check: ([, , w], result, before) => {
      const r = result as { linearRate: number; exponent: number; kind: string; linearR2: number; polynomialR2: number };
      for (const key of ['linearRate', 'exponent', 'linearR2', 'polynomialR2'] as const) if (!Number.isFinite(r[key])) return `${key} is ${r[key]}`;
      const truth = before as { kind?: string; rate?: number } | undefined;
      // Exact exponential or power-law curves (see the generator) must be recognised and measured.
      if (truth?.kind && w === undefined) {
        if (r.kind !== truth.kind) return `kind ${r.kind}, the curve is ${truth.kind}`;
        const got = truth.kind === 'linear' ? r.linearRate : -r.exponent;
        if (!(Math.abs(got - truth.rate!) <= 1e-6 * truth.rate!)) return `rate ${got}, the curve's is ${truth.rate}`;
      }
      return undefined;
    },
    // The generator's curves are exact: loss = e^(−c·k) or (k + 1)^(−p); recognise them from the data.
    before: ([k, loss]) => {
      const ks = Array.from(k as ArrayLike<number>), ls = Array.from(loss as ArrayLike<number>);
      if (ks.length < 12 || !ls.every((v) => v > 0)) return undefined;
      const c = Math.log(ls[0] / ls[1]) / (ks[1] - ks[0]);
      if (ls.every((v, i) => Math.abs(Math.log(v) - (Math.log(ls[0]) - c * (ks[i] - ks[0]))) < 1e-9)) return { kind: 'linear', rate: c };
      const p = -Math.log(ls[1] / ls[2]) / Math.log(ks[1] / ks[2]);
      if (ks[0] > 0 && ls.every((v, i) => Math.abs(Math.log(v) - (Math.log(ls[1]) - p * (Math.log(ks[i]) - Math.log(ks[1])))) < 1e-9)) return { kind: 'sublinear', rate: p };
      return undefined;
    },
  },
  theoreticalRate: {
    run: ([lambdas, o]) => theoreticalRate(lambdas as ArrayLike<number>, o as Optimizer),
    check: ([lambdas, o], result) => {
      const r = result as { kind: string; rate?: number; exponent?: number; description: unknown };
      const opt = o as Optimizer;
      if (typeof r.description !== 'string') return 'no description';
      if (opt.kind === 'nesterov') return r.kind === 'sublinear' && r.exponent === -opt.damping ? undefined : `NAG-C: ${JSON.stringify(r)}`;
      if (r.kind !== 'linear' || !Number.isFinite(r.rate) || r.rate! < 0) return `rate ${String(r.rate)}`;
      if (opt.kind === 'gd') {
        const l0 = Math.max(0, Math.min(...Array.from(lambdas as ArrayLike<number>)));
        return r.rate === 2 * l0 ? undefined : `GD rate ${r.rate}, expected 2λ₀ = ${2 * l0}`;
      }
      return undefined;
    },
  },
  maxLearningRate: {
    run: ([H, o]) => maxLearningRate(H as Matrix, o as Optimizer),
    check: ([H, o], result) => {
      const lmax = jacobiEigenvalues(H as Matrix).at(-1)!;
      const opt = o as Optimizer;
      if (typeof result !== 'number' || Number.isNaN(result)) return `got ${String(result)}`;
      if (!(lmax > 1e-12 * maxAbs((H as Matrix).data))) return undefined; // λ_max ≈ 0 or < 0: Infinity or 0, both arguable
      // the limits of docs/theory.md#stability, written out independently of the registry
      const limit = (): number => {
        switch (opt.kind) {
          case 'gd': return 2;
          case 'heavy-ball': return 2 * (1 + opt.momentum);
          case 'nesterov-sc': return (2 + 2 * opt.momentum) / (1 + 2 * opt.momentum);
          case 'nesterov': return 4 / 3;
          case 'two-momentum': return Math.min(2 * (1 + opt.beta1 - opt.beta2), opt.beta2 < 0 ? ((1 + opt.beta2) * (1 - opt.beta1 - opt.beta2)) / -opt.beta2 : Infinity);
          case 'qhm': return (2 * (1 + opt.momentum)) / (1 + opt.momentum - 2 * opt.nu * opt.momentum);
        }
      };
      const expected = limit() / lmax;
      // (a subnormal λ_max makes the limit overflow: Infinity is then the rounded truth on both sides)
      return result === expected || Math.abs(result - expected) <= 1e-8 * expected ? undefined : `got ${result}, expected ${expected}`;
    },
  },
  criticalMomentum: {
    run: ([H, lr]) => criticalMomentum(H as Matrix, lr as number),
    check: ([H, lr], result) => {
      const l0 = Math.max(0, jacobiEigenvalues(H as Matrix)[0]);
      const expected = Math.max(0, 1 - 2 * Math.sqrt(l0 * (lr as number)));
      const tolerance = 1e-7 + 1e-6 * Math.sqrt(maxAbs((H as Matrix).data) * (lr as number));
      return typeof result === 'number' && Math.abs(result - expected) <= tolerance ? undefined : `got ${String(result)}, expected ${expected}`;
    },
  },
};
