// The `ntk-dynamics` command (Node ≥ 20):
//   ntk-dynamics run [flags]   the paper's comparison on a wide network: terminal summary,
//                              results.json and a self-contained report.html
//   ntk-dynamics bench [...]   the benchmark suites
// Mistakes in the call are one line on stderr and exit code 2; Ctrl-C stops training, writes
// what was computed so far and exits with 130.

import { setFlagsFromString } from 'node:v8';
import { existsSync, mkdirSync, unlinkSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ready } from '../runtime/runtime';
import { MnistUnavailableError } from '../data/mnist';
import { VERSION } from '../version';
import { helpText, parseRunArgs } from './args';
import { UsageError } from './errors';
import { runExperiment, type ExperimentState } from '../experiment/experiment';
import { readExact, stringifyExact, writeAtomically } from './files';
import { Progress } from './progress';
import { buildReport } from '../experiment/report';
import { formatTable, summaryNotes, summaryTable, sweepTable, widthGapNote, widthGapTable } from '../experiment/summary';
import { sci } from '../report/notation';
import { quickBench } from './quick-bench';

// Node 20 validates relaxed SIMD only behind this flag; set before any Wasm is compiled.
setFlagsFromString('--experimental-wasm-relaxed-simd');

async function run(argv: string[]): Promise<number> {
  const options = parseRunArgs(argv);
  if (options.help) {
    process.stdout.write(`${helpText()}\n`);
    return 0;
  }
  const out = resolve(options.out);
  const checkpointFile = join(out, 'checkpoint.json');
  let resume: ExperimentState | undefined;
  if (options.resume) {
    const saved = readExact(checkpointFile) as ExperimentState | undefined;
    if (saved === undefined) throw new UsageError(`--resume: there is no run to continue in ${out} (no checkpoint.json)`);
    if (saved === null || typeof saved !== 'object' || saved.format !== 'ntk-dynamics-experiment-state/1') throw new UsageError(`--resume: ${checkpointFile} is not a checkpoint of this version`);
    resume = saved;
    options.config = saved.config;
  }
  const info = await ready({ backend: options.config.backend, threads: options.threads });
  const progress = new Progress(process.stderr, options.quiet);
  if (info.threadsNote) progress.note(info.threadsNote);
  if (resume) progress.note(`resuming the run in ${out}: ${resume.runs.length} run(s) finished${resume.current ? `, ${resume.current.key} under way` : ''}`);
  mkdirSync(out, { recursive: true });
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    progress.note('interrupted: stopping after the current step and writing what was computed so far (Ctrl-C again to quit at once)');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  let names: string[] = [];
  try {
    const result = await runExperiment(options.config, VERSION, info.backend, {
      signal: controller.signal,
      // A checkpoint in --out about every minute: `--resume` continues from it, bit for bit.
      onState: (state) => writeAtomically(checkpointFile, stringifyExact(state)),
      onNote: (t) => progress.note(t),
      onRunStart: (_, name) => {
        names = [...names, name];
        progress.start(name);
      },
      onProgress: (_, p) => progress.update(p),
      onWidthGap: (width, runs) => progress.finish(`width panel, m = ${width}: residual gap ${runs.map((x) => `${x.name} ${sci(x.residualGap, 2)}`).join(', ')}`),
      onRunEnd: (_, r) => progress.finish(`${r.name}: ${r.training.status}, loss ${r.training.loss[0].toExponential(3)} → ${r.training.loss[r.training.loss.length - 1].toExponential(3)} in ${(r.training.elapsedMs / 1000).toFixed(1)} s`),
    }, resume);
    writeAtomically(join(out, 'results.json'), `${stringifyExact(result, 1)}\n`);
    writeAtomically(join(out, 'report.html'), buildReport(result));
    // a finished experiment leaves no checkpoint behind (an aborted one keeps it, to resume)
    if (result.status !== 'aborted' && existsSync(checkpointFile)) unlinkSync(checkpointFile);
    const columns = process.stdout.columns ?? Infinity;
    process.stdout.write(`${formatTable(result.sweep ? sweepTable(result) : summaryTable(result), columns)}\n\n`);
    if (!result.sweep) {
      const textWidth = Math.min(100, columns);
      process.stdout.write(`${summaryNotes(result).map((p) => wrap(p, textWidth)).join('\n\n')}\n\n`);
      if (result.widthGap?.widths.length) process.stdout.write(`${formatTable(widthGapTable(result), columns)}\n${wrap(widthGapNote(result), textWidth)}\n\n`);
      process.stdout.write(`λ₀ = λ_min(${result.theoryKernel}) = ${sci(result.lambda0, 5)}, λ_max = ${sci(result.lambdaMax, 5)}; backend ${result.backend}; ${(result.elapsedMs / 1000).toFixed(1)} s\n`);
    }
    process.stdout.write(`wrote ${join(out, 'results.json')} and ${join(out, 'report.html')}\n`);
    if (result.status === 'aborted') {
      process.stderr.write(`stopped by Ctrl-C: the files hold the part of the experiment that finished; continue it with: ntk-dynamics run --resume --out ${options.out}\n`);
      return 130;
    }
    return 0;
  } finally {
    process.off('SIGINT', onSigint);
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

function bench(argv: string[]): number {
  // In a clone of the repository, the full suites (with their baselines); elsewhere a quick one.
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const runner = join(root, 'bench', 'run.ts');
  if (existsSync(runner) && existsSync(join(root, 'node_modules', 'tsx'))) {
    const child = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', '--expose-gc', '--import', 'tsx', runner, ...argv], { cwd: root, stdio: 'inherit' });
    return child.status ?? 1;
  }
  if (argv.length) throw new UsageError('the built-in quick benchmark takes no flags (the suites with --suite need a clone of the repository)');
  return -1;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined) throw new UsageError('missing command: use `ntk-dynamics run` (see ntk-dynamics --help)');
    if (command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(`${helpText()}\n`);
      return 0;
    }
    if (command === '--version') {
      process.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (command === 'run') return await run(rest);
    if (command === 'bench') {
      const status = bench(rest);
      if (status >= 0) return status;
      await quickBench((line) => process.stdout.write(`${line}\n`));
      return 0;
    }
    throw new UsageError(`unknown command '${command}' (commands: run, bench; see --help)`);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`ntk-dynamics: ${error.message}\n`);
      return 2;
    }
    if (error instanceof MnistUnavailableError) {
      process.stderr.write(`ntk-dynamics: ${error.message}\n`);
      return 2;
    }
    if (error instanceof TypeError || error instanceof RangeError) {
      // a setting the library refused (e.g. a relaxed backend Node does not have)
      process.stderr.write(`ntk-dynamics: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
