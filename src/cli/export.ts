// `--export npy,csv,svg`: the numbers of results.json as arrays that NumPy, pandas or a
// spreadsheet read directly, and the report's figures as SVG files. Layout (relative to --out):
//
//   export/<run-id>.loss.npy|csv     one row per recorded step: step, time, network, linearized, ode
//   export/<run-id>.drift.npy|csv    step, weight_drift[, kernel_drift]
//   export/<run-id>.test.npy|csv     with a test split: step, network, linearized, infinite_width
//   export/spectra.npy|csv           eigenvalues, ascending: theory (H∞ or H(0)), h0
//   export/theory-kernel.npy|csv     the n × n kernel the ODE predictions use (H∞, or H(0))
//   export/sweep.npy|csv             a width sweep: width, then the loss of each run
//   export/index.json                every file above with its shape, columns and meaning
//   figures/<figure>.svg             the report's figures, standalone (white background)
//
// A .npy holds a float64 matrix (rows × columns as listed); a .csv the same with a header line,
// numbers in shortest round-trip form and non-finite ones as nan, inf, -inf (as NumPy writes and
// reads them).

import { Matrix } from '../linalg/matrix';
import { toNpy } from '../io/npy';
import type { ExperimentResult } from '../experiment/results';
import { reportFigures } from '../experiment/report';
import type { ExportFormat } from './args';
import { EXPORT_DIR, FIGURES_DIR, type OutputFile } from './output';

/** The theory kernel as the experiment sent it. */
export interface KernelExport {
  name: ExperimentResult['theoryKernel'];
  rows: number;
  data: Float64Array;
}

/** One exported table: its columns, its rows (row-major) and what it holds. */
interface Table {
  name: string;
  columns: string[];
  rows: number;
  data: Float64Array;
  description: string;
}

function table(name: string, columns: string[], series: ArrayLike<number>[], description: string): Table {
  const rows = series.length ? series[0].length : 0;
  const data = new Float64Array(rows * columns.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < columns.length; j++) data[i * columns.length + j] = series[j][i] ?? NaN;
  return { name, columns, rows, data, description };
}

function tables(r: ExperimentResult, kernel: KernelExport | undefined): Table[] {
  const out: Table[] = [];
  const loss = r.config.loss === 'mean' ? 'mean loss ‖r‖²/n' : 'loss ½‖r‖²';
  for (const run of r.runs) {
    out.push(table(`${run.id}.loss`, ['step', 'time', 'network', 'linearized', 'ode'],
      [run.training.steps, run.ode.times, run.training.loss, run.linearized.loss, run.ode.loss],
      `${run.name}: at each recorded step k (every ${r.recordEvery} and the last), the ODE time t = k·${run.ode.timePerStep} (${run.ode.timeMap}), and the ${loss} of the network, of the linearized network (kernel H(0)) and of the ODE limit (kernel ${r.theoryKernel})`));
    if (run.test && r.data.test) {
      const t = run.test;
      out.push(table(`${run.id}.test`, ['step', 'network', 'linearized', 'infinite_width'], [t.steps, t.network, t.linearized ?? [], t.infiniteWidth ?? []],
        `${run.name}: at each recorded step k, the ${loss.replace('/n', '/n_test')} on the ${r.data.test.n} test points of the network, of the linearized network (kernels H(0), K₀(X*, X), its initial outputs) and of the infinite-width network (H∞, K∞(X*, X), initial outputs 0); nan where a prediction is left out`));
    }
    const drift = run.training.kernelDrift ? [run.training.steps, run.training.weightDrift, run.training.kernelDrift] : [run.training.steps, run.training.weightDrift];
    out.push(table(`${run.id}.drift`, ['step', 'weight_drift', ...(run.training.kernelDrift ? ['kernel_drift'] : [])], drift,
      `${run.name}: ‖W(k) − W(0)‖_F${run.training.kernelDrift ? ' and ‖H(k) − H(0)‖_F' : ''} at each recorded step k`));
  }
  if (r.spectrum.theory.length) {
    out.push(table('spectra', ['theory', 'h0'], [r.spectrum.theory, r.spectrum.H0], `eigenvalues, ascending, of the theory kernel ${r.theoryKernel} and of the empirical NTK at initialization H(0)`));
  }
  if (kernel) {
    out.push({ name: 'theory-kernel', columns: Array.from({ length: kernel.rows }, (_, j) => `x${j}`), rows: kernel.rows, data: kernel.data, description: `the ${kernel.rows} × ${kernel.rows} kernel ${kernel.name} of the training points (row i, column j: point i with point j), the ODE predictions' kernel` });
  }
  if (r.sweep) {
    const s = r.sweep;
    out.push(table('sweep', ['width', ...s.runs.map((x) => x.id)], [s.widths, ...s.runs.map((x) => x.loss)],
      `the ${loss} after ${r.config.steps} steps at each width (mean over ${s.seeds} seed${s.seeds > 1 ? 's' : ''}), one column per run; nan where the sweep did not get to`));
  }
  return out;
}

/** A number as CSV writes it: shortest round trip, and nan, inf, -inf. */
function csvNumber(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return Object.is(x, -0) ? '-0' : String(x);
}

function csv(t: Table): string {
  const lines = [t.columns.join(',')];
  const c = t.columns.length;
  for (let i = 0; i < t.rows; i++) lines.push(Array.from(t.data.subarray(i * c, (i + 1) * c), csvNumber).join(','));
  return `${lines.join('\n')}\n`;
}

/** An SVG of the report made to stand alone: a white background and dark text, as currentColor has no page to inherit from. */
export function standaloneSvg(svg: string): string {
  return svg.replace(/^<svg /, '<svg style="background:#fff;color:#222" ');
}

/** The files `--export` adds for `formats`. */
export function exportFiles(r: ExperimentResult, kernel: KernelExport | undefined, formats: readonly ExportFormat[]): OutputFile[] {
  const files: OutputFile[] = [];
  const arrays = formats.filter((f): f is 'npy' | 'csv' => f === 'npy' || f === 'csv');
  if (arrays.length) {
    const index: { file: string; shape: number[]; columns: string[]; description: string }[] = [];
    for (const t of tables(r, kernel)) {
      for (const format of arrays) {
        const file = `${t.name}.${format}`;
        files.push({ path: `${EXPORT_DIR}/${file}`, data: format === 'npy' ? toNpy(new Matrix(t.rows, t.columns.length, t.data)) : csv(t) });
        index.push({ file, shape: [t.rows, t.columns.length], columns: t.name === 'theory-kernel' ? [] : t.columns, description: t.description });
      }
    }
    const document = { format: 'ntk-dynamics-export', formatVersion: 1, results: '../results.json', files: index };
    files.push({ path: `${EXPORT_DIR}/index.json`, data: `${JSON.stringify(document, null, 1)}\n` });
  }
  if (formats.includes('svg')) {
    for (const figure of reportFigures(r)) files.push({ path: `${FIGURES_DIR}/${figure.name}.svg`, data: `${standaloneSvg(figure.svg)}\n` });
  }
  return files;
}
