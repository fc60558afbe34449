// How the demo writes numbers (demo/format.ts).
import { describe, expect, it } from 'vitest';
import { formatAxisValue, formatRate, formatSteps, formatValue } from '../../demo/format';

describe('the demo number formats', () => {
  it('writes every loss with four significant digits in e-notation, and no NaN or Infinity', () => {
    expect([2.170508, 0.0001, 1.037337e6, 0, NaN, Infinity, -Infinity].map(formatValue)).toEqual(['2.171e0', '1.000e-4', '1.037e6', '0.000e0', '–', '–', '–']);
  });

  it('writes step sizes with three significant digits', () => {
    expect([0.0812345, 5, 1.7234, 1e-5, 123456, NaN].map(formatRate)).toEqual(['0.0812', '5', '1.72', '1.00e-5', '1.23e5', '–']);
  });

  it('writes log-axis decades as powers of ten, other ticks as decimals', () => {
    expect([1e-24, 1e-3, 1, 10, 1e267, 1.0000000000000001e-24, 0.2, 50, 2e-6, 0, -1].map(formatAxisValue)).toEqual(['10⁻²⁴', '10⁻³', '10⁰', '10¹', '10²⁶⁷', '10⁻²⁴', '0.2', '50', '2e-6', '', '']);
  });

  it('writes step counts with thin spaces between thousands from 10 000 on', () => {
    expect([0, 999, 9999, 12345, 100000].map(formatSteps)).toEqual(['0', '999', '9999', '12\u2009345', '100\u2009000']);
  });
});
