// Every core: the heavy workloads on one thread and on all of the machine's, in the same run
// (relaxed backend), and NumPy/OpenBLAS on 1 and 2 threads for matmul and eigh when python3 with
// NumPy is present. The speed-up is 1-thread median / all-threads median; ntk/NumPy is
// ntk-dynamics' median / NumPy's at the same thread count (below 1: faster than NumPy).
//
// Workloads: matmul n = 1024; eigh n = 2000 (values and vectors); the empirical NTK at n = 1000,
// m = 10⁴, d = 100; one epoch of `--preset nag-epoch` (a NAG-C step of the authors' model on the
// first 600 MNIST digits: m = 3000, standard parameterization, bias, both layers trained); and
// the command's whole default run (training, predictions and the width panel).
import { spawnSync } from 'node:child_process';
import {
  Matrix, Random, TwoLayerReLU, eigh, loadMnist, matmul, nesterov, ready, sphereData, train,
} from '../src/index';
import { DEFAULT_CONFIG } from '../src/experiment/config';
import { runExperiment } from '../src/experiment/experiment';
import { measure, type Budget, type Measurement } from './harness';

export interface ThreadsRow {
  task: string;
  shape: string;
  threads: number;
  medianMs: number;
  samples: number;
}

export interface NumpyRow {
  task: 'matmul' | 'eigh';
  threads: number;
  medianMs: number;
  samples: number;
}

export interface ThreadsResult {
  rows: ThreadsRow[];
  numpy: { ran: boolean; version?: string; blas?: string; reason?: string; rows: NumpyRow[] };
}

const FEW: Budget = { iterations: 5, time: 0, warmup: 1 };
const SLOW: Budget = { iterations: 3, time: 0, warmup: 1 };
// Three whole runs per thread count: with two, one slow sample on this shared machine moved the
// median (the mean of two) by a third.
const RUNS: Budget = { iterations: 3, time: 0, warmup: 0 };

function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  return new Matrix(rows, cols, new Random(seed).fillNormal(new Float64Array(rows * cols)));
}

function symmetric(n: number, seed: number): Matrix {
  const a = randomMatrix(n, n, seed);
  const s = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s.data[i * n + j] = 0.5 * (a.data[i * n + j] + a.data[j * n + i]);
  return s;
}

export async function threadsBench(log: (s: string) => void = () => {}): Promise<ThreadsResult> {
  const rows: ThreadsRow[] = [];
  const A = randomMatrix(1024, 1024, 1), B = randomMatrix(1024, 1024, 2);
  const S = symmetric(2000, 3);
  const ntkX = sphereData({ n: 1000, d: 100, seed: 4 }).X;
  const mnist = await loadMnist({ n: 600 });
  // An epoch as the 5000-epoch preset runs it: one NAG-C step each, the loss at the iterate x_k
  // recorded every 10th (one more forward pass). 50 steps per sample: the per-call setup (copying
  // weights and inputs in, the record at step 0) is then 1/50 of a sample; in a 5000-epoch run it
  // is nothing, and with 10 steps per sample it made up a fifth of the figure.
  const steps = 50;
  const every = 10;
  for (const threads of [1, 'auto'] as const) {
    const info = await ready({ backend: 'relaxed', threads });
    const t = info.threads;
    const record = (task: string, shape: string, m: Measurement, perRun = 1) => {
      rows.push({ task, shape, threads: t, medianMs: m.medianMs / perRun, samples: m.samples });
      log(`  ${`${task} (${shape}), ${t} thread${t === 1 ? '' : 's'}`.padEnd(64)} median ${(m.medianMs / perRun).toFixed(1).padStart(9)} ms  (${m.samples} runs)`);
    };
    record('matmul', 'n=1024', await measure(`matmul:threads=${t}`, () => matmul(A, B), FEW));
    record('eigh', 'n=2000', await measure(`eigh:threads=${t}`, () => eigh(S), SLOW));
    const ntkNet = TwoLayerReLU.init({ inputDim: 100, width: 10_000, seed: 5 });
    record('empirical NTK', 'n=1000,m=10000,d=100', await measure(`empirical-ntk:threads=${t}`, () => ntkNet.empiricalNtk(ntkX), FEW));
    ntkNet.dispose();
    // One epoch of nag-epoch: `steps` NAG-C steps recorded every `every`, per step.
    const mnistNet = TwoLayerReLU.init({ inputDim: 784, width: 3000, seed: 6, parameterization: 'standard', bias: true, trainOutputLayer: true });
    record('nag-epoch epoch', 'n=600,d=784,m=3000', await measure(`nag-epoch-step:threads=${t}`, async () => {
      const copy = mnistNet.clone();
      const r = await train(copy, mnist.X, mnist.y, { optimizer: nesterov({ lr: 1e-4, damping: 3 }), steps, loss: 'mean', record: { every } });
      copy.dispose();
      if (r.status !== 'completed') throw new Error(`nag-epoch steps ended ${r.status}`);
      return r.loss[r.loss.length - 1];
    }, FEW), steps);
    mnistNet.dispose();
    record('default run', 'ntk-dynamics run', await measure(`default-run:threads=${t}`, async () => {
      const result = await runExperiment(DEFAULT_CONFIG, 'bench', info.backend);
      if (result.status !== 'completed') throw new Error(`the default run ended ${result.status}`);
      return result.runs.length;
    }, RUNS));
  }
  await ready({ backend: 'relaxed', threads: 1 }); // the other suites measure one thread
  return { rows, numpy: numpyBaseline(log) };
}

/** NumPy's matmul (n = 1024) and eigh (n = 2000) on 1 and 2 OpenBLAS threads, medians in ms. */
function numpyBaseline(log: (s: string) => void): ThreadsResult['numpy'] {
  const script = `
import json, sys, time
import numpy as np
rng = np.random.default_rng(1)
A = rng.standard_normal((1024, 1024)); B = rng.standard_normal((1024, 1024))
S = rng.standard_normal((2000, 2000)); S = (S + S.T) / 2
def median(f, runs):
    f()
    t = []
    for _ in range(runs):
        s = time.perf_counter(); f(); t.append((time.perf_counter() - s) * 1000)
    t.sort(); return t[len(t) // 2], runs
out = {"version": np.__version__, "rows": []}
try:
    cfg = np.show_config(mode="dicts")
    out["blas"] = cfg["Build Dependencies"]["blas"]["name"] + " " + str(cfg["Build Dependencies"]["blas"].get("version", ""))
except Exception:
    out["blas"] = "unknown"
for task, f, runs in (("matmul", lambda: A @ B, 9), ("eigh", lambda: np.linalg.eigh(S), 3)):
    m, r = median(f, runs)
    out["rows"].append({"task": task, "medianMs": m, "samples": r})
print(json.dumps(out))
`;
  const rows: NumpyRow[] = [];
  let version: string | undefined, blas: string | undefined;
  for (const threads of [1, 2]) {
    // The machine's environment pins OpenBLAS's core type and cache size for other tools; NumPy is
    // measured with its own detection, and the thread count set for this command only.
    const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) };
    delete env.OPENBLAS_CORETYPE;
    delete env.OPENBLAS_L2_SIZE;
    const p = spawnSync('python3', ['-c', script], { env, encoding: 'utf8', timeout: 300_000 });
    if (p.error || p.status !== 0) {
      const reason = p.error ? p.error.message : (p.stderr || `exit ${p.status}`).trim().split('\n').pop();
      log(`  NumPy not measured: ${reason}`);
      return { ran: false, reason, rows: [] };
    }
    const out = JSON.parse(p.stdout) as { version: string; blas: string; rows: { task: 'matmul' | 'eigh'; medianMs: number; samples: number }[] };
    version = out.version;
    blas = out.blas;
    for (const r of out.rows) {
      rows.push({ ...r, threads });
      log(`  NumPy ${r.task}, ${threads} thread${threads === 1 ? '' : 's'}`.padEnd(66) + `median ${r.medianMs.toFixed(1).padStart(9)} ms  (${r.samples} runs)`);
    }
  }
  return { ran: true, version, blas, rows };
}

export function threadsTable({ rows, numpy }: ThreadsResult): { header: string[]; body: (string | number)[][] } {
  const all = Math.max(...rows.map((r) => r.threads));
  const header = ['task', 'shape', '1 thread ms', `${all} threads ms`, 'speed-up', 'NumPy 1 thread ms', 'NumPy 2 threads ms', 'ntk/NumPy (1)', `ntk/NumPy (${all})`];
  const body: (string | number)[][] = [];
  const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
  for (const task of [...new Set(rows.map((r) => r.task))]) {
    const one = rows.find((r) => r.task === task && r.threads === 1)!;
    const many = rows.find((r) => r.task === task && r.threads === all)!;
    const np = (t: number) => numpy.rows.find((r) => r.task === task && r.threads === t);
    const np1 = np(1), np2 = np(all);
    body.push([
      task, one.shape, fmt(one.medianMs), fmt(many.medianMs), `${(one.medianMs / many.medianMs).toFixed(2)}×`,
      np1 ? fmt(np1.medianMs) : '–', np2 ? fmt(np2.medianMs) : '–',
      np1 ? `${(one.medianMs / np1.medianMs).toFixed(2)}` : '–', np2 ? `${(many.medianMs / np2.medianMs).toFixed(2)}` : '–',
    ]);
  }
  return { header, body };
}
