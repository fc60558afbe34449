// The call of train, checked against a plain-TypeScript training run (network-reference.ts).

import { Matrix, TwoLayerReLU, train, type TrainResult } from '../../../src/index';
import { paramsOf, referenceTrain, type Params } from '../network-reference';
import { firstMismatch } from '../references';
import type { CallTable } from './types';

type Options = Record<string, unknown>;

export const OPTIM_CALLS: CallTable = {
  train: {
    mayWrite: ['arg0'], // the network is trained in place
    before: ([net]) => (net instanceof TwoLayerReLU ? paramsOf(net) : undefined),
    run: ([net, X, y, o]) => train(net as TwoLayerReLU, X as Matrix, y as ArrayLike<number>, o as never),
    check: ([net, X, y, o], result, before) => {
      // Options with throwing getters the call never read: their values are unknown, so no reference.
      const opts: Options = {};
      for (const key of Object.keys(o as Options)) {
        try {
          opts[key] = (o as Options)[key];
        } catch {
          return undefined;
        }
      }
      const r = result as TrainResult;
      const record = (opts.record ?? {}) as Options;
      const steps = opts.steps as number;
      if (!['completed', 'converged', 'diverged', 'aborted'].includes(r.status)) return `status ${String(r.status)}`;
      const length = r.steps.length;
      for (const key of ['loss', 'residualNorm', 'weightDrift'] as const) if (r[key].length !== length) return `${key} has ${r[key].length} entries for ${length} recorded steps`;
      if (record.kernelDrift === true && r.kernelDrift?.length !== length) return 'kernelDrift missing or short';
      if (record.lambdaMin === true && r.lambdaMin?.length !== length) return 'lambdaMin missing or short';
      if (record.projectOn !== undefined && (!(r.projections instanceof Matrix) || r.projections.rows !== length)) return 'projections missing or short';
      if (!(r.initialResidual instanceof Float64Array) || r.initialResidual.length !== (X as Matrix).rows) return 'initialResidual has the wrong length';
      const start = before as Params;
      const signal = opts.signal as AbortSignal | undefined;
      const reference = referenceTrain(start, X as Matrix, y as ArrayLike<number>, opts.optimizer as never, steps, {
        loss: (opts.loss ?? 'half-sum') as 'half-sum' | 'mean', every: (record.every as number | undefined) ?? 1,
        tolerance: (opts.tolerance as number | undefined) ?? 0, divergenceFactor: (opts.divergenceFactor as number | undefined) ?? 1e3,
        aborted: signal?.aborted === true,
      });
      if (reference.nearTie) return undefined; // a pattern bit decided by rounding somewhere: the paths may part
      if (r.status !== reference.status) return `status ${r.status}, the reference run ends ${reference.status}`;
      if (r.status === 'diverged') return undefined; // the values at the point of divergence are not meaningful
      const stepsMismatch = firstMismatch(r.steps, reference.steps, () => 0, 'recorded steps');
      if (stepsMismatch) return stepsMismatch;
      const scale = Math.max(...reference.loss.map(Math.abs), 1e-300);
      const lossMismatch = firstMismatch(r.loss, reference.loss, () => 1e-9 * scale, 'loss');
      if (lossMismatch) return lossMismatch;
      const driftScale = Math.max(...reference.weightDrift, ...reference.final.W.map(Math.abs), 1e-300);
      const driftMismatch = firstMismatch(r.weightDrift, reference.weightDrift, () => 1e-9 * driftScale, 'weightDrift');
      if (driftMismatch) return driftMismatch;
      const trained = paramsOf(net as TwoLayerReLU);
      const wScale = Math.max(...reference.final.W.map(Math.abs), 1e-300);
      return firstMismatch(trained.W, reference.final.W, () => 1e-9 * wScale, 'trained W') ??
        (trained.trainA ? firstMismatch(trained.a, reference.final.a, () => 1e-9 * Math.max(...reference.final.a.map(Math.abs)), 'trained a') : undefined);
    },
  },
};
