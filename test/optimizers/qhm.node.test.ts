// QHM from the command line (--optimizers qhm, --nu) and through the whole experiment of
// `ntk-dynamics run`: its flow, time map and rate reach the results.
import { describe, expect, it } from 'vitest';
import { ready } from '../../src/index';
import { helpText, parseRunArgs } from '../../src/cli/args';
import { UsageError } from '../../src/cli/errors';
import { runExperiment } from '../../src/experiment/experiment';
import { DEFAULT_CONFIG } from '../../src/experiment/config';

describe('QHM in ntk-dynamics run', () => {
  it('runs from the command line: --optimizers qhm --nu, through the whole experiment', async () => {
    await ready();
    const o = parseRunArgs(['--optimizers', 'qhm,hb', '--nu', '0.5', '--lr', '0.2']);
    expect(o.config.runs).toEqual([
      { name: 'QHM β=0.9 ν=0.5', optimizer: 'qhm', lr: 0.2, momentum: 0.9, nu: 0.5 },
      { name: 'HB β=0.9', optimizer: 'hb', lr: 0.2, momentum: 0.9 },
    ]);
    expect(() => parseRunArgs(['--optimizers', 'qhm', '--nu', '1.5'])).toThrow(UsageError);
    expect(() => parseRunArgs(['--optimizers', 'qhm', '--nu', '1.5'])).toThrow('--nu must be in [0, 1] (got 1.5)');
    expect(helpText()).toMatch(/--nu <number> +immediate discount ν of QHM \[0\.7\]/);
    expect(helpText()).toContain('momentum β of heavy ball, NAG-SC and QHM [0.9]');
    const config = { ...DEFAULT_CONFIG, n: 10, width: 300, steps: 40, runs: [o.config.runs[0]], gapWidths: [] };
    const result = await runExperiment(config, 'test', 'auto');
    const run = result.runs[0];
    expect(run.training.status).toBe('completed');
    expect(run.linearizedStable).toBe(true);
    expect(run.ode.timeMap).toBe('t = k·√(η(1 − β))');
    expect(run.theoretical.kind).toBe('linear');
    expect(run.linearized.loss.every(Number.isFinite)).toBe(true);
    expect(run.ode.loss.every(Number.isFinite)).toBe(true);
    // the wide network follows its linearized prediction
    expect(run.gap!.residualGap).toBeLessThan(0.05);
    expect(run.gap!.worstLossRatio).toBeLessThan(1.5);
  });
});
