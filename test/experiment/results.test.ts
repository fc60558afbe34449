// The results format's helpers: stable run ids, the rates per step and per unit of ODE time, and
// runs saved by the first version (no ids, one rate field) brought to format 1 for --resume.
import { describe, expect, it } from 'vitest';
import { fittedRate, runIds, theoryRate, upgradeRun, type RunResult } from '../../src/experiment/results';
import { OPTIMIZER_NAMES, timePerStep, type RunSpec } from '../../src/experiment/config';
import { optimizerDescriptors } from '../../src/optimizers/registry';

describe('the optimizers of a run', () => {
  it("are the registry's, by alias", () => {
    expect([...OPTIMIZER_NAMES]).toEqual(optimizerDescriptors().map((d) => d.alias));
  });
});

describe('run ids', () => {
  it('name the optimizer and its hyperparameters, and are file names', () => {
    const specs: RunSpec[] = [
      { name: 'GD', optimizer: 'gd', lr: 0.05 },
      { name: 'HB', optimizer: 'hb', lr: 0.05, momentum: 0.9 },
      { name: 'NAG', optimizer: 'nag', lr: 0.05, damping: 3 },
      { name: 'NAG default', optimizer: 'nag', lr: 0.05 },
      { name: '2M', optimizer: 'two-momentum', lr: 1e-4, beta1: 0.2, beta2: 0.5 },
      { name: 'Q', optimizer: 'qhm', lr: 1e-7, momentum: 0.999, nu: 0.7 },
    ];
    expect(runIds(specs)).toEqual(['gd', 'hb-0.9', 'nag-3-lr0.05-3', 'nag-3-lr0.05-4', 'two-momentum-0.2-0.5', 'qhm-0.999-0.7']);
    for (const id of runIds(specs)) expect(id).toMatch(/^[A-Za-z0-9.+-]+$/);
  });

  it('runs that differ in their step only get it appended', () => {
    expect(runIds([{ name: 'a', optimizer: 'gd', lr: 0.1 }, { name: 'b', optimizer: 'gd', lr: 1e-7 }])).toEqual(['gd-lr0.1', 'gd-lr1e-7']);
  });
});

describe('rates', () => {
  it('the theory rate per step is the rate per unit time times the time per step (η or √η)', () => {
    expect(timePerStep({ name: 'GD', optimizer: 'gd', lr: 0.04 })).toBe(0.04);
    expect(timePerStep({ name: 'HB', optimizer: 'hb', lr: 0.04, momentum: 0.9 })).toBe(0.2);
    expect(theoryRate({ kind: 'linear', rate: 3, description: 'd' }, 0.2)).toEqual({ kind: 'linear', ratePerUnitTime: 3, ratePerStep: 3 * 0.2, description: 'd' });
    expect(theoryRate({ kind: 'sublinear', exponent: -3, description: 'd' }, 0.2)).toEqual({ kind: 'sublinear', exponent: -3, description: 'd' });
    expect(fittedRate({ kind: 'linear', linearRate: 0.01, exponent: -2, linearR2: 0.9, polynomialR2: 0.8, envelope: false })).toEqual({ kind: 'linear', ratePerStep: 0.01, exponent: -2, linearR2: 0.9, polynomialR2: 0.8, envelope: false });
    expect(fittedRate(null)).toBeNull();
  });

  it('a run saved before format 1 (checkpoint of version 0.1.0) is brought to it', () => {
    const legacy = {
      name: 'GD', spec: { name: 'GD', optimizer: 'gd', lr: 0.04 },
      training: {}, linearized: { steps: [0, 10], loss: [1, 0.5] },
      ode: { steps: [0, 10], loss: [1, 0.5], times: [0, 0.4], timeMap: 't = k·η', model: 'm' },
      fitted: { kind: 'linear', linearRate: 0.07, exponent: -1, linearR2: 1, polynomialR2: 0.5 },
      theoretical: { kind: 'linear', rate: 2, description: 'd' },
      gap: 0.1, linearizedStable: true, maxStableLearningRate: 1,
    } as unknown as RunResult;
    const run = upgradeRun(legacy, 'gd', 0.04);
    expect(run.id).toBe('gd');
    expect(run.fitted).toEqual({ kind: 'linear', ratePerStep: 0.07, exponent: -1, linearR2: 1, polynomialR2: 0.5 });
    expect(run.theoretical).toEqual({ kind: 'linear', ratePerUnitTime: 2, ratePerStep: 0.08, description: 'd' });
    expect(run.ode.timePerStep).toBe(0.04);
    // the old gap (the distance at the last step) is not the LinearizationGap: dropped; no linearized fit
    expect(run.gap).toBeNull();
    expect(run.linearizedFit).toBeNull();
    // a run of format 1 is left as it is
    expect(upgradeRun(run, 'other', 1)).toEqual(run);
  });
});
