// `ntk-dynamics bench`: in a clone of the repository, the full suites (bench/run.ts, with their
// baselines); elsewhere a quick built-in one. Its flags are checked as strictly as run's before
// anything starts: `bench --bogus` is a mistake (exit 2), `bench --help` prints this command's help.

import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from './errors';
import { flagLines, parseFlags, type Flag } from './flags';

/** The suites of bench/suites.ts (test/cli/bench.node.test.ts checks they agree). */
export const SUITES = ['gemm', 'eigh', 'nn', 'dynamics', 'threads'] as const;

export const BENCH_FLAGS: readonly Flag[] = [
  { name: 'suite', kind: 'string', description: 'one suite only', default: 'all', choices: SUITES },
  { name: 'sizes', kind: 'int-list', description: 'matrix sizes (gemm, eigh; the other suites have fixed shapes)', default: 'the suite\'s' },
  { name: 'help', short: 'h', kind: 'boolean', description: 'show this help', default: 'false' },
];

export function benchHelp(): string {
  return [
    'ntk-dynamics bench — benchmarks.',
    '',
    'In a clone of the repository (with its dev dependencies), the full suites with their baselines,',
    'saved to bench/results/; anywhere else, a quick benchmark of the installed package, which takes',
    'no flags.',
    '',
    'Usage: ntk-dynamics bench [flags]',
    '',
    ...flagLines(BENCH_FLAGS),
  ].join('\n');
}

/** The repository's bench runner, when this command runs from a clone that has tsx. */
function suiteRunner(): { root: string; runner: string } | undefined {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const runner = join(root, 'bench', 'run.ts');
  return existsSync(runner) && existsSync(join(root, 'node_modules', 'tsx')) ? { root, runner } : undefined;
}

/**
 * Runs `bench` with its flags: returns the exit code, or 'quick' for the caller to run the
 * quick benchmark (outside a clone).
 */
export function bench(argv: readonly string[], write: (text: string) => void): number | 'quick' {
  const given = parseFlags(argv, BENCH_FLAGS, 'see ntk-dynamics bench --help');
  if (given.get('help')) {
    write(`${benchHelp()}\n`);
    return 0;
  }
  const sizes = given.get('sizes') as number[] | undefined;
  if (sizes?.some((n) => n < 1)) throw new UsageError('--sizes must all be at least 1');
  const suites = suiteRunner();
  if (!suites) {
    if (argv.length) throw new UsageError('the built-in quick benchmark takes no flags (--suite and --sizes need a clone of the repository)');
    return 'quick';
  }
  const args = [
    ...(given.has('suite') ? ['--suite', given.get('suite') as string] : []),
    ...(sizes ? ['--sizes', sizes.join(',')] : []),
  ];
  const child = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', '--expose-gc', '--import', 'tsx', suites.runner, ...args], { cwd: suites.root, stdio: 'inherit' });
  return child.status ?? 1;
}
