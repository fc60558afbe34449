// matmul GFLOP/s: both Wasm backends against a plain-JS i-k-j loop and ml-matrix's mmul, on the
// same square operands, in one run.
import { Matrix as MlMatrix } from 'ml-matrix';
import { Matrix, matmul, ready, type Backend } from '../src/index';
import { referenceMatmul } from '../test/helpers/reference';
import { measure, type Budget, type Measurement } from './harness';
import { randomMatrix } from '../test/helpers/random';

export const GEMM_SIZES = [128, 256, 512, 1024, 2048];
const BACKENDS: Backend[] = ['simd', 'relaxed'];

/** Fast kernels: at least 1 s or 5 runs after warm-up. */
function wasmBudget(n: number): Budget {
  return n >= 2048 ? { iterations: 3, time: 0, warmup: 1 } : { iterations: 5, time: 1000, warmup: 5 };
}

/** Baselines take up to tens of seconds at n = 2048: fewer runs there. */
function baselineBudget(n: number): Budget {
  if (n >= 2048) return { iterations: 1, time: 0, warmup: 0 };
  if (n >= 1024) return { iterations: 2, time: 0, warmup: 1 };
  return { iterations: 3, time: 500, warmup: 2 };
}

export interface GemmRow extends Measurement {
  n: number;
  impl: string;
  gflops: number;
}

export async function gemmBench(sizes = GEMM_SIZES, log: (s: string) => void = () => {}): Promise<GemmRow[]> {
  const rows: GemmRow[] = [];
  const record = (n: number, impl: string, m: Measurement) => {
    const row = { ...m, n, impl, gflops: (2 * n ** 3) / (m.medianMs * 1e6) };
    rows.push(row);
    log(`  ${m.task.padEnd(30)} median ${m.medianMs.toFixed(2).padStart(9)} ms  ${row.gflops.toFixed(2).padStart(6)} GFLOP/s  (${m.samples} runs)`);
  };
  for (const n of sizes) {
    const a = randomMatrix(n, n, 1);
    const b = randomMatrix(n, n, 2);
    const out = Matrix.zeros(n, n);
    for (const backend of BACKENDS) {
      await ready({ backend, threads: 1 });
      record(n, backend, await measure(`gemm_f64:${backend}:n=${n}`, () => matmul(a, b, { out }), wasmBudget(n)));
    }
    record(n, 'plain-js', await measure(`plain-js-ikj:n=${n}`, () => referenceMatmul(a, b), baselineBudget(n)));
    const mlA = new MlMatrix(a.toArray());
    const mlB = new MlMatrix(b.toArray());
    record(n, 'ml-matrix', await measure(`ml-matrix-mmul:n=${n}`, () => mlA.mmul(mlB), baselineBudget(n)));
  }
  return rows;
}

/** One line per size: GFLOP/s of each implementation and the Wasm/baseline ratios. */
export function gemmTable(rows: GemmRow[]): { header: string[]; body: (string | number)[][] } {
  const header = ['n', 'simd GFLOP/s', 'relaxed GFLOP/s', 'plain JS', 'ml-matrix', 'simd/ml-matrix', 'relaxed/ml-matrix', 'relaxed/plain JS'];
  const sizes = [...new Set(rows.map((r) => r.n))];
  const body = sizes.map((n) => {
    const g = (impl: string) => rows.find((r) => r.n === n && r.impl === impl)!.gflops;
    return [
      n, g('simd').toFixed(2), g('relaxed').toFixed(2), g('plain-js').toFixed(2), g('ml-matrix').toFixed(2),
      `${(g('simd') / g('ml-matrix')).toFixed(1)}×`, `${(g('relaxed') / g('ml-matrix')).toFixed(1)}×`,
      `${(g('relaxed') / g('plain-js')).toFixed(1)}×`,
    ];
  });
  return { header, body };
}
