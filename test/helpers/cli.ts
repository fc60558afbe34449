// Running the built command (dist/cli.mjs) from tests: to the end, or in the background, waiting
// for a line on its stderr, signalling it, and reading what it wrote.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseExact } from '../../src/cli/files';
import type { ExperimentResult } from '../../src/experiment/results';

export const root = fileURLToPath(new URL('../..', import.meta.url));
/** The command under test (NTK_TEST_CLI: another build of it, e.g. an older one to compare with). */
export const cli = process.env.NTK_TEST_CLI ?? join(root, 'dist', 'cli.mjs');

/** A tiny curves experiment: 12 points in ℝ³, m = 512, 60 steps (well under a second). */
export const TINY = ['--n', '12', '--dim', '3', '--width', '512', '--steps', '60', '--quiet'];

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `ntk-${prefix}-`));
}

export function runCli(args: string[], opts: { cwd?: string; timeout?: number; input?: string } = {}) {
  return spawnSync(process.execPath, [cli, ...args], { cwd: opts.cwd ?? root, encoding: 'utf8', timeout: opts.timeout ?? 120_000, input: opts.input });
}

/** results.json of `dir`, with its {"$float": …} values decoded. */
export function readResults(dir: string): ExperimentResult {
  return parseExact(readFileSync(join(dir, 'results.json'), 'utf8')) as ExperimentResult;
}

/** The command in the background; `stderr` grows as it writes. */
export class Background {
  readonly child: ChildProcessWithoutNullStreams;
  stderr = '';
  stdout = '';
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;

  constructor(args: string[]) {
    this.child = spawn(process.execPath, [cli, ...args], { cwd: root });
    this.child.stderr.on('data', (chunk) => (this.stderr += chunk));
    this.child.stdout.on('data', (chunk) => (this.stdout += chunk));
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal, at: performance.now() })));
  }

  /** Resolves when stderr matches `pattern` (rejects if the command exits first). */
  waitFor(pattern: RegExp): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setInterval(() => {
        if (pattern.test(this.stderr)) {
          clearInterval(timer);
          resolve();
        } else if (this.child.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(`exited (${this.child.exitCode}) before ${pattern}: ${this.stderr}`));
        }
      }, 10);
    });
  }

  /** The exit code, and when it came (performance.now()). */
  exit(): Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }> {
    return this.exited;
  }
}
