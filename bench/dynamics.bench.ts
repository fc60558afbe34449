// The dynamics: 1000 residual predictions at n = 1000 after one eigh (flow and discrete, for GD,
// heavy ball and NAG-C); outputs on 2000 training and 2000 test points at 100 times after one eigh
// (predictOutputs: three products of 2000 × 2000 by 2000 × 100, 2.4 GFLOP), on one thread and on
// all; and full training runs (n = 100, d = 10, m = 4096, 1000 steps) per optimizer on both backends.
import {
  TwoLayerReLU, analyticNtk, eigh, gd, heavyBall, nesterov, predictOutputs, predictResidual, qhm, ready, sphereData, train, twoMomentum,
  type Backend, type Optimizer, type OutputPredictOptions,
} from '../src/index';
import { measure, type Measurement } from './harness';

const BACKENDS: Backend[] = ['simd', 'relaxed'];

export interface DynamicsRow extends Measurement {
  what: string;
  impl: string;
}

const PREDICTION_OPTIMIZERS: [string, Optimizer][] = [
  ['GD', gd({ lr: 0.1 })],
  ['HB', heavyBall({ lr: 0.1, momentum: 0.9 })],
  ['NAG-C', nesterov({ lr: 0.1 })],
];

/** λ_max(H(0)) is about 3.9 for this data: η = 0.3 is stable for all five (NAG-C needs η < 4/(3λ_max), QHM η < 1.5). */
const TRAINING_OPTIMIZERS: [string, Optimizer][] = [
  ['GD', gd({ lr: 0.3 })],
  ['HB', heavyBall({ lr: 0.3, momentum: 0.9 })],
  ['NAG-C', nesterov({ lr: 0.3 })],
  ['two-momentum', twoMomentum({ lr: 0.3, beta1: 0.5, beta2: 0.3 })],
  ['QHM', qhm({ lr: 0.3, momentum: 0.9, nu: 0.7 })],
];

export async function dynamicsBench(log: (s: string) => void = () => {}): Promise<DynamicsRow[]> {
  const rows: DynamicsRow[] = [];
  const record = (what: string, impl: string, m: Measurement) => {
    rows.push({ ...m, what, impl });
    log(`  ${m.task.padEnd(48)} median ${m.medianMs.toFixed(2).padStart(9)} ms  (${m.samples} runs)`);
  };
  await ready({ backend: 'relaxed', threads: 1 });
  // Predictions: one eigh of H∞ (n = 1000), then 1000 entries per call.
  const { X } = sphereData({ n: 1000, d: 10, seed: 1 });
  const basis = eigh(analyticNtk(X));
  const r0 = sphereData({ n: 1000, d: 1, seed: 2 }).y;
  const times = Array.from({ length: 1000 }, (_, i) => 0.05 * i);
  for (const [name, optimizer] of PREDICTION_OPTIMIZERS) {
    record('predict-flow', name, await measure(`predict-flow:${name}:n=1000,entries=1000`,
      () => predictResidual(basis, r0, { optimizer, mode: 'flow', times }), { iterations: 10, time: 500, warmup: 3 }));
    record('predict-discrete', name, await measure(`predict-discrete:${name}:n=1000,entries=1000`,
      () => predictResidual(basis, r0, { optimizer, mode: 'discrete', steps: 999 }), { iterations: 10, time: 500, warmup: 3 }));
  }
  await outputPredictions(record);
  // Training runs.
  const data = sphereData({ n: 100, d: 10, seed: 3 });
  for (const backend of BACKENDS) {
    await ready({ backend, threads: 1 });
    for (const [name, optimizer] of TRAINING_OPTIMIZERS) {
      const net = TwoLayerReLU.init({ inputDim: 10, width: 4096, seed: 4 });
      record(`train-1000-steps`, `${name}:${backend}`, await measure(`train:${name}:${backend}:n=100,d=10,m=4096,steps=1000`, async () => {
        const copy = net.clone();
        const result = await train(copy, data.X, data.y, { optimizer, steps: 1000, record: { every: 10 } });
        copy.dispose();
        if (result.status !== 'completed') throw new Error(`training with ${name} ended ${result.status}: ${result.message ?? ''}`);
        return result.loss[result.loss.length - 1];
      }, { iterations: 2, time: 0, warmup: 1 }));
      net.dispose();
    }
  }
  return rows;
}

/**
 * predictOutputs at n = nTest = 2000 and 100 entries, after one eigh of H∞: GD's and heavy ball's
 * flows (closed forms) and NAG-C's recurrence, on one thread and on every thread of the machine.
 */
async function outputPredictions(record: (what: string, impl: string, m: Measurement) => void): Promise<void> {
  const n = 2000;
  const { X } = sphereData({ n, d: 10, seed: 5 });
  const test = sphereData({ n, d: 10, seed: 6 });
  const basis = eigh(analyticNtk(X));
  const kernel = analyticNtk(test.X, X);
  const y = sphereData({ n, d: 1, seed: 7 }).y;
  const times = Array.from({ length: 100 }, (_, i) => 0.5 * i);
  const cases: [string, Pick<OutputPredictOptions, 'optimizer' | 'mode' | 'times' | 'steps'>][] = [
    ['GD flow', { optimizer: gd({ lr: 0.01 }), mode: 'flow', times }],
    ['HB flow', { optimizer: heavyBall({ lr: 0.01, momentum: 0.9 }), mode: 'flow', times }],
    ['NAG-C discrete', { optimizer: nesterov({ lr: 0.01 }), mode: 'discrete', steps: 99 }],
  ];
  for (const threads of [1, 'auto'] as const) {
    const info = await ready({ backend: 'relaxed', threads });
    for (const [name, opts] of cases) {
      record('predict-outputs', `${name}:threads=${info.threads}`, await measure(`predict-outputs:${name}:threads=${info.threads}:n=nTest=2000,entries=100`,
        () => predictOutputs(basis, y, { ...opts, test: { kernel, y: test.y } }).test, { iterations: 8, time: 0, warmup: 2 }));
    }
  }
  await ready({ backend: 'relaxed', threads: 1 });
}

export function dynamicsTable(rows: DynamicsRow[]): { header: string[]; body: (string | number)[][] } {
  const header = ['task', 'optimizer / backend', 'median ms', 'target ms'];
  const target = (r: DynamicsRow) =>
    r.what === 'predict-flow' ? '≤ 20' : r.what === 'predict-discrete' && r.impl === 'NAG-C' ? '≤ 60' : r.what === 'predict-outputs' && r.impl.endsWith('threads=1') ? '≤ 250' : '–';
  return { header, body: rows.map((r) => [r.what, r.impl, r.medianMs.toFixed(2), target(r)]) };
}
