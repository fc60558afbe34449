// Calls of ready and runtimeInfo, and scenarios that exercise the runtime's state: a network used
// after the active backend changed, two trainings of one network at once, a backend switch or a
// dispose while a training is under way, and calls made before ready().

import * as api from '../../../src/index';
import { Matrix, TwoLayerReLU, gd, ready, runtimeInfo, train, type TrainResult } from '../../../src/index';
import { isLibraryError } from '../oracle';
import type { ThrownInfo } from '../protocol';
import { NN_CALLS } from './nn';
import { OPTIM_CALLS } from './optim';
import type { CallTable } from './types';

type Backend = 'simd' | 'relaxed';

function thrownInfo(error: unknown): ThrownInfo {
  const e = error as Error;
  const namedClass = ['NotReadyError', 'DisposedError', 'BusyError', 'OutOfMemoryError'].find((name) => {
    const ctor = (api as Record<string, unknown>)[name];
    return typeof ctor === 'function' && error instanceof (ctor as new () => Error);
  });
  return {
    name: e?.name ?? typeof error, message: String(e?.message ?? error), isTypeError: error instanceof TypeError,
    isRangeError: error instanceof RangeError, namedClass, sentinel: false, nonError: !(error instanceof Error),
  };
}

/** Runs a long training that stops itself (AbortSignal) after `ms`; the run yields every 50 ms. */
function longTrain(net: TwoLayerReLU, X: Matrix, y: Float64Array, ms: number): Promise<TrainResult> {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), ms);
  return train(net, X, y, { optimizer: gd({ lr: 0.05 }), steps: 1e7, signal: controller.signal, record: { every: 1000 } });
}

const nextTick = () => new Promise((resolve) => setTimeout(resolve, 0));

interface Scenario {
  nets: TwoLayerReLU[];
  [key: string]: unknown;
}

export const RUNTIME_CALLS: CallTable = {
  ready: {
    run: ([o]) => ready(o as never),
    check: ([o], result) => {
      const r = result as { backend?: unknown; relaxedSimdSupported?: unknown; memoryBytes?: unknown };
      const requested = (o as { backend?: string } | undefined)?.backend;
      const expected = requested === 'simd' || requested === 'relaxed' ? requested : r.relaxedSimdSupported ? 'relaxed' : 'simd';
      if (r.backend !== expected) return `backend ${String(r.backend)}, expected ${expected}`;
      if (typeof r.memoryBytes !== 'number' || !(r.memoryBytes > 0)) return `memoryBytes ${String(r.memoryBytes)}`;
      return runtimeInfo().backend === expected ? undefined : 'runtimeInfo() disagrees with what ready() returned';
    },
  },
  runtimeInfo: {
    run: () => runtimeInfo(),
    check: (_args, r) => {
      const info = r as { backend?: unknown; memoryBytes?: unknown };
      return (info.backend === 'simd' || info.backend === 'relaxed') && typeof info.memoryBytes === 'number' ? undefined : `got ${JSON.stringify(r)}`;
    },
  },
  /** A network made on one backend, used after ready() switched to another: it must still answer right. */
  'scenario:networkAfterSwitch': {
    async run([options, X, y, from, to, action]) {
      await ready({ backend: from as Backend });
      const net = TwoLayerReLU.init(options as never);
      try {
        await ready({ backend: to as Backend });
        const spec = action === 'train' ? OPTIM_CALLS.train : NN_CALLS[action as string];
        const args = action === 'train' ? [net, X, y, { optimizer: gd({ lr: 0.3 }), steps: 3 }] : action === 'TwoLayerReLU#loss' || action === 'TwoLayerReLU#gradient' ? [net, X, y] : [net, X];
        const before = spec.before?.(args);
        let result = spec.run(args);
        if (result instanceof Promise) result = await result;
        let verdictOfClone: string | undefined;
        if (result instanceof TwoLayerReLU) {
          // a clone: judge it by what it predicts, then let it go
          const clone = result;
          verdictOfClone = (await NN_CALLS['TwoLayerReLU#predict'].check!([net, X], clone.predict(X as Matrix), undefined)) ?? '';
          clone.dispose();
        }
        return { nets: [net], spec, args, before, result, verdictOfClone } as Scenario;
      } catch (error) {
        net.dispose();
        throw error;
      }
    },
    async check(_args, r) {
      const s = r as Scenario & { spec: (typeof NN_CALLS)[string]; args: unknown[]; before: unknown; result: unknown; verdictOfClone?: string };
      if (s.verdictOfClone !== undefined) return s.verdictOfClone || undefined;
      return s.spec.check?.(s.args, s.result, s.before);
    },
    cleanup: (_args, r) => (r as Scenario).nets.forEach((n) => n.dispose()),
  },
  /** A second train() of a network already training: refused (BusyError), the first run unharmed. */
  'scenario:concurrentTrain': {
    async run([options, X, y]) {
      const net = TwoLayerReLU.init(options as never);
      const twin = net.clone();
      const first = longTrain(net, X as Matrix, y as Float64Array, 150);
      await nextTick();
      const second = train(net, X as Matrix, y as Float64Array, { optimizer: gd({ lr: 0.05 }), steps: 5 });
      const [a, b] = await Promise.allSettled([first, second]);
      let solo: TrainResult | undefined;
      if (a.status === 'fulfilled') solo = await train(twin, X as Matrix, y as Float64Array, { optimizer: gd({ lr: 0.05 }), steps: a.value.stepsRun, record: { every: 1000 } });
      return { nets: [net, twin], a, b, solo } as Scenario;
    },
    check: (_args, r) => {
      const s = r as Scenario & { a: PromiseSettledResult<TrainResult>; b: PromiseSettledResult<TrainResult>; solo?: TrainResult };
      if (s.b.status === 'fulfilled') return 'a second train() of a network that is training was accepted';
      const why = thrownInfo(s.b.reason);
      if (!isLibraryError(why)) return `the second train() failed with ${why.name}: ${why.message} (not a typed error)`;
      if (s.a.status === 'rejected') return `the first train() failed: ${thrownInfo(s.a.reason).message}`;
      return sameRun(s.nets[0], s.a.value, s.nets[1], s.solo!);
    },
    cleanup: (_args, r) => (r as Scenario).nets.forEach((n) => n.dispose()),
  },
  /** ready() switching backends while a training is under way: the training stays on its own runtime. */
  'scenario:switchDuringTrain': {
    async run([options, X, y, other]) {
      const start = runtimeInfo().backend;
      const net = TwoLayerReLU.init(options as never);
      const twin = net.clone();
      const run = longTrain(net, X as Matrix, y as Float64Array, 150);
      await nextTick();
      await ready({ backend: other as Backend });
      const result = await run.catch((error: unknown) => error);
      await ready({ backend: start });
      const solo = result instanceof Error ? undefined : await train(twin, X as Matrix, y as Float64Array, { optimizer: gd({ lr: 0.05 }), steps: (result as TrainResult).stepsRun, record: { every: 1000 } });
      return { nets: [net, twin], result, solo } as Scenario;
    },
    check: (_args, r) => {
      const s = r as Scenario & { result: TrainResult | Error; solo?: TrainResult };
      if (s.result instanceof Error) return `the training failed: ${s.result.message}`;
      return sameRun(s.nets[0], s.result, s.nets[1], s.solo!);
    },
    cleanup: (_args, r) => (r as Scenario).nets.forEach((n) => n.dispose()),
  },
  /** dispose() while a training is under way: the training ends with a typed error (or finishes), never uses freed memory. */
  'scenario:disposeDuringTrain': {
    async run([options, X, y]) {
      const net = TwoLayerReLU.init(options as never);
      const run = longTrain(net, X as Matrix, y as Float64Array, 150);
      await nextTick();
      try {
        net.dispose();
      } catch (error) {
        // refused while the training runs (BusyError): as a program would, let it finish, then dispose
        await run.catch(() => undefined);
        net.dispose();
        throw error;
      }
      return await run;
    },
  },
  /** A call made before ready() (run in a worker that never calls it). */
  'scenario:beforeReady': {
    run: ([call, ...rest]) => {
      switch (call) {
        case 'matmul': return api.matmul(Matrix.identity(2), Matrix.identity(2));
        case 'gram': return api.gram(Matrix.identity(2));
        case 'eigh': return api.eigh(Matrix.identity(2));
        case 'eigvalsh': return api.eigvalsh(Matrix.identity(2));
        case 'analyticNtk': return api.analyticNtk(Matrix.identity(2));
        case 'TwoLayerReLU.init': return TwoLayerReLU.init({ inputDim: 2, width: 3 });
        case 'runtimeInfo': return runtimeInfo();
        case 'predictResidual': return api.predictResidual(Matrix.identity(2), [1, 1], { optimizer: gd({ lr: 0.1 }), steps: 2, mode: 'discrete' });
        case 'lambdaMin': return api.lambdaMin(Matrix.identity(2));
        case 'maxLearningRate': return api.maxLearningRate(Matrix.identity(2), gd({ lr: 0.1 }));
        default: throw new Error(`unknown call ${String(call)} ${rest.length}`);
      }
    },
  },
};

/** The run of `net` and the solo run of its twin (same start, same steps) must agree bit for bit. */
function sameRun(net: TwoLayerReLU, run: TrainResult, twin: TwoLayerReLU, solo: TrainResult): string | undefined {
  if (!run.loss.every(Number.isFinite)) return 'a non-finite recorded loss';
  const a = net.W.data, b = twin.W.data;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return `after ${run.stepsRun} steps W[${i}] is ${a[i]}, a run alone gives ${b[i]}`;
  for (let i = 0; i < run.loss.length; i++) if (!Object.is(run.loss[i], solo.loss[i])) return `recorded loss ${i} is ${run.loss[i]}, a run alone gives ${solo.loss[i]}`;
  for (let i = 0; i < run.weightDrift.length; i++) if (!Object.is(run.weightDrift[i], solo.weightDrift[i])) return `weightDrift ${i} is ${run.weightDrift[i]}, a run alone gives ${solo.weightDrift[i]}`;
  return undefined;
}
