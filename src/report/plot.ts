// Line plots as self-contained SVG, for the report that compares optimizers' loss curves: linear
// or log axes with round ticks, a grid, a legend, and one <path> per series, decimated so that
// long runs stay small. No plotting library: the output is a string built from the data alone
// (no random ids, no clock), with every piece of text escaped for XML.

import { checkOptions, describe, optionalBoolean, requireChoice, requireString } from '../args';
import { fraction, linearAxis, logAxis, type Axis } from './axes';

export interface Series {
  label: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Draw the line dashed (stroke-dasharray). */
  dashed?: boolean;
  /** Draw the line dotted: short dots, a third style beside solid and dashed (not with dashed). */
  dotted?: boolean;
  /** Any CSS colour; defaults to the palette, by position. */
  color?: string;
  /** Draw markers instead of a line. */
  markers?: boolean;
  /** Markers as larger rings, so that another series' dots at the same points stay visible. */
  hollow?: boolean;
}

export interface PlotOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  xScale?: 'linear' | 'log';
  yScale?: 'linear' | 'log';
  width?: number /* default 640 */;
  height?: number /* default 400 */;
  /** optional caption-like note drawn under the title */
  subtitle?: string;
}

/**
 * The most points drawn per series (first and last included). A plot area is about 450 px wide,
 * so this is 4 points per pixel column: min/max pairs over 999 buckets keep the envelope of an
 * oscillating (momentum) curve, and 10 curves stay near 150 KB of path data.
 */
export const MAX_POINTS_PER_SERIES = 2000;

/**
 * Matplotlib's "tab10" colours, in order: distinguishable from one another, for colour-blind
 * readers as far as ten colours can be, and legible on both white and near-black backgrounds.
 */
export const PALETTE: readonly string[] = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd',
  '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf',
];

const SERIES_KEYS = ['label', 'x', 'y', 'dashed', 'dotted', 'color', 'markers', 'hollow'];
const OPTION_KEYS = ['title', 'xLabel', 'yLabel', 'xScale', 'yScale', 'width', 'height', 'subtitle'];
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
/** Average advance of a character at 11 px in the fonts above, to size margins and the legend. */
const CHAR_WIDTH = 6;
const MIN_WIDTH = 240, MIN_HEIGHT = 160;

/**
 * Escapes text for XML and HTML content and double- or single-quoted attributes (& < > " '),
 * and drops the control characters that XML 1.0 forbids.
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function requireNumbers(fn: string, name: string, value: unknown): ArrayLike<number> {
  const length = (value as { length?: unknown } | null)?.length;
  if (value === null || typeof value !== 'object' || typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) {
    throw new TypeError(`${fn}: ${name} must be an array or typed array of numbers (got ${describe(value)})`);
  }
  const a = value as ArrayLike<unknown>;
  for (let i = 0; i < length; i++) {
    if (typeof a[i] !== 'number') {
      throw new TypeError(`${fn}: ${name}[${i}] must be a number (got ${describe(a[i])}); use NaN for a gap`);
    }
  }
  return value as ArrayLike<number>;
}

function requireSize(fn: string, name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') throw new TypeError(`${fn}: ${name} must be a number (got ${describe(value)})`);
  if (!Number.isFinite(value) || value < min || value > 100_000) {
    throw new RangeError(`${fn}: ${name} must be between ${min} and 100000 (got ${value})`);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Series → path data

/** Whether (x, y) can be drawn on these scales. */
function usable(x: number, y: number, xLog: boolean, yLog: boolean): boolean {
  return Number.isFinite(x) && Number.isFinite(y) && (!xLog || x > 0) && (!yLog || y > 0);
}

/**
 * Positions (into `valid`, the indices of drawable points) to draw: all of them, or, when there
 * are more than MAX_POINTS_PER_SERIES, the first, the last, and the lowest and highest y of each
 * of (MAX − 2)/2 equal buckets in between, in order (min/max decimation keeps the envelope).
 */
function decimate(valid: number[], y: ArrayLike<number>): number[] {
  const n = valid.length;
  if (n <= MAX_POINTS_PER_SERIES) return valid.map((_, j) => j);
  const buckets = Math.floor((MAX_POINTS_PER_SERIES - 2) / 2);
  const keep = [0];
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor(((n - 2) * b) / buckets), end = 1 + Math.floor(((n - 2) * (b + 1)) / buckets);
    if (start >= end) continue;
    let min = start, max = start;
    for (let j = start + 1; j < end; j++) {
      const v = y[valid[j]];
      if (v < y[valid[min]]) min = j;
      if (v > y[valid[max]]) max = j;
    }
    if (min === max) keep.push(min);
    else keep.push(Math.min(min, max), Math.max(min, max));
  }
  keep.push(n - 1);
  return keep;
}

/** A coordinate in tenths of a pixel as SVG number text: 123 → "12.3", −3 → "-.3". */
function tenths(t: number): string {
  const s = String(t / 10);
  return s.startsWith('0.') ? s.slice(1) : s.startsWith('-0.') ? `-${s.slice(2)}` : s;
}

/** Numbers for path data: separated by a space, or by nothing before a minus sign. */
function joinNumbers(numbers: string[]): string {
  let out = '';
  for (const s of numbers) out += out === '' || s.startsWith('-') ? s : ` ${s}`;
  return out;
}

interface Frame { left: number; top: number; width: number; height: number }

/**
 * Screen points (tenths of a pixel) of a series, split into runs between gaps: a gap is any
 * point left out because it is not finite (or not positive on a log axis).
 */
function screenRuns(s: Series, xAxis: Axis, yAxis: Axis, frame: Frame): [number, number][][] {
  const valid: number[] = [];
  for (let i = 0; i < s.x.length; i++) if (usable(s.x[i], s.y[i], xAxis.log, yAxis.log)) valid.push(i);
  const runs: [number, number][][] = [];
  let run: [number, number][] = [], previous = -2;
  for (const j of decimate(valid, s.y)) {
    const i = valid[j];
    const xv = xAxis.log ? Math.log10(s.x[i]) : s.x[i], yv = yAxis.log ? Math.log10(s.y[i]) : s.y[i];
    const px = Math.round((frame.left + fraction(xAxis, xv) * frame.width) * 10);
    const py = Math.round((frame.top + (1 - fraction(yAxis, yv)) * frame.height) * 10);
    if (!Number.isFinite(px) || !Number.isFinite(py)) { previous = -2; continue; }
    // a gap in the data when the indices of consecutive drawable points are not consecutive
    if (previous < 0 || valid[j] - valid[previous] !== j - previous) { if (run.length) runs.push(run); run = []; }
    const last = run[run.length - 1];
    if (!last || last[0] !== px || last[1] !== py) run.push([px, py]);
    previous = j;
  }
  if (run.length) runs.push(run);
  return runs;
}

/** "M x y" then relative moves "l dx dy …" per run; a lone point becomes a dot ("l0 0"). */
function pathData(runs: [number, number][][]): string {
  const parts: string[] = [];
  for (const run of runs) {
    const [x0, y0] = run[0];
    const numbers: string[] = [];
    for (let k = 1; k < run.length; k++) numbers.push(tenths(run[k][0] - run[k - 1][0]), tenths(run[k][1] - run[k - 1][1]));
    if (run.length === 1) numbers.push('0', '0');
    parts.push(`M${joinNumbers([tenths(x0), tenths(y0)])}l${joinNumbers(numbers)}`);
  }
  return parts.join('');
}

// ---------------------------------------------------------------------------------------------

const num = (v: number) => String(Math.round(v * 10) / 10);

function truncate(text: string, chars: number): string {
  const glyphs = Array.from(text);
  return glyphs.length <= chars ? text : `${glyphs.slice(0, Math.max(1, chars - 1)).join('')}…`;
}

/**
 * A line plot of `series` as one SVG element (a string), sized `width` × `height` (default
 * 640 × 400, scalable through its viewBox), with a title, an optional subtitle, ticks and
 * labels on both axes, a light grid, and a legend on the right.
 *
 * Each series is one `<path class="series" data-series="label">` (separate subpaths where
 * points are left out), or, with `markers: true`, one `<g class="series" data-series="label">`
 * of `<circle>`s. Linear axes skip non-finite points; log axes also skip x ≤ 0 or y ≤ 0. Axis
 * ranges cover every drawn point plus a 4% margin (on log axes: at least two powers of ten);
 * linear ticks are 1, 2 or 5 × 10^k, log ticks are powers of ten labelled 10⁻³ (every decade
 * when there are at most about ten, with minor ticks at 2…9 × 10^k). Series longer than
 * MAX_POINTS_PER_SERIES points are min/max-decimated. Text, axes and grid are drawn in
 * `currentColor`, so the plot follows the surrounding page's colours (black when standalone).
 *
 * @param series the curves, coloured from PALETTE in order unless `color` is given
 * @param opts titles, axis labels, scales ('linear' by default) and size
 * @throws TypeError for anything not of the documented types, unknown keys, or unknown scales;
 *   RangeError when a series' x and y lengths differ, or width/height are out of range
 *
 * @example
 * const svg = linePlot([{ label: 'GD', x: steps, y: loss }],
 *   { title: 'Training loss', xLabel: 'step k', yLabel: 'loss', yScale: 'log' });
 */
export function linePlot(series: Series[], opts: PlotOptions): string {
  const spec = parsePlot(series, opts);
  return renderPlot(spec, layoutPlot(spec));
}

/** A plot's settings and series, checked. */
interface PlotSpec {
  title: string;
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  xLog: boolean;
  yLog: boolean;
  W: number;
  H: number;
  items: { label: string; x: ArrayLike<number>; y: ArrayLike<number>; color: string; dashed: boolean; dotted: boolean; markers: boolean; hollow: boolean }[];
}

/** Where everything goes: the frame, both axes with their ticks, the legend's column and rows. */
interface PlotLayout {
  frame: Frame;
  xAxis: Axis;
  yAxis: Axis;
  titleSize: number;
  legendWidth: number;
  legendChars: number;
}

/** Checks the arguments of linePlot; every mistake is a TypeError or RangeError naming it. */
function parsePlot(series: Series[], opts: PlotOptions): PlotSpec {
  const fn = 'linePlot';
  if (!Array.isArray(series)) throw new TypeError(`${fn}: series must be an array of { label, x, y } objects (got ${describe(series)})`);
  if (!isRecord(opts)) throw new TypeError(`${fn}: opts must be an object with title, xLabel and yLabel (got ${describe(opts)})`);
  checkOptions(fn, opts, OPTION_KEYS, 'opts');
  const items = series.map((s, i) => {
    if (!isRecord(s)) throw new TypeError(`${fn}: series[${i}] must be an object with label, x and y (got ${describe(s)})`);
    checkOptions(fn, s, SERIES_KEYS, `series[${i}]`);
    const label = requireString(fn, `series[${i}].label`, s.label);
    const name = `series ${JSON.stringify(label)}`;
    const x = requireNumbers(fn, `${name}: x`, s.x), y = requireNumbers(fn, `${name}: y`, s.y);
    if (x.length !== y.length) throw new RangeError(`${fn}: ${name} has ${x.length} x values but ${y.length} y values`);
    const color = s.color === undefined ? PALETTE[i % PALETTE.length] : requireString(fn, `${name}: color`, s.color);
    const dashed = optionalBoolean(fn, `${name}: dashed`, s.dashed, false);
    const dotted = optionalBoolean(fn, `${name}: dotted`, s.dotted, false);
    if (dashed && dotted) throw new TypeError(`${fn}: ${name} is both dashed and dotted; choose one`);
    return {
      label, x, y, color, dashed, dotted,
      markers: optionalBoolean(fn, `${name}: markers`, s.markers, false),
      hollow: optionalBoolean(fn, `${name}: hollow`, s.hollow, false),
    };
  });
  return {
    title: requireString(fn, 'opts.title', opts.title),
    xLabel: requireString(fn, 'opts.xLabel', opts.xLabel),
    yLabel: requireString(fn, 'opts.yLabel', opts.yLabel),
    subtitle: opts.subtitle === undefined ? undefined : requireString(fn, 'opts.subtitle', opts.subtitle),
    xLog: requireChoice(fn, 'opts.xScale', opts.xScale, ['linear', 'log'], 'linear') === 'log',
    yLog: requireChoice(fn, 'opts.yScale', opts.yScale, ['linear', 'log'], 'linear') === 'log',
    W: requireSize(fn, 'opts.width', opts.width, 640, MIN_WIDTH),
    H: requireSize(fn, 'opts.height', opts.height, 400, MIN_HEIGHT),
    items,
  };
}

/** Layout: title block on top, legend on the right, tick labels and axis labels outside the frame. */
function layoutPlot({ title, subtitle, xLog, yLog, W, H, items }: PlotSpec): PlotLayout {
  const titleSize = Math.min(14, Math.max(9, (W - 24) / (Math.max(1, Array.from(title).length) * 0.58)));
  const top = subtitle === undefined ? 34 : 50;
  const bottom = H - 40;
  const longest = items.reduce((m, s) => Math.max(m, Array.from(s.label).length), 0);
  const legendWidth = items.length === 0 ? 0 : Math.min(W * 0.35, 34 + longest * CHAR_WIDTH);
  const legendChars = Math.max(3, Math.floor((legendWidth - 34) / CHAR_WIDTH));
  const right = W - 10 - legendWidth - (items.length ? 8 : 0);

  const xs: number[] = [], ys: number[] = [];
  for (const s of items) {
    for (let i = 0; i < s.x.length; i++) {
      if (usable(s.x[i], s.y[i], xLog, yLog)) { xs.push(s.x[i]); ys.push(s.y[i]); }
    }
  }
  const plotHeight = bottom - top;
  const yAxis = yLog ? logAxis(ys, Math.max(3, Math.floor(plotHeight / 26))) : linearAxis(ys, Math.max(2, Math.round(plotHeight / 65)));
  const yTickChars = yAxis.major.reduce((m, t) => Math.max(m, Array.from(t.label ?? '').length), 1);
  const left = Math.min(W * 0.3, 26 + yTickChars * CHAR_WIDTH + 8);
  const plotWidth = Math.max(20, right - left);
  const xAxis = xLog ? logAxis(xs, Math.max(3, Math.floor(plotWidth / 40))) : linearAxis(xs, Math.max(2, Math.round(plotWidth / 100)));
  return { frame: { left, top, width: plotWidth, height: plotHeight }, xAxis, yAxis, titleSize, legendWidth, legendChars };
}

/** The SVG of a laid-out plot. */
function renderPlot(spec: PlotSpec, layout: PlotLayout): string {
  const { title, W, H } = spec;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${num(W)} ${num(H)}" width="${num(W)}" height="${num(H)}" role="img" aria-label="${escapeXml(title)}" class="plot" font-family="${FONT}" font-size="11" fill="currentColor">`);
  out.push(`<title>${escapeXml(title)}</title>`);
  out.push(...renderAxes(spec, layout), ...renderSeries(spec, layout), ...renderLegend(spec, layout), ...renderTitle(spec, layout));
  out.push('</svg>');
  return out.join('\n');
}

function renderAxes({ xLabel, yLabel, H }: PlotSpec, { frame, xAxis, yAxis }: PlotLayout): string[] {
  const { left, top, width: plotWidth, height: plotHeight } = frame;
  const bottom = top + plotHeight;
  const sx = (v: number) => left + fraction(xAxis, v) * plotWidth;
  const sy = (v: number) => top + (1 - fraction(yAxis, v)) * plotHeight;
  const out: string[] = [];
  // grid and frame
  const grid: string[] = [];
  for (const t of xAxis.major) grid.push(`M${num(sx(t.value))} ${num(top)}V${num(bottom)}`);
  for (const t of yAxis.major) grid.push(`M${num(left)} ${num(sy(t.value))}H${num(left + plotWidth)}`);
  out.push(`<path class="grid" d="${grid.join('')}" fill="none" stroke="currentColor" stroke-opacity="0.12" stroke-width="1"/>`);
  out.push(`<rect class="frame" x="${num(left)}" y="${num(top)}" width="${num(plotWidth)}" height="${num(plotHeight)}" fill="none" stroke="currentColor" stroke-opacity="0.55" stroke-width="1"/>`);

  // x axis
  const xTicks: string[] = [], xMinor: string[] = [];
  out.push('<g class="x-axis" text-anchor="middle">');
  for (const t of xAxis.major) {
    xTicks.push(`M${num(sx(t.value))} ${num(bottom)}v4`);
    out.push(`<text x="${num(sx(t.value))}" y="${num(bottom + 15)}">${escapeXml(t.label ?? '')}</text>`);
  }
  for (const v of xAxis.minor) xMinor.push(`M${num(sx(v))} ${num(bottom)}v2.5`);
  out.push(`<path class="ticks" d="${xTicks.join('')}${xMinor.join('')}" stroke="currentColor" stroke-opacity="0.55"/>`);
  out.push(`<text class="axis-label" x="${num(left + plotWidth / 2)}" y="${num(H - 8)}">${escapeXml(xLabel)}</text>`);
  out.push('</g>');

  // y axis
  const yTicks: string[] = [], yMinor: string[] = [];
  out.push('<g class="y-axis" text-anchor="end">');
  for (const t of yAxis.major) {
    yTicks.push(`M${num(left)} ${num(sy(t.value))}h-4`);
    out.push(`<text x="${num(left - 6)}" y="${num(sy(t.value) + 3.5)}">${escapeXml(t.label ?? '')}</text>`);
  }
  for (const v of yAxis.minor) yMinor.push(`M${num(left)} ${num(sy(v))}h-2.5`);
  out.push(`<path class="ticks" d="${yTicks.join('')}${yMinor.join('')}" stroke="currentColor" stroke-opacity="0.55"/>`);
  const yMid = top + plotHeight / 2;
  out.push(`<text class="axis-label" x="14" y="${num(yMid)}" text-anchor="middle" transform="rotate(-90 14 ${num(yMid)})">${escapeXml(yLabel)}</text>`);
  out.push('</g>');
  return out;
}

/** The stroke-dasharray attribute of a line: dashes of 6, or dots (dashes of almost no length that round caps make round), or none. */
function dashArray(s: { dashed: boolean; dotted: boolean }): string {
  if (s.dashed) return ' stroke-dasharray="6 4"';
  return s.dotted ? ' stroke-dasharray="0.1 3.6"' : '';
}

function renderSeries({ items }: PlotSpec, { frame, xAxis, yAxis }: PlotLayout): string[] {
  return items.map((s) => {
    const label = escapeXml(s.label), color = escapeXml(s.color);
    const runs = screenRuns(s, xAxis, yAxis, frame);
    if (s.markers) {
      const circles = runs.flat().map(([px, py]) => `<circle cx="${tenths(px)}" cy="${tenths(py)}" r="${s.hollow ? 4.5 : 2.5}"/>`);
      const paint = s.hollow ? `fill="none" stroke="${color}" stroke-width="1.4"` : `fill="${color}"`;
      return `<g class="series" data-series="${label}" ${paint}>${circles.join('')}</g>`;
    }
    const dash = dashArray(s);
    return `<path class="series" data-series="${label}" d="${pathData(runs)}" fill="none" stroke="${color}" stroke-width="1.6" stroke-linejoin="round" stroke-linecap="round"${dash}/>`;
  });
}

function renderLegend({ items, W }: PlotSpec, { frame, legendWidth, legendChars }: PlotLayout): string[] {
  if (!items.length) return [];
  const lx = W - 10 - legendWidth;
  const row = Math.min(16, frame.height / items.length);
  const out = ['<g class="legend">'];
  items.forEach((s, i) => {
    const y = frame.top + 6 + row * (i + 0.5);
    const color = escapeXml(s.color);
    const swatch = s.markers
      ? `<circle cx="${num(lx + 11)}" cy="${num(y)}" r="${s.hollow ? 4 : 3}" ${s.hollow ? `fill="none" stroke="${color}" stroke-width="1.4"` : `fill="${color}"`}/>`
      : `<path d="M${num(lx)} ${num(y)}h22" stroke="${color}" stroke-width="2"${dashArray(s)}${s.dotted ? ' stroke-linecap="round"' : ''}/>`;
    const shown = truncate(s.label, legendChars);
    const full = shown === s.label ? '' : `<title>${escapeXml(s.label)}</title>`;
    out.push(`<g class="legend-entry" data-legend="${escapeXml(s.label)}">${full}${swatch}<text x="${num(lx + 28)}" y="${num(y + 3.5)}">${escapeXml(shown)}</text></g>`);
  });
  out.push('</g>');
  return out;
}

function renderTitle({ title, subtitle, W }: PlotSpec, { titleSize }: PlotLayout): string[] {
  const out = [`<text class="title" x="${num(W / 2)}" y="21" text-anchor="middle" font-size="${num(titleSize)}" font-weight="600">${escapeXml(title)}</text>`];
  if (subtitle !== undefined) out.push(`<text class="subtitle" x="${num(W / 2)}" y="38" text-anchor="middle" fill-opacity="0.75">${escapeXml(subtitle)}</text>`);
  return out;
}
