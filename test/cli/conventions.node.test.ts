// The command's conventions, end to end: -V/--version, -h/--help, bench as strict as run, a run
// made again from its own results.json, and names from a config file shown with their control
// characters escaped (the built command).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResults, root, runCli, tempDir, TINY } from '../helpers/cli';
import { SUITES } from '../../src/cli/bench';

const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

describe('ntk-dynamics conventions', () => {
  it('-V and --version print the version; -h and --help the help, which lists them', () => {
    for (const flag of ['-V', '--version']) {
      const p = runCli([flag]);
      expect([p.status, p.stdout]).toEqual([0, `${version}\n`]);
    }
    for (const args of [['-h'], ['--help'], ['run', '-h'], ['run', '--help']]) {
      const p = runCli(args);
      expect(p.status, args.join(' ')).toBe(0);
      expect(p.stdout).toContain('-V, --version');
      expect(p.stdout).toContain('-q, --quiet');
    }
    expect(runCli(['--version', 'x']).status).toBe(2);
  });

  it('bench checks its flags before it starts anything: a mistake is exit 2, --help its help', () => {
    for (const [args, message] of [
      [['bench', '--bogus'], 'ntk-dynamics: unknown flag --bogus (see ntk-dynamics bench --help)'],
      [['bench', '--suite', 'fft'], "ntk-dynamics: --suite 'fft' is not a known value (choose from gemm, eigh, nn, dynamics, threads)"],
      [['bench', '--sizes', '0x10'], "ntk-dynamics: --sizes '0x10' is not a comma-separated list of non-negative integers"],
      [['bench', '--suite', 'gemm', '--suite', 'eigh'], 'ntk-dynamics: --suite is given twice'],
      [['bench', 'now'], "ntk-dynamics: unexpected argument 'now'"],
    ] as [string[], string][]) {
      const p = runCli(args, { timeout: 20_000 });
      expect(p.status, `${args.join(' ')}: ${p.stderr}`).toBe(2);
      expect(p.stderr.trim().split('\n')).toHaveLength(1);
      expect(p.stderr).toContain(message);
      expect(p.stdout).toBe(''); // no suite started
    }
    const help = runCli(['bench', '--help'], { timeout: 20_000 });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('ntk-dynamics bench — benchmarks.');
    expect(help.stdout).toContain('--suite <gemm|eigh|nn|dynamics|threads>');
  });

  it("bench's suites are the repository's", () => {
    const suites = readFileSync(join(root, 'bench', 'suites.ts'), 'utf8');
    const block = suites.slice(suites.indexOf('const SUITES'));
    const names = [...block.matchAll(/^ {2}(\w+): \{/gm)].map((m) => m[1]);
    expect(names).toEqual([...SUITES]);
  });

  it('run --config results.json makes the same run again, bit for bit', () => {
    const first = tempDir('again-1');
    expect(runCli(['run', ...TINY, '--optimizers', 'gd,nag', '--damping', '4', '--parameterization', 'standard', '--bias', '--train-output-layer', '--out', first]).status).toBe(0);
    const second = tempDir('again-2');
    const p = runCli(['run', '--config', join(first, 'results.json'), '--quiet', '--out', second]);
    expect(p.status, p.stderr).toBe(0);
    const a = readResults(first), b = readResults(second);
    expect(b.config).toEqual(a.config);
    expect(a.config).toMatchObject({ parameterization: 'standard', bias: true, trainOutputLayer: true });
    expect(b.runs.map((r) => r.id)).toEqual(['gd', 'nag-4']);
    for (let i = 0; i < a.runs.length; i++) {
      expect(b.runs[i].training.loss).toEqual(a.runs[i].training.loss);
      expect(b.runs[i].ode.loss).toEqual(a.runs[i].ode.loss);
    }
    expect(b.spectrum).toEqual(a.spectrum);
  });

  it('names from a config file reach the terminal with their control characters escaped', () => {
    const dir = tempDir('ctrl');
    const config = join(dir, 'c.json');
    writeFileSync(config, JSON.stringify({ n: 8, dim: 3, width: 64, steps: 5, runs: [{ name: 'evil\u001b]0;title\u0007\u001b[2J', optimizer: 'gd', lr: 0.1 }] }));
    const p = runCli(['run', '--config', config, '--out', join(dir, 'out')]);
    expect(p.status, p.stderr).toBe(0);
    expect(p.stderr).toContain('evil\\x1b]0;title\\x07\\x1b[2J: completed');
    expect(p.stdout).toContain('evil\\x1b]0;title\\x07\\x1b[2J');
    expect(p.stderr + p.stdout).not.toContain('\u001b');
    expect(p.stderr + p.stdout).not.toContain('\u0007');
  });
});
