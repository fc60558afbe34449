// The terminal summary of an experiment: one row per optimizer.

import type { ExperimentResult } from './results';

function fmt(x: number | undefined, digits = 3): string {
  return x === undefined || !Number.isFinite(x) ? '–' : x.toExponential(digits - 1);
}

export function summaryTable(r: ExperimentResult): string[][] {
  const header = ['optimizer', 'status', 'loss at 0', 'final loss', 'fitted decay', 'theory (ODE, per step)', 'gap to linearized'];
  const rows = r.runs.map((run) => {
    const f = run.fitted;
    const fitted = !f ? '–' : f.kind === 'linear' ? `linear, ${fmt(f.ratePerStep)}/step` : `sublinear, k^${f.exponent.toFixed(2)}`;
    const t = run.theoretical;
    const theory = t.kind === 'linear' ? `linear, ${fmt(t.ratePerStep)}/step` : `sublinear, k^${t.exponent}`;
    const gap = run.linearizedStable ? fmt(run.gap, 2) : `– (η > ${run.maxStableLearningRate.toPrecision(2)})`;
    return [run.name, run.training.status, fmt(run.training.initialLoss), fmt(run.training.loss[run.training.loss.length - 1]), fitted, theory, gap];
  });
  return [header, ...rows];
}

export function formatTable(rows: string[][]): string {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  const line = (r: string[]) => r.map((c, j) => c.padEnd(widths[j])).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

export function sweepTable(r: ExperimentResult): string[][] {
  const s = r.sweep!;
  return [['width', ...s.runs.map((x) => x.name)], ...s.widths.map((w, i) => [String(w), ...s.runs.map((x) => fmt(x.loss[i]))])];
}
