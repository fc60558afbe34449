// The tables of an experiment, for the terminal and the report: one row per optimizer with its
// rates and gaps, the width panel, a width sweep; and the sentences that say what each column
// means, printed with them.

import { GAP_DEFINITIONS, type ExperimentResult, type FittedRate, type RunResult } from './results';
import { minus, sci } from '../report/notation';

/** The kernel-regime criterion the default run is chosen to meet (README, "The default run"). */
export const KERNEL_REGIME = { worstLossRatio: 1.5, kernelDriftOverLambda0: 0.3 } as const;

/** A rate per step: 3 significant digits, in exponent form below 10⁻³. */
function perStep(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  return `${Math.abs(x) < 1e-3 && x !== 0 ? sci(x, 3) : minus(x.toPrecision(3))}/step`;
}

function rate(f: FittedRate | null): string {
  if (!f) return '–';
  return f.kind === 'linear' ? perStep(f.ratePerStep) : `k^${minus(f.exponent.toFixed(2))}`;
}

function theory(run: RunResult): string {
  const t = run.theoretical;
  return t.kind === 'sublinear' ? `k^${minus(String(t.exponent))}` : perStep(t.ratePerStep);
}

export function summaryTable(r: ExperimentResult): string[][] {
  const showStatus = r.runs.some((run) => run.training.status !== 'completed');
  const header = ['optimizer', ...(showStatus ? ['status'] : []), 'final loss', 'decay: network', 'linearized', 'ODE theory', 'worst L_net/L_lin', 'residual gap', 'drift/λ₀'];
  const rows = r.runs.map((run) => {
    const t = run.training;
    const unstable = `– (η > ${run.maxStableLearningRate.toPrecision(2)})`;
    return [
      run.name, ...(showStatus ? [t.status] : []), sci(t.loss[t.loss.length - 1]),
      rate(run.fitted), run.linearizedStable ? rate(run.linearizedFit) : unstable, theory(run),
      run.gap ? run.gap.worstLossRatio.toFixed(2) : run.linearizedStable ? '–' : unstable,
      sci(run.gap?.residualGap, 2),
      run.kernelDriftOverLambda0 === undefined ? '–' : run.kernelDriftOverLambda0.toFixed(2),
    ];
  });
  return [header, ...rows];
}

/** What the columns of summaryTable mean, and whether the runs are in the kernel regime. */
export function summaryNotes(r: ExperimentResult): string[] {
  const notes = [
    'decay: the loss\'s decay fitted over the last decade of recorded steps (fitRate): a rate per step when it is exponential, an exponent when a power law fits better. network: the trained network; linearized: the same optimizer on the network linearized at W(0) (kernel frozen at H(0)), so network against linearized shows the effect of finite width, and linearized against theory the effect of the discrete step' + (r.theoryKernel === 'H(0)' ? '.' : ` and of H(0) ≠ ${r.theoryKernel}.`),
    `ODE theory: the asymptotic rate of the optimizer's ODE limit with ${r.theoryKernel}, converted to steps by its time map (${r.runs.map((run) => `${run.name}: ${run.ode.timeMap}`).join('; ')}): GD 2λ₀η, heavy ball from the damping γ = (1 − β)/√η, NAG-C the envelope exponent −ρ of its Bessel solution (the discrete method also carries a factor (1 − ηλ)^k that steepens its fitted exponent).`,
    `${GAP_DEFINITIONS.worstLossRatio}. ${GAP_DEFINITIONS.residualGap}. ${GAP_DEFINITIONS.kernelDrift}.`,
  ];
  const measured = r.runs.filter((run) => run.gap && run.kernelDriftOverLambda0 !== undefined);
  if (measured.length === r.runs.length && measured.length > 0) {
    const outside = measured.filter((run) => run.gap!.worstLossRatio > KERNEL_REGIME.worstLossRatio || run.kernelDriftOverLambda0! > KERNEL_REGIME.kernelDriftOverLambda0);
    notes.push(outside.length === 0
      ? `Kernel regime: every network stays within a factor ${KERNEL_REGIME.worstLossRatio} of its linearized loss and its kernel moves by at most ${KERNEL_REGIME.kernelDriftOverLambda0}·λ₀.`
      : `Outside the kernel regime (a factor above ${KERNEL_REGIME.worstLossRatio}, or drift above ${KERNEL_REGIME.kernelDriftOverLambda0}·λ₀): ${outside.map((run) => run.name).join(', ')}; wider networks follow their linearized model more closely.`);
  }
  return notes;
}

/** The runs with a test split's curves. */
const tested = (r: ExperimentResult) => r.runs.filter((run) => run.test);

/** The final loss on the test split per run: network, linearized and infinite-width network; empty without a test split. */
export function testTable(r: ExperimentResult): string[][] {
  const runs = tested(r);
  if (!runs.length) return [];
  const last = (series: number[] | null) => (series ? sci(series[series.length - 1], 4) : '–');
  return [
    ['optimizer', 'test loss: network', 'linearized', 'infinite width'],
    ...runs.map((run) => {
      const t = run.test!;
      return [run.name, last(t.network), run.linearizedStable ? last(t.linearized) : `– (η > ${run.maxStableLearningRate.toPrecision(2)})`, last(t.infiniteWidth)];
    }),
  ];
}

/** What testTable shows, in a sentence or two. */
export function testNote(r: ExperimentResult): string {
  const split = r.data.test!;
  const steps = tested(r).map((run) => run.test!.steps[run.test!.steps.length - 1]);
  const at = steps.every((k) => k === steps[0]) ? `after step ${steps[0]}` : 'after the last step';
  const infinite = r.config.parameterization === 'ntk'
    ? '; infinite width: the infinite-width network (H∞, K∞(X*, X), initial outputs 0)'
    : '; no infinite-width network for the standard parameterization';
  return `Test loss: the loss on ${split.n} held-out points (${split.source}) ${at}, in the training's convention (${r.config.loss}). network: the trained network; linearized: the same optimizer and step on the network linearized at W(0) (kernels H(0) and K₀(X*, X), its initial outputs)${infinite}.`;
}

/** The width panel: the residual gap per width and run, and the fitted exponent of each. */
export function widthGapTable(r: ExperimentResult): string[][] {
  const g = r.widthGap!;
  return [
    ['width m', ...g.runs.map((x) => `${x.name}: residual gap`)],
    ...g.widths.map((w, i) => [String(w), ...g.runs.map((x) => sci(x.residualGap[i], 2))]),
    ['slope', ...g.runs.map((x) => (x.fit ? minus(x.fit.exponent.toFixed(2)) : '–'))],
  ];
}

/** What the width panel's table shows, in a sentence. */
export function widthGapNote(r: ExperimentResult): string {
  const g = r.widthGap!;
  return `The residual gap at each width (mean of ${g.seeds} network seed${g.seeds > 1 ? 's' : ''}), and its slope against m on log–log axes: the theory of wide networks gives ${minus(String(g.theoryExponent))} (the gap shrinks like 1/√m).`;
}

/**
 * The rows as aligned columns; when that is wider than `maxWidth` characters (a narrow
 * terminal), one block per row instead, with the header as labels.
 */
export function formatTable(rows: string[][], maxWidth = Infinity): string {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  const line = (r: string[]) => r.map((c, j) => c.padEnd(widths[j])).join('  ').trimEnd();
  const total = widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  if (total <= maxWidth) return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
  const labelWidth = Math.max(...rows[0].slice(1).map((h) => h.length));
  return rows.slice(1).map((r) => [r[0], ...r.slice(1).map((c, j) => `  ${rows[0][j + 1].padEnd(labelWidth)}  ${c}`)].join('\n')).join('\n\n');
}

export function sweepTable(r: ExperimentResult): string[][] {
  const s = r.sweep!;
  return [['width', ...s.runs.map((x) => x.name)], ...s.widths.map((w, i) => [String(w), ...s.runs.map((x) => sci(x.loss[i]))])];
}
