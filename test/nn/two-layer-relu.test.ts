import { beforeAll, describe, expect, it } from 'vitest';
import { Matrix, TwoLayerReLU, matmul, ready, sphereData } from '../../src/index';
import { BACKENDS } from '../helpers/backends';
import { referencePredict } from '../helpers/network';

const VARIANTS = [
  { name: 'ntk, W only', opts: {} },
  { name: 'ntk, W and a', opts: { trainOutputLayer: true } },
  { name: 'ntk with bias', opts: { bias: true } },
  { name: 'standard (W, a, b)', opts: { parameterization: 'standard' as const, bias: true } },
];

function maxAbsDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
  return worst;
}

function maxAbs(x: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]));
  return worst;
}

describe.each(BACKENDS)('TwoLayerReLU on the %s backend', (backend) => {
  beforeAll(async () => {
    await ready({ backend });
  });

  const { X, y } = sphereData({ n: 12, d: 5, seed: 7 });

  describe.each(VARIANTS)('$name', ({ opts }) => {
    const make = () => TwoLayerReLU.init({ inputDim: 5, width: 150, seed: 3, ...opts });

    it('predicts what the formula f(x) = s·Σ a_r σ(w_rᵀx + b_r) gives', () => {
      const net = make();
      const u = net.predict(X);
      expect(maxAbsDiff(u, referencePredict(net, X))).toBeLessThan(1e-13 * Math.max(1, maxAbs(u)));
    });

    it('J·Jᵀ equals empiricalNtk to 1e-12, for X and for a cross pair (X, Y)', () => {
      const net = make();
      const J = net.jacobian(X);
      expect([J.rows, J.cols]).toEqual([12, net.parameterCount]);
      const H = net.empiricalNtk(X);
      const JJ = matmul(J, J, { transB: true });
      expect(maxAbsDiff(H.data, JJ.data)).toBeLessThan(1e-12 * maxAbs(JJ.data));
      const Y = sphereData({ n: 4, d: 5, seed: 8 }).X;
      const cross = net.empiricalNtk(X, Y);
      expect([cross.rows, cross.cols]).toEqual([12, 4]);
      const JY = net.jacobian(Y);
      expect(maxAbsDiff(cross.data, matmul(J, JY, { transB: true }).data)).toBeLessThan(1e-12 * maxAbs(JJ.data));
    });

    it.each(['half-sum', 'mean'] as const)('the %s gradient matches central finite differences', (loss) => {
      const net = make();
      const g = net.gradient(X, y, { loss });
      expect(g.loss).toBeCloseTo(net.loss(X, y, { loss }), 12);
      const params = net.toParams();
      const h = 1e-6;
      const lossAt = (p: typeof params) => {
        const other = TwoLayerReLU.fromParams(p);
        const value = other.loss(X, y, { loss });
        other.dispose();
        return value;
      };
      const probe = (edit: (p: typeof params, delta: number) => void, analytic: number) => {
        const plus = structuredClone(params), minus = structuredClone(params);
        edit(plus, h);
        edit(minus, -h);
        const fd = (lossAt(plus) - lossAt(minus)) / (2 * h);
        expect(Math.abs(fd - analytic)).toBeLessThan(1e-6 * Math.max(1, Math.abs(analytic)));
      };
      for (const [r, k] of [[0, 0], [17, 3], [149, 4]]) probe((p, dl) => { p.W[r][k] += dl; }, g.W.get(r, k));
      if (net.trainOutputLayer) {
        expect(g.a).toBeInstanceOf(Float64Array);
        for (const r of [0, 42, 149]) probe((p, dl) => { p.a[r] += dl; }, g.a![r]);
      } else {
        expect(g.a).toBeUndefined();
      }
      if (net.hasBias) {
        for (const r of [1, 99]) probe((p, dl) => { p.b![r] += dl; }, g.b![r]);
      } else {
        expect(g.b).toBeUndefined();
      }
    });

    it('round-trips through toParams / fromParams and clones independently', () => {
      const net = make();
      const json = JSON.parse(JSON.stringify(net.toParams()));
      const back = TwoLayerReLU.fromParams(json);
      expect(Array.from(back.predict(X))).toEqual(Array.from(net.predict(X)));
      expect(back.parameterization).toBe(net.parameterization);
      expect(back.trainOutputLayer).toBe(net.trainOutputLayer);
      const copy = net.clone();
      net.dispose();
      expect(Array.from(copy.predict(X))).toEqual(Array.from(back.predict(X)));
      expect(() => net.predict(X)).toThrow(/disposed/);
    });
  });

  it('rows are processed in chunks when m is large, with the same results', () => {
    // 16 MiB / (8·20000) = 104 rows per chunk: 250 rows take three chunks.
    const net = TwoLayerReLU.init({ inputDim: 3, width: 20_000, seed: 5, trainOutputLayer: true, bias: true });
    const data = sphereData({ n: 250, d: 3, seed: 6 });
    const u = net.predict(data.X);
    expect(maxAbsDiff(u, referencePredict(net, data.X))).toBeLessThan(1e-12);
    const whole = net.gradient(data.X, data.y);
    // The gradient is a sum over rows: the halves' gradients add up to it.
    const top = new Matrix(125, 3, data.X.data.slice(0, 375));
    const bottom = new Matrix(125, 3, data.X.data.slice(375));
    const g1 = net.gradient(top, data.y.slice(0, 125));
    const g2 = net.gradient(bottom, data.y.slice(125));
    expect(maxAbsDiff(whole.W.data, g1.W.data.map((v, i) => v + g2.W.data[i]))).toBeLessThan(1e-12);
    expect(maxAbsDiff(whole.a!, g1.a!.map((v, i) => v + g2.a![i]))).toBeLessThan(1e-12);
    expect(maxAbsDiff(whole.b!, g1.b!.map((v, i) => v + g2.b![i]))).toBeLessThan(1e-12);
  });
});

describe('TwoLayerReLU initialization', () => {
  beforeAll(async () => {
    await ready();
  });

  it('is determined by the seed', () => {
    const a = TwoLayerReLU.init({ inputDim: 4, width: 32, seed: 9 });
    const b = TwoLayerReLU.init({ inputDim: 4, width: 32, seed: 9 });
    const c = TwoLayerReLU.init({ inputDim: 4, width: 32, seed: 10 });
    expect(Array.from(a.W.data)).toEqual(Array.from(b.W.data));
    expect(Array.from(a.W.data)).not.toEqual(Array.from(c.W.data));
  });

  it('follows docs/theory.md#parameterizations: ntk W ~ N(0, κ²), a = ±1; standard W ~ N(0, (κ/m)²), a ~ U(−1, 1)', () => {
    const m = 4000, d = 25;
    const ntk = TwoLayerReLU.init({ inputDim: d, width: m, seed: 1, scale: 2 });
    const w = ntk.W.data;
    const variance = w.reduce((s, v) => s + v * v, 0) / w.length;
    expect(Math.abs(variance - 4) / (4 * Math.sqrt(2 / w.length))).toBeLessThan(4.5);
    expect(ntk.a.every((v) => v === 1 || v === -1)).toBe(true);
    expect(ntk.trainOutputLayer).toBe(false);
    const std = TwoLayerReLU.init({ inputDim: d, width: m, seed: 1, parameterization: 'standard', bias: true });
    const ws = std.W.data;
    const vs = ws.reduce((s, v) => s + v * v, 0) / ws.length;
    expect(Math.abs(vs - 1 / m ** 2) / ((1 / m ** 2) * Math.sqrt(2 / ws.length))).toBeLessThan(4.5);
    expect(std.a.every((v) => v >= -1 && v < 1)).toBe(true);
    expect(std.b!.every((v) => Math.abs(v) <= 1 / Math.sqrt(d))).toBe(true);
    expect(std.trainOutputLayer).toBe(true);
  });
});

describe('TwoLayerReLU rejects bad input with a clear error', () => {
  beforeAll(async () => {
    await ready();
  });
  const net = () => TwoLayerReLU.init({ inputDim: 3, width: 8, seed: 1 });

  it('bad init options', () => {
    expect(() => TwoLayerReLU.init({ inputDim: 3, width: 0 })).toThrow(new RangeError('TwoLayerReLU.init: width must be a positive integer (got 0)'));
    expect(() => TwoLayerReLU.init({ inputDim: 2.5, width: 4 })).toThrow(/inputDim must be a positive integer/);
    expect(() => TwoLayerReLU.init({ inputDim: 3, width: 4, scale: -1 })).toThrow(RangeError);
    expect(() => TwoLayerReLU.init({ inputDim: 3, width: 4, parameterization: 'mup' as never })).toThrow(/parameterization must be 'ntk' or 'standard'/);
    expect(() => TwoLayerReLU.init({ inputDim: 3, width: 4, depth: 3 } as never)).toThrow(/unknown option 'depth'/);
    expect(() => TwoLayerReLU.init(undefined as never)).toThrow(TypeError);
  });

  it('data of the wrong shape or with non-finite values; targets of the wrong length', () => {
    const X = Matrix.from([[1, 0, 0], [0, 1, 0]]);
    expect(() => net().predict(Matrix.zeros(2, 4))).toThrow(new RangeError("predict: X has 4 columns but the network's inputDim is 3 (X is 2×4)"));
    const bad = X.clone();
    bad.data[1 * bad.cols + 2] = NaN; // set() refuses non-finite values
    expect(() => net().predict(bad)).toThrow(/predict: X has a non-finite entry NaN at \(1, 2\)/);
    expect(() => net().gradient(X, [1])).toThrow(new RangeError('gradient: y has 1 targets but X has 2 rows'));
    expect(() => net().gradient(X, [1, Infinity])).toThrow(/y\[1\] is not a finite number/);
    expect(() => net().loss(X, [1, 2], { loss: 'l1' as never })).toThrow(/loss must be 'half-sum' or 'mean'/);
    expect(() => net().empiricalNtk(X, Matrix.zeros(2, 2))).toThrow(/empiricalNtk: Y has 2 columns/);
  });

  it('bad params', () => {
    expect(() => TwoLayerReLU.fromParams({ W: [[1, 2]], a: [1, 2] })).toThrow(/a has 2 entries but W has 1 rows/);
    expect(() => TwoLayerReLU.fromParams({ W: [[1, 2], [3]], a: [1, 2] })).toThrow(/row 1 has 1 entries/);
    expect(() => TwoLayerReLU.fromParams({ W: [[1, NaN]], a: [1] })).toThrow(/non-finite/);
    expect(() => TwoLayerReLU.fromParams({ W: [], a: [] })).toThrow(/at least one row/);
  });
});

describe('clone() while Wasm memory grows', () => {
  beforeAll(async () => {
    await ready();
  });

  it('copies the weights even when allocating the copy detaches the views of the original (found by the benchmark)', async () => {
    const { runtime } = await import('../../src/runtime/runtime');
    const net = TwoLayerReLU.init({ inputDim: 50, width: 20_000, seed: 3, bias: true, trainOutputLayer: true });
    const W = net.W.data, a = net.a, b = net.b!;
    const clones: TwoLayerReLU[] = [];
    let grew = false;
    for (let i = 0; i < 8 && !grew; i++) {
      const before = runtime().arena.memoryBytes;
      const copy = net.clone();
      clones.push(copy);
      grew = runtime().arena.memoryBytes > before;
      expect(copy.W.data).toEqual(W);
      expect(copy.a).toEqual(a);
      expect(copy.b).toEqual(b);
    }
    expect(grew).toBe(true);
    clones.forEach((c) => c.dispose());
    net.dispose();
  });
});
