// A run stopped by Ctrl-C keeps a checkpoint in --out, and `run --resume` continues it to the same
// results, bit for bit, as a run that was never stopped (the built command, end to end).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist', 'cli.mjs');
const SETTINGS = ['--n', '24', '--dim', '5', '--width', '3000', '--steps', '4000', '--optimizers', 'gd,nag', '--lr', '0.1', '--quiet'];

function results(dir: string): { runs: { name: string; training: { loss: number[]; weightDrift: number[]; kernelDrift?: number[]; stepsRun: number; status: string }; linearized: { loss: number[] }; test?: unknown }[] } {
  return JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
}

describe('ntk-dynamics run --resume', () => {
  it('continues a run stopped by Ctrl-C to the same bits as one run', async () => {
    const whole = mkdtempSync(join(tmpdir(), 'ntk-whole-'));
    const once = spawnSync(process.execPath, [cli, 'run', ...SETTINGS, '--out', whole], { encoding: 'utf8', timeout: 300_000 });
    expect(once.status, once.stderr).toBe(0);
    expect(existsSync(join(whole, 'checkpoint.json'))).toBe(false); // a finished run leaves none

    const stopped = mkdtempSync(join(tmpdir(), 'ntk-stopped-'));
    const child = spawn(process.execPath, [cli, 'run', ...SETTINGS.filter((a) => a !== '--quiet'), '--out', stopped]);
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (/GD: completed/.test(stderr) || /step [1-9]\d{2,}/.test(stderr)) {
          clearInterval(timer);
          resolve();
        }
      }, 20);
    });
    child.kill('SIGINT');
    expect(await new Promise<number | null>((resolve) => child.on('exit', resolve))).toBe(130);
    expect(stderr).toContain('ntk-dynamics run --resume --out');
    expect(existsSync(join(stopped, 'checkpoint.json'))).toBe(true);
    expect(results(stopped).runs.some((r) => r.training.status === 'aborted')).toBe(true);

    const resumed = spawnSync(process.execPath, [cli, 'run', '--resume', '--out', stopped, '--quiet'], { encoding: 'utf8', timeout: 300_000 });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(existsSync(join(stopped, 'checkpoint.json'))).toBe(false);
    const a = results(whole), b = results(stopped);
    expect(b.runs.map((r) => r.name)).toEqual(a.runs.map((r) => r.name));
    for (let i = 0; i < a.runs.length; i++) {
      expect(b.runs[i].training.loss, a.runs[i].name).toEqual(a.runs[i].training.loss);
      expect(b.runs[i].training.weightDrift).toEqual(a.runs[i].training.weightDrift);
      expect(b.runs[i].training.kernelDrift).toEqual(a.runs[i].training.kernelDrift);
      expect(b.runs[i].linearized.loss).toEqual(a.runs[i].linearized.loss);
      // the test split's curves: the network's recorded across the stop, the predictions after it
      expect(a.runs[i].test).toBeDefined();
      expect(b.runs[i].test).toEqual(a.runs[i].test);
      expect(b.runs[i].training.status).toBe('completed');
    }
  }, 600_000);

  it('refuses settings beside --resume, and a folder with nothing to resume', () => {
    const empty = mkdtempSync(join(tmpdir(), 'ntk-empty-'));
    const p = spawnSync(process.execPath, [cli, 'run', '--resume', '--out', empty], { encoding: 'utf8' });
    expect(p.status).toBe(2);
    expect(p.stderr.trim()).toBe(`ntk-dynamics: --resume: there is no run to continue in ${empty} (no checkpoint.json)`);
    const q = spawnSync(process.execPath, [cli, 'run', '--resume', '--steps', '5', '--out', empty], { encoding: 'utf8' });
    expect(q.status).toBe(2);
    expect(q.stderr).toMatch(/--resume continues a run with its own settings; it takes only --out, --quiet, --threads and --export \(got --steps\)/);
  });
});
