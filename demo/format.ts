// How the demo writes numbers: one format for every loss (table, status line and test hooks
// alike), one for step sizes, one for step counts, and powers of ten for the log axes.

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** A loss or eigenvalue: four significant digits in e-notation ("2.171e-1"), or "–" if not finite. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return '–';
  return v.toExponential(3).replace('e+', 'e');
}

/** A learning rate: three significant digits, plain when that is short ("0.0812", "1.23e-5"). */
export function formatRate(v: number): string {
  if (!Number.isFinite(v)) return '–';
  const plain = Number(v.toPrecision(3));
  return Math.abs(plain) >= 1e-3 && Math.abs(plain) < 1e5 ? String(plain) : plain.toExponential(2).replace('e+', 'e');
}

/**
 * A tick on a log axis: a power of ten as such ("10⁻³", "10⁰", "10²"), so that every decade
 * on an axis reads alike; any other tick (within one decade) as a short decimal ("0.2", "5").
 */
export function formatAxisValue(v: number): string {
  if (!(v > 0) || !Number.isFinite(v)) return '';
  const e = Math.round(Math.log10(v));
  if (Math.abs(v / 10 ** e - 1) < 1e-9) return '10' + [...String(e)].map((c) => SUPERSCRIPT[c]).join('');
  const rounded = Number(v.toPrecision(3));
  return rounded >= 1e-3 && rounded < 1e5 ? String(rounded) : rounded.toExponential().replace('e+', 'e');
}

/** A step count: plain up to 9999, then with thin spaces between thousands ("100 000"). */
export function formatSteps(v: number): string {
  const s = String(Math.round(v));
  return Math.abs(v) < 1e4 ? s : s.replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
}
