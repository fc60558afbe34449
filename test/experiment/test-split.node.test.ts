// The experiment's test split: every network's loss on held-out points beside the loss its
// linearized model and the infinite-width network predict. A wide network's test loss follows its
// linearized prediction and a narrow one's strays further; the predictions start where they must;
// a run stopped and resumed gives the same bits; a state saved before the test split existed
// resumes without one; the standard parameterization and an unstable step leave predictions out.
import { beforeAll, describe, expect, it } from 'vitest';
import { ready, sphereData } from '../../src/index';
import { DEFAULT_CONFIG, type ExperimentConfig, type RunSpec } from '../../src/experiment/config';
import { runExperiment, type ExperimentResult, type ExperimentState } from '../../src/experiment/experiment';
import { testSeedOf } from '../../src/experiment/data';
import { parseExact, stringifyExact } from '../../src/cli/files';

const RUNS: RunSpec[] = [
  { name: 'GD', optimizer: 'gd', lr: 0.3 },
  { name: 'HB β=0.7', optimizer: 'hb', lr: 0.3, momentum: 0.7 },
  { name: 'NAG ρ=3', optimizer: 'nag', lr: 0.3, damping: 3 },
];

/** 10 points in ℝ¹⁰ and 10 held-out ones, 100 steps of each optimizer: the kernel regime from m ≈ 2000 on. */
function config(width: number, extra: Partial<ExperimentConfig> = {}): ExperimentConfig {
  return { ...DEFAULT_CONFIG, n: 10, dim: 10, width, steps: 100, testN: 10, gapWidths: [], runs: RUNS, ...extra };
}

/** The largest |L_net(k)/L_lin(k) − 1| on the test points over a run's recorded steps. */
function worstTestGap(r: ExperimentResult): number {
  return Math.max(...r.runs.map((run) => Math.max(...run.test!.network.map((v, i) => Math.abs(v / run.test!.linearized![i] - 1)))));
}

describe('the test split of an experiment', () => {
  let wide: ExperimentResult, narrow: ExperimentResult;
  beforeAll(async () => {
    await ready();
    wide = await runExperiment(config(8192), 'test', 'auto');
    narrow = await runExperiment(config(64), 'test', 'auto');
  }, 120_000);

  it('a wide network (m = 8192) ends within 1 % of its linearized test loss; a narrow one (m = 64) strays further', () => {
    for (const run of wide.runs) {
      const t = run.test!;
      const last = t.steps.length - 1;
      expect(t.steps).toEqual(run.training.steps);
      expect(Math.abs(t.network[last] / t.linearized![last] - 1), run.name).toBeLessThan(0.01);
      // and the test loss moved: the comparison is not of two constants
      expect(Math.abs(t.network[last] / t.network[0] - 1)).toBeGreaterThan(0.1);
    }
    expect(worstTestGap(wide)).toBeLessThan(0.01);
    expect(worstTestGap(narrow)).toBeGreaterThan(5 * worstTestGap(wide));
  });

  it('the predictions start where they must: the linearized at the network\'s own loss, the infinite width at the loss of predicting 0', () => {
    const { y: yTest } = sphereData({ n: 10, d: 10, seed: testSeedOf(DEFAULT_CONFIG.seed) });
    const zeroLoss = 0.5 * yTest.reduce((s, v) => s + v * v, 0);
    for (const r of [wide, narrow]) {
      expect(r.data.test).toEqual({ n: 10, source: expect.stringContaining('10 further random unit vectors in ℝ¹⁰') });
      for (const run of r.runs) {
        expect(run.test!.linearized![0]).toBe(run.test!.network[0]);
        expect(run.test!.infiniteWidth![0]).toBeCloseTo(zeroLoss, 12);
        expect(run.test!.infiniteWidth!.every(Number.isFinite)).toBe(true);
      }
    }
    // the infinite-width network does not depend on the width: the same numbers at m = 64 and 8192
    expect(narrow.runs.map((run) => run.test!.infiniteWidth)).toEqual(wide.runs.map((run) => run.test!.infiniteWidth));
    // …and the finite networks differ from it by their initial function f₀
    expect(wide.runs[0].test!.network[0]).not.toBeCloseTo(zeroLoss, 1);
  });

  it('the training itself is the same with and without the test split, bit for bit', async () => {
    const plain = await runExperiment(config(8192, { testN: 0 }), 'test', 'auto');
    expect(plain.data.test).toBeUndefined();
    for (let i = 0; i < plain.runs.length; i++) {
      expect(plain.runs[i].test).toBeUndefined();
      expect(plain.runs[i].training.loss).toEqual(wide.runs[i].training.loss);
      expect(plain.runs[i].linearized).toEqual(wide.runs[i].linearized);
      expect(plain.runs[i].training).not.toHaveProperty('testLoss');
    }
  }, 60_000);

  it('leaves out the infinite-width curve for the standard parameterization, and the linearized one above its stable step', async () => {
    const standard = await runExperiment(config(256, { parameterization: 'standard', trainOutputLayer: true, loss: 'mean', runs: [{ name: 'GD', optimizer: 'gd', lr: 1e-3 }] }), 'test', 'auto');
    const t = standard.runs[0].test!;
    expect(t.infiniteWidth).toBeNull();
    expect(t.linearized![0]).toBe(t.network[0]);
    expect(t.network.every(Number.isFinite)).toBe(true);
    // GD just above the linearized model's stable step (from λ_max(H(0)) of the same network)
    const lr = 1.05 * wide.runs[0].maxStableLearningRate;
    const unstable = await runExperiment(config(8192, { runs: [{ name: 'GD', optimizer: 'gd', lr }] }), 'test', 'auto');
    const run = unstable.runs[0];
    expect(run.linearizedStable).toBe(false);
    expect(run.test!.linearized).toBeNull();
    expect(run.test!.network).toHaveLength(run.training.steps.length);
  }, 60_000);
});

/**
 * Runs `c` with a saved state at every step, stops it during its second run at step `stopAt`, and
 * returns the state as the command's checkpoint.json would hold it.
 */
async function stoppedState(c: ExperimentConfig, stopAt: number): Promise<ExperimentState> {
  const controller = new AbortController();
  let saved = '';
  const r = await runExperiment(c, 'test', 'auto', {
    signal: controller.signal,
    stateEveryMs: 0,
    onState: (state) => {
      saved = stringifyExact(state);
      const cp = state.current?.checkpoint as { k: number } | undefined;
      if (state.current?.key === 'run:1' && cp && cp.k >= stopAt) controller.abort();
    },
  });
  expect(r.status).toBe('aborted');
  const state = parseExact(saved) as ExperimentState;
  expect(state.runs).toHaveLength(1);
  expect(state.current?.key).toBe('run:1');
  return state;
}

function expectSameRuns(a: ExperimentResult, b: ExperimentResult): void {
  expect(b.runs.map((r) => r.name)).toEqual(a.runs.map((r) => r.name));
  for (let i = 0; i < a.runs.length; i++) {
    expect(b.runs[i].training.status).toBe('completed');
    expect(b.runs[i].training.loss).toEqual(a.runs[i].training.loss);
    expect(b.runs[i].training.weightDrift).toEqual(a.runs[i].training.weightDrift);
    expect(b.runs[i].linearized).toEqual(a.runs[i].linearized);
    expect(b.runs[i].ode).toEqual(a.runs[i].ode);
    expect(b.runs[i].test).toEqual(a.runs[i].test);
  }
}

describe('a stopped experiment with a test split', () => {
  // mean loss: the test loss divides by the test points, the predictions see (2/n)·H
  const c = config(1024, { steps: 120, loss: 'mean', runs: [RUNS[1], RUNS[2]] });
  beforeAll(async () => {
    await ready();
  });

  it('resumes to the same bits as one run, the test curves included', async () => {
    const whole = await runExperiment(c, 'test', 'auto');
    const state = await stoppedState(c, 40);
    const checkpoint = state.current!.checkpoint as { recorded: Record<string, number[]> };
    expect(checkpoint.recorded.testLoss.length).toBeGreaterThan(0);
    const resumed = await runExperiment(state.config, 'test', 'auto', {}, state);
    expect(resumed.status).toBe('completed');
    expect(resumed.data).toEqual(whole.data);
    expectSameRuns(whole, resumed);
    expect(whole.runs[1].test!.infiniteWidth).not.toBeNull();
  }, 60_000);

  it('a state saved before the test split existed (no testN, no test series) resumes without one, keeping what it had', async () => {
    const state = await stoppedState(c, 40);
    // what an earlier version saved: the same, without the test split's setting and series
    delete state.config.testN;
    for (const run of state.runs) delete run.test;
    delete (state.current!.checkpoint as { recorded: Record<string, number[]> }).recorded.testLoss;
    const finished = state.runs[0];
    const resumed = await runExperiment(state.config, 'test', 'auto', {}, state);
    expect(resumed.status).toBe('completed');
    expect(resumed.data.test).toBeUndefined();
    expect(resumed.runs[0]).toEqual(finished); // the finished run is kept as it was, not run again
    expectSameRuns(await runExperiment({ ...c, testN: 0 }, 'test', 'auto'), resumed);
  }, 60_000);
});
