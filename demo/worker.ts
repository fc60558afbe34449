// The demo's training, off the main thread: the page never freezes, and Stop aborts the run.
import {
  TwoLayerReLU, analyticNtk, eigh, predictResidual, ready, sphereData, train, type Optimizer,
} from '../src/index';
// The optimizers by alias and settings, as the command builds them (src/experiment/config.ts).
import { optimizerFromSettings } from '../src/optimizers/registry';
import type { Curve, DemoConfig, FromWorker, OptimizerName, Prediction, ToWorker } from './protocol';
import { drawnInputs, drawnPositions } from './data';

const post = (m: FromWorker) => (self as unknown as Worker).postMessage(m);

function optimizerOf(name: OptimizerName, c: DemoConfig): Optimizer {
  return optimizerFromSettings(name, c.lr, { momentum: c.momentum, damping: c.damping });
}

async function run(runId: number, c: DemoConfig, signal: AbortSignal): Promise<void> {
  const started = performance.now();
  const { X, y } = c.data === 'drawn'
    ? { X: drawnInputs(drawnPositions(c.n)), y: Float64Array.from(c.targets ?? []) }
    : sphereData({ n: c.n, d: c.dim, seed: c.seed });
  if (y.length !== c.n) throw new RangeError(`the drawing gives ${y.length} targets for ${c.n} points`);
  const net = TwoLayerReLU.init({ inputDim: X.cols, width: c.width, seed: c.seed });
  let stopped = false;
  try {
    const basisH0 = eigh(net.empiricalNtk(X));
    const basisInf = eigh(analyticNtk(X));
    const r0 = Float64Array.from(net.predict(X), (u, i) => u - y[i]);
    // About a thousand points per curve, so that a run stopped early still draws a smooth one.
    const every = Math.max(1, Math.floor(c.steps / 1000));
    const sampledSteps: number[] = [];
    for (let k = 0; k <= c.steps; k += every) sampledSteps.push(k);
    if (sampledSteps[sampledSteps.length - 1] !== c.steps) sampledSteps.push(c.steps);
    /** The ODE time of one step for this optimizer (its time map t(k) is linear in k). */
    const stepTime = (o: Optimizer) => predictResidual(basisInf, r0, { optimizer: o, mode: 'flow', steps: 1 }).times[1];
    const predictions: Partial<Record<OptimizerName, Prediction>> = {};
    for (const name of c.optimizers) {
      const optimizer = optimizerOf(name, c);
      const discrete = predictResidual(basisH0, r0, { optimizer, mode: 'discrete', steps: c.steps });
      // An unstable linearized model grows without bound: there is nothing to draw.
      if (!discrete.stable) {
        predictions[name] = { stable: false, maxStableLearningRate: discrete.maxStableLearningRate };
        continue;
      }
      const dt = stepTime(optimizer);
      const ode = predictResidual(basisInf, r0, { optimizer, mode: 'flow', times: sampledSteps.map((k) => k * dt) });
      predictions[name] = {
        stable: true,
        maxStableLearningRate: discrete.maxStableLearningRate,
        discrete: { steps: sampledSteps, loss: sampledSteps.map((k) => discrete.loss[k]) } satisfies Curve,
        ode: { steps: sampledSteps, loss: Array.from(ode.loss) },
      };
    }
    const initialLoss = 0.5 * r0.reduce((s, r) => s + r * r, 0);
    post({ type: 'setup', runId, lambda0: basisInf.values[0], lambdaMax: basisInf.values[c.n - 1], spectrum: Array.from(basisInf.values), initialLoss, predictions });
    for (const name of c.optimizers) {
      if (signal.aborted) {
        stopped = true;
        break;
      }
      const copy = net.clone();
      try {
        // Live points from the progress callback (about ten a second), then the full record.
        const live = { steps: [0], loss: [initialLoss] };
        const optimizer = optimizerOf(name, c);
        const result = await train(copy, X, y, {
          optimizer, steps: c.steps, record: { every }, signal,
          onProgress: (p) => {
            live.steps.push(p.step);
            live.loss.push(p.loss);
            post({ type: 'progress', runId, optimizer: name, steps: live.steps, loss: live.loss });
          },
        });
        if (result.status === 'aborted') stopped = true;
        // The loss at the weights the network ended on (where a divergence was caught, too),
        // which ends its curve when that step was not a recorded one.
        const fit = copy.predict(X);
        const finalLoss = 0.5 * fit.reduce((s, u, i) => s + (u - y[i]) ** 2, 0);
        const recorded = { steps: [...result.steps], loss: [...result.loss] };
        if (recorded.steps[recorded.steps.length - 1] < result.stepsRun) {
          recorded.steps.push(result.stepsRun);
          recorded.loss.push(finalLoss);
        }
        post({ type: 'progress', runId, optimizer: name, ...recorded });
        // The predictions at the step the network reached, for the table.
        const predicted = predictions[name]!;
        const k = result.stepsRun;
        const atK = predicted.stable
          ? {
            linearized: predictResidual(basisH0, r0, { optimizer, mode: 'discrete', steps: k }).loss[k],
            ode: predictResidual(basisInf, r0, { optimizer, mode: 'flow', times: [k * stepTime(optimizer)] }).loss[0],
          }
          : {};
        post({
          type: 'run-end', runId, optimizer: name, status: result.status, steps: k, finalLoss,
          ...atK, maxStableLearningRate: result.maxStableLearningRate ?? predicted.maxStableLearningRate, fit: Array.from(fit),
        });
      } finally {
        copy.dispose();
      }
    }
  } finally {
    net.dispose();
  }
  post({ type: 'done', runId, stopped, elapsedMs: performance.now() - started });
}

// One run at a time: a new run aborts the current one and starts when it has wound down.
let current: { controller: AbortController; finished: Promise<void> } | undefined;

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  current?.controller.abort();
  if (message.type === 'stop') return;
  const controller = new AbortController();
  const previous = current?.finished ?? Promise.resolve();
  const finished = previous.then(() => run(message.runId, message.config, controller.signal)).catch((error: unknown) => {
    post({ type: 'error', runId: message.runId, message: error instanceof Error ? error.message : String(error) });
  });
  current = { controller, finished };
};

ready().then(
  (info) => post({ type: 'ready', backend: info.backend }),
  (error: unknown) => post({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
);
