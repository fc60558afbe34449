// The main thread's side of the worker: sends one case at a time and waits for its report at most
// the time budget. A worker that overruns it is terminated (the case is a hang) and a fresh one
// started for the next case; so is a worker whose canary changed or whose memory leaked, since
// every later case would inherit its broken state.

import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { CaseReport, FuzzCase, InitMessage, WorkerMessage } from './protocol';
import type { Digest } from './canary';
import { compareDigests } from './canary';

const BOOT = fileURLToPath(new URL('./worker-boot.mjs', import.meta.url));
/** Starting a worker compiles the sources and both Wasm builds: not part of any call's budget. */
const START_TIMEOUT_MS = 60_000;
/** The checks and the canary after a call: generous, since they are not what is being timed. */
const AFTER_CALL_TIMEOUT_MS = 20_000;

export type SandboxReport =
  | CaseReport
  /** phase 'call': the call overran its budget; 'check': our checks never finished; 'canary': the canary never did */
  | { outcome: 'hang'; phase: 'call' | 'check' | 'canary'; elapsedMs: number }
  | { outcome: 'crash'; message: string; elapsedMs: number };

export class Sandbox {
  private worker: Worker | undefined;
  private starting: Promise<Worker> | undefined;
  /** A worker started ahead, once one has had to be replaced (hangs tend to come in runs). */
  private spare: Promise<Worker> | undefined;
  private nextId = 1;
  /** The first worker's canary: every later worker must reproduce it bit for bit. */
  private firstBaseline: Digest | null | undefined;
  /** Workers started (1 + replacements). */
  workersStarted = 0;

  constructor(private readonly mode: InitMessage['mode'], private readonly budgetMs: number) {}

  private async start(): Promise<Worker> {
    if (this.spare) {
      const spare = this.spare;
      this.spare = undefined;
      this.worker = await spare;
      return this.worker;
    }
    this.starting ??= this.launch().then((worker) => {
      this.worker = worker;
      return worker;
    }).finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  /** Starts a worker and waits for its canary. */
  private launch(): Promise<Worker> {
    return new Promise<Worker>((resolve, reject) => {
      const worker = new Worker(BOOT);
      this.workersStarted++;
      const timer = setTimeout(() => {
        void worker.terminate();
        reject(new Error(`the fuzz worker did not start within ${START_TIMEOUT_MS} ms`));
      }, START_TIMEOUT_MS);
      const fail = (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      };
      worker.once('error', fail);
      worker.once('message', (message: WorkerMessage) => {
        clearTimeout(timer);
        worker.off('error', fail);
        if (message.type !== 'ready') return reject(new Error(`the fuzz worker failed to start: ${JSON.stringify(message)}`));
        if (this.firstBaseline === undefined) this.firstBaseline = message.baseline;
        else if (this.firstBaseline && message.baseline) {
          const difference = compareDigests(this.firstBaseline, message.baseline);
          if (difference) return reject(new Error(`a fresh worker's canary differs from the first worker's (not deterministic): ${difference}`));
        }
        resolve(worker);
      });
      worker.postMessage({ type: 'init', mode: this.mode } satisfies InitMessage);
    });
  }

  /** Runs one case; never rejects for the library's faults (hangs and crashes are reports). */
  async run(fuzzCase: FuzzCase): Promise<SandboxReport> {
    const worker = this.worker ?? (await this.start());
    const id = this.nextId++;
    const started = performance.now();
    const report = await new Promise<SandboxReport>((resolve) => {
      const done = (r: SandboxReport) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        resolve(r);
      };
      let phase: 'call' | 'check' | 'canary' = 'call';
      const onMessage = (message: WorkerMessage) => {
        if ((message.type === 'called' || message.type === 'checked') && message.id === id) {
          phase = message.type === 'called' ? 'check' : 'canary';
          clearTimeout(timer);
          timer = setTimeout(() => done({ outcome: 'hang', phase, elapsedMs: performance.now() - started }), huge ? 3 * AFTER_CALL_TIMEOUT_MS : AFTER_CALL_TIMEOUT_MS);
        } else if (message.type === 'report' && message.id === id) done(message.report);
        else if (message.type === 'fatal') done({ outcome: 'harness-error', message: message.message, elapsedMs: performance.now() - started });
      };
      const onError = (error: Error) => done({ outcome: 'crash', message: `${error.name}: ${error.message}`, elapsedMs: performance.now() - started });
      const onExit = (code: number) => done({ outcome: 'crash', message: `the worker exited with code ${code}`, elapsedMs: performance.now() - started });
      // A valid request for a huge (but allowed) size, e.g. sphereData({ n: 1, d: 1e8 }) or a
      // network of width 10⁸, does real work in proportion (drawing 10⁸–10⁹ random numbers, seconds
      // on an idle core and ten times that on a loaded one): it gets thirty budgets before it
      // counts as a hang.
      const huge = fuzzCase.expect === 'either' && fuzzCase.tags.includes('huge');
      const budget = huge ? 30 * this.budgetMs : this.budgetMs;
      let timer = setTimeout(() => done({ outcome: 'hang', phase, elapsedMs: performance.now() - started }), budget);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ type: 'case', id, fuzzCase });
    });
    const broken = report.outcome === 'hang' || report.outcome === 'crash' || report.outcome === 'harness-error' ||
      ('corrupted' in report && report.corrupted) || ('leaked' in report && report.leaked);
    if (broken) await this.replace();
    return report;
  }

  private async replace(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
    this.spare ??= this.launch();
    this.spare.catch(() => undefined); // a failed start surfaces when the spare is taken
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
    const spare = this.spare;
    this.spare = undefined;
    if (spare) await spare.then((w) => w.terminate(), () => undefined);
  }
}
