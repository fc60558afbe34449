// The demo page: reads the form, runs training in a Web Worker, draws the curves as they come.
import type { Curve, DemoConfig, FromWorker, ToWorker } from './protocol';
import { defaultTarget, drawnPositions } from './data';

const COLORS: Record<string, string> = { gd: '#1f77b4', hb: '#ff7f0e', nag: '#2ca02c' };
const NAMES: Record<string, string> = { gd: 'GD', hb: 'HB', nag: 'NAG' };

const form = document.querySelector<HTMLFormElement>('#controls')!;
const runButton = document.querySelector<HTMLButtonElement>('#run')!;
const stopButton = document.querySelector<HTMLButtonElement>('#stop')!;
const resetButton = document.querySelector<HTMLButtonElement>('#reset')!;
const status = document.querySelector<HTMLDivElement>('#status')!;
const lossCanvas = document.querySelector<HTMLCanvasElement>('#loss')!;
const spectrumCanvas = document.querySelector<HTMLCanvasElement>('#spectrum')!;
const tbody = document.querySelector<HTMLTableSectionElement>('#results tbody')!;
const drawPanel = document.querySelector<HTMLDivElement>('#draw-panel')!;
const drawCanvas = document.querySelector<HTMLCanvasElement>('#draw')!;

// ---- the drawn target: y on a grid of x in [−1, 1], edited by dragging ------------------------

const GRID = 400;
let drawn = Array.from({ length: GRID }, (_, i) => defaultTarget(-1 + (2 * i) / (GRID - 1)));
let fits: Record<string, number[]> = {};

function targetAt(x: number): number {
  const t = ((x + 1) / 2) * (GRID - 1);
  const i = Math.min(GRID - 2, Math.floor(t));
  return drawn[i] + (t - i) * (drawn[i + 1] - drawn[i]);
}

function drawTarget(): void {
  const ctx = drawCanvas.getContext('2d')!;
  const { width, height } = drawCanvas;
  const fg = getComputedStyle(document.body).color;
  const px = (x: number) => ((x + 1) / 2) * width;
  const py = (y: number) => height / 2 - y * (height / 2 - 10);
  ctx.clearRect(0, 0, width, height);
  ctx.strokeStyle = fg;
  ctx.globalAlpha = 0.2;
  ctx.beginPath();
  ctx.moveTo(0, py(0));
  ctx.lineTo(width, py(0));
  ctx.stroke();
  ctx.globalAlpha = 1;
  ctx.lineWidth = 3;
  ctx.beginPath();
  drawn.forEach((y, i) => (i ? ctx.lineTo(px(-1 + (2 * i) / (GRID - 1)), py(y)) : ctx.moveTo(0, py(y))));
  ctx.stroke();
  const n = Number(new FormData(form).get('n'));
  for (const x of drawnPositions(Math.max(1, Math.min(500, n || 1)))) ctx.fillRect(px(x) - 4, py(targetAt(x)) - 4, 8, 8);
  for (const [name, fit] of Object.entries(fits)) {
    ctx.strokeStyle = COLORS[name];
    ctx.beginPath();
    drawnPositions(fit.length).forEach((x, i) => (i ? ctx.lineTo(px(x), py(fit[i])) : ctx.moveTo(px(x), py(fit[i]))));
    ctx.stroke();
  }
}

let drawing = false;
function paint(event: PointerEvent): void {
  const rect = drawCanvas.getBoundingClientRect();
  const x = ((event.clientX - rect.left) / rect.width) * 2 - 1;
  const y = Math.max(-1, Math.min(1, 1 - ((event.clientY - rect.top) / rect.height) * 2));
  const i = Math.round(((x + 1) / 2) * (GRID - 1));
  for (let j = Math.max(0, i - 3); j <= Math.min(GRID - 1, i + 3); j++) drawn[j] = y;
  fits = {};
  drawTarget();
}
drawCanvas.addEventListener('pointerdown', (e) => {
  drawing = true;
  drawCanvas.setPointerCapture(e.pointerId);
  paint(e);
});
drawCanvas.addEventListener('pointermove', (e) => drawing && paint(e));
drawCanvas.addEventListener('pointerup', () => (drawing = false));

function showDataPanel(): void {
  const isDrawn = new FormData(form).get('data') === 'drawn';
  drawPanel.hidden = !isDrawn;
  form.querySelector<HTMLInputElement>('input[name="dim"]')!.disabled = isDrawn;
  if (isDrawn) drawTarget();
}
form.addEventListener('change', showDataPanel);

interface State {
  config?: DemoConfig;
  training: Record<string, Curve>;
  predictions: Record<string, { discrete: Curve; ode: Curve }>;
  spectrum: number[];
  lambda0?: number;
}
let state: State = { training: {}, predictions: {}, spectrum: [] };

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const send = (m: ToWorker) => worker.postMessage(m);

function readConfig(): DemoConfig {
  const data = new FormData(form);
  const num = (k: string) => Number(data.get(k));
  const optimizers = (['gd', 'hb', 'nag'] as const).filter((k) => data.get(k) === 'on');
  const kind = data.get('data') === 'drawn' ? 'drawn' : 'sphere';
  const targets = kind === 'drawn' ? drawnPositions(num('n')).map(targetAt) : undefined;
  return { data: kind, targets, n: num('n'), dim: kind === 'drawn' ? 2 : num('dim'), width: num('width'), steps: num('steps'), lr: num('lr'), momentum: num('momentum'), damping: num('damping'), seed: num('seed'), optimizers };
}

// ---- plotting ----------------------------------------------------------------------------------

interface Line { x: number[]; y: number[]; color: string; dash: number[]; label: string }

function drawPlot(canvas: HTMLCanvasElement, lines: Line[], title: string, xLabel: string, markers = false): void {
  const ctx = canvas.getContext('2d')!;
  const { width, height } = canvas;
  const fg = getComputedStyle(document.body).color;
  ctx.clearRect(0, 0, width, height);
  const left = 110, right = 30, top = 60, bottom = 80;
  const xs = lines.flatMap((l) => l.x), ys = lines.flatMap((l) => l.y).filter((v) => v > 0 && Number.isFinite(v));
  ctx.fillStyle = fg;
  ctx.font = '28px system-ui, sans-serif';
  ctx.fillText(title, left, 40);
  if (!xs.length || !ys.length) return;
  const x0 = Math.min(...xs), x1 = Math.max(...xs, x0 + 1);
  const y0 = Math.floor(Math.log10(Math.min(...ys))), y1 = Math.ceil(Math.log10(Math.max(...ys)));
  const px = (x: number) => left + ((x - x0) / (x1 - x0)) * (width - left - right);
  const py = (y: number) => top + ((y1 - Math.log10(y)) / Math.max(1, y1 - y0)) * (height - top - bottom);
  ctx.strokeStyle = fg;
  ctx.globalAlpha = 0.15;
  ctx.lineWidth = 1;
  const step = Math.max(1, Math.ceil((y1 - y0) / 8));
  for (let e = y0; e <= y1; e += step) {
    ctx.beginPath();
    ctx.moveTo(left, py(10 ** e));
    ctx.lineTo(width - right, py(10 ** e));
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
  ctx.font = '22px system-ui, sans-serif';
  for (let e = y0; e <= y1; e += step) ctx.fillText(`1e${e}`, 20, py(10 ** e) + 8);
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    const x = x0 + t * (x1 - x0);
    ctx.fillText(String(Math.round(x)), px(x) - 20, height - bottom + 32);
  }
  ctx.fillText(xLabel, width / 2 - 40, height - 20);
  ctx.strokeRect(left, top, width - left - right, height - top - bottom);
  for (const line of lines) {
    ctx.strokeStyle = line.color;
    ctx.fillStyle = line.color;
    ctx.setLineDash(line.dash);
    ctx.lineWidth = 3;
    ctx.beginPath();
    let pen = false;
    line.x.forEach((x, i) => {
      const y = line.y[i];
      if (!(y > 0) || !Number.isFinite(y)) {
        pen = false;
        return;
      }
      if (markers) {
        ctx.fillRect(px(x) - 3, py(y) - 3, 6, 6);
      } else if (pen) {
        ctx.lineTo(px(x), py(y));
      } else {
        ctx.moveTo(px(x), py(y));
        pen = true;
      }
    });
    if (!markers) ctx.stroke();
  }
  ctx.setLineDash([]);
  // legend
  ctx.font = '20px system-ui, sans-serif';
  lines.forEach((line, i) => {
    const yy = top + 20 + i * 26;
    ctx.strokeStyle = line.color;
    ctx.setLineDash(line.dash);
    ctx.beginPath();
    ctx.moveTo(width - right - 300, yy);
    ctx.lineTo(width - right - 250, yy);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = fg;
    ctx.fillText(line.label, width - right - 240, yy + 7);
  });
}

function redraw(): void {
  const lines: Line[] = [];
  for (const name of state.config?.optimizers ?? []) {
    const color = COLORS[name];
    const p = state.predictions[name];
    if (p) {
      lines.push({ ...xy(p.discrete), color, dash: [12, 8], label: `${NAMES[name]} linearized` });
      lines.push({ ...xy(p.ode), color, dash: [3, 6], label: `${NAMES[name]} ODE` });
    }
    const t = state.training[name];
    if (t) lines.push({ ...xy(t), color, dash: [], label: `${NAMES[name]} network` });
  }
  drawPlot(lossCanvas, lines, 'Loss (½‖u − y‖²) against the step', 'step');
  const ev = [...state.spectrum].reverse();
  drawPlot(spectrumCanvas, [{ x: ev.map((_, i) => i + 1), y: ev, color: '#9467bd', dash: [], label: 'H∞ eigenvalues' }],
    state.lambda0 === undefined ? 'NTK spectrum' : `NTK spectrum, λ₀ = ${state.lambda0.toExponential(3)}`, 'index', true);
}

function xy(c: Curve): { x: number[]; y: number[] } {
  return { x: c.steps, y: c.loss };
}

function setRow(name: string, cells: string[]): void {
  let row = tbody.querySelector<HTMLTableRowElement>(`tr[data-optimizer="${name}"]`);
  if (!row) {
    row = document.createElement('tr');
    row.dataset.optimizer = name;
    tbody.append(row);
  }
  row.replaceChildren(...cells.map((text) => Object.assign(document.createElement('td'), { textContent: text })));
}

// ---- events ------------------------------------------------------------------------------------

worker.onmessage = (event: MessageEvent<FromWorker>) => {
  const m = event.data;
  switch (m.type) {
    case 'ready':
      status.textContent = `Ready (WebAssembly backend: ${m.backend}).`;
      runButton.disabled = false;
      document.body.dataset.backend = m.backend;
      break;
    case 'setup':
      state.predictions = m.predictions;
      state.spectrum = m.spectrum;
      state.lambda0 = m.lambda0;
      document.body.dataset.lambda0 = String(m.lambda0);
      status.textContent = `λ₀ = λ_min(H∞) = ${m.lambda0.toExponential(4)}, λ_max = ${m.lambdaMax.toExponential(4)}; training…`;
      redraw();
      break;
    case 'progress':
      state.training[m.optimizer] = { steps: m.steps, loss: m.loss };
      redraw();
      break;
    case 'run-end': {
      const p = state.predictions[m.optimizer];
      const last = (c: Curve) => c.loss[c.loss.length - 1];
      setRow(m.optimizer, [NAMES[m.optimizer], m.status, String(m.steps), m.finalLoss.toExponential(6), p ? last(p.discrete).toExponential(3) : '–', p ? last(p.ode).toExponential(3) : '–']);
      tbody.querySelector<HTMLTableRowElement>(`tr[data-optimizer="${m.optimizer}"]`)!.dataset.finalLoss = String(m.finalLoss);
      if (state.config?.data === 'drawn') {
        fits[m.optimizer] = m.fit;
        drawTarget();
      }
      break;
    }
    case 'done':
      status.textContent = `${m.stopped ? 'Stopped' : 'Done'} in ${(m.elapsedMs / 1000).toFixed(1)} s.`;
      document.body.dataset.state = m.stopped ? 'stopped' : 'done';
      runButton.disabled = false;
      stopButton.disabled = true;
      break;
    case 'error':
      status.textContent = `Error: ${m.message}`;
      document.body.dataset.state = 'error';
      runButton.disabled = false;
      stopButton.disabled = true;
      break;
  }
};

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const config = readConfig();
  if (!config.optimizers.length) {
    status.textContent = 'Pick at least one optimizer.';
    return;
  }
  state = { config, training: {}, predictions: {}, spectrum: [] };
  fits = {};
  tbody.replaceChildren();
  document.body.dataset.state = 'running';
  status.textContent = 'Computing the kernels and their spectra…';
  runButton.disabled = true;
  stopButton.disabled = false;
  redraw();
  send({ type: 'run', config });
});

stopButton.addEventListener('click', () => send({ type: 'stop' }));

resetButton.addEventListener('click', () => {
  send({ type: 'stop' });
  form.reset();
  drawn = Array.from({ length: GRID }, (_, i) => defaultTarget(-1 + (2 * i) / (GRID - 1)));
  fits = {};
  showDataPanel();
  state = { training: {}, predictions: {}, spectrum: [] };
  tbody.replaceChildren();
  document.body.dataset.state = 'idle';
  redraw();
});

redraw();
showDataPanel();
