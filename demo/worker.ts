// The demo's training, off the main thread: the page never freezes, and Stop aborts the run.
import {
  TwoLayerReLU, analyticNtk, eigh, gd, heavyBall, nesterov, predictResidual, ready, sphereData, train, type Optimizer,
} from '../src/index';
import type { DemoConfig, FromWorker, ToWorker } from './protocol';
import { drawnInputs, drawnPositions } from './data';

const post = (m: FromWorker) => (self as unknown as Worker).postMessage(m);
let controller: AbortController | undefined;

function optimizerOf(name: DemoConfig['optimizers'][number], c: DemoConfig): Optimizer {
  if (name === 'gd') return gd({ lr: c.lr });
  if (name === 'hb') return heavyBall({ lr: c.lr, momentum: c.momentum });
  return nesterov({ lr: c.lr, damping: c.damping });
}

async function run(c: DemoConfig): Promise<void> {
  const started = performance.now();
  controller = new AbortController();
  const { X, y } = c.data === 'drawn'
    ? { X: drawnInputs(drawnPositions(c.n)), y: Float64Array.from(c.targets ?? []) }
    : sphereData({ n: c.n, d: c.dim, seed: c.seed });
  if (y.length !== c.n) throw new RangeError(`the drawing gives ${y.length} targets for ${c.n} points`);
  const net = TwoLayerReLU.init({ inputDim: X.cols, width: c.width, seed: c.seed });
  const basisH0 = eigh(net.empiricalNtk(X));
  const basisInf = eigh(analyticNtk(X));
  const r0 = Float64Array.from(net.predict(X), (u, i) => u - y[i]);
  const every = Math.max(1, Math.floor(c.steps / 200));
  const sampled = (loss: Float64Array) => {
    const steps: number[] = [], out: number[] = [];
    for (let k = 0; k <= c.steps; k += every) {
      steps.push(k);
      out.push(loss[k]);
    }
    return { steps, loss: out };
  };
  const predictions: Record<string, { discrete: { steps: number[]; loss: number[] }; ode: { steps: number[]; loss: number[] } }> = {};
  for (const name of c.optimizers) {
    const optimizer = optimizerOf(name, c);
    predictions[name] = {
      discrete: sampled(predictResidual(basisH0, r0, { optimizer, mode: 'discrete', steps: c.steps }).loss),
      ode: (() => {
        // the flow at the sampled steps only, through its time map t(k)
        const map = predictResidual(basisInf, r0, { optimizer, mode: 'flow', steps: 1 });
        const steps = sampled(new Float64Array(c.steps + 1)).steps;
        const p = predictResidual(basisInf, r0, { optimizer, mode: 'flow', times: steps.map((k) => k * map.times[1]) });
        return { steps, loss: Array.from(p.loss) };
      })(),
    };
  }
  post({ type: 'setup', lambda0: basisInf.values[0], lambdaMax: basisInf.values[c.n - 1], spectrum: Array.from(basisInf.values), predictions });
  let stopped = false;
  for (const name of c.optimizers) {
    if (controller.signal.aborted) break;
    const copy = net.clone();
    // Live points from the progress callback (about ten a second), then the full record.
    const live = { steps: [] as number[], loss: [] as number[] };
    const result = await train(copy, X, y, {
      optimizer: optimizerOf(name, c), steps: c.steps, record: { every }, signal: controller.signal,
      onProgress: (p) => {
        live.steps.push(p.step);
        live.loss.push(p.loss);
        post({ type: 'progress', optimizer: name, steps: live.steps, loss: live.loss });
      },
    });
    post({ type: 'progress', optimizer: name, steps: result.steps, loss: result.loss });
    post({ type: 'run-end', optimizer: name, status: result.status, finalLoss: result.loss[result.loss.length - 1], steps: result.stepsRun, fit: Array.from(copy.predict(X)) });
    if (result.status === 'aborted') stopped = true;
    copy.dispose();
  }
  net.dispose();
  post({ type: 'done', stopped: stopped || controller.signal.aborted, elapsedMs: performance.now() - started });
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === 'stop') {
    controller?.abort();
    return;
  }
  run(message.config).catch((error: unknown) => post({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
};

ready().then(
  (info) => post({ type: 'ready', backend: info.backend }),
  (error: unknown) => post({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
);
