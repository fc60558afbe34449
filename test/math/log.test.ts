import { describe, expect, it } from 'vitest';
import { deterministicLog } from '../../src/math/log';

describe('deterministicLog', () => {
  it('agrees with Math.log within 2 ulp over many magnitudes', () => {
    const xs: number[] = [1, 2, 0.5, Math.E, 10, 1e-300, 5e-324, 1e300, 1.7976931348623157e308, 1 + 2 ** -52, 1 - 2 ** -53];
    for (let i = 1; i < 2000; i++) xs.push(Math.exp((i - 1000) / 7.3), i / 1999);
    for (const x of xs) {
      const expected = Math.log(x);
      const got = deterministicLog(x);
      const ulp = Math.max(Number.MIN_VALUE, Math.abs(expected) * 2 ** -52);
      if (!(Math.abs(got - expected) <= 2 * ulp)) expect.fail(`log(${x}) = ${got}, Math.log gives ${expected}`);
    }
  });

  it('handles the edges like Math.log', () => {
    expect(deterministicLog(1)).toBe(0);
    expect(deterministicLog(0)).toBe(-Infinity);
    expect(deterministicLog(Infinity)).toBe(Infinity);
    expect(deterministicLog(-1)).toBeNaN();
    expect(deterministicLog(NaN)).toBeNaN();
  });
});
