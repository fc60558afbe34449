// How numbers are written in the report, the terminal tables and the captions, one way everywhere:
// a true minus sign (U+2212), exponents as superscripts in running text (ℝ¹⁰, 10⁻³), and numbers
// in exponent form with a fixed number of significant digits.

const SUPERSCRIPT: Record<string, string> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '-': '⁻', '−': '⁻', '.': '·',
};

/** '-' → '−' (U+2212) throughout the text. */
export function minus(text: string): string {
  return text.replace(/-/g, '−');
}

/** An integer (or a short number) as superscript characters: 10 → ¹⁰, −3 → ⁻³. */
export function superscript(value: number | string): string {
  return String(value).replace(/[-−0-9.]/g, (c) => SUPERSCRIPT[c]);
}

/** 10⁻³ for d = −3. */
export function powerOfTen(d: number): string {
  return `10${superscript(d)}`;
}

/** A number in exponent form (2 digits after the point by default) with a true minus, '–' when missing. */
export function sci(x: number | undefined | null, digits = 3): string {
  return x === undefined || x === null || !Number.isFinite(x) ? '–' : minus(x.toExponential(digits - 1).replace('e+', 'e'));
}
