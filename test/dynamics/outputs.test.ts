// predictOutputs: the GD flow against neural-tangents' closed form in NumPy (test/fixtures/outputs.json,
// written by generate_outputs.py), the train part against predictResidual bit for bit, the discrete
// mode of every optimizer against the linearized iteration run on (f(X), f(X*)) itself, degenerate
// kernels, the limit t = ∞, diagReg, several target columns, divergence and bad input.
import { beforeAll, describe, expect, it } from 'vitest';
import fixture from '../fixtures/outputs.json';
import {
  Matrix, eigh, gd, heavyBall, matmul, nesterov, predictOutputs, predictResidual, qhm, ready, twoMomentum, Random,
  type Optimizer, type OutputPredictOptions,
} from '../../src/index';

const TIMES = fixture.times.map((t) => (t === 'Infinity' ? Infinity : Number(t)));
const Y = Matrix.from(fixture.y);
const F0 = Matrix.from(fixture.f0);
const F0_TEST = Matrix.from(fixture.f0Test);

/** The column q of a Matrix as a Float64Array. */
function column(m: Matrix, q: number): Float64Array {
  return Float64Array.from({ length: m.rows }, (_, i) => m.get(i, q));
}

/** max |a − b| over max |b|: the norm-wise relative difference. */
function relative(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0, scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

/** Every optimizer kind, both Nesterov variants (NAG-C also with a non-integer ρ, which has no flow), at steps that are stable for λ_max ≤ 3. */
const OPTIMIZERS: [string, Optimizer][] = [
  ['GD', gd({ lr: 0.3 })],
  ['heavy ball', heavyBall({ lr: 0.2, momentum: 0.8 })],
  ['NAG-C ρ = 3', nesterov({ lr: 0.2 })],
  ['NAG-C ρ = 4.5', nesterov({ lr: 0.2, damping: 4.5 })],
  ['NAG-SC', nesterov({ lr: 0.2, momentum: 0.7 })],
  ['two-momentum', twoMomentum({ lr: 0.2, beta1: 0.5, beta2: 0.3 })],
  ['QHM', qhm({ lr: 0.3, momentum: 0.9, nu: 0.7 })],
];

const hasFlow = (o: Optimizer) => o.kind !== 'nesterov' || Number.isInteger(o.damping);

/**
 * The linearized network run by `o` itself, in output space: with f = f₀ + J(θ − θ₀) on the
 * training points and f* = f₀* + J*(θ − θ₀) on the test points, a gradient Jᵀ·(c·r) moves them by
 * H·(c·r) and K*·(c·r). The optimizers' updates, written out per kind (no eigenbasis, no σ).
 */
function linearizedIteration(o: Optimizer, H: Matrix, K: Matrix, y: Float64Array, f0: Float64Array, f0Test: Float64Array, c: number, steps: number) {
  const n = y.length;
  const mul = (A: Matrix, v: Float64Array) => Float64Array.from({ length: A.rows }, (_, i) => {
    let s = 0;
    for (let j = 0; j < A.cols; j++) s += A.data[i * A.cols + j] * v[j];
    return s;
  });
  const residual = (f: Float64Array) => f.map((v, i) => c * (v - y[i]));
  let f: Float64Array = f0.slice(), fPrev: Float64Array = f0.slice(), fPrev2: Float64Array = f0.slice();
  let g: Float64Array = f0Test.slice(), gPrev: Float64Array = f0Test.slice(), gPrev2: Float64Array = f0Test.slice();
  let average: Float64Array = new Float64Array(n); // QHM's averaged gradient, as coefficients of Jᵀ
  const train = [f.slice()], test = [g.slice()];
  for (let k = 0; k < steps; k++) {
    let fNext: Float64Array, gNext: Float64Array;
    switch (o.kind) {
      case 'gd': {
        const r = residual(f);
        const Hr = mul(H, r), Kr = mul(K, r);
        fNext = f.map((v, i) => v - o.lr * Hr[i]);
        gNext = g.map((v, i) => v - o.lr * Kr[i]);
        break;
      }
      case 'heavy-ball': {
        const r = residual(f);
        const Hr = mul(H, r), Kr = mul(K, r);
        fNext = f.map((v, i) => v - o.lr * Hr[i] + o.momentum * (v - fPrev[i]));
        gNext = g.map((v, i) => v - o.lr * Kr[i] + o.momentum * (v - gPrev[i]));
        break;
      }
      case 'two-momentum': {
        const r = residual(f);
        const Hr = mul(H, r), Kr = mul(K, r);
        fNext = f.map((v, i) => v - o.lr * Hr[i] + o.beta1 * (v - fPrev[i]) + o.beta2 * (fPrev[i] - fPrev2[i]));
        gNext = g.map((v, i) => v - o.lr * Kr[i] + o.beta1 * (v - gPrev[i]) + o.beta2 * (gPrev[i] - gPrev2[i]));
        break;
      }
      case 'nesterov':
      case 'nesterov-sc': {
        // y_k = x_k + β_k(x_k − x_{k−1}), x_{k+1} = y_k − η∇L(y_k): the outputs at y, then the step
        const beta = k === 0 ? 0 : o.kind === 'nesterov' ? (k - 1) / (k + o.damping - 1) : o.momentum;
        const fy = f.map((v, i) => v + beta * (v - fPrev[i]));
        const gy = g.map((v, i) => v + beta * (v - gPrev[i]));
        const r = residual(fy);
        const Hr = mul(H, r), Kr = mul(K, r);
        fNext = fy.map((v, i) => v - o.lr * Hr[i]);
        gNext = gy.map((v, i) => v - o.lr * Kr[i]);
        break;
      }
      case 'qhm': {
        const r = residual(f);
        average = average.map((b, i) => o.momentum * b + (1 - o.momentum) * r[i]);
        const step = r.map((v, i) => (1 - o.nu) * v + o.nu * average[i]);
        const Hs = mul(H, step), Ks = mul(K, step);
        fNext = f.map((v, i) => v - o.lr * Hs[i]);
        gNext = g.map((v, i) => v - o.lr * Ks[i]);
        break;
      }
    }
    fPrev2 = fPrev; fPrev = f; f = fNext;
    gPrev2 = gPrev; gPrev = g; g = gNext;
    train.push(f.slice());
    test.push(g.slice());
  }
  return { train, test };
}

/** x with A·x = b, by Gaussian elimination with partial pivoting (independent of eigh). */
function solveDense(rows: number[][], b: ArrayLike<number>): number[] {
  const n = rows.length;
  const A = rows.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(A[r][col]) > Math.abs(A[pivot][col])) pivot = r;
    [A[col], A[pivot]] = [A[pivot], A[col]];
    for (let r = col + 1; r < n; r++) {
      const f = A[r][col] / A[col][col];
      for (let j = col; j <= n; j++) A[r][j] -= f * A[col][j];
    }
  }
  const x = new Array<number>(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = A[r][n];
    for (let j = r + 1; j < n; j++) s -= A[r][j] * x[j];
    x[r] = s / A[r][r];
  }
  return x;
}

/** A random linear model: J (n × p) and J* (nTest × p), so that H = JJᵀ and K* = J*Jᵀ, optionally with repeated rows of J. */
function linearModel(seed: number, n: number, nTest: number, p: number, repeat: [number, number][] = []) {
  const rng = new Random(seed);
  const J = new Matrix(n, p, Float64Array.from({ length: n * p }, () => rng.normal() / Math.sqrt(p)));
  for (const [to, from] of repeat) for (let j = 0; j < p; j++) J.set(to, j, J.get(from, j));
  const Jt = new Matrix(nTest, p, Float64Array.from({ length: nTest * p }, () => rng.normal() / Math.sqrt(p)));
  const H = matmul(J, J, { transB: true });
  // symmetric to the bit
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) H.set(i, j, H.get(j, i));
  const K = matmul(Jt, J, { transB: true });
  const vec = (len: number, s: number) => Float64Array.from({ length: len }, () => s * rng.normal());
  return { H, K, y: vec(n, 1), f0: vec(n, 0.3), f0Test: vec(nTest, 0.3) };
}

describe('predictOutputs', () => {
  beforeAll(async () => {
    await ready();
  });

  describe("the GD flow is neural-tangents' closed form (NumPy fixture, 1e-12 relative)", () => {
    const cases = fixture.cases.map((c) => [`${c.kernel}, ${c.loss}, diagReg ${c.diagReg} (${c.source})`, c] as const);
    it.each(cases)('%s', (_, c) => {
      const { H, K } = fixture.kernels[c.kernel as keyof typeof fixture.kernels];
      const p = predictOutputs(Matrix.from(H), Y, {
        optimizer: gd({ lr: 0.01 }), mode: 'flow', times: TIMES, loss: c.loss as 'half-sum' | 'mean', diagReg: c.diagReg,
        f0Train: F0, test: { kernel: Matrix.from(K), f0: F0_TEST },
      });
      expect(p.train).toHaveLength(2);
      expect(p.divergedAt).toBeUndefined();
      for (let q = 0; q < 2; q++) {
        TIMES.forEach((t, e) => {
          const train = Array.from({ length: Y.rows }, (_, i) => p.train[q].get(e, i));
          const test = Array.from({ length: F0_TEST.rows }, (_, i) => p.test![q].get(e, i));
          expect(relative(train, c.train[e].map((row) => row[q])), `train, column ${q}, t = ${t}`).toBeLessThan(1e-12);
          expect(relative(test, c.test[e].map((row) => row[q])), `test, column ${q}, t = ${t}`).toBeLessThan(1e-12);
        });
      }
    });
  });

  it('the train part is y + predictResidual’s residual, to the bit, for every optimizer in both modes', () => {
    const { H, y, f0 } = linearModel(1, 12, 5, 30);
    const basis = eigh(H);
    const r0 = f0.map((v, i) => v - y[i]);
    for (const [name, optimizer] of OPTIMIZERS) {
      for (const loss of ['half-sum', 'mean'] as const) {
        const modes: Partial<OutputPredictOptions>[] = [{ mode: 'discrete', steps: 40 }];
        if (hasFlow(optimizer)) modes.push({ mode: 'flow', times: [0, 0.3, 2, 11] });
        for (const mode of modes) {
          const opts = { optimizer, loss, ...mode } as OutputPredictOptions;
          const p = predictOutputs(basis, y, { ...opts, f0Train: f0 });
          const r = predictResidual(basis, r0, { ...opts, residuals: true });
          expect(p.train.rows, name).toBe(r.residuals!.rows);
          for (let i = 0; i < p.train.data.length; i++) {
            if (!Object.is(p.train.data[i], r.residuals!.data[i] + y[i % 12])) throw new Error(`${name} ${loss} ${mode.mode}: entry ${i} differs`);
          }
          expect(Array.from(p.trainLoss)).toEqual(Array.from(r.loss));
          expect(Array.from(p.times)).toEqual(Array.from(r.times));
          expect(p.stable).toBe(r.stable);
        }
      }
    }
  });

  it.each(OPTIMIZERS)('discrete %s: the linearized iteration run on (f(X), f(X*)) jointly, 300 steps, to 1e-12', (_, optimizer) => {
    for (const loss of ['half-sum', 'mean'] as const) {
      const n = 10;
      const { H, K, y, f0, f0Test } = linearModel(2, n, 6, 40);
      const c = loss === 'mean' ? 2 / n : 1;
      const steps = 300;
      const p = predictOutputs(H, y, { optimizer, mode: 'discrete', steps, loss, f0Train: f0, test: { kernel: K, f0: f0Test } });
      const ref = linearizedIteration(optimizer, H, K, y, f0, f0Test, c, steps);
      expect(p.stable).toBe(true);
      for (let k = 0; k <= steps; k++) {
        expect(relative(p.train.data.subarray(k * n, (k + 1) * n), ref.train[k]), `train, step ${k}`).toBeLessThan(1e-12);
        expect(relative(p.test!.data.subarray(k * 6, (k + 1) * 6), ref.test[k]), `test, step ${k}`).toBeLessThan(1e-12);
      }
      // the outputs did move: the comparison is not of constants
      expect(relative(ref.test[steps], ref.test[0])).toBeGreaterThan(0.05);
    }
  });

  it('a degenerate kernel (repeated points: zero eigenvalues) gives finite outputs for every optimizer, the iteration’s own to 1e-12', () => {
    const n = 9;
    const { H, K, y, f0, f0Test } = linearModel(3, n, 4, 20, [[4, 1], [7, 2]]);
    expect(eigh(H).values[1]).toBeLessThan(1e-14); // two zero eigenvalues, up to rounding
    for (const [name, optimizer] of OPTIMIZERS) {
      const p = predictOutputs(H, y, { optimizer, mode: 'discrete', steps: 200, f0Train: f0, test: { kernel: K, f0: f0Test } });
      const ref = linearizedIteration(optimizer, H, K, y, f0, f0Test, 1, 200);
      for (let k = 0; k <= 200; k += 20) {
        expect(relative(p.test!.data.subarray(k * 4, (k + 1) * 4), ref.test[k]), `${name}, step ${k}`).toBeLessThan(1e-12);
      }
      if (!hasFlow(optimizer)) continue;
      const flow = predictOutputs(H, y, { optimizer, mode: 'flow', times: [0, 1, 50, 1e4, Infinity], f0Train: f0, test: { kernel: K, f0: f0Test } });
      for (const v of [...flow.train.data, ...flow.test!.data]) expect(Number.isFinite(v), name).toBe(true);
    }
  });

  it('t = Infinity is kernel regression, the limit of every optimizer’s flow, and the long-time value of each', () => {
    const n = 10;
    const { H, K, y, f0, f0Test } = linearModel(4, n, 5, 40);
    const limits = OPTIMIZERS.filter(([, o]) => hasFlow(o)).map(([, optimizer]) => predictOutputs(H, y, { optimizer, mode: 'flow', times: [1e5, Infinity], f0Train: f0, test: { kernel: K, f0: f0Test } }));
    // f* = f₀* + K*·H⁻¹·(y − f₀), by an independent solve
    const alpha = solveDense(H.toArray(), y.map((v, i) => v - f0[i]));
    const regression = Array.from({ length: 5 }, (_, i) => f0Test[i] + alpha.reduce((s, a, j) => s + K.get(i, j) * a, 0));
    for (const p of limits) {
      expect(relative(p.test!.data.subarray(5, 10), regression)).toBeLessThan(1e-10);
      expect(relative(p.train.data.subarray(n, 2 * n), y)).toBeLessThan(1e-12); // the training points are fitted
      expect(p.times[1]).toBe(Infinity);
    }
    // GD and the first-order flows are there by t = 1e5 (λ_min ≈ 0.06 here); NAG-C, sublinear, is close
    expect(relative(limits[0].test!.data.subarray(0, 5), regression)).toBeLessThan(1e-10);
  });

  it('diagReg adds diagReg·trace(H)/n to every eigenvalue: the train part is predictResidual on the shifted spectrum', () => {
    const n = 8;
    const { H, K, y, f0 } = linearModel(5, n, 3, 6); // rank 6 < 8: singular without regularization
    const basis = eigh(H);
    const shift = (0.01 * basis.values.reduce((s, v) => s + v, 0)) / n;
    const shifted = { values: basis.values.map((v) => v + shift), vectors: basis.vectors! };
    const opts = { optimizer: heavyBall({ lr: 0.2, momentum: 0.6 }), mode: 'discrete' as const, steps: 50 };
    const p = predictOutputs(basis, y, { ...opts, diagReg: 0.01, f0Train: f0, test: { kernel: K } });
    const r = predictResidual(shifted, f0.map((v, i) => v - y[i]), { ...opts, residuals: true });
    for (let i = 0; i < p.train.data.length; i++) expect(p.train.data[i]).toBe(r.residuals!.data[i] + y[i % n]);
    // at t = ∞ the test outputs are kernel ridge regression K*(H + δI)⁻¹(y − f₀) (f₀* = 0 here)
    const ridge = predictOutputs(basis, y, { optimizer: gd({ lr: 0.1 }), mode: 'flow', times: [Infinity], diagReg: 0.01, f0Train: f0, test: { kernel: K } });
    const trace = H.data.reduce((s, v, i) => (i % (n + 1) === 0 ? s + v : s), 0);
    const alpha = solveDense(H.toArray().map((row, i) => row.map((v, j) => (i === j ? v + (0.01 * trace) / n : v))), y.map((v, i) => v - f0[i]));
    const expected = Array.from({ length: K.rows }, (_, i) => alpha.reduce((s, a, j) => s + K.get(i, j) * a, 0));
    expect(relative(ridge.test!.data, expected)).toBeLessThan(1e-12);
  });

  it('k target columns are k independent problems: each column as its own call (train to the bit)', () => {
    const n = 10;
    const { H, K } = linearModel(6, n, 4, 40);
    const rng = new Random(7);
    const Ym = new Matrix(n, 3, Float64Array.from({ length: 3 * n }, () => rng.normal()));
    const F = new Matrix(n, 3, Float64Array.from({ length: 3 * n }, () => 0.2 * rng.normal()));
    const Ft = new Matrix(4, 3, Float64Array.from({ length: 12 }, () => 0.2 * rng.normal()));
    const Yt = new Matrix(4, 3, Float64Array.from({ length: 12 }, () => rng.normal()));
    const opts = { optimizer: nesterov({ lr: 0.1 }), mode: 'flow' as const, times: [0, 0.5, 4, 30], loss: 'mean' as const };
    const all = predictOutputs(H, Ym, { ...opts, f0Train: F, test: { kernel: K, f0: Ft, y: Yt } });
    expect(all.train).toHaveLength(3);
    let testLoss = new Float64Array(4), trainLoss = new Float64Array(4);
    for (let q = 0; q < 3; q++) {
      const one = predictOutputs(H, column(Ym, q), { ...opts, f0Train: column(F, q), test: { kernel: K, f0: column(Ft, q), y: column(Yt, q) } });
      expect(Array.from(all.train[q].data)).toEqual(Array.from(one.train.data));
      expect(relative(all.test![q].data, one.test!.data)).toBeLessThan(1e-14);
      trainLoss = trainLoss.map((v, e) => v + one.trainLoss[e]);
      testLoss = testLoss.map((v, e) => v + one.testLoss![e]);
    }
    expect(relative(all.trainLoss, trainLoss)).toBeLessThan(1e-15);
    expect(relative(all.testLoss!, testLoss)).toBeLessThan(1e-14);
    // the mean loss on the test points divides by nTest
    const e = 2;
    let sq = 0;
    for (let q = 0; q < 3; q++) for (let i = 0; i < 4; i++) sq += (all.test![q].get(e, i) - Yt.get(i, q)) ** 2;
    expect(all.testLoss![e]).toBeCloseTo(sq / 4, 14);
  });

  it('defaults: f₀ = 0 on both sets (the infinite-width limit); t = 0 gives f₀; times are the time map’s', () => {
    const { H, K, y } = linearModel(8, 6, 2, 20);
    const p = predictOutputs(H, y, { optimizer: heavyBall({ lr: 0.04, momentum: 0.9 }), mode: 'discrete', steps: 3, test: { kernel: K } });
    // train(0) = y + V·Vᵀ·(0 − y): f₀ up to the rounding of V·Vᵀ (the price of agreeing with predictResidual to the bit)
    for (let i = 0; i < 6; i++) expect(Math.abs(p.train.get(0, i))).toBeLessThan(8 * Number.EPSILON * Math.max(...y.map(Math.abs)));
    expect(Array.from(p.test!.data.subarray(0, 2))).toEqual([0, 0]); // σ(0) = 0: exactly f₀*
    expect(Array.from(p.steps!)).toEqual([0, 1, 2, 3]);
    expect(p.times[3]).toBeCloseTo(3 * Math.sqrt(0.04), 15);
    expect(p.testLoss).toBeUndefined();
    expect(p.timeMap).toBe('t = k·√η');
  });

  it('a diverging iteration: divergedAt, the entries before it, Infinity losses, and no NaN', () => {
    const { H, K, y } = linearModel(9, 6, 3, 20);
    const lambdaMax = eigh(H).values[5];
    const p = predictOutputs(H, y, { optimizer: gd({ lr: 2.5 / lambdaMax }), mode: 'discrete', steps: 5000, test: { kernel: K, y: [0, 0, 0] } });
    expect(p.stable).toBe(false);
    expect(p.divergedAt).toBeGreaterThan(10);
    expect(p.train.rows).toBe(p.divergedAt);
    expect(p.test!.rows).toBe(p.divergedAt);
    for (const v of [...p.train.data, ...p.test!.data]) expect(Number.isFinite(v)).toBe(true);
    expect(p.trainLoss[p.divergedAt!]).toBe(Infinity);
    expect(p.testLoss![5000]).toBe(Infinity);
    expect(Number.isFinite(p.testLoss![p.divergedAt! - 1])).toBe(true);
  });

  it('rejects bad input with a message naming it, and changes nothing', () => {
    const { H, K, y } = linearModel(10, 4, 2, 10);
    const before = [Array.from(H.data), Array.from(K.data), Array.from(y)];
    const o = { optimizer: gd({ lr: 0.1 }), mode: 'flow' as const, times: [0, 1] };
    expect(() => predictOutputs(H, [1, 2], o)).toThrow(new RangeError('predictOutputs: y has 2 entries but H is 4×4'));
    expect(() => predictOutputs(H, y, { ...o, f0Train: [1, 2, 3] })).toThrow(/f0Train has 3 entries but H is 4×4/);
    expect(() => predictOutputs(H, Matrix.zeros(4, 2), { ...o, f0Train: y })).toThrow(/f0Train must be a 4×2 Matrix, like the targets/);
    expect(() => predictOutputs(H, Matrix.zeros(4, 2), { ...o, f0Train: Matrix.zeros(4, 3) })).toThrow(/f0Train is 4×3 but must be 4×2/);
    expect(() => predictOutputs(H, Matrix.zeros(4, 0), o)).toThrow(/y has no columns/);
    expect(() => predictOutputs(H, y, { ...o, test: { kernel: Matrix.zeros(2, 3) } })).toThrow(/test.kernel is 2×3 but must be nTest × 4/);
    expect(() => predictOutputs(H, y, { ...o, test: {} as never })).toThrow(/test.kernel is missing/);
    expect(() => predictOutputs(H, y, { ...o, test: { kernel: K, f0: [1] } })).toThrow(/test.f0 has 1 entries but test.kernel has 2 rows/);
    expect(() => predictOutputs(H, y, { ...o, test: { kernel: K, yy: 1 } as never })).toThrow(/test has an unknown key 'yy'/);
    expect(() => predictOutputs(H, y, { ...o, test: { kernel: new Matrix(2, 4, Float64Array.of(1, 2, 3, NaN, 0, 0, 0, 0)) } })).toThrow(/test.kernel has a non-finite entry NaN at \(0, 3\)/);
    expect(() => predictOutputs(H, y, { ...o, diagReg: -1 })).toThrow(new RangeError('predictOutputs: diagReg must be ≥ 0 (got -1)'));
    expect(() => predictOutputs(H, y, { ...o, times: [0, NaN] })).toThrow(/times\[1\] is not a finite number \(got NaN\); Infinity is the one/);
    expect(() => predictOutputs(H, y, { ...o, times: [-1] })).toThrow(/times\[0\] must be ≥ 0/);
    expect(() => predictOutputs(H, y, { ...o, times: [-Infinity] })).toThrow(/times\[0\] is not a finite number/);
    expect(() => predictOutputs(H, y, { ...o, mode: 'discrete', times: [Infinity] })).toThrow(/times go with mode 'flow'/);
    expect(() => predictOutputs(H, y, { ...o, steps: 3 })).toThrow(/give either steps or times/);
    expect(() => predictOutputs(H, y, { ...o, residuals: true } as never)).toThrow(/unknown option 'residuals'/);
    expect(() => predictOutputs(Matrix.zeros(3, 4), [1, 2, 3], o)).toThrow(/H must be a square kernel matrix \(got 3×4\)/);
    expect(() => predictOutputs(Matrix.from([[1, 0], [0, -0.5]]), [1, 1], { ...o, times: [Infinity] })).toThrow(/negative eigenvalue -0.5.*the limit t = Infinity does not exist/);
    expect(() => predictOutputs(H, y, null as never)).toThrow(TypeError);
    expect([Array.from(H.data), Array.from(K.data), Array.from(y)]).toEqual(before);
  });
});
