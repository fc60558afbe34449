// The `ntk-dynamics` command (Node ≥ 20):
//   ntk-dynamics run [flags]   the paper's comparison on a wide network: terminal summary,
//                              results.json and a self-contained report.html
//   ntk-dynamics bench [...]   the benchmark suites
// Mistakes in the call are one line on stderr and exit code 2, found before any work (the --out
// folder included); a failure after work began exits 1 and keeps what was computed in
// results.json; SIGINT, SIGTERM and SIGHUP write what was computed and exit with 128 + the
// signal's number (session.ts).

import { setFlagsFromString } from 'node:v8';
import { MnistUnavailableError } from '../data/mnist';
import { VERSION } from '../version';
import { helpText, parseRunArgs } from './args';
import { UsageError } from './errors';
import type { ExperimentState } from '../experiment/experiment';
import { readExact } from './files';
import { CHECKPOINT_FILE, OutFolder } from './output';
import { printable } from './printable';
import { runSession } from './session';
import { bench } from './bench';
import { quickBench } from './quick-bench';

// Node 20 validates relaxed SIMD only behind this flag; set before any Wasm is compiled (the
// flag is the process's, so the experiment's worker thread and its pool have it too).
setFlagsFromString('--experimental-wasm-relaxed-simd');

async function run(argv: string[]): Promise<number> {
  const options = parseRunArgs(argv);
  if (options.help) {
    process.stdout.write(`${helpText()}\n`);
    return 0;
  }
  // The folder first: a mistake there is found now, not after hours of training.
  const folder = OutFolder.prepare(options.out, { resume: options.resume });
  let resume: ExperimentState | undefined;
  if (options.resume) {
    const file = folder.file(CHECKPOINT_FILE);
    const saved = readExact(file) as ExperimentState | undefined;
    if (saved === undefined) throw new UsageError(`--resume: there is no run to continue in ${printable(folder.path)} (no checkpoint.json)`);
    if (saved === null || typeof saved !== 'object' || saved.format !== 'ntk-dynamics-experiment-state/1') throw new UsageError(`--resume: ${printable(file)} is not a checkpoint of this version`);
    resume = saved;
    options.config = saved.config;
  }
  return runSession(folder, { config: options.config, threads: options.threads, quiet: options.quiet, export: options.export, resume });
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined) throw new UsageError('missing command: use `ntk-dynamics run` (see ntk-dynamics --help)');
    if (command === '--help' || command === '-h' || command === 'help') {
      if (rest.length) throw new UsageError(`${command} takes nothing after it (got '${rest[0]}')`);
      process.stdout.write(`${helpText()}\n`);
      return 0;
    }
    if (command === '--version' || command === '-V') {
      if (rest.length) throw new UsageError(`${command} takes nothing after it (got '${rest[0]}')`);
      process.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (command === 'run') return await run(rest);
    if (command === 'bench') {
      const status = bench(rest, (text) => process.stdout.write(text));
      if (status !== 'quick') return status;
      await quickBench((line) => process.stdout.write(`${line}\n`));
      return 0;
    }
    throw new UsageError(`unknown command '${command}' (commands: run, bench; see --help)`);
  } catch (error) {
    // A mistake in the call, or a setting the library refused before any work (a relaxed backend
    // this Node lacks, MNIST not installed): one line, exit 2.
    if (error instanceof UsageError || error instanceof MnistUnavailableError || error instanceof TypeError || error instanceof RangeError) {
      process.stderr.write(`ntk-dynamics: ${printable(error.message)}\n`);
      return 2;
    }
    throw error;
  }
}
