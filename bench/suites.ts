// The suites behind `npm run bench` (started by bench/run.ts once the baselines are installed):
// runs them, prints each table, and saves bench/results/<suite>.json. Node must run with
// --experimental-wasm-relaxed-simd (the npm script passes it) so that both backends are measured
// in the same run as the baselines.
import { supportsBackend } from '../src/runtime/runtime';
import { GEMM_SIZES, gemmBench, gemmTable } from './gemm.bench';
import { EIGH_SIZES, eighBench, eighTable } from './eigh.bench';
import { nnBench, nnTable } from './nn.bench';
import { dynamicsBench, dynamicsTable } from './dynamics.bench';
import { threadsBench, threadsTable } from './threads.bench';
import { machine, save, table } from './harness';

interface Suite {
  title: string;
  description: string;
  /** The default sizes; empty for a suite of fixed shapes, which --sizes does not change. */
  sizes: number[];
  run(sizes: number[]): Promise<{ table: { header: string[]; body: (string | number)[][] }; rows: object[]; notes?: string[]; extra?: object }>;
}

const SUITES: Record<string, Suite> = {
  gemm: {
    title: 'matmul (C ← A·B, square, float64), GFLOP/s = 2n³ / median time',
    description: 'matmul GFLOP/s (2n³ flops / median time), square n×n float64',
    sizes: GEMM_SIZES,
    async run(sizes) {
      const rows = await gemmBench(sizes, console.log);
      return { table: gemmTable(rows), rows };
    },
  },
  eigh: {
    title: 'eigh / eigvalsh (random symmetric n×n), median milliseconds',
    description: 'symmetric eigendecomposition, median ms; ml-matrix EigenvalueDecomposition as baseline',
    sizes: EIGH_SIZES,
    async run(sizes) {
      const rows = await eighBench(sizes, console.log);
      return { table: eighTable(rows), rows };
    },
  },
  nn: {
    title: 'two-layer ReLU network: empirical NTK, analytic NTK, one forward + gradient (float64), median milliseconds; TF.js (wasm, float32) on the same step',
    description: 'network kernels, median ms: empirical NTK (NTK parameterization, W trained), analytic NTK, one full-batch forward + gradient of the standard-parameterization model with bias (mean squared error), GFLOP/s = 4·n·m·d / median time; TF.js 4 wasm backend (float32, one thread) as the peer on the step',
    sizes: [],
    async run() {
      const result = await nnBench(console.log);
      const t = result.tfjs;
      const notes = [t.ran
        ? `TF.js ${t.version}, backend '${t.backend}' (SIMD ${t.simd ? 'on' : 'off'}, threads ${t.threads ? 'on' : 'off'}), float32; its .wasm loaded from node_modules by setWasmPaths; loss and gradients within ${t.maxRelativeDifference!.toExponential(1)} (relative) of ntk-dynamics'. TF.js/x = TF.js time / ntk-dynamics time.`
        : `TF.js wasm backend not measured (no fallback to another backend): ${t.reason}`];
      return { table: nnTable(result), rows: result.rows, notes, extra: { tfjs: t } };
    },
  },
  dynamics: {
    title: 'dynamics: residual predictions (n = 1000, 1000 entries, after one eigh), output predictions (n = nTest = 2000, 100 entries, after one eigh) and training runs (n = 100, d = 10, m = 4096, 1000 steps), median milliseconds',
    description: 'predictResidual flow and discrete for GD/HB/NAG-C at n = 1000 (1000 entries per call, eigh done once); predictOutputs at n = nTest = 2000 with 100 entries (eigh done once) on one thread and on all; full training runs per optimizer and backend',
    sizes: [],
    async run() {
      const rows = await dynamicsBench(console.log);
      return { table: dynamicsTable(rows), rows };
    },
  },
  threads: {
    title: 'every core: matmul, eigh, the empirical NTK, one nag-epoch epoch and the default run on 1 thread and on all (relaxed backend), NumPy/OpenBLAS on 1 and 2 threads, median milliseconds',
    description: 'the heavy workloads on one thread and on all of the machine\'s, in the same run (relaxed backend); NumPy/OpenBLAS matmul and eigh on 1 and 2 threads as the native baseline; speed-up = 1-thread median / all-threads median; ntk/NumPy = ntk-dynamics median / NumPy median at that thread count',
    sizes: [],
    async run() {
      const result = await threadsBench(console.log);
      const n = result.numpy;
      const notes = [n.ran
        ? `NumPy ${n.version} (${n.blas}) in python3, OPENBLAS_NUM_THREADS set per column. ntk/NumPy below 1: ntk-dynamics is faster.`
        : `NumPy not measured: ${n.reason}`];
      return { table: threadsTable(result), rows: result.rows, notes, extra: { numpy: n } };
    },
  },
};

function argument(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i < 0 ? undefined : argv[i + 1];
}

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

/** The flags bench takes, each followed by its value. */
const FLAGS = ['--suite', '--sizes'];

/** Refuses anything but `--suite S` and `--sizes A,B`, each at most once (a mistyped flag would otherwise run every suite). */
function checkFlags(argv: string[]): void {
  for (let i = 0; i < argv.length; i += 2) {
    if (!FLAGS.includes(argv[i])) fail(`unknown argument '${argv[i]}' (known: ${FLAGS.join(', ')}, each with a value)`);
    if (argv[i + 1] === undefined || argv[i + 1].startsWith('--')) fail(`${argv[i]} needs a value`);
    if (argv.indexOf(argv[i]) !== i) fail(`${argv[i]} given twice`);
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  checkFlags(argv);
  const suiteName = argument(argv, '--suite');
  if (suiteName !== undefined && !(suiteName in SUITES)) fail(`unknown suite '${suiteName}' (known: ${Object.keys(SUITES).join(', ')})`);
  const sizesText = argument(argv, '--sizes');
  const sizes = sizesText?.split(',').map(Number);
  if (sizes && (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1))) {
    fail('--sizes takes a comma-separated list of positive integers, e.g. --sizes 128,512');
  }
  if (!supportsBackend('relaxed')) fail('this Node does not accept relaxed SIMD; run it with --experimental-wasm-relaxed-simd (npm run bench does)');

  const m = machine();
  console.log(`ntk-dynamics benchmarks — ${m.cpu}, ${m.cores} cores, Node ${m.node}; one thread (the threads suite: one and all); medians`);
  for (const [name, suite] of Object.entries(SUITES)) {
    if (suiteName !== undefined && name !== suiteName) continue;
    console.log(`\n${suite.title}:`);
    if (sizes && suite.sizes.length === 0) console.log(`(--sizes does not apply to ${name}: its shapes are fixed)`);
    const result = await suite.run(sizes ?? suite.sizes);
    console.log('\n' + table(result.table.header, result.table.body));
    for (const note of result.notes ?? []) console.log(note);
    const file = save(name, { description: suite.description, table: result.table, rows: result.rows, ...(result.notes ? { notes: result.notes } : {}), ...result.extra });
    console.log(`saved ${file}`);
  }
}

await main();
