// One `ntk-dynamics run`, seen from the main thread: the experiment computes in a worker thread
// (worker.ts), and this thread shows its progress, keeps checkpoint.json up to date from the
// states it sends, keeps the latest result so far, and writes the output. It stays free to answer
// signals: SIGINT, SIGTERM and SIGHUP ask the experiment to stop after its current step; if it
// has not within GRACE_MS (a long synchronous step holds it), the output is written from the
// result so far (the runs that finished) and the worker is ended. A second signal skips the wait.
// Either way the exit code is 128 + the signal's number, and checkpoint.json stays for --resume.
// Any failure after work began still writes results.json (status 'failed', what was computed).

import { Worker } from 'node:worker_threads';
import { existsSync, unlinkSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ExperimentConfig } from '../experiment/config';
import type { ExperimentState } from '../experiment/experiment';
import type { ExperimentResult } from '../experiment/results';
import { buildReport } from '../experiment/report';
import { formatTable, summaryNotes, summaryTable, sweepTable, testNote, testTable, widthGapNote, widthGapTable } from '../experiment/summary';
import { sci } from '../report/notation';
import type { ExportFormat } from './args';
import { exportFiles, type KernelExport } from './export';
import { stringifyExact, writeAtomically } from './files';
import { CHECKPOINT_FILE, REPORT_FILE, RESULTS_FILE, type OutFolder, type OutputFile } from './output';
import { printable } from './printable';
import { Progress } from './progress';
import type { MainMessage, WorkerInput, WorkerMessage } from './worker';
import { UsageError } from './errors';

/** How long a stopping experiment may take to finish its step before the output is written without it. */
export const GRACE_MS = 2000;

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type StopSignal = (typeof SIGNALS)[number];
const SIGNAL_NAMES: Record<StopSignal, string> = { SIGINT: 'Ctrl-C', SIGTERM: 'SIGTERM', SIGHUP: 'SIGHUP' };

export interface SessionOptions {
  config: ExperimentConfig;
  threads: number | 'auto';
  quiet: boolean;
  export: readonly ExportFormat[];
  resume?: ExperimentState;
}

/** Runs the experiment into `folder`; resolves to the exit code (or rejects with a UsageError for a setting refused before any work). */
export function runSession(folder: OutFolder, o: SessionOptions): Promise<number> {
  return new Promise<number>((resolve, reject) => new Session(folder, o, resolve, reject).start());
}

class Session {
  private readonly progress: Progress;
  private worker?: Worker;
  private latest?: ExperimentResult;
  private kernel?: KernelExport;
  private stopping?: { signal: StopSignal; code: number };
  private graceTimer?: NodeJS.Timeout;
  private finished = false;
  private readonly onSignal = (signal: StopSignal) => this.signal(signal);
  private readonly ignoreOutputErrors = () => {};

  constructor(
    private readonly folder: OutFolder,
    private readonly o: SessionOptions,
    private readonly resolve: (code: number) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    this.progress = new Progress(process.stderr, o.quiet);
  }

  start(): void {
    for (const s of SIGNALS) process.on(s, this.onSignal);
    // After a hangup the terminal is gone: writing to it must not end the run before its files are written.
    process.stdout.on('error', this.ignoreOutputErrors);
    process.stderr.on('error', this.ignoreOutputErrors);
    if (this.o.resume) {
      const r = this.o.resume;
      this.progress.note(`resuming the run in ${printable(this.folder.path)}: ${r.runs.length} run(s) finished${r.current ? `, ${r.current.key} under way` : ''}`);
    }
    const input: WorkerInput = {
      role: 'ntk-dynamics-experiment', config: this.o.config, threads: this.o.threads, resume: this.o.resume,
      wantKernel: this.o.export.includes('npy') || this.o.export.includes('csv'),
    };
    // The same file as this thread's (dist/cli.mjs): bin.ts starts experimentWorker when it is a worker.
    const worker = new Worker(fileURLToPath(import.meta.url), { workerData: input });
    this.worker = worker;
    worker.on('message', (m: WorkerMessage) => this.message(m));
    worker.on('error', (error: Error) => this.fail(`the experiment stopped with an error: ${error.message}`));
    worker.on('exit', (code) => this.fail(`the experiment's thread ended (exit code ${code}) before it finished`));
  }

  private message(m: WorkerMessage): void {
    if (this.finished) return;
    switch (m.type) {
      case 'ready':
        if (m.threadsNote) this.progress.note(m.threadsNote);
        return;
      case 'note':
        return this.progress.note(m.text);
      case 'run-start':
        return this.progress.start(m.name);
      case 'progress':
        return this.progress.update(m.progress);
      case 'run-end': {
        const t = m.run.training;
        return this.progress.finish(`${m.run.name}: ${t.status}, loss ${t.loss[0].toExponential(3)} → ${t.loss[t.loss.length - 1].toExponential(3)} in ${(t.elapsedMs / 1000).toFixed(1)} s`);
      }
      case 'width-gap':
        return this.progress.finish(`width panel, m = ${m.width}: residual gap ${m.runs.map((x) => `${x.name} ${sci(x.residualGap, 2)}`).join(', ')}`);
      case 'state':
        // A checkpoint in --out about every minute and after every training: `--resume` continues from it, bit for bit.
        try {
          writeAtomically(this.folder.file(CHECKPOINT_FILE), stringifyExact(m.state));
        } catch (error) {
          this.fail(`cannot write ${CHECKPOINT_FILE}: ${(error as Error).message}`);
        }
        return;
      case 'partial':
        this.latest = m.result;
        return;
      case 'kernel':
        this.kernel = { name: m.name, rows: m.rows, data: m.data };
        return;
      case 'done':
        return this.complete(m.result);
      case 'failed':
        if (m.refused) return this.end(() => this.reject(new UsageError(m.message)));
        return this.fail(m.message);
    }
  }

  private signal(signal: StopSignal): void {
    if (this.finished) return;
    if (this.stopping) {
      this.progress.note(`${SIGNAL_NAMES[signal]} again: quitting now, with what finished so far`);
      return this.abortWithLatest();
    }
    this.stopping = { signal, code: 128 + constants.signals[signal] };
    const name = SIGNAL_NAMES[signal];
    this.progress.note(`${signal === 'SIGINT' ? 'interrupted' : `${name} received`}: stopping after the current step and writing what was computed so far (${name} again to quit at once)`);
    this.worker?.postMessage({ type: 'stop' } satisfies MainMessage);
    this.graceTimer = setTimeout(() => {
      this.progress.note(`the experiment did not stop within ${GRACE_MS / 1000} s (a long step is under way): writing what finished before it`);
      this.abortWithLatest();
    }, GRACE_MS);
  }

  /** Stops waiting for the worker: the output from the latest result, status 'aborted'. */
  private abortWithLatest(): void {
    if (this.finished) return;
    const stop = this.stopping!;
    if (!this.latest) {
      this.end(() => {
        process.stderr.write(`stopped by ${SIGNAL_NAMES[stop.signal]} before the experiment began: nothing to write\n`);
        this.resolve(stop.code);
      });
      return;
    }
    this.complete({ ...this.latest, status: 'aborted' });
  }

  /** A failure: the output from the latest result, status 'failed', exit code 1. */
  private fail(message: string): void {
    if (this.finished) return;
    if (!this.latest) {
      this.end(() => {
        process.stderr.write(`ntk-dynamics: ${printable(message)}\n`);
        this.resolve(1);
      });
      return;
    }
    this.complete({ ...this.latest, status: 'failed', error: message });
  }

  /** Stops listening and ends the worker, then runs `then` (once). */
  private end(then: () => void): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.graceTimer);
    for (const s of SIGNALS) process.off(s, this.onSignal);
    const worker = this.worker;
    worker?.removeAllListeners();
    void worker?.terminate();
    then();
  }

  private complete(result: ExperimentResult): void {
    this.end(() => this.resolve(this.writeOutput(result)));
  }

  /** Writes the output of `result` and says what happened; returns the exit code. */
  private writeOutput(result: ExperimentResult): number {
    const stop = this.stopping;
    if (stop && result.status !== 'failed') result = { ...result, status: 'aborted', stoppedBy: stop.signal };
    const out = this.folder;
    let written: { replaced: string[]; earlierWritten?: Date } | undefined;
    let wrote = [RESULTS_FILE];
    try {
      const report = buildReport(result);
      const exports: OutputFile[] = exportFiles(result, this.kernel, this.o.export);
      written = out.write([{ path: RESULTS_FILE, data: `${stringifyExact(result, 1)}\n` }, { path: REPORT_FILE, data: report }, ...exports]);
      wrote = [RESULTS_FILE, REPORT_FILE, ...new Set(exports.map((f) => `${f.path.split('/')[0]}/`))];
    } catch (error) {
      // The report or an export could not be made or written: results.json alone, saying so.
      result = { ...result, status: 'failed', error: `${result.error ? `${result.error}; then ` : ''}the output could not be written: ${(error as Error).message}` };
      try {
        written = out.write([{ path: RESULTS_FILE, data: `${stringifyExact(result, 1)}\n` }]);
      } catch (again) {
        process.stderr.write(`ntk-dynamics: ${printable(result.error!)}; nor could ${RESULTS_FILE}: ${printable((again as Error).message)}\n`);
        return 1;
      }
    }
    const checkpoint = out.file(CHECKPOINT_FILE);
    // a finished experiment leaves no checkpoint behind (a stopped or failed one keeps it, to resume)
    if (result.status === 'completed' && existsSync(checkpoint)) unlinkSync(checkpoint);
    if (written.replaced.length) {
      const when = written.earlierWritten ? ` (written ${written.earlierWritten.toISOString()})` : '';
      process.stderr.write(`replaced the earlier run's ${written.replaced.map((n) => (n.includes('.') ? n : `${n}/`)).join(', ')} in ${printable(out.path)}${when}\n`);
    }
    this.summary(result, wrote);
    const resume = existsSync(checkpoint) ? `; continue it with: ntk-dynamics run --resume --out ${printable(out.shown)}` : '';
    if (result.status === 'failed') {
      process.stderr.write(`ntk-dynamics: ${printable(result.error ?? 'failed')} (results.json keeps what was computed before${resume ? `${resume.replace(';', ',')})` : ')'}\n`);
      return 1;
    }
    if (result.status === 'aborted') {
      process.stderr.write(`stopped by ${SIGNAL_NAMES[stop?.signal ?? 'SIGINT']}: the files hold the part of the experiment that finished${resume}\n`);
      return stop?.code ?? 130;
    }
    return 0;
  }

  private summary(result: ExperimentResult, wrote: string[]): void {
    const out = this.folder;
    const hasRows = result.sweep ? result.sweep.runs.some((r) => r.loss.length) : result.runs.length > 0;
    const columns = process.stdout.columns ?? Infinity;
    const textWidth = Math.min(100, columns);
    if (hasRows) {
      const rows = (result.sweep ? sweepTable(result) : summaryTable(result)).map((row) => row.map(printable));
      process.stdout.write(`${formatTable(rows, columns)}\n\n`);
      if (!result.sweep) process.stdout.write(`${summaryNotes(result).map((p) => wrap(printable(p), textWidth)).join('\n\n')}\n\n`);
      const test = testTable(result).map((row) => row.map(printable));
      if (test.length) process.stdout.write(`${formatTable(test, columns)}\n${wrap(printable(testNote(result)), textWidth)}\n\n`);
    }
    if (result.widthGap?.widths.length) {
      const rows = widthGapTable(result).map((row) => row.map(printable));
      process.stdout.write(`${formatTable(rows, columns)}\n${wrap(widthGapNote(result), textWidth)}\n\n`);
    }
    if (!result.sweep && Number.isFinite(result.lambda0)) {
      process.stdout.write(`λ₀ = λ_min(${result.theoryKernel}) = ${sci(result.lambda0, 5)}, λ_max = ${sci(result.lambdaMax, 5)}; backend ${result.backend}; ${(result.elapsedMs / 1000).toFixed(1)} s\n`);
    }
    const names = wrote.map((name) => printable(out.file(name)));
    process.stdout.write(`wrote ${names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0]}\n`);
  }
}

/** A paragraph broken into lines of at most `width` characters, at spaces. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}
