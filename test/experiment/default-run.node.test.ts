// The main job's defaults (README, "The default run"): in the kernel regime, with a width panel
// whose slope is the theory's −1/2. One full default experiment, then its report and tables.
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../src/index';
import { DEFAULT_CONFIG } from '../../src/experiment/config';
import { runExperiment, type ExperimentResult } from '../../src/experiment/experiment';
import { buildReport } from '../../src/experiment/report';
import { KERNEL_REGIME, formatTable, summaryNotes, summaryTable, testTable, widthGapTable } from '../../src/experiment/summary';

describe('the default run', () => {
  let result: ExperimentResult;
  beforeAll(async () => {
    await ready();
    result = await runExperiment(DEFAULT_CONFIG, 'test', 'auto');
  }, 300_000);

  it('is in the kernel regime: every network within a factor 1.5 of its linearized loss until 1e-6 of the start, kernel drift ≤ 0.3·λ₀', () => {
    expect(result.runs.map((r) => r.name)).toEqual(['GD', 'HB β=0.7', 'NAG ρ=3']);
    for (const run of result.runs) {
      expect(run.training.status).toBe('completed');
      expect(run.gap!.worstLossRatio).toBeLessThanOrEqual(KERNEL_REGIME.worstLossRatio);
      expect(run.gap!.threshold).toBe(1e-6);
      // the comparison ran until the prediction reached 1e-6 of its start, not to the end of the run
      expect(run.gap!.comparedUntil).toBeLessThan(DEFAULT_CONFIG.steps);
      expect(run.linearized.loss[run.linearized.steps.indexOf(run.gap!.comparedUntil)]).toBeLessThan(1e-6 * run.linearized.loss[0]);
      expect(run.kernelDriftOverLambda0).toBeLessThanOrEqual(KERNEL_REGIME.kernelDriftOverLambda0);
    }
    expect(summaryNotes(result).join(' ')).toContain('Kernel regime: every network stays within a factor 1.5');
  });

  it('the width panel spans 16× in 5 widths and its fitted slopes lie in [−0.65, −0.35] (theory −1/2)', () => {
    const g = result.widthGap!;
    expect(g.widths).toEqual([1024, 2048, 4096, 8192, 16384]);
    expect(g.seeds).toBe(3);
    for (const run of g.runs) {
      expect(run.fit!.exponent).toBeGreaterThan(-0.65);
      expect(run.fit!.exponent).toBeLessThan(-0.35);
      // the gap shrinks from width to width
      for (let i = 1; i < run.residualGap.length; i++) expect(run.residualGap[i]).toBeLessThan(run.residualGap[i - 1]);
    }
  });

  it('the linearized rates are fitted too, and the theory is converted to steps', () => {
    const [gd, hb, nag] = result.runs;
    // GD: the ODE rate 2λ₀η per step
    expect(gd.theoretical.ratePerStep).toBeCloseTo(2 * result.lambda0 * 0.3, 12);
    expect(gd.linearizedFit!.kind).toBe('linear');
    // heavy ball under-damped: the ODE rate γ per unit t = k√η is (1 − β) per step
    expect(hb.theoretical.ratePerStep).toBeCloseTo(0.3, 12);
    expect(nag.theoretical).toMatchObject({ kind: 'sublinear', exponent: -3 });
    expect(nag.theoretical.ratePerStep).toBeUndefined();
    // the network decays at the linearized model's rate, within 5 %
    for (const run of result.runs) expect(Math.abs(run.fitted!.ratePerStep / run.linearizedFit!.ratePerStep - 1)).toBeLessThan(0.05);
  });

  it('the report has its plots once each, the width panel with its slopes, and defines its gaps', () => {
    const html = buildReport(result);
    expect(html.match(/<svg[\s>]/g)).toHaveLength(8);
    for (const heading of ['Loss against the step', 'Against the ODE limits', 'Nesterov on log–log axes', 'Loss on unseen points', 'The gap to the linearized model against the width', 'The NTK spectrum', 'Weight drift', 'Kernel drift']) {
      expect(html.split(`<h2>${heading}</h2>`)).toHaveLength(2);
    }
    expect(html).toContain('data-series="slope −1/2"');
    expect(html).toContain('worst L_net/L_lin: the largest of');
    expect(html).toContain('ℝ¹⁰');
    expect(html).not.toMatch(/k\^-|e-\d/); // one notation: k^−3 and 1e−6, with true minus signs
    const table = formatTable(summaryTable(result));
    expect(table.split('\n')[0]).toMatch(/^optimizer\s+final loss/);
    expect(formatTable(widthGapTable(result))).toMatch(/slope\s+−0\.\d\d/);
  });

  it('has a test split of 20 points, on which every network ends within 1 % of its linearized prediction', () => {
    expect(result.data.test!.n).toBe(20);
    for (const run of result.runs) {
      const t = run.test!;
      const last = t.steps.length - 1;
      expect(t.linearized![0]).toBe(t.network[0]);
      expect(Math.abs(t.network[last] / t.linearized![last] - 1)).toBeLessThan(0.01);
      // the infinite-width network, without the initial function f₀, ends elsewhere
      expect(Math.abs(t.infiniteWidth![last] / t.linearized![last] - 1)).toBeGreaterThan(0.05);
    }
    expect(formatTable(testTable(result)).split('\n')[0]).toMatch(/^optimizer\s+test loss: network\s+linearized\s+infinite width$/);
  });

  it('the terminal table folds into blocks on a narrow screen', () => {
    const narrow = formatTable(summaryTable(result), 60);
    expect(Math.max(...narrow.split('\n').map((l) => l.length))).toBeLessThanOrEqual(60);
    expect(narrow).toMatch(/^GD\n {2}final loss +\S+/);
  });
});
