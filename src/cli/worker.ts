// The experiment's thread. `ntk-dynamics run` computes in a worker_thread (this file's
// experimentWorker, started from the same dist/cli.mjs) so that its main thread stays free to
// answer signals while a long synchronous step (an eigendecomposition of a 3000 × 3000 kernel, a
// long prediction) holds this one. It computes and reports; it writes no files: the main
// thread receives everything as messages (progress, the state to resume from, the result so far)
// and does all the writing (session.ts).

import { parentPort } from 'node:worker_threads';
import { ready } from '../runtime/runtime';
import { VERSION } from '../version';
import { runExperiment, type ExperimentState } from '../experiment/experiment';
import type { ExperimentConfig } from '../experiment/config';
import type { ExperimentResult, RunResult } from '../experiment/results';
import type { TrainProgress } from '../training/train';
import { MnistUnavailableError } from '../data/mnist';

/** workerData of the experiment's thread. */
export interface WorkerInput {
  role: 'ntk-dynamics-experiment';
  config: ExperimentConfig;
  threads: number | 'auto';
  resume?: ExperimentState;
  /** Send the theory kernel (for --export npy/csv). */
  wantKernel: boolean;
  /** Milliseconds between checkpoints during a training (tests shorten it). */
  stateEveryMs?: number;
}

/** The worker's messages to the main thread. */
export type WorkerMessage =
  | { type: 'ready'; backend: string; threadsNote?: string }
  | { type: 'note'; text: string }
  | { type: 'run-start'; name: string }
  | { type: 'progress'; progress: TrainProgress }
  | { type: 'run-end'; run: RunResult }
  | { type: 'width-gap'; width: number; runs: { name: string; residualGap: number; worstLossRatio: number }[] }
  | { type: 'state'; state: ExperimentState }
  | { type: 'partial'; result: ExperimentResult }
  | { type: 'kernel'; name: ExperimentResult['theoryKernel']; rows: number; data: Float64Array }
  | { type: 'done'; result: ExperimentResult }
  /** `refused`: a setting the library refused before any work (exit 2, like a usage mistake). */
  | { type: 'failed'; message: string; refused: boolean };

/** The main thread's messages to the worker. */
export type MainMessage = { type: 'stop' };

/** Runs the experiment of `input`, reporting to the parent thread. */
export async function experimentWorker(input: WorkerInput): Promise<void> {
  const port = parentPort!;
  const post = (m: WorkerMessage, transfer?: ArrayBuffer[]) => (transfer ? port.postMessage(m, transfer) : port.postMessage(m));
  const controller = new AbortController();
  port.on('message', (m: MainMessage) => {
    if (m.type === 'stop') controller.abort();
  });
  let started = false;
  try {
    const info = await ready({ backend: input.config.backend, threads: input.threads });
    post({ type: 'ready', backend: info.backend, threadsNote: info.threadsNote });
    const result = await runExperiment(input.config, VERSION, info.backend, {
      signal: controller.signal,
      stateEveryMs: input.stateEveryMs,
      onState: (state) => post({ type: 'state', state }),
      onPartial: (r) => {
        started ||= r.spectrum.theory.length > 0 || r.runs.length > 0 || (r.sweep?.runs.some((x) => x.loss.length > 0) ?? false);
        post({ type: 'partial', result: r });
      },
      onKernel: input.wantKernel ? (name, k) => {
        const data = k.data.slice();
        post({ type: 'kernel', name, rows: k.rows, data }, [data.buffer]);
      } : undefined,
      onNote: (text) => post({ type: 'note', text }),
      onRunStart: (_, name) => post({ type: 'run-start', name }),
      onProgress: (_, progress) => post({ type: 'progress', progress }),
      onRunEnd: (_, run) => post({ type: 'run-end', run }),
      onWidthGap: (width, runs) => post({ type: 'width-gap', width, runs }),
    }, input.resume);
    post({ type: 'done', result });
  } catch (error) {
    const e = error as Error;
    // Before any work, the library refusing a setting (a backend this Node lacks, MNIST not
    // installed) is a mistake in the call; after, a failure that keeps what was computed.
    const refused = !started && (e instanceof TypeError || e instanceof RangeError || e instanceof MnistUnavailableError);
    post({ type: 'failed', message: e instanceof Error ? e.message : String(error), refused });
  }
}
