import { describe, expect, it } from 'vitest';
import { Monitor } from '../../src/training/monitor';

describe('Monitor', () => {
  it('diverged: above the factor, non-finite, or broken weights; converged at the tolerance', () => {
    const m = new Monitor(2, 1e-6, 1000);
    expect(m.check(1999, false)).toBeUndefined();
    expect(m.check(2001, false)).toBe('diverged');
    expect(m.check(NaN, false)).toBe('diverged');
    expect(m.check(Infinity, false)).toBe('diverged');
    expect(m.check(0.5, true)).toBe('diverged');
    expect(m.check(1e-6, false)).toBe('converged');
    expect(new Monitor(2, 0, 1000).check(0, false)).toBeUndefined(); // tolerance 0: run every step
    expect(new Monitor(0, 0, 1000).check(1e-300, false)).toBe('diverged'); // from an exact fit, any loss is growth
  });
});
