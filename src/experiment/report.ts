// report.html of an experiment: the loss against the step for every optimizer with its linearized
// prediction, the ODE limits, NAG on log–log axes with its t^(−ρ) envelope, the loss on the test
// split beside its linearized and infinite-width predictions, the gap to the linearized model
// against the width, the NTK spectrum, and the drift of the weights and of the kernel; or, for a
// width sweep, the loss against the width.

import { PALETTE, linePlot, type Series } from '../report/plot';
import { reportHtml, type ReportSection } from '../report/html';
import { minus, sci } from '../report/notation';
import { maxStableLearningRate } from '../dynamics/modes';
import { GAP_DEFINITIONS, type ExperimentResult, type RunResult } from './results';
import { optimizerOf } from './config';
import { KERNEL_REGIME, summaryNotes, summaryTable, sweepTable, testTable, widthGapTable } from './summary';

const GREY = '#777777';

/** A figure of the report: a file-safe name (its SVG's name with `--export svg`) and its section. */
export interface ReportFigure extends ReportSection {
  name: string;
}

/**
 * Losses below 1e-24 of the start are float64 rounding, not dynamics: left out of the plots (a
 * momentum curve that oscillates at that level would otherwise stretch the axis by decades).
 */
function aboveFloor(loss: number[], start: number): number[] {
  const floor = 1e-24 * start;
  return loss.map((v) => (v > floor ? v : NaN));
}

const anyPrediction = (r: ExperimentResult) => r.runs.some((run) => run.linearizedStable);

/** A sentence for captions when some predictions were left out as unstable. */
function unstableNote(r: ExperimentResult): string {
  const bad = r.runs.filter((run) => !run.linearizedStable);
  if (!bad.length) return '';
  return ` Not drawn: the predictions for ${bad.map((x) => x.name).join(', ')}, whose step η is above the linearized model's stability limit (${bad[0].maxStableLearningRate.toPrecision(3)}, from λ_max(H(0)); see the theory guide, "Stability"), so that model diverges while the network trains on: it has left the kernel regime.`;
}

function networkSeries(run: RunResult, color: string): Series {
  return { label: `${run.name}: network`, x: run.training.steps, y: aboveFloor(run.training.loss, run.training.initialLoss), color };
}

function lossSections(r: ExperimentResult): ReportFigure[] {
  const sections: ReportFigure[] = [];
  const yLabel = `loss (${r.config.loss})`;
  // the runs whose predicted decay is a power law (NAG-C's t^(−ρ)), with its exponent
  const nags = r.runs.filter((run) => run.theoretical.kind === 'sublinear');
  if (!anyPrediction(r)) {
    // Nothing to compare with, but NAG's log–log view of the network alone still shows its decay.
    const series = r.runs.map((run, i) => networkSeries(run, PALETTE[i % PALETTE.length]));
    return [{
      name: 'loss',
      heading: 'Loss against the step',
      svg: linePlot(series, { title: 'Training loss', xLabel: 'step k', yLabel, yScale: 'log' }),
      caption: `The loss of each optimizer's network. Losses below 10⁻²⁴ of the start (float64 rounding) are not drawn.${unstableNote(r)}`,
    }, ...(nags.length ? [nagSection(nags)] : [])];
  }
  const series: Series[] = [];
  r.runs.forEach((run, i) => {
    const color = PALETTE[i % PALETTE.length];
    series.push(networkSeries(run, color));
    if (run.linearizedStable) series.push({ label: `${run.name}: linearized, H(0)`, x: run.linearized.steps, y: aboveFloor(run.linearized.loss, run.training.initialLoss), color, dashed: true });
  });
  const ratios = r.runs.filter((run) => run.gap).map((run) => `${run.name} ${run.gap!.worstLossRatio.toFixed(2)}`);
  sections.push({
    name: 'loss',
    heading: 'Loss against the step',
    svg: linePlot(series, { title: 'Training loss (solid) and the linearized prediction (dashed)', xLabel: 'step k', yLabel, yScale: 'log' }),
    caption: 'Each optimizer trains the real network (solid) and, dashed, the same optimizer on the network linearized at its initial weights, i.e. with the kernel frozen at H(0): the closer the two, the more the network trains in the kernel regime.'
      + (ratios.length ? ` The worst ratio of the two losses until the prediction falls below 10⁻⁶ of its start: ${ratios.join(', ')}.` : '')
      + ' Losses below 10⁻²⁴ of the start (float64 rounding) are not drawn.' + unstableNote(r),
  });
  const odeSeries: Series[] = [];
  r.runs.forEach((run, i) => {
    const color = PALETTE[i % PALETTE.length];
    odeSeries.push(networkSeries(run, color));
    if (run.linearizedStable) odeSeries.push({ label: `${run.name}: ODE, ${r.theoryKernel}`, x: run.ode.steps, y: aboveFloor(run.ode.loss, run.training.initialLoss), color, dashed: true });
  });
  sections.push({
    name: 'ode',
    heading: 'Against the ODE limits',
    svg: linePlot(odeSeries, { title: `Training loss (solid) and the ODE limit with ${r.theoryKernel} (dashed)`, xLabel: 'step k', yLabel, yScale: 'log' }),
    caption: `The continuous-time limits (${r.runs.map((x) => `${x.name}: ${x.ode.model}, ${x.ode.timeMap}`).join('; ')}), solved per eigenmode of ${r.theoryKernel}. They are the η → 0 limits: at a finite step the discrete methods decay at somewhat different rates (the table's "linearized" column against "ODE theory").${unstableNote(r)}`,
  });
  if (nags.length) sections.push(nagSection(nags));
  return sections;
}

function nagSection(nags: RunResult[]): ReportFigure {
  const series: Series[] = [];
  nags.forEach((run, i) => {
    const color = PALETTE[(i + 2) % PALETTE.length];
    const rho = -run.theoretical.exponent!;
    series.push(networkSeries(run, color));
    if (!run.linearizedStable) return;
    series.push({ label: `${run.name}: ODE`, x: run.ode.steps, y: aboveFloor(run.ode.loss, run.training.initialLoss), color, dashed: true });
    // The envelope C·k^(−ρ), anchored to the largest ODE loss in the second half of the run.
    const half = run.ode.steps.findIndex((k) => k >= run.ode.steps[run.ode.steps.length - 1] / 2);
    let anchor = half, best = -Infinity;
    for (let j = Math.max(1, half); j < run.ode.loss.length; j++) if (run.ode.loss[j] * run.ode.steps[j] ** rho > best) { best = run.ode.loss[j] * run.ode.steps[j] ** rho; anchor = j; }
    const kAnchor = run.ode.steps[anchor];
    const envelope = run.ode.steps.filter((k) => k > 0).map((k) => [k, run.ode.loss[anchor] * (k / kAnchor) ** -rho] as const);
    series.push({ label: `k^−${rho} envelope`, x: envelope.map((e) => e[0]), y: envelope.map((e) => e[1]), color: GREY, dashed: true });
  });
  const fits = nags.filter((run) => run.fitted).map((run) => `${run.name}: network ${fitText(run.fitted!)}${run.linearizedFit ? `, linearized ${fitText(run.linearizedFit)}` : ''}`);
  return {
    name: 'nag-loglog',
    heading: 'Nesterov on log–log axes',
    svg: linePlot(series, { title: 'NAG-C: loss against the step on log–log axes', xLabel: 'step k', yLabel: 'loss', xScale: 'log', yScale: 'log' }),
    caption: 'A straight line on these axes is a power law. The ODE of NAG-C, c̈ + (ρ/t)ċ + λc = 0, decays like t^(−ρ) (Su, Boyd & Candès 2016): sublinear, unlike GD and heavy ball. At a fixed step size the discrete method also carries a factor (1 − ηλ)^k, which bends the network\'s curve down: its fitted decay is steeper than k^(−ρ)'
      + (nags.some((run) => run.linearizedStable) ? ', and the linearized model\'s just as much, so the difference comes from the step, not from the finite width.' : '.')
      + (fits.length ? ` Fitted over the last decade: ${fits.join('; ')}.` : ''),
  };
}

/** The test figure's title: the kinds of curve it draws, each with its line style. */
function testTitle(series: Series[]): string {
  const kinds = ['network (solid)'];
  if (series.some((x) => x.dashed)) kinds.push('linearized (dashed)');
  if (series.some((x) => x.dotted)) kinds.push('infinite width (dotted)');
  return `Test loss: ${kinds.join(', ')}`;
}

/** A log axis when the values span more than this factor, else a linear one (random targets keep the test loss within a few tens of percent). */
const LOG_SPAN = 30;

function testSection(r: ExperimentResult): ReportFigure[] {
  const runs = r.runs.filter((run) => run.test);
  const split = r.data.test;
  if (!runs.length || !split) return [];
  const series: Series[] = [];
  for (const run of runs) {
    const color = PALETTE[r.runs.indexOf(run) % PALETTE.length];
    const t = run.test!;
    series.push({ label: `${run.name}: network`, x: t.steps, y: t.network, color });
    if (t.linearized) series.push({ label: `${run.name}: linearized`, x: t.steps, y: t.linearized, color, dashed: true });
    if (t.infiniteWidth) series.push({ label: `${run.name}: infinite width`, x: t.steps, y: t.infiniteWidth, color, dotted: true });
  }
  const values = series.flatMap((x) => Array.from(x.y)).filter((v) => Number.isFinite(v) && v > 0);
  const log = values.length > 0 && Math.max(...values) > LOG_SPAN * Math.min(...values);
  const ntk = r.config.parameterization === 'ntk';
  const parts = [
    `The loss on ${split.n} held-out points (${split.source}) at each recorded step, in the training's convention (${r.config.loss}): each optimizer's network (solid) and, dashed, its linearized model, with the kernels H(0) and K₀(X*, X) of the initial network and its initial outputs f₀, so that the two start at the same number.`,
    ntk
      ? ' Dotted: the infinite-width network, with H∞ and K∞(X*, X) and initial outputs 0 (the mean over initializations), whose start is the loss of predicting 0; the random initial function f₀ that a finite network carries to unseen points, and H(0) ≠ H∞, make the difference between dashed and dotted.'
      : ' The standard parameterization has no infinite-width limit here (its kernel grows with the width), so there is no infinite-width curve.',
    ' Every model takes the optimizer\'s own steps at the same η (the theory guide, "Outputs on training and unseen points").',
  ];
  if (r.config.dataset === 'synthetic') parts.push(' The targets are drawn independently of the inputs, so there is nothing to generalize (the best prediction on an unseen point is 0): the curves show how fitting the training points moves each model\'s outputs on unseen points.');
  if (ntk) {
    // an infinite-width curve is missing when its recurrence is unstable on H∞, or (rarely) too long to keep
    const missing = runs.filter((run) => !run.test!.infiniteWidth);
    const limit = (run: RunResult) => maxStableLearningRate(optimizerOf(run.spec), r.lambdaMax * (r.config.loss === 'mean' ? 2 / r.data.n : 1));
    const unstable = missing.filter((run) => !(run.spec.lr < limit(run)));
    const long = missing.filter((run) => !unstable.includes(run));
    if (unstable.length) parts.push(` Not drawn: the infinite-width curves of ${unstable.map((run) => run.name).join(', ')}, whose step η is above the stability limit of H∞ (${limit(unstable[0]).toPrecision(3)}).`);
    if (long.length) parts.push(` Not drawn: the infinite-width curves of ${long.map((run) => run.name).join(', ')}, too long to keep in memory.`);
  }
  const rows = testTable(r);
  return [{
    name: 'test-loss',
    heading: 'Loss on unseen points',
    svg: linePlot(series, { title: testTitle(series), xLabel: 'step k', yLabel: `test loss (${r.config.loss})`, yScale: log ? 'log' : 'linear' }),
    caption: parts.join('') + unstableNote(r),
    table: { header: rows[0], rows: rows.slice(1) },
  }];
}

function fitText(f: NonNullable<RunResult['fitted']>): string {
  return f.kind === 'linear' ? `e^(−${f.ratePerStep.toPrecision(3)}·k)` : `k^${minus(f.exponent.toFixed(2))}`;
}

function widthGapSection(r: ExperimentResult): ReportFigure {
  const g = r.widthGap!;
  const series: Series[] = [];
  g.runs.forEach((run, i) => {
    const color = PALETTE[i % PALETTE.length];
    series.push({ label: `${run.name}${run.fit ? ` (slope ${minus(run.fit.exponent.toFixed(2))})` : ''}`, x: g.widths, y: run.residualGap, color, markers: true });
    if (run.fit) series.push({ label: `${run.name}: fit`, x: g.widths, y: g.widths.map((m) => run.fit!.coefficient * m ** run.fit!.exponent), color, dashed: true });
  });
  // a line of the theory's slope −1/2 for reference, below every run's points so it hides none
  const fitted = g.runs.filter((run) => run.fit);
  if (fitted.length && g.widths.length > 1) {
    const mid = Math.sqrt(g.widths[0] * g.widths[g.widths.length - 1]);
    const at = 0.6 * Math.min(...fitted.map((run) => run.fit!.coefficient * mid ** run.fit!.exponent));
    series.push({ label: 'slope −1/2', x: g.widths, y: g.widths.map((m) => at * (m / mid) ** g.theoryExponent), color: GREY, dashed: true });
  }
  const slopes = g.runs.filter((run) => run.fit).map((run) => `${run.name} ${minus(run.fit!.exponent.toFixed(2))}`);
  const rows = widthGapTable(r);
  return {
    name: 'width-gap',
    heading: 'The gap to the linearized model against the width',
    svg: linePlot(series, { title: 'Residual gap to the linearized model against the width', xLabel: 'width m', yLabel: '‖r_net − r_lin‖ / ‖r(0)‖ (max over k)', xScale: 'log', yScale: 'log' }),
    caption: `Every optimizer trained again at widths ${g.widths.join(', ')} for ${g.seeds} network seed${g.seeds > 1 ? 's' : ''} each (mean shown), each against the linearized model of its own initial weights. ${capitalize(GAP_DEFINITIONS.residualGap)}. The theory of wide networks (Lee et al. 2019; Du et al. 2019) bounds it by C/√m: slope −1/2 on these axes. Fitted slopes: ${slopes.join(', ') || '–'}.`,
    table: { header: rows[0], rows: rows.slice(1) },
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function spectrumSection(r: ExperimentResult): ReportFigure {
  const desc = (v: number[]) => [...v].reverse();
  const index = r.spectrum.theory.map((_, i) => i + 1);
  const series: Series[] = [{ label: `${r.theoryKernel} eigenvalues`, x: index, y: desc(r.spectrum.theory), markers: true }];
  // H(0) as rings around H∞'s dots: at this width they nearly coincide, and rings keep both visible
  if (r.theoryKernel !== 'H(0)') series.push({ label: 'H(0) eigenvalues', x: index, y: desc(r.spectrum.H0), markers: true, hollow: true, color: '#d62728' });
  return {
    name: 'spectrum',
    heading: 'The NTK spectrum',
    svg: linePlot(series, { title: 'Eigenvalues of the neural tangent kernel, largest first', xLabel: 'index', yLabel: 'eigenvalue', yScale: 'log', subtitle: `λ₀ = ${sci(r.lambda0, 4)}, λ_max = ${sci(r.lambdaMax, 4)}` }),
    caption: `λ₀ = λ_min(${r.theoryKernel}) sets the linear rate of GD (loss ~ e^(−2λ₀t)) and the critical heavy-ball damping γ* = 2√λ₀; λ_max bounds the stable step (η < 2/λ_max for GD).`,
  };
}

function driftSections(r: ExperimentResult): ReportFigure[] {
  const weight: Series[] = r.runs.map((run, i) => ({ label: run.name, x: run.training.steps, y: run.training.weightDrift, color: PALETTE[i % PALETTE.length] }));
  const sections: ReportFigure[] = [{
    name: 'weight-drift',
    heading: 'Weight drift',
    svg: linePlot(weight, { title: '‖W(k) − W(0)‖_F during training', xLabel: 'step k', yLabel: '‖W(k) − W(0)‖_F' }),
    caption: `In the kernel regime the weights move by O(1) in Frobenius norm, a vanishing fraction of ‖W(0)‖_F ≈ √(md) (here √(${r.config.width}·${r.data.d}) ≈ ${Math.sqrt(r.config.width * r.data.d).toFixed(0)}) as the width m grows.`,
  }];
  const recorded = r.runs.filter((run) => run.training.kernelDrift);
  if (!recorded.length) return sections;
  const kernel: Series[] = recorded.map((run) => ({
    label: run.name, x: run.training.steps, y: run.training.kernelDrift!.map((v) => v / r.lambda0), color: PALETTE[r.runs.indexOf(run) % PALETTE.length],
  }));
  const last = Math.max(...recorded.map((run) => run.training.steps[run.training.steps.length - 1]));
  kernel.push({ label: `${KERNEL_REGIME.kernelDriftOverLambda0}·λ₀`, x: [0, last], y: [KERNEL_REGIME.kernelDriftOverLambda0, KERNEL_REGIME.kernelDriftOverLambda0], color: GREY, dashed: true });
  kernel.push({ label: 'λ₀', x: [0, last], y: [1, 1], color: GREY });
  const largest = recorded.map((run) => `${run.name} ${run.kernelDriftOverLambda0!.toFixed(2)}`).join(', ');
  sections.push({
    name: 'kernel-drift',
    heading: 'Kernel drift',
    svg: linePlot(kernel, { title: '‖H(W(k)) − H(W(0))‖_F / λ₀ during training', xLabel: 'step k', yLabel: '‖H(k) − H(0)‖_F / λ₀' }),
    caption: `How far the empirical NTK moves while training, in units of λ₀ = λ_min(${r.theoryKernel}) (solid grey line). Every eigenvalue of H(k) is within ‖H(k) − H(0)‖_F of H(0)'s (Weyl's inequality), so a drift well below λ₀ keeps the smallest one, and with it every rate, near its start: the linearized prediction holds. The dashed line is the ${KERNEL_REGIME.kernelDriftOverLambda0}·λ₀ this package's default run is chosen to stay under. Largest drift: ${largest}.`,
  });
  return sections;
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

/** The network's description in a sentence: its width, or the widths of a sweep. */
function networkText(r: ExperimentResult): string {
  const c = r.config;
  const widths = r.sweep ? `widths ${r.sweep.widths[0]} … ${r.sweep.widths[r.sweep.widths.length - 1]} (${r.sweep.widths.length} widths)` : `width ${c.width}`;
  return `Network: ${widths}, ${c.parameterization} parameterization${c.trainOutputLayer ? ', both layers trained' : ', first layer trained'}${c.bias ? ', with a bias' : ''}; loss: ${c.loss}; ${c.steps} full-batch steps (one per epoch)`;
}

/**
 * The report's figures, in order; those without data (a run stopped before its first run
 * finished) are left out.
 */
export function reportFigures(r: ExperimentResult): ReportFigure[] {
  if (r.sweep) return r.sweep.runs.some((run) => run.loss.length > 0) ? [sweepSection(r)] : [];
  return [
    ...(r.runs.length ? lossSections(r) : []),
    ...testSection(r),
    ...(r.widthGap?.widths.length ? [widthGapSection(r)] : []),
    ...(r.spectrum.theory.length ? [spectrumSection(r)] : []),
    ...(r.runs.length ? driftSections(r) : []),
  ];
}

const SIGNAL_WORDS: Record<string, string> = { SIGINT: 'Ctrl-C, SIGINT', SIGTERM: 'SIGTERM', SIGHUP: 'SIGHUP, its terminal closed' };

export function buildReport(r: ExperimentResult): string {
  const c = r.config;
  const intro = [c.description, `Data: ${r.data.source}. ${networkText(r)}; Wasm backend ${r.backend}.`];
  if (r.status === 'aborted') intro.push(`This run was stopped before it finished (${SIGNAL_WORDS[r.stoppedBy ?? 'SIGINT'] ?? r.stoppedBy}): the curves show what was computed until then.`);
  if (r.status === 'failed') intro.push(`This run failed before it finished (${r.error ?? 'an error'}): the curves show what was computed until then.`);
  const rows = r.sweep ? sweepTable(r) : summaryTable(r);
  return reportHtml({
    title: 'ntk-dynamics: optimizers on a wide two-layer ReLU network',
    intro, table: { header: rows[0], rows: rows.slice(1) }, tableNotes: r.sweep || !r.runs.length ? [] : summaryNotes(r),
    sections: reportFigures(r).map(({ heading, svg, caption, table }) => ({ heading, svg, caption, ...(table ? { table } : {}) })),
    config: c, version: r.version, generatedAt: r.startedAt,
  });
}
