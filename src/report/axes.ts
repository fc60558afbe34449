// Axes of the report's plots: linear and log10 scales, their "nice" major ticks with labels and
// their minor ticks, and the map from data to the unit interval.

import { powerOfTen } from './notation';

/** Fraction of the data range added on each side of a data-driven axis. */
const MARGIN = 0.04;
/** Data spans below this are drawn as one value: ticks a tenth of it apart would be subnormal. */
const TINY_SPAN = 1e-300;


export interface Tick { value: number; label?: string }

/** A data → [0, 1] map with its ticks; for log scales `lo`, `hi` and tick values are log10. */
export interface Axis { log: boolean; lo: number; hi: number; major: Tick[]; minor: number[] }

const clampFinite = (v: number) => Math.min(Number.MAX_VALUE, Math.max(-Number.MAX_VALUE, v));

/** 1, 2 or 5 times a power of ten, near `raw`. */
function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * p;
}

/** Tick label for v on a linear axis whose step is 10^k times 1, 2 or 5, with a true minus sign. */
function linearLabel(v: number, k: number, exponential: boolean): string {
  if (v === 0) return '0';
  let s: string;
  if (exponential) {
    const digits = Math.min(20, Math.max(0, Math.floor(Math.log10(Math.abs(v))) - k));
    s = v.toExponential(digits).replace(/\.?0*e\+?/, 'e'); // 1.50e+7 → 1.5e7, 1.0e+7 → 1e7
  } else {
    s = v.toFixed(Math.min(100, Math.max(0, -k)));
  }
  return s.replace(/^-/, '−');
}

export function linearAxis(values: number[], target: number): Axis {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) { if (v < lo) lo = v; if (v > hi) hi = v; }
  const [dataLo, dataHi] = [lo, hi];
  let spread = false;
  // Half-spans throughout, so that ±1e308 does not overflow.
  if (values.length === 0) { lo = 0; hi = 1; } else if (hi * 0.5 - lo * 0.5 < TINY_SPAN) {
    const mid = lo * 0.5 + hi * 0.5;
    const pad = mid === 0 ? 1 : Math.max(Math.abs(mid) * 0.1, TINY_SPAN);
    lo = clampFinite(mid - pad); hi = clampFinite(mid + pad);
  } else {
    spread = true;
    const pad = MARGIN * 2 * (hi * 0.5 - lo * 0.5);
    lo = clampFinite(lo - pad); hi = clampFinite(hi + pad);
  }
  const step = niceStep(((hi * 0.5 - lo * 0.5) / target) * 2);
  if (spread) {
    // End the axis on ticks that enclose the data, so that the top and bottom labels bound it.
    const below = Math.floor(dataLo / step + 1e-9) * step, above = Math.ceil(dataHi / step - 1e-9) * step;
    if (Number.isFinite(below) && Number.isFinite(above)) [lo, hi] = [below, above];
  }
  const k = Math.floor(Math.log10(step) + 1e-9);
  const first = Math.ceil(lo / step - 1e-9), last = Math.floor(hi / step + 1e-9);
  const ticks: number[] = [];
  for (let i = first; i <= last && ticks.length <= 2 * target + 2 && i - first < 1000; i++) {
    const v = i * step;
    if (Number.isFinite(v)) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  }
  const biggest = Math.max(Math.abs(lo), Math.abs(hi));
  const exponential = biggest >= 1e6 || biggest < 1e-3;
  return { log: false, lo, hi, major: ticks.map((value) => ({ value, label: linearLabel(value, k, exponential) })), minor: [] };
}

export function logAxis(values: number[], maxLabels: number): Axis {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) { const l = Math.log10(v); if (l < lo) lo = l; if (l > hi) hi = l; }
  if (values.length === 0) { lo = 0; hi = 1; } else if (lo === hi) { lo -= 0.5; hi += 0.5; } else {
    const pad = MARGIN * (hi - lo);
    lo -= pad; hi += pad;
  }
  // At least two labelled decades: with one inside, widen to the nearer neighbouring power of
  // ten; with none, to the two powers of ten that enclose the range.
  const inside = Math.floor(hi + 1e-9) - Math.ceil(lo - 1e-9) + 1;
  if (inside === 1) {
    const d = Math.ceil(lo - 1e-9);
    if (d + 1 - hi < lo - (d - 1)) hi = d + 1; else lo = d - 1;
  } else if (inside < 1) { lo = Math.floor(lo); hi = Math.ceil(hi); }
  const d0 = Math.ceil(lo - 1e-9), d1 = Math.floor(hi + 1e-9);
  const every = Math.max(1, Math.ceil((d1 - d0 + 1) / maxLabels));
  const major: Tick[] = [], minor: number[] = [];
  for (let d = d0; d <= d1; d++) {
    if (d % every === 0) major.push({ value: d, label: powerOfTen(d) });
    else minor.push(d);
  }
  if (every === 1) {
    for (let d = Math.floor(lo); d <= Math.ceil(hi); d++) {
      for (let m = 2; m <= 9; m++) {
        const v = d + Math.log10(m);
        if (v >= lo && v <= hi) minor.push(v);
      }
    }
  }
  return { log: true, lo, hi, major, minor };
}

/** Position of a value (log10 of it on log axes) in [0, 1] along the axis. */
export function fraction(axis: Axis, v: number): number {
  return (v * 0.5 - axis.lo * 0.5) / (axis.hi * 0.5 - axis.lo * 0.5);
}

