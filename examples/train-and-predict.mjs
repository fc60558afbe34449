// Train a wide two-layer ReLU network with gradient descent and print its loss beside what the
// neural tangent kernel predicts: the same gradient descent on the network linearized at its
// initialisation (kernel frozen at H(0) = J(0)·J(0)ᵀ, the discrete recurrence r ← (I − ηH)·r) and
// gradient flow with the infinite-width kernel H∞. With many more neurons than points (the kernel
// regime) the network follows its linearization closely: their difference stays a small fraction
// of the starting loss at every step, and the trained network's residual u − y ends within a
// small fraction of ‖r(0)‖ of the linearized one, while both losses fall by orders of magnitude.
//
//   node examples/train-and-predict.mjs                     n = 20, d = 10, m = 16384, η = 0.3
//   NTK_EXAMPLE_QUICK=1 node examples/train-and-predict.mjs  a smaller, faster run (m = 2048)
import { ready, sphereData, TwoLayerReLU, analyticNtk, eigh, gd, train, predictResidual } from 'ntk-dynamics';

const quick = process.env.NTK_EXAMPLE_QUICK === '1';
const n = 20, d = 10, lr = 0.3;
const width = quick ? 2048 : 16384;
const steps = quick ? 100 : 300;

const info = await ready();
const { X, y } = sphereData({ n, d, seed: 1 });            // n unit vectors in ℝᵈ, targets ~ N(0, 1)
const net = TwoLayerReLU.init({ inputDim: d, width, seed: 1 }); // NTK parameterization, W trained

// The kernel at initialisation, before training moves the weights.
const H0 = net.empiricalNtk(X);
const run = await train(net, X, y, { optimizer: gd({ lr }), steps });
const linearized = predictResidual(H0, run.initialResidual, { optimizer: gd({ lr }), steps, mode: 'discrete', residuals: true });
const flow = predictResidual(eigh(analyticNtk(X)), run.initialResidual, { optimizer: gd({ lr }), steps, mode: 'flow' });

console.log(`n = ${n}, d = ${d}, m = ${width}, η = ${lr}, gradient descent, ${steps} steps (backend ${info.backend})`);
console.log('loss ½‖u − y‖²:');
console.log('   step     network  linearized H(0)    flow H∞   |network − linearized| / loss(0)');
const start = run.loss[0];
let worstGap = 0;
for (let k = 0; k <= steps; k++) worstGap = Math.max(worstGap, Math.abs(run.loss[k] - linearized.loss[k]) / start);
for (const k of [0, 1, 2, 5, 10, 20, 50, 100, 200, 300].filter((k) => k <= steps)) {
  const gap = Math.abs(run.loss[k] - linearized.loss[k]) / start;
  console.log(`${String(k).padStart(7)} ${run.loss[k].toExponential(4).padStart(11)} ${linearized.loss[k].toExponential(4).padStart(17)} ${flow.loss[k].toExponential(4).padStart(11)} ${gap.toExponential(2).padStart(12)}`);
}

// Function space: the trained network's residual against the linearized model's, at the end.
const u = net.predict(X);
const rLin = linearized.residuals.data.subarray(steps * n, (steps + 1) * n);
let diff = 0, r0 = 0;
for (let i = 0; i < n; i++) {
  diff += (u[i] - y[i] - rLin[i]) ** 2;
  r0 += run.initialResidual[i] ** 2;
}
console.log(`largest |network − linearized| loss over all ${steps} steps, relative to loss(0): ${worstGap.toExponential(2)}`);
console.log(`after ${steps} steps: ‖(u − y) − r_linearized‖ / ‖r(0)‖ = ${(Math.sqrt(diff) / Math.sqrt(r0)).toExponential(2)}; loss fell by ${(start / run.loss[steps]).toExponential(1)}×`);
console.log(`the weights moved ‖W(K) − W(0)‖_F = ${run.weightDrift.at(-1).toExponential(3)} (‖W(0)‖_F ≈ √(m·d) = ${Math.sqrt(width * d).toFixed(0)})`);
net.dispose(); // frees its Wasm memory now rather than at garbage collection
