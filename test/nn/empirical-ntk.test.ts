// The empirical NTK against dense references, and its statistics at initialization (docs/theory.md#kernel-at-init):
// H(0)ᵢⱼ = xᵢᵀxⱼ·Binomial(m, pᵢⱼ)/m with pᵢⱼ = (π − θᵢⱼ)/(2π), so E H(0) = H∞ exactly and
// Var H(0)ᵢⱼ = (xᵢᵀxⱼ)²·pᵢⱼ(1 − pᵢⱼ)/m. All seeds are fixed: every z-score below is a fixed
// number, and the bounds (4.5 standard errors) leave a wide margin for it.
import { beforeAll, describe, expect, it } from 'vitest';
import { Matrix, TwoLayerReLU, analyticNtk, ready, sphereData } from '../../src/index';
import { BACKENDS } from '../helpers/backends';
import { referenceNtkFirstLayer } from '../helpers/network';

function maxAbsDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
  return worst;
}

describe.each(BACKENDS)('empiricalNtk on the %s backend', (backend) => {
  beforeAll(async () => {
    await ready({ backend });
  });

  it.each([64, 65, 127, 128, 200])('popcount of bit-packed patterns equals the dense 0/1 computation (m = %i)', (m) => {
    const { X } = sphereData({ n: 9, d: 4, seed: m });
    const Y = sphereData({ n: 5, d: 4, seed: m + 1 }).X;
    const net = TwoLayerReLU.init({ inputDim: 4, width: m, seed: 2 });
    expect(maxAbsDiff(net.empiricalNtk(X).data, referenceNtkFirstLayer(net, X, X).data)).toBeLessThan(1e-14);
    expect(maxAbsDiff(net.empiricalNtk(X, Y).data, referenceNtkFirstLayer(net, X, Y).data)).toBeLessThan(1e-14);
  });

  it('non-uniform output weights take the weighted path and agree with the dense computation', () => {
    const { X } = sphereData({ n: 7, d: 3, seed: 1 });
    const params = TwoLayerReLU.init({ inputDim: 3, width: 90, seed: 4 }).toParams();
    params.a = params.a.map((v, r) => v * (1 + (r % 7) / 3));
    const net = TwoLayerReLU.fromParams(params);
    expect(maxAbsDiff(net.empiricalNtk(X).data, referenceNtkFirstLayer(net, X, X).data)).toBeLessThan(1e-13);
  });

  it('E[H(0)] = H∞: the mean over 400 seeds of H(0)ᵢⱼ is within 4.5 standard errors, and its variance is the binomial one', () => {
    const { X } = sphereData({ n: 6, d: 5, seed: 21 });
    const Hinf = analyticNtk(X);
    const seeds = 400, m = 256;
    const pairs: [number, number][] = [[0, 1], [2, 4], [3, 5], [1, 1]];
    const sums = pairs.map(() => 0), squares = pairs.map(() => 0);
    for (let s = 0; s < seeds; s++) {
      const net = TwoLayerReLU.init({ inputDim: 5, width: m, seed: 1000 + s });
      const H = net.empiricalNtk(X);
      net.dispose();
      pairs.forEach(([i, j], p) => {
        sums[p] += H.get(i, j);
        squares[p] += H.get(i, j) ** 2;
      });
    }
    pairs.forEach(([i, j], p) => {
      const dot = X.data.slice(i * 5, i * 5 + 5).reduce((acc, v, k) => acc + v * X.get(j, k), 0);
      const prob = i === j ? 0.5 : Hinf.get(i, j) / dot; // H∞ = xᵢᵀxⱼ·p
      const variance = (dot * dot * prob * (1 - prob)) / m;
      const mean = sums[p] / seeds;
      const z = (mean - Hinf.get(i, j)) / Math.sqrt(variance / seeds);
      expect(Math.abs(z), `pair (${i}, ${j}): z = ${z}`).toBeLessThan(4.5);
      const sampleVariance = (squares[p] - seeds * mean * mean) / (seeds - 1);
      // (seeds − 1)·s²/σ² is χ² with 399 degrees of freedom: s²/σ² within 1 ± 4.5·√(2/399)
      expect(Math.abs(sampleVariance / variance - 1)).toBeLessThan(4.5 * Math.sqrt(2 / (seeds - 1)));
    });
  });

  it('max|H(0) − H∞| shrinks like m^(−1/2) (docs/theory.md#c8: n = 10, d = 5)', () => {
    const { X } = sphereData({ n: 10, d: 5, seed: 8 });
    const Hinf = analyticNtk(X);
    const widths = [100, 1000, 10_000, 100_000];
    const gaps = widths.map((m) => {
      let total = 0;
      for (const seed of [1, 2, 3]) {
        const net = TwoLayerReLU.init({ inputDim: 5, width: m, seed });
        total += maxAbsDiff(net.empiricalNtk(X).data, Hinf.data);
        net.dispose();
      }
      return total / 3;
    });
    // Least-squares slope of log gap against log m
    const lx = widths.map(Math.log), ly = gaps.map(Math.log);
    const mx = lx.reduce((a, b) => a + b) / 4, my = ly.reduce((a, b) => a + b) / 4;
    const slope = lx.reduce((acc, x, i) => acc + (x - mx) * (ly[i] - my), 0) / lx.reduce((acc, x) => acc + (x - mx) ** 2, 0);
    expect(slope, `gaps ${gaps.map((g) => g.toExponential(2)).join(', ')}`).toBeGreaterThan(-0.65);
    expect(slope).toBeLessThan(-0.35);
    expect(gaps[0]).toBeGreaterThan(0.02);
    expect(gaps[3]).toBeLessThan(0.01);
  });

  it('an empty input gives an empty kernel', () => {
    const net = TwoLayerReLU.init({ inputDim: 2, width: 8 });
    const H = net.empiricalNtk(Matrix.zeros(0, 2));
    expect([H.rows, H.cols]).toEqual([0, 0]);
  });
});
