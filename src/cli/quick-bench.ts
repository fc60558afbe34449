// `ntk-dynamics bench` outside the repository: a quick benchmark of the installed package alone
// (the full suites, with their baselines, live in the repository's bench/ and need its dev
// dependencies). Medians of a few runs after a warm-up.

import { Matrix, matmul, ready } from '../index';
import { eigh } from '../linalg/eigh';
import { TwoLayerReLU } from '../nn/two-layer-relu';
import { sphereData } from '../data/sphere';
import { Random } from '../random';

function median(fn: () => unknown, runs: number): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

function random(rows: number, cols: number, seed: number): Matrix {
  return new Matrix(rows, cols, new Random(seed).fillUniform(new Float64Array(rows * cols), -0.5, 0.5));
}

export async function quickBench(log: (line: string) => void): Promise<void> {
  for (const backend of ['simd', 'relaxed'] as const) {
    try {
      await ready({ backend });
    } catch {
      log(`${backend}: not available in this engine`);
      continue;
    }
    const a = random(1024, 1024, 1), b = random(1024, 1024, 2);
    const gemm = median(() => matmul(a, b), 5);
    const s = random(500, 500, 3);
    const sym = new Matrix(500, 500, s.data.map((v, i) => 0.5 * (v + s.data[(i % 500) * 500 + Math.floor(i / 500)])));
    const eig = median(() => eigh(sym), 5);
    const { X } = sphereData({ n: 1000, d: 100, seed: 1 });
    const net = TwoLayerReLU.init({ inputDim: 100, width: 10_000, seed: 2 });
    const ntk = median(() => net.empiricalNtk(X), 3);
    net.dispose();
    log(`${backend}: matmul n=1024 ${(2 * 1024 ** 3 / gemm / 1e6).toFixed(1)} GFLOP/s; eigh n=500 ${eig.toFixed(0)} ms; empirical NTK n=1000, m=10000, d=100 ${ntk.toFixed(0)} ms`);
  }
}
