// The demo form's checks (demo/form-config.ts): every field is named by its label when it is
// empty, not a number or out of range, and a valid form becomes the run configuration.
import { describe, expect, it } from 'vitest';
import { readConfig, type FieldValue } from '../../demo/form-config';

const VALID: Record<string, string> = { data: 'sphere', n: '50', dim: '5', width: '2048', steps: '1000', lr: '0.05', momentum: '0.9', damping: '3', seed: '1', gd: 'on', hb: 'on', nag: 'on' };

function read(changes: Record<string, string | FieldValue> = {}) {
  const form = { ...VALID, ...changes };
  return readConfig((name) => {
    const v = form[name] ?? '';
    return typeof v === 'string' ? { value: v } : v;
  }, (n) => Array.from({ length: n }, (_, i) => i / n));
}

describe('readConfig', () => {
  it('turns a valid form into the run configuration', () => {
    expect(read()).toEqual({
      ok: true,
      config: { data: 'sphere', targets: undefined, n: 50, dim: 5, width: 2048, steps: 1000, lr: 0.05, momentum: 0.9, damping: 3, seed: 1, optimizers: ['gd', 'hb', 'nag'] },
    });
  });

  it('takes the drawn targets and a 2-D input for drawn data, whatever the dimension field says', () => {
    const r = read({ data: 'drawn', n: '4', dim: '' });
    expect(r.ok && r.config).toMatchObject({ data: 'drawn', dim: 2, n: 4, targets: [0, 0.25, 0.5, 0.75] });
  });

  it.each([
    [{ n: '' }, 'n', 'points n is empty: enter a whole number from 2 to 500.'],
    [{ n: '  ' }, 'n', 'points n is empty: enter a whole number from 2 to 500.'],
    [{ n: '501' }, 'n', 'points n must be a whole number from 2 to 500 (got 501).'],
    [{ n: '2.5' }, 'n', 'points n must be a whole number from 2 to 500 (got 2.5).'],
    [{ dim: '0' }, 'dim', 'dimension d must be a whole number from 1 to 100 (got 0).'],
    [{ width: '7' }, 'width', 'width m must be a whole number from 8 to 65536 (got 7).'],
    [{ steps: '0' }, 'steps', 'steps must be a whole number from 1 to 100000 (got 0).'],
    [{ lr: '0' }, 'lr', 'learning rate η must be a number above 0 (got 0).'],
    [{ lr: '-1' }, 'lr', 'learning rate η must be a number above 0 (got -1).'],
    [{ lr: 'Infinity' }, 'lr', 'learning rate η must be a number above 0 (got Infinity).'],
    [{ lr: { value: '', badInput: true } }, 'lr', 'learning rate η is not a number: enter a number above 0.'],
    [{ momentum: '1' }, 'momentum', 'momentum β (HB) must be a number with 0 ≤ β < 1 (got 1).'],
    [{ momentum: '-0.1' }, 'momentum', 'momentum β (HB) must be a number with 0 ≤ β < 1 (got -0.1).'],
    [{ damping: '0.5' }, 'damping', 'damping ρ (NAG) must be a number from 1 to 20 (got 0.5).'],
    [{ seed: '1.5' }, 'seed', 'seed must be a whole number from 0 to 4294967295 (got 1.5).'],
    [{ seed: '' }, 'seed', 'seed is empty: enter a whole number from 0 to 4294967295.'],
    [{ gd: '', hb: '', nag: '' }, 'gd', 'Pick at least one optimizer (GD, HB or NAG).'],
  ] as [Record<string, string | FieldValue>, string, string][])('reports %j by the field\'s label', (changes, field, message) => {
    expect(read(changes)).toEqual({ ok: false, field, message });
  });

  it('checks β only for HB and ρ only for NAG, and d only for sphere data', () => {
    expect(read({ hb: '', momentum: '' }).ok).toBe(true);
    expect(read({ nag: '', damping: 'x' }).ok).toBe(true);
    expect(read({ data: 'drawn', dim: '0' }).ok).toBe(true);
    expect(read({ hb: '', momentum: '' })).toMatchObject({ config: { optimizers: ['gd', 'nag'] } });
  });
});
