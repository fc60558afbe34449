// The training runs here, in a module Web Worker, so the page stays responsive. The worker gets
// the settings from the page, and posts progress and then the result. The package is the same
// ES module as in Node: its WebAssembly is inside it, so there is nothing else to load.
import { ready, sphereData, TwoLayerReLU, gd, train, predictResidual } from './ntk-dynamics.mjs';

self.onmessage = async ({ data: { n, d, width, lr, steps } }) => {
  try {
    const info = await ready();
    const { X, y } = sphereData({ n, d, seed: 1 });
    const net = TwoLayerReLU.init({ inputDim: d, width, seed: 1 });
    const H0 = net.empiricalNtk(X);
    const run = await train(net, X, y, {
      optimizer: gd({ lr }), steps,
      onProgress: (p) => self.postMessage({ type: 'progress', step: p.step, loss: p.loss }),
    });
    const linearized = predictResidual(H0, run.initialResidual, { optimizer: gd({ lr }), steps, mode: 'discrete' });
    net.dispose();
    self.postMessage({ type: 'done', backend: info.backend, steps: run.steps, loss: run.loss, linearized: Array.from(linearized.loss) });
  } catch (error) {
    self.postMessage({ type: 'error', message: String(error?.message ?? error) });
  }
};
