// The demo page: reads and checks the form, runs training in a Web Worker, and shows what ran as
// it comes: the loss curves and predictions, the NTK spectrum, a table and a status line.
import type { Curve, DemoConfig, FromWorker, OptimizerName, RunEnd, ToWorker } from './protocol';
import { readConfig, type FieldValue } from './form-config';
import { aligned, visibleLossSeries, type CurveKind } from './curves';
import { formatRate, formatSteps, formatValue } from './format';
import { LogChart, type ChartSeries } from './log-chart';
import { renderLegend, type LegendEntry } from './legend';
import { TargetDrawing } from './drawing';
import { drawnPositions } from './data';

const COLORS: Record<OptimizerName, string> = { gd: '#1f77b4', hb: '#e07b00', nag: '#2ca02c' };
const NAMES: Record<OptimizerName, string> = { gd: 'GD', hb: 'HB', nag: 'NAG' };
const KINDS: Record<CurveKind, { text: string; dash: number[] }> = {
  network: { text: 'network', dash: [] },
  linearized: { text: 'linearized, kernel H(0)', dash: [8, 5] },
  ode: { text: 'ODE limit, kernel H∞', dash: [2, 4] },
};
const SPECTRUM_COLOR = '#8e5cc4';

const $ = <T extends Element>(selector: string) => document.querySelector<T>(selector)!;
const form = $<HTMLFormElement>('#controls');
const runButton = $<HTMLButtonElement>('#run');
const stopButton = $<HTMLButtonElement>('#stop');
const resetButton = $<HTMLButtonElement>('#reset-button');
const status = $<HTMLDivElement>('#status');
const tbody = $<HTMLTableSectionElement>('#results tbody');
const drawPanel = $<HTMLDivElement>('#draw-panel');

// Both charts take the loss chart's height, so that side by side they line up; narrow screens
// get a taller shape than wide ones, to keep the decades apart.
const lossBox = $<HTMLElement>('#loss');
const chartHeight = () => Math.min(420, Math.max(260, Math.round(lossBox.clientWidth * 0.62)));
const lossChart = new LogChart(lossBox, { xLabel: 'step', yLabel: 'loss', xFormat: formatSteps, integerX: true, height: chartHeight });
const spectrumChart = new LogChart($('#spectrum'), { xLabel: 'index', yLabel: 'eigenvalue', xFormat: (v) => String(v), integerX: true, height: chartHeight });
new ResizeObserver(() => spectrumChart.refit()).observe(lossBox);

function field(name: string): FieldValue {
  const control = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
  if (!control) return { value: '' };
  if (control instanceof HTMLInputElement && control.type === 'checkbox') return { value: control.checked ? 'on' : '' };
  return { value: control.value, badInput: control instanceof HTMLInputElement && control.validity.badInput };
}

/** The form's n when it is a valid count of points, else 0 (nothing to mark on the drawing). */
function pointCount(): number {
  const n = Number(field('n').value);
  return Number.isInteger(n) && n >= 2 && n <= 500 ? n : 0;
}

const drawing = new TargetDrawing($('#draw'), pointCount);

// ---- the state of the current run -------------------------------------------------------------

interface RunView {
  id: number;
  config: DemoConfig;
  setup?: Extract<FromWorker, { type: 'setup' }>;
  training: Partial<Record<OptimizerName, Curve>>;
  ends: Partial<Record<OptimizerName, RunEnd>>;
  /** Set by the worker's 'done': how it ended. */
  outcome?: { stopped: boolean; elapsedMs: number };
}

let backend: string | undefined;
let nextRunId = 1;
let current: RunView | undefined;

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const send = (m: ToWorker) => worker.postMessage(m);

function setState(state: 'loading' | 'idle' | 'invalid' | 'running' | 'done' | 'diverged' | 'stopped' | 'error', text: string): void {
  document.body.dataset.state = state;
  status.textContent = text;
  const busy = state === 'running';
  runButton.disabled = busy || backend === undefined;
  stopButton.disabled = !busy;
}

function list(items: string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

// ---- drawing what ran -------------------------------------------------------------------------

function renderCharts(): void {
  const run = current;
  const setup = run?.setup;
  const optimizers = run?.config.optimizers ?? [];
  const series = setup ? visibleLossSeries(optimizers, run.training, setup.predictions, setup.initialLoss) : [];
  const lastStep = Math.max(1, ...series.map((s) => s.steps[s.steps.length - 1]));
  // While it runs the x axis spans the steps asked for; once over, the steps that ran.
  const xMax = run && !run.outcome ? run.config.steps : lastStep;
  lossChart.show(
    series.map((s): ChartSeries => ({ label: `${NAMES[s.optimizer]} ${s.kind}`, color: COLORS[s.optimizer], dash: KINDS[s.kind].dash })),
    aligned(series),
    [0, xMax],
  );
  $<HTMLElement>('#loss-empty').hidden = series.length > 0;
  const shownOptimizers = optimizers.filter((o) => series.some((s) => s.optimizer === o));
  const shownKinds = (Object.keys(KINDS) as CurveKind[]).filter((k) => series.some((s) => s.kind === k));
  const entries: LegendEntry[] = [
    ...shownOptimizers.map((o) => ({ text: NAMES[o], sample: { line: COLORS[o] } })),
    ...shownKinds.map((k) => ({ text: KINDS[k].text, sample: { line: 'currentColor', dash: KINDS[k].dash } })),
  ];
  renderLegend($('#loss-legend'), entries);
  const unstable = shownOptimizers.filter((o) => setup?.predictions[o]?.stable === false);
  $<HTMLElement>('#loss-note').textContent = unstable.length
    ? `Predictions not drawn for ${list(unstable.map((o) => NAMES[o]))}: η = ${formatRate(run!.config.lr)} is above the linearized network's largest stable step (${list(unstable.map((o) => `${formatRate(setup!.predictions[o]!.maxStableLearningRate)} for ${NAMES[o]}`))}), so that model diverges.`
    : series.length ? 'Losses below 10⁻²⁴ of the start (float64 rounding) are not drawn.' : '';

  const eigenvalues = setup ? [...setup.spectrum].reverse() : [];
  const lambdaMax = eigenvalues[0] ?? 0;
  spectrumChart.show(
    eigenvalues.length ? [{ label: 'H∞ eigenvalues', color: SPECTRUM_COLOR, markersOnly: true }] : [],
    [eigenvalues.map((_, i) => i + 1), eigenvalues.map((v) => (v > 1e-16 * lambdaMax ? v : null))],
    [0.5, eigenvalues.length + 0.5],
  );
  $<HTMLElement>('#spectrum-empty').hidden = eigenvalues.length > 0;
  $<HTMLElement>('#spectrum-sub').textContent = setup ? `λ₀ = ${formatValue(setup.lambda0)}, λ_max = ${formatValue(setup.lambdaMax)}` : '';
  renderLegend($('#spectrum-legend'), eigenvalues.length ? [{ text: 'eigenvalues of H∞, largest first', sample: { marker: SPECTRUM_COLOR } }] : []);
}

function renderTable(): void {
  const run = current;
  $<HTMLElement>('.table-wrap').hidden = !run;
  if (!run) {
    tbody.replaceChildren();
    return;
  }
  const headers = Array.from(document.querySelectorAll('#results thead th'), (th) => th.textContent ?? '');
  tbody.replaceChildren(...run.config.optimizers.map((name) => {
    const end = run.ends[name];
    const live = run.training[name];
    const predicted = run.setup?.predictions[name];
    const state = end?.status ?? (run.outcome ? 'not run' : live ? 'running' : 'waiting');
    const steps = end ? end.steps : live ? live.steps[live.steps.length - 1] : 0;
    const predictedCell = (v: number | undefined) => (!end ? '–' : predicted?.stable ? formatValue(v ?? NaN) : 'unstable');
    const cells = [
      NAMES[name], state, `${formatSteps(steps)}`, end ? formatValue(end.finalLoss) : '–',
      predictedCell(end?.linearized), predictedCell(end?.ode),
      predicted ? formatRate(end?.maxStableLearningRate ?? predicted.maxStableLearningRate) : '–',
    ];
    const row = document.createElement('tr');
    row.dataset.optimizer = name;
    if (end) row.dataset.finalLoss = String(end.finalLoss);
    if (predicted) row.dataset.maxStableLr = String(predicted.maxStableLearningRate);
    row.append(...cells.map((text, i) => {
      const td = document.createElement('td');
      td.textContent = text;
      // the column's name, shown beside the value where narrow screens stack the cells
      td.dataset.label = headers[i];
      if (i === 1) td.dataset.status = state;
      return td;
    }));
    return row;
  }));
}

function renderDrawing(): void {
  const run = current;
  drawing.setFits(run?.config.data === 'drawn'
    ? run.config.optimizers.filter((o) => run.ends[o]).map((o) => ({ color: COLORS[o], values: run.ends[o]!.fit }))
    : []);
  const fitted = run?.config.data === 'drawn' ? run.config.optimizers.filter((o) => run.ends[o]) : [];
  renderLegend($('#draw-legend'), [
    { text: 'target', sample: { line: 'currentColor' } },
    { text: 'training points', sample: { marker: 'currentColor' } },
    ...fitted.map((o) => ({ text: `${NAMES[o]} fit`, sample: { line: COLORS[o] } })),
  ]);
}

let frame = 0;
/** Redraws the charts and the table: at once, or (for progress) at the next frame. */
function render(soon = false): void {
  if (soon) {
    frame ||= requestAnimationFrame(() => {
      frame = 0;
      renderCharts();
      renderTable();
    });
    return;
  }
  cancelAnimationFrame(frame);
  frame = 0;
  renderCharts();
  renderTable();
}

/** The status line once the worker has finished a run. */
function finalStatus(run: RunView): void {
  const { stopped, elapsedMs } = run.outcome!;
  const seconds = `${(elapsedMs / 1000).toFixed(1)} s`;
  const names = run.config.optimizers;
  const diverged = names.filter((o) => run.ends[o]?.status === 'diverged');
  if (stopped) {
    const ran = names.filter((o) => run.ends[o]).map((o) => `${NAMES[o]} ran ${formatSteps(run.ends[o]!.steps)} of ${formatSteps(run.config.steps)} steps`);
    const notRun = names.filter((o) => !run.ends[o]).map((o) => NAMES[o]);
    const parts = [...ran, ...(notRun.length ? [`${list(notRun)} did not run`] : [])];
    setState('stopped', `Stopped after ${seconds}: ${parts.join('; ')}.`);
    return;
  }
  if (diverged.length) {
    const limits = diverged.map((o) => `${formatRate(run.ends[o]!.maxStableLearningRate)} for ${NAMES[o]}`);
    const smallest = Math.min(...diverged.map((o) => run.ends[o]!.maxStableLearningRate));
    setState('diverged', `${list(diverged.map((o) => NAMES[o]))} diverged: η = ${formatRate(run.config.lr)} is above the largest stable step (${list(limits)}); try η < ${formatRate(smallest)}.${diverged.length < names.length ? ` The others finished in ${seconds}.` : ''}`);
    return;
  }
  setState('done', `Done in ${seconds}.`);
}

worker.onmessage = (event: MessageEvent<FromWorker>) => {
  const m = event.data;
  if (m.type === 'ready') {
    backend = m.backend;
    document.body.dataset.backend = m.backend;
    setState('idle', `Ready (WebAssembly backend: ${m.backend}).`);
    return;
  }
  // What a stopped or reset run still sends is not this page's business any more.
  const run = current;
  if (m.runId !== undefined && m.runId !== run?.id) return;
  switch (m.type) {
    case 'setup':
      run!.setup = m;
      document.body.dataset.lambda0 = String(m.lambda0);
      status.textContent = `λ₀ = λ_min(H∞) = ${formatValue(m.lambda0)}, λ_max = ${formatValue(m.lambdaMax)}; training…`;
      break;
    case 'progress':
      run!.training[m.optimizer] = { steps: m.steps, loss: m.loss };
      break;
    case 'run-end':
      run!.ends[m.optimizer] = m;
      if (run!.config.data === 'drawn') renderDrawing();
      break;
    case 'done':
      run!.outcome = { stopped: m.stopped, elapsedMs: m.elapsedMs };
      finalStatus(run!);
      break;
    case 'error':
      if (run) run.outcome = { stopped: true, elapsedMs: 0 };
      setState('error', `Error: ${m.message}`);
      break;
  }
  render(m.type === 'progress');
};

// ---- the controls -----------------------------------------------------------------------------

function clearInvalid(): void {
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
}

function showDataPanel(): void {
  const isDrawn = field('data').value === 'drawn';
  drawPanel.hidden = !isDrawn;
  (form.elements.namedItem('dim') as HTMLInputElement).disabled = isDrawn;
  if (isDrawn) drawing.redraw();
}

form.addEventListener('change', showDataPanel);
form.addEventListener('input', (e) => {
  (e.target as Element).removeAttribute('aria-invalid');
  if (field('data').value === 'drawn') drawing.redraw();
});

form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (backend === undefined || (current && !current.outcome)) return;
  clearInvalid();
  const result = readConfig(field, (n) => drawnPositions(n).map((x) => drawing.targetAt(x)));
  if (!result.ok) {
    const control = form.elements.namedItem(result.field) as HTMLInputElement | null;
    control?.setAttribute('aria-invalid', 'true');
    control?.focus();
    setState('invalid', result.message);
    return;
  }
  current = { id: nextRunId++, config: result.config, training: {}, ends: {} };
  setState('running', 'Computing the kernels and their spectra…');
  renderDrawing();
  render();
  send({ type: 'run', runId: current.id, config: result.config });
});

stopButton.addEventListener('click', () => {
  send({ type: 'stop' });
  stopButton.disabled = true;
  status.textContent = 'Stopping…';
});

resetButton.addEventListener('click', () => {
  if (current && !current.outcome) send({ type: 'stop' });
  current = undefined;
  form.reset();
  clearInvalid();
  drawing.reset();
  showDataPanel();
  renderDrawing();
  delete document.body.dataset.lambda0;
  if (backend === undefined) setState('loading', 'Loading the WebAssembly kernels…');
  else setState('idle', `Ready (WebAssembly backend: ${backend}).`);
  render();
});

renderDrawing();
showDataPanel();
render();
