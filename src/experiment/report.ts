// report.html of an experiment: plots of the loss against the step for every optimizer with its
// predictions dashed, NAG on log–log axes with its t^(−ρ) envelope, the NTK spectrum, and the
// drift of the weights and of the kernel; or, for a width sweep, the loss against the width.

import { PALETTE, linePlot, type Series } from '../report/plot';
import { reportHtml, type ReportSection } from '../report/html';
import type { ExperimentResult, RunResult } from './results';
import { summaryTable, sweepTable } from './summary';


/** Losses below 1e-24 of the start are float64 rounding, not dynamics: left out of the plots. */
function aboveFloor(loss: number[], start: number): number[] {
  const floor = 1e-24 * start;
  return loss.map((v) => (v > floor ? v : NaN));
}

/** A sentence for captions when some predictions were left out as unstable. */
function unstableNote(r: ExperimentResult): string {
  const bad = r.runs.filter((run) => !run.linearizedStable);
  if (!bad.length) return '';
  return ` Not drawn: the predictions for ${bad.map((x) => x.name).join(', ')}, whose step η is above the linearized model's stability limit (${bad[0].maxStableLearningRate.toPrecision(3)}, from λ_max(H(0)), docs/theory.md#stability), so that model diverges while the network trains on: it has left the kernel regime.`;
}

/** A figure of the report: a file-safe name (its SVG's name with `--export svg`) and its section. */
export interface ReportFigure extends ReportSection {
  name: string;
}

function lossSections(r: ExperimentResult): ReportFigure[] {
  const sections: ReportFigure[] = [];
  const series: Series[] = [];
  r.runs.forEach((run, i) => {
    const color = PALETTE[i % PALETTE.length];
    series.push({ label: `${run.name}: network`, x: run.training.steps, y: run.training.loss, color });
    if (run.linearizedStable) series.push({ label: `${run.name}: linearized, H(0)`, x: run.linearized.steps, y: aboveFloor(run.linearized.loss, run.training.initialLoss), color, dashed: true });
  });
  sections.push({
    name: 'loss',
    heading: 'Loss against the step',
    svg: linePlot(series, { title: 'Training loss (solid) and the linearized prediction (dashed)', xLabel: 'step k', yLabel: `loss (${r.config.loss})`, yScale: 'log' }),
    caption: 'Each optimizer trains the real network (solid) and, dashed, the same optimizer on the network linearized at its initial weights, i.e. with the kernel frozen at H(0): the closer the two, the more the network trains in the kernel regime. Losses below 1e-24 of the start (float64 rounding) are not drawn.' + unstableNote(r),
  });
  const odeSeries: Series[] = [];
  r.runs.forEach((run, i) => {
    const color = PALETTE[i % PALETTE.length];
    odeSeries.push({ label: `${run.name}: network`, x: run.training.steps, y: run.training.loss, color });
    if (run.linearizedStable) odeSeries.push({ label: `${run.name}: ODE, ${r.theoryKernel}`, x: run.ode.steps, y: aboveFloor(run.ode.loss, run.training.initialLoss), color, dashed: true });
  });
  sections.push({
    name: 'ode',
    heading: 'Against the ODE limits',
    svg: linePlot(odeSeries, { title: `Training loss (solid) and the ODE limit with ${r.theoryKernel} (dashed)`, xLabel: 'step k', yLabel: `loss (${r.config.loss})`, yScale: 'log' }),
    caption: `The continuous-time limits of docs/theory.md#ode-limits (${r.runs.map((x) => `${x.name}: ${x.ode.model}, ${x.ode.timeMap}`).join('; ')}), solved per eigenmode of ${r.theoryKernel}.${unstableNote(r)}`,
  });
  // the runs whose predicted decay is a power law (NAG-C's t^(−ρ)), with its exponent
  const nags = r.runs.filter((run) => run.theoretical.kind === 'sublinear');
  if (nags.length) sections.push(nagSection(nags));
  return sections;
}

function nagSection(nags: RunResult[]): ReportFigure {
  const series: Series[] = [];
  nags.forEach((run, i) => {
    const color = PALETTE[(i + 2) % PALETTE.length];
    const rho = -run.theoretical.exponent!;
    series.push({ label: `${run.name}: network`, x: run.training.steps, y: run.training.loss, color });
    if (!run.linearizedStable) return;
    series.push({ label: `${run.name}: ODE`, x: run.ode.steps, y: run.ode.loss, color, dashed: true });
    // The envelope C·k^(−ρ), anchored to the largest ODE loss in the second half of the run.
    const half = run.ode.steps.findIndex((k) => k >= run.ode.steps[run.ode.steps.length - 1] / 2);
    let anchor = half, best = -Infinity;
    for (let j = Math.max(1, half); j < run.ode.loss.length; j++) if (run.ode.loss[j] * run.ode.steps[j] ** rho > best) { best = run.ode.loss[j] * run.ode.steps[j] ** rho; anchor = j; }
    const kAnchor = run.ode.steps[anchor];
    const envelope = run.ode.steps.filter((k) => k > 0).map((k) => [k, run.ode.loss[anchor] * (k / kAnchor) ** -rho] as const);
    series.push({ label: `k^−${rho} envelope`, x: envelope.map((e) => e[0]), y: envelope.map((e) => e[1]), color: '#777777', dashed: true });
  });
  return {
    name: 'nag-loglog',
    heading: 'Nesterov on log–log axes',
    svg: linePlot(series, { title: 'NAG-C: loss against the step on log–log axes', xLabel: 'step k', yLabel: 'loss', xScale: 'log', yScale: 'log' }),
    caption: 'A straight line on these axes is a power law. The ODE of NAG-C, c̈ + (ρ/t)ċ + λc = 0, decays like t^(−ρ) (Su, Boyd & Candès): sublinear, unlike GD and heavy ball. At a fixed step size the discrete method also carries a factor (1 − ηλ)^k, which bends the network\'s curve down at the end.',
  };
}

function spectrumSection(r: ExperimentResult): ReportFigure {
  const desc = (v: number[]) => [...v].reverse();
  const index = r.spectrum.theory.map((_, i) => i + 1);
  const series: Series[] = [{ label: `${r.theoryKernel} eigenvalues`, x: index, y: desc(r.spectrum.theory), markers: true }];
  if (r.theoryKernel !== 'H(0)') series.push({ label: 'H(0) eigenvalues', x: index, y: desc(r.spectrum.H0), markers: true, color: '#d62728' });
  return {
    name: 'spectrum',
    heading: 'The NTK spectrum',
    svg: linePlot(series, { title: 'Eigenvalues of the neural tangent kernel, largest first', xLabel: 'index', yLabel: 'eigenvalue', yScale: 'log', subtitle: `λ₀ = ${r.lambda0.toExponential(3)}, λ_max = ${r.lambdaMax.toExponential(3)}` }),
    caption: `λ₀ = λ_min(${r.theoryKernel}) sets the linear rate of GD (loss ~ e^(−2λ₀t)) and the critical heavy-ball damping γ* = 2√λ₀; λ_max bounds the stable step (η < 2/λ_max for GD).`,
  };
}

function driftSections(r: ExperimentResult): ReportFigure[] {
  const weight: Series[] = r.runs.map((run, i) => ({ label: run.name, x: run.training.steps, y: run.training.weightDrift, color: PALETTE[i % PALETTE.length] }));
  const kernel: Series[] = r.runs.filter((run) => run.training.kernelDrift).map((run, i) => ({ label: run.name, x: run.training.steps, y: run.training.kernelDrift!, color: PALETTE[i % PALETTE.length] }));
  const recorded = r.runs.some((run) => run.training.kernelDrift);
  return [
    {
      name: 'weight-drift',
      heading: 'Weight drift',
      svg: linePlot(weight, { title: '‖W(k) − W(0)‖_F during training', xLabel: 'step k', yLabel: '‖W(k) − W(0)‖_F' }),
      caption: 'In the kernel regime the weights move by O(1) in Frobenius norm, a vanishing fraction of ‖W(0)‖_F ≈ √(md) as the width m grows.',
    },
    ...(!recorded ? [] : [{
      name: 'kernel-drift',
      heading: 'Kernel drift',
      svg: linePlot(kernel, { title: '‖H(W(k)) − H(W(0))‖_F during training', xLabel: 'step k', yLabel: '‖H(k) − H(0)‖_F' }),
      caption: 'How far the empirical NTK moves while training: small compared with λ₀ means the linearized prediction holds.',
    }]),
  ];
}

function sweepSection(r: ExperimentResult): ReportFigure {
  const s = r.sweep!;
  // a sweep that stopped early has losses for its first widths only
  const series: Series[] = s.runs.map((run, i) => ({ label: run.name, x: s.widths.slice(0, run.loss.length), y: run.loss, color: PALETTE[i % PALETTE.length], markers: true }));
  return {
    name: 'width-sweep',
    heading: 'Loss against the width',
    svg: linePlot(series, { title: `Loss after ${r.config.steps} steps against the width`, xLabel: 'width m', yLabel: `loss (${r.config.loss})`, yScale: 'log' }),
    caption: `${s.seeds > 1 ? `Mean over ${s.seeds} seeds. ` : ''}The authors found this U-shaped, with the best width shrinking as the momentum grows.`,
  };
}

/**
 * The report's figures, in order; those without data (a run stopped before its first run
 * finished) are left out.
 */
export function reportFigures(r: ExperimentResult): ReportFigure[] {
  if (r.sweep) return r.sweep.runs.some((run) => run.loss.length > 0) ? [sweepSection(r)] : [];
  return [
    ...(r.runs.length ? lossSections(r) : []),
    ...(r.spectrum.theory.length ? [spectrumSection(r)] : []),
    ...(r.runs.length ? driftSections(r) : []),
  ];
}

const SIGNAL_WORDS: Record<string, string> = { SIGINT: 'Ctrl-C, SIGINT', SIGTERM: 'SIGTERM', SIGHUP: 'SIGHUP, its terminal closed' };

export function buildReport(r: ExperimentResult): string {
  const c = r.config;
  const intro = [
    c.description,
    `Data: ${r.data.source}. Network: width ${c.width}, ${c.parameterization} parameterization${c.trainOutputLayer ? ', both layers trained' : ', first layer trained'}${c.bias ? ', with a bias' : ''}; loss: ${c.loss}; ${c.steps} full-batch steps; Wasm backend ${r.backend}.`,
  ];
  if (r.status === 'aborted') intro.push(`This run was stopped before it finished (${SIGNAL_WORDS[r.stoppedBy ?? 'SIGINT'] ?? r.stoppedBy}): the curves show what was computed until then.`);
  if (r.status === 'failed') intro.push(`This run failed before it finished (${r.error ?? 'an error'}): the curves show what was computed until then.`);
  const rows = r.sweep ? sweepTable(r) : summaryTable(r);
  return reportHtml({
    title: 'ntk-dynamics: optimizers on a wide two-layer ReLU network',
    intro, table: { header: rows[0], rows: rows.slice(1) }, sections: reportFigures(r).map(({ heading, svg, caption }) => ({ heading, svg, caption })),
    config: c, version: r.version, generatedAt: r.startedAt,
  });
}
