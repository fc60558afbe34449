// The thread pool in Node: every heavy kernel gives the same bits on 1, 2, 3 and 4 threads (this
// machine has 2 cores; more threads than cores is fine for a correctness test), a worker's failure
// becomes the failing call's error and the pool stays usable, and a process that used the pool
// exits by itself.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  Matrix, TwoLayerReLU, analyticNtk, eigh, eigvalsh, gram, heavyBall, matmul, nesterov, ready, runtimeInfo, shutdown, sphereData, train,
} from '../../src/index';
import { runtime } from '../../src/runtime/runtime';
import { BACKENDS } from '../helpers/backends';
import { randomMatrix } from '../helpers/random';

const bits = (x: ArrayLike<number>) => Array.from(x, (v) => (Object.is(v, -0) ? '-0' : String(v)));

/** Everything the pool splits, at sizes past every kernel's threshold for splitting. */
async function workload(): Promise<Record<string, string[]>> {
  const a = randomMatrix(300, 257, 1), b = randomMatrix(257, 311, 2);
  const s = gram(randomMatrix(260, 300, 3));
  const { X, y } = sphereData({ n: 150, d: 20, seed: 4 });
  const net = TwoLayerReLU.init({ inputDim: 20, width: 3000, seed: 5, trainOutputLayer: true, bias: true });
  const asym = TwoLayerReLU.init({ inputDim: 20, width: 1000, seed: 6, parameterization: 'standard', bias: true });
  const e = eigh(s);
  const sub = eigh(s, { subset: { smallest: 5 } });
  const run = await train(net, X, y, { optimizer: nesterov({ lr: 0.1 }), steps: 12, record: { every: 4, kernelDrift: true } });
  const run2 = await train(asym, X, y, { optimizer: heavyBall({ lr: 0.01, momentum: 0.5 }), steps: 6, loss: 'mean' });
  const out = {
    matmul: bits(matmul(a, b).data),
    matmulT: bits(matmul(b, a, { transA: true, transB: true }).data),
    gram: bits(gram(a).data),
    eighValues: bits(e.values),
    eighVectors: bits(e.vectors!.data),
    eigvalsh: bits(eigvalsh(s)),
    subset: bits(sub.vectors!.data),
    analytic: bits(analyticNtk(X, undefined, { layers: 'both' }).data),
    empirical: bits(net.empiricalNtk(X).data),
    empiricalCross: bits(asym.empiricalNtk(X, sphereData({ n: 40, d: 20, seed: 7 }).X).data),
    train: bits([...run.loss, ...run.weightDrift, ...run.kernelDrift!, ...run2.loss]),
    weights: bits(net.W.data),
  };
  net.dispose();
  asym.dispose();
  return out;
}

describe.each(BACKENDS)('threads on the %s backend', (backend) => {
  afterAll(async () => {
    await ready({ backend, threads: 'auto' });
  });

  it('matmul, gram, eigh, both NTKs and training give the same bits on 1, 2, 3 and 4 threads', async () => {
    await ready({ backend, threads: 1 });
    const one = await workload();
    for (const threads of [2, 3, 4]) {
      const info = await ready({ backend, threads });
      expect(info.threads).toBe(threads);
      const many = await workload();
      for (const key of Object.keys(one)) expect(many[key], `${key} on ${threads} threads`).toEqual(one[key]);
    }
  });
});

describe('the pool', () => {
  it("'auto' uses every core; shutdown() ends the workers and leaves one thread", async () => {
    const info = await ready({ threads: 'auto' });
    const cores = (await import('node:os')).availableParallelism();
    expect(info.threads).toBe(Math.min(cores, 64));
    shutdown();
    expect(runtimeInfo().threads).toBe(1);
    expect(matmul(Matrix.identity(300), Matrix.identity(300)).get(7, 7)).toBe(1);
    expect((await ready({ threads: 2 })).threads).toBe(2);
  });

  it("a worker's part that fails is an error of the call that caused it, and the pool stays usable", async () => {
    await ready({ threads: 3 });
    const rt = runtime();
    const out = rt.arena.alloc(1000 * 8);
    try {
      expect(() => rt.kernels.parallel_self_test(1000, out, 1)).toThrow(/a worker thread failed in parallel_self_test: .*(memory access out of bounds|out of bounds)/);
      rt.kernels.parallel_self_test(1000, out, 0);
      const values = rt.arena.f64().subarray(out / 8, out / 8 + 1000);
      expect(values[999]).toBe(999 * 1000);
      expect(values[0]).toBe(0);
      // and the kernels still split and agree
      const a = randomMatrix(200, 200, 9);
      const threaded = matmul(a, a);
      await ready({ threads: 1 });
      expect(bits(matmul(a, a).data)).toEqual(bits(threaded.data));
    } finally {
      rt.arena.release(out);
    }
  });

  it('a Node process that used the pool exits by itself', () => {
    const dist = fileURLToPath(new URL('../../dist/index.mjs', import.meta.url));
    const code = `import { ready, matmul, Matrix, runtimeInfo } from ${JSON.stringify(dist)};
      await ready({ threads: 2 });
      matmul(Matrix.identity(400), Matrix.identity(400));
      console.log(runtimeInfo().threads);`;
    const started = performance.now();
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', timeout: 30_000 });
    expect(run.error).toBeUndefined();
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe('2');
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
