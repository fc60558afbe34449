// Which loss curves the page draws, and with what points. Only what ran is drawn: an optimizer's
// network curve once it has started, and its predictions up to the step its network reached (a
// stopped run shows no forecast for steps that never happened, nor for optimizers that never
// ran). Predictions of an unstable linearized model are not drawn at all. Losses below 1e-24 of
// the starting loss are float64 rounding, not dynamics, and are dropped with non-finite values,
// so the log axis spans what can be read.
import type { Curve, OptimizerName, Prediction } from './protocol';

/** Losses at or below this fraction of the starting loss are rounding noise. */
export const ROUNDING_FLOOR = 1e-24;

export type CurveKind = 'network' | 'linearized' | 'ode';

export interface LossSeries {
  optimizer: OptimizerName;
  kind: CurveKind;
  steps: number[];
  /** null where a value is dropped (non-finite, or at the rounding floor). */
  loss: (number | null)[];
}

function cleaned(curve: Curve, floor: number, lastStep: number): { steps: number[]; loss: (number | null)[] } {
  const steps: number[] = [], loss: (number | null)[] = [];
  curve.steps.forEach((k, i) => {
    if (k > lastStep) return;
    const v = curve.loss[i];
    steps.push(k);
    loss.push(Number.isFinite(v) && v > floor ? v : null);
  });
  return { steps, loss };
}

/** The series to draw, in a fixed order: per optimizer, network, linearized, ODE. */
export function visibleLossSeries(
  optimizers: readonly OptimizerName[],
  training: Partial<Record<OptimizerName, Curve>>,
  predictions: Partial<Record<OptimizerName, Prediction>>,
  initialLoss: number,
): LossSeries[] {
  const floor = ROUNDING_FLOOR * initialLoss;
  const out: LossSeries[] = [];
  for (const optimizer of optimizers) {
    const trained = training[optimizer];
    if (!trained || !trained.steps.length) continue;
    const reached = trained.steps[trained.steps.length - 1];
    out.push({ optimizer, kind: 'network', ...cleaned(trained, floor, reached) });
    const p = predictions[optimizer];
    if (!p?.stable) continue;
    if (p.discrete) out.push({ optimizer, kind: 'linearized', ...cleaned(p.discrete, floor, reached) });
    if (p.ode) out.push({ optimizer, kind: 'ode', ...cleaned(p.ode, floor, reached) });
  }
  return out.filter((s) => s.loss.some((v) => v !== null));
}

/**
 * The series on one shared x (the union of their steps, ascending), as a plotting library takes
 * them: [x, y₁, y₂, …], with undefined where a series has no point at that step.
 */
export function aligned(series: readonly { steps: number[]; loss: (number | null)[] }[]): [number[], ...(number | null | undefined)[][]] {
  const xs = [...new Set(series.flatMap((s) => s.steps))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const ys = series.map((s) => {
    const y: (number | null | undefined)[] = new Array(xs.length).fill(undefined);
    s.steps.forEach((k, i) => (y[index.get(k)!] = s.loss[i]));
    return y;
  });
  return [xs, ...ys];
}
