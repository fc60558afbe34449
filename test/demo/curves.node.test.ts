// Which loss curves the demo draws (demo/curves.ts): only what ran, predictions up to the step the
// network reached and only when stable, without values at float64's rounding level.
import { describe, expect, it } from 'vitest';
import { ROUNDING_FLOOR, aligned, visibleLossSeries } from '../../demo/curves';
import type { Prediction } from '../../demo/protocol';

const steps = [0, 10, 20, 30, 40];
const stable = (loss: number[]): Prediction => ({ stable: true, maxStableLearningRate: 1, discrete: { steps, loss }, ode: { steps, loss: loss.map((v) => v * 2) } });

describe('visibleLossSeries', () => {
  it('draws nothing for an optimizer that has not started, and predictions only up to the step reached', () => {
    const series = visibleLossSeries(['gd', 'hb'], { gd: { steps: [0, 10, 20], loss: [1, 0.5, 0.25] } }, { gd: stable([1, 0.4, 0.2, 0.1, 0.05]), hb: stable([1, 0.3, 0.1, 0.03, 0.01]) }, 1);
    expect(series.map((s) => `${s.optimizer} ${s.kind}`)).toEqual(['gd network', 'gd linearized', 'gd ode']);
    for (const s of series) expect(s.steps).toEqual([0, 10, 20]);
    expect(series[1].loss).toEqual([1, 0.4, 0.2]);
  });

  it('drops losses at the rounding floor (1e-24 of the start) and non-finite ones', () => {
    const start = 4;
    const floor = ROUNDING_FLOOR * start;
    const series = visibleLossSeries(['gd'], { gd: { steps, loss: [4, 1, NaN, Infinity, 2] } }, { gd: stable([4, 1e-10, floor * 1.01, floor, 0]) }, start);
    expect(series[0].loss).toEqual([4, 1, null, null, 2]);
    expect(series[1].loss).toEqual([4, 1e-10, floor * 1.01, null, null]);
  });

  it('leaves out the predictions of an unstable linearized model, and series with nothing left', () => {
    const unstable: Prediction = { stable: false, maxStableLearningRate: 0.1 };
    const series = visibleLossSeries(['gd', 'nag'], { gd: { steps: [0, 10], loss: [1, 1e3] }, nag: { steps: [0, 10], loss: [1, 0.5] } }, { gd: unstable, nag: stable([1e-30, 1e-31, 0, 0, 0]) }, 1);
    expect(series.map((s) => `${s.optimizer} ${s.kind}`)).toEqual(['gd network', 'nag network']);
  });
});

describe('aligned', () => {
  it('puts series on the union of their steps, with undefined where one has no point', () => {
    expect(aligned([{ steps: [0, 2, 4], loss: [1, null, 3] }, { steps: [0, 1, 4], loss: [5, 6, 7] }])).toEqual([
      [0, 1, 2, 4],
      [1, undefined, null, 3],
      [5, 6, undefined, 7],
    ]);
  });
});
