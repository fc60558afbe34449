// eigh (values and vectors), eigvalsh, and a 10-smallest subset on random symmetric matrices, on
// both Wasm backends, beside ml-matrix's EigenvalueDecomposition (JAMA's tred2 + tql2 in plain
// JS) in the same run.
import { EigenvalueDecomposition, Matrix as MlMatrix } from 'ml-matrix';
import { eigh, eigvalsh, ready, type Backend } from '../src/index';
import { measure, type Budget, type Measurement } from './harness';
import { randomSymmetric } from '../test/helpers/matrices';

export const EIGH_SIZES = [100, 250, 500, 1000, 2000];
const BACKENDS: Backend[] = ['simd', 'relaxed'];
/** ml-matrix takes 14 s at n = 1000 here; larger sizes are left out. */
const ML_MATRIX_MAX_N = 1000;

function budget(n: number): Budget {
  if (n >= 2000) return { iterations: 3, time: 0, warmup: 1 };
  if (n >= 1000) return { iterations: 5, time: 0, warmup: 1 };
  return { iterations: 5, time: 1000, warmup: 3 };
}

function baselineBudget(n: number): Budget {
  return n >= 500 ? { iterations: 1, time: 0, warmup: 0 } : { iterations: 3, time: 0, warmup: 1 };
}

export interface EighRow extends Measurement {
  n: number;
  impl: string;
  what: 'vectors' | 'values' | 'smallest-10';
}

export async function eighBench(sizes = EIGH_SIZES, log: (s: string) => void = () => {}): Promise<EighRow[]> {
  const rows: EighRow[] = [];
  const record = (n: number, impl: string, what: EighRow['what'], m: Measurement) => {
    rows.push({ ...m, n, impl, what });
    log(`  ${m.task.padEnd(40)} median ${m.medianMs.toFixed(1).padStart(9)} ms  (${m.samples} runs)`);
  };
  for (const n of sizes) {
    const a = randomSymmetric(n, 9000 + n);
    for (const backend of BACKENDS) {
      await ready({ backend, threads: 1 });
      record(n, backend, 'vectors', await measure(`eigh:${backend}:n=${n}`, () => eigh(a), budget(n)));
      record(n, backend, 'values', await measure(`eigvalsh:${backend}:n=${n}`, () => eigvalsh(a), budget(n)));
      if (n >= 2000) {
        record(n, backend, 'smallest-10', await measure(`eigh-smallest-10:${backend}:n=${n}`, () => eigh(a, { subset: { smallest: 10 } }), budget(n)));
      }
    }
    if (n <= ML_MATRIX_MAX_N) {
      const ml = new MlMatrix(a.toArray());
      record(n, 'ml-matrix', 'vectors', await measure(`ml-matrix-evd:n=${n}`, () => new EigenvalueDecomposition(ml, { assumeSymmetric: true }), baselineBudget(n)));
    }
  }
  return rows;
}

/** One line per size and task: milliseconds per backend and the ratio to ml-matrix. */
export function eighTable(rows: EighRow[]): { header: string[]; body: (string | number)[][] } {
  const header = ['n', 'task', 'simd ms', 'relaxed ms', 'ml-matrix ms', 'ml-matrix/relaxed', 'ml-matrix/simd'];
  const body: (string | number)[][] = [];
  for (const n of [...new Set(rows.map((r) => r.n))]) {
    for (const what of ['vectors', 'values', 'smallest-10'] as const) {
      const t = (impl: string) => rows.find((r) => r.n === n && r.impl === impl && r.what === what)?.medianMs;
      const simd = t('simd'), relaxed = t('relaxed'), ml = t('ml-matrix');
      if (simd === undefined || relaxed === undefined) continue;
      const task = what === 'vectors' ? 'eigh' : what === 'values' ? 'eigvalsh' : 'eigh smallest 10';
      body.push([
        n, task, simd.toFixed(1), relaxed.toFixed(1), ml === undefined ? '–' : ml.toFixed(0),
        ml === undefined ? '–' : `${(ml / relaxed).toFixed(0)}×`, ml === undefined ? '–' : `${(ml / simd).toFixed(0)}×`,
      ]);
    }
  }
  return { header, body };
}
