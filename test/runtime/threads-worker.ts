// Runs in a Web Worker of the Chromium test page (test/runtime/threads.browser.test.ts): the
// kernels with a thread pool of nested workers, as the demo's worker uses them.
import { Matrix, TwoLayerReLU, eigh, gd, gram, matmul, ready, runtimeInfo, sphereData, train, analyticNtk } from '../../src/index';
import { randomMatrix } from '../helpers/random';

const bits = (x: ArrayLike<number>) => Array.from(x, (v) => (Object.is(v, -0) ? '-0' : String(v)));

async function workload(): Promise<Record<string, string[]>> {
  const a = randomMatrix(240, 200, 1), b = randomMatrix(200, 230, 2);
  const s = gram(randomMatrix(200, 220, 3));
  const { X, y } = sphereData({ n: 120, d: 16, seed: 4 });
  const net = TwoLayerReLU.init({ inputDim: 16, width: 2000, seed: 5, trainOutputLayer: true });
  const e = eigh(s);
  const run = await train(net, X, y, { optimizer: gd({ lr: 0.1 }), steps: 6, record: { kernelDrift: true } });
  const out = {
    matmul: bits(matmul(a, b).data),
    gram: bits(gram(a).data),
    eigh: bits([...e.values, ...e.vectors!.data]),
    analytic: bits(analyticNtk(X).data),
    empirical: bits(net.empiricalNtk(X).data),
    train: bits([...run.loss, ...run.weightDrift, ...run.kernelDrift!]),
  };
  net.dispose();
  return out;
}

self.onmessage = async (event: MessageEvent<{ backend: 'simd' | 'relaxed' }>) => {
  try {
    const results: { threads: number; isolated: boolean; note?: string; bits: Record<string, string[]> }[] = [];
    for (const threads of [1, 2, 3, 4]) {
      const info = await ready({ backend: event.data.backend, threads });
      results.push({ threads: info.threads, isolated: (self as unknown as { crossOriginIsolated: boolean }).crossOriginIsolated, note: info.threadsNote, bits: await workload() });
    }
    void Matrix;
    void runtimeInfo;
    (self as unknown as Worker).postMessage({ results });
  } catch (error) {
    (self as unknown as Worker).postMessage({ error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) });
  }
};
