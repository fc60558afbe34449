// The benchmark harness shared by every suite: one tinybench Bench per measurement (so each gets
// its own iteration budget: a 2048³ plain-JS product takes seconds, a 128³ Wasm one microseconds),
// warm-up first (V8 runs Wasm in its baseline tier until a function is hot), medians reported
// (the machine is shared and noisy), and results saved as JSON under bench/results/.
import { Bench } from 'tinybench';
import { writeFileSync, mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

export interface Budget {
  /** Minimum measured iterations. */
  iterations: number;
  /** Minimum measured time, ms (0: stop after `iterations`). */
  time: number;
  /** Warm-up iterations before measuring (0: none, for tasks that take seconds). */
  warmup: number;
}

export interface Measurement {
  task: string;
  medianMs: number;
  meanMs: number;
  minMs: number;
  samples: number;
}

/** Times `fn` with tinybench; returns the median and the sample count. */
export async function measure(task: string, fn: () => unknown, budget: Budget): Promise<Measurement> {
  // Collect the previous task's garbage now, not during this one (a baseline such as ml-matrix
  // leaves megabytes of arrays behind). npm run bench starts Node with --expose-gc.
  (globalThis as { gc?: () => void }).gc?.();
  let sink: unknown;
  const bench = new Bench({
    name: task,
    iterations: budget.iterations,
    time: budget.time,
    warmup: budget.warmup > 0,
    warmupIterations: budget.warmup,
    warmupTime: 0,
  });
  // Results are consumed below, so the work cannot be optimised away; async tasks are awaited
  // inside the timed call.
  const isAsync = fn.constructor.name === 'AsyncFunction';
  bench.add(task, isAsync ? async () => { sink = await fn(); } : () => { sink = fn(); });
  await bench.run();
  const result = bench.tasks[0].result;
  if (result.state !== 'completed') {
    throw new Error(`benchmark ${task} did not complete (${result.state}${'error' in result ? `: ${result.error}` : ''})`);
  }
  if (sink === undefined) throw new Error(`benchmark ${task} returned nothing`);
  const { latency } = result;
  return { task, medianMs: latency.p50, meanMs: latency.mean, minMs: latency.min, samples: latency.samplesCount };
}

/** The machine and runtime, recorded beside every result. */
export function machine(): Record<string, string | number> {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    v8: process.versions.v8,
    platform: `${process.platform}-${process.arch}`,
  };
}

/** Writes bench/results/<suite>.json. */
export function save(suite: string, payload: object): string {
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = `${dir}${suite}.json`;
  writeFileSync(file, JSON.stringify({ suite, date: new Date().toISOString(), machine: machine(), ...payload }, null, 2) + '\n');
  return file;
}

/** A plain-text table with right-aligned columns. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, j) => Math.max(...cells.map((r) => r[j].length)));
  const line = (r: string[]) => r.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
