// The network and its kernels on both Wasm backends: the empirical NTK (n = 1000, m = 10 000,
// d = 100, NTK parameterization, only W trained), the analytic NTK (n = 2000, d = 100), and one
// full-batch forward + gradient at the MNIST shape (n = 600, d = 784, m = 3000, the authors'
// PyTorch model: Linear(784, 3000) with bias → ReLU → Linear(3000, 1) without, mean squared
// error), beside TF.js on the same step in the same run (its wasm backend: float32, XNNPACK, one
// thread in Node, its .wasm loaded from node_modules; W1 in its fastest layout, d × m).
//
// A network's weights live in the memory of the backend that was active when it was created, and
// its passes run there whatever `ready()` picks later, so each backend gets its own network (the
// same seed, so the same weights).
import type { Tensor } from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Matrix, Random, TwoLayerReLU, analyticNtk, ready, sphereData, type Backend } from '../src/index';
import { measure, type Budget, type Measurement } from './harness';

const BACKENDS: Backend[] = ['simd', 'relaxed'];

/** The fixed shapes of the suite (it has no size sweep: `--sizes` does not apply). */
export const NN_SHAPES = {
  empirical: { n: 1000, m: 10000, d: 100 },
  analytic: { n: 2000, d: 100 },
  step: { n: 600, d: 784, m: 3000 },
} as const;

/** Hundreds of milliseconds per run: a few runs after one warm-up. */
const WASM_BUDGET: Budget = { iterations: 5, time: 0, warmup: 1 };
/** The analytic NTK takes tens of milliseconds: more runs. */
const ANALYTIC_BUDGET: Budget = { iterations: 10, time: 0, warmup: 2 };
/** TF.js takes over a second per step; the correctness check before it is a second warm-up. */
const TFJS_BUDGET: Budget = { iterations: 5, time: 0, warmup: 1 };

/** Targets of DESIGN.md (median ms), printed beside the measurements. */
const TARGETS: Record<string, Partial<Record<Backend, number>>> = {
  'empirical-ntk': { simd: 300, relaxed: 300 },
  'train-step': { simd: 700, relaxed: 450 },
};

export type NnWhat = 'empirical-ntk' | 'analytic-ntk' | 'train-step';

export interface NnRow extends Measurement {
  what: NnWhat;
  impl: Backend | 'tfjs-wasm';
  shape: string;
  /** GFLOP/s of the train step: 4·n·m·d / median time (forward GEMM + gradient GEMM). */
  gflops?: number;
}

/** What happened to the TF.js peer: how it was loaded, or why it could not run. */
export interface TfjsStatus {
  ran: boolean;
  version?: string;
  backend?: string;
  wasmPaths?: string;
  simd?: boolean;
  threads?: boolean;
  /** Largest relative difference from ntk-dynamics' loss and gradients (float32 against float64). */
  maxRelativeDifference?: number;
  reason?: string;
}

export interface NnResult {
  rows: NnRow[];
  tfjs: TfjsStatus;
}

const shapeText = (s: Record<string, number>) => Object.entries(s).map(([k, v]) => `${k}=${v}`).join(',');

/** The MNIST-shaped batch: uniform [0, 1) pixels and digit labels 0–9, from one seeded stream. */
export function mnistShapedBatch(n: number, d: number, seed: number): { X: Matrix; y: Float64Array } {
  const rng = new Random(seed);
  const X = new Matrix(n, d, rng.fillUniform(new Float64Array(n * d)));
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = Math.floor(10 * rng.uniform());
  return { X, y };
}

/** The authors' PyTorch model: standard parameterization, bias, both layers trained. */
function mnistNet(d: number, m: number): TwoLayerReLU {
  return TwoLayerReLU.init({ inputDim: d, width: m, seed: 7, parameterization: 'standard', trainOutputLayer: true, bias: true });
}

function requireBackend(net: TwoLayerReLU, backend: Backend): void {
  if (net.state.rt.backend !== backend) throw new Error(`nn bench: the network runs on ${net.state.rt.backend}, not ${backend}`);
}

export async function nnBench(log: (s: string) => void = () => {}): Promise<NnResult> {
  const rows: NnRow[] = [];
  const record = (what: NnWhat, impl: NnRow['impl'], shape: string, m: Measurement, flops?: number) => {
    const row: NnRow = { ...m, what, impl, shape };
    if (flops !== undefined) row.gflops = flops / (m.medianMs * 1e6);
    rows.push(row);
    const rate = row.gflops === undefined ? '' : `  ${row.gflops.toFixed(2).padStart(6)} GFLOP/s`;
    log(`  ${m.task.padEnd(44)} median ${m.medianMs.toFixed(1).padStart(8)} ms${rate}  (${m.samples} runs)`);
  };

  const E = NN_SHAPES.empirical, A = NN_SHAPES.analytic, S = NN_SHAPES.step;
  const sphereE = sphereData({ n: E.n, d: E.d, seed: 11 });
  const sphereA = sphereData({ n: A.n, d: A.d, seed: 12 });
  const batch = mnistShapedBatch(S.n, S.d, 13);
  const stepFlops = 4 * S.n * S.m * S.d;
  let reference: { loss: number; W: Float64Array; a: Float64Array; b: Float64Array } | undefined;

  for (const backend of BACKENDS) {
    await ready({ backend, threads: 1 });

    const ntkNet = TwoLayerReLU.init({ inputDim: E.d, width: E.m, seed: 5 });
    requireBackend(ntkNet, backend);
    record('empirical-ntk', backend, shapeText(E),
      await measure(`empirical-ntk:${backend}:${shapeText(E)}`, () => ntkNet.empiricalNtk(sphereE.X), WASM_BUDGET));
    ntkNet.dispose();

    record('analytic-ntk', backend, shapeText(A),
      await measure(`analytic-ntk:${backend}:${shapeText(A)}`, () => analyticNtk(sphereA.X), ANALYTIC_BUDGET));

    const net = mnistNet(S.d, S.m);
    requireBackend(net, backend);
    record('train-step', backend, shapeText(S),
      await measure(`train-step:${backend}:${shapeText(S)}`, () => net.gradient(batch.X, batch.y, { loss: 'mean' }), WASM_BUDGET), stepFlops);
    if (backend === 'simd') {
      const g = net.gradient(batch.X, batch.y, { loss: 'mean' });
      reference = { loss: g.loss, W: g.W.data, a: g.a!, b: g.b! };
    }
    net.dispose();
  }

  let tfjs: TfjsStatus;
  try {
    tfjs = await tfjsTrainStep(batch, S, reference!, (m) => record('train-step', 'tfjs-wasm', shapeText(S), m, stepFlops));
  } catch (error) {
    tfjs = { ran: false, reason: error instanceof Error ? error.message : String(error) };
  }
  log(tfjs.ran
    ? `  TF.js ${tfjs.version}, backend ${tfjs.backend} (simd ${tfjs.simd}, threads ${tfjs.threads}), .wasm from ${tfjs.wasmPaths}; max relative difference from ntk-dynamics ${tfjs.maxRelativeDifference!.toExponential(1)}`
    : `  TF.js wasm backend not measured: ${tfjs.reason}`);
  return { rows, tfjs };
}

/**
 * The same forward + gradient in TF.js: u = relu(X·W1 + b1)·w2, L = mean((u − y)²), gradients
 * with respect to W1, b1 and w2 by tf.valueAndGrads, read back with dataSync so that the work is
 * done inside the timed call, in tf.tidy so that no tensor outlives an iteration (checked). Only
 * the wasm backend is accepted: anything else is an error (reported in the table), never a silent
 * switch to the cpu backend.
 *
 * W1 is d × m (Keras' Dense layout), TF.js' fastest: its wasm BatchMatMul takes the XNNPACK path
 * only for untransposed operands, and a transposed one costs about 18× more at these shapes, so
 * PyTorch's m × d layout (X·W1ᵀ forward) makes the step about 3× slower (3.4 s against 1.2 s
 * here). The backward pass's Xᵀ·∂Z is transposed in either layout and dominates the step.
 */
async function tfjsTrainStep(
  batch: { X: Matrix; y: Float64Array }, S: { n: number; d: number; m: number },
  reference: { loss: number; W: Float64Array; a: Float64Array; b: Float64Array },
  record: (m: Measurement) => void,
): Promise<TfjsStatus> {
  const tf = await import('@tensorflow/tfjs');
  const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
  const require = createRequire(import.meta.url);
  const wasmPaths = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
  setWasmPaths(wasmPaths);
  let ok: boolean;
  try {
    ok = await tf.setBackend('wasm');
    await tf.ready();
  } catch (error) {
    throw new Error(`tf.setBackend('wasm') failed with .wasm files from ${wasmPaths}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!ok || tf.getBackend() !== 'wasm') {
    throw new Error(`tf.setBackend('wasm') did not initialise (setBackend returned ${ok}, active backend ${tf.getBackend()}) with .wasm files from ${wasmPaths}`);
  }
  const { n, d, m } = S;
  // The same weights as the ntk-dynamics network (seed 7), rounded to float32, W1 transposed.
  const init = mnistNet(d, m);
  const X = tf.tensor2d(Float32Array.from(batch.X.data), [n, d]);
  const y = tf.tensor1d(Float32Array.from(batch.y));
  const Wmd = init.W.data;
  const Wdm = new Float32Array(d * m);
  for (let r = 0; r < m; r++) for (let k = 0; k < d; k++) Wdm[k * m + r] = Wmd[r * d + k];
  const W1 = tf.tensor2d(Wdm, [d, m]);
  const b1 = tf.tensor1d(Float32Array.from(init.b!));
  const w2 = tf.tensor2d(Float32Array.from(init.a), [m, 1]);
  init.dispose();
  const transpose = (x: ArrayLike<number>, rows: number, cols: number) => {
    const t = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = x[i * cols + j];
    return t;
  };
  const lossOf = (w: Tensor, b: Tensor, a: Tensor) => {
    const h = tf.relu(tf.add(tf.matMul(X, w), b)); // n × m
    const u = tf.reshape(tf.matMul(h, a), [n]);
    return tf.mean(tf.square(tf.sub(u, y)));
  };
  const valueAndGrads = tf.valueAndGrads(lossOf);
  // The gradients leave tf.tidy through a variable, not in its return value: tidy walks what it
  // returns looking for tensors, element by element in a typed array (a second per step here).
  const step = () => {
    let grads: Float32Array[] = [];
    const loss = tf.tidy(() => {
      const result = valueAndGrads([W1, b1, w2]);
      grads = result.grads.map((g) => g.dataSync() as Float32Array);
      return result.value.dataSync()[0];
    });
    return { loss, grads };
  };

  // Check once, outside the timing, that this is the same model and the same gradient.
  const check = step();
  const relative = (x: ArrayLike<number>, ref: ArrayLike<number>) => {
    let diff = 0, norm = 0;
    for (let i = 0; i < ref.length; i++) { diff += (x[i] - ref[i]) ** 2; norm += ref[i] ** 2; }
    return Math.sqrt(diff / norm);
  };
  const maxRelativeDifference = Math.max(
    Math.abs(check.loss - reference.loss) / Math.abs(reference.loss),
    relative(transpose(check.grads[0], d, m), reference.W), relative(check.grads[1], reference.b), relative(check.grads[2], reference.a),
  );
  if (!(maxRelativeDifference < 1e-3)) {
    throw new Error(`TF.js and ntk-dynamics disagree on the loss or gradient (relative difference ${maxRelativeDifference})`);
  }

  const before = tf.memory().numTensors;
  record(await measure(`tfjs-wasm-train-step:n=${n},d=${d},m=${m}`, () => step().loss, TFJS_BUDGET));
  const leaked = tf.memory().numTensors - before;
  tf.dispose([X, y, W1, b1, w2]);
  if (leaked !== 0) throw new Error(`TF.js leaked ${leaked} tensors across iterations`);
  return {
    ran: true, version: tf.version.tfjs, backend: tf.getBackend(), wasmPaths,
    simd: Boolean(tf.env().getBool('WASM_HAS_SIMD_SUPPORT')), threads: Boolean(tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')),
    maxRelativeDifference,
  };
}

/** One line per task: ms per backend, the target, GFLOP/s of the step, TF.js and its ratios. */
export function nnTable({ rows, tfjs }: NnResult): { header: string[]; body: (string | number)[][] } {
  const header = ['task', 'shape', 'simd ms', 'relaxed ms', 'target ms (simd / relaxed)', 'simd GFLOP/s', 'relaxed GFLOP/s', 'TF.js wasm ms', 'TF.js/simd', 'TF.js/relaxed'];
  const body: (string | number)[][] = [];
  for (const what of ['empirical-ntk', 'analytic-ntk', 'train-step'] as const) {
    const row = (impl: NnRow['impl']) => rows.find((r) => r.what === what && r.impl === impl);
    const simd = row('simd'), relaxed = row('relaxed');
    if (!simd || !relaxed) continue;
    const target = TARGETS[what];
    const tf = what === 'train-step' ? row('tfjs-wasm') : undefined;
    const tfCell = what !== 'train-step' ? '–' : tf ? tf.medianMs.toFixed(0) : `not run: ${tfjs.reason}`;
    body.push([
      what, simd.shape, simd.medianMs.toFixed(1), relaxed.medianMs.toFixed(1),
      target ? `≤ ${target.simd} / ≤ ${target.relaxed}` : '–',
      simd.gflops?.toFixed(2) ?? '–', relaxed.gflops?.toFixed(2) ?? '–',
      tfCell,
      tf ? `${(tf.medianMs / simd.medianMs).toFixed(1)}×` : '–',
      tf ? `${(tf.medianMs / relaxed.medianMs).toFixed(1)}×` : '–',
    ]);
  }
  return { header, body };
}
