import { describe, expect, it } from 'vitest';
import { minus, powerOfTen, sci, superscript } from '../../src/report/notation';

describe('notation', () => {
  it('writes one minus sign, superscript exponents and numbers in exponent form', () => {
    expect(minus('k^-4.92, 1e-6')).toBe('k^−4.92, 1e−6');
    expect(superscript(10)).toBe('¹⁰');
    expect(superscript(-3)).toBe('⁻³');
    expect(powerOfTen(-6)).toBe('10⁻⁶');
    expect(sci(7.2851e-11)).toBe('7.29e−11');
    expect(sci(1234.5, 2)).toBe('1.2e3');
    for (const missing of [undefined, null, NaN, Infinity]) expect(sci(missing)).toBe('–');
  });
});
