// A failure after work has begun keeps what was computed: results.json is written with status
// 'failed' and the error, the checkpoint stays for --resume, and the exit code is 1. Provoked
// with real failures: a width sweep whose last width does not fit in WebAssembly memory, and an
// --out folder where report.html has become a folder while the run was under way.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Background, readResults, runCli, tempDir } from '../helpers/cli';

describe('ntk-dynamics run failing after work has begun', () => {
  it('an exception in the experiment: results.json keeps the finished part, status failed, exit 1', () => {
    const out = tempDir('fail-sweep');
    // m = 300 000 000 on d = 3 needs more than the 4 GiB of a wasm32 memory: refused by the
    // network's constructor after the sweep trained the first width.
    const p = runCli(['run', '--n', '8', '--dim', '3', '--steps', '20', '--optimizers', 'gd,hb', '--widths', '32,300000000', '--quiet', '--out', out]);
    expect(p.status, p.stderr).toBe(1);
    const lines = p.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ntk-dynamics: TwoLayerReLU\.init: a network of width 300000000 on inputs of dimension 3 needs .* GiB of WebAssembly memory/);
    expect(lines[0]).toContain(`(results.json keeps what was computed before, continue it with: ntk-dynamics run --resume --out ${out})`);
    const results = readResults(out);
    expect(results.status).toBe('failed');
    expect(results.error).toMatch(/^TwoLayerReLU\.init: a network of width 300000000/);
    expect(results.sweep!.widths).toEqual([32, 300000000]);
    expect(results.sweep!.runs.map((r) => r.loss.length)).toEqual([1, 1]); // the first width, for both runs
    expect(results.sweep!.runs.every((r) => r.loss[0] > 0)).toBe(true);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    expect(existsSync(join(out, 'checkpoint.json'))).toBe(true);
  });

  it('the output cannot be written (report.html became a folder): results.json says so, status failed, exit 1', async () => {
    const out = tempDir('fail-report');
    const run = new Background(['run', '--n', '20', '--dim', '4', '--width', '256', '--steps', '200000', '--optimizers', 'gd', '--out', out]);
    await run.waitFor(/kernels and spectra/);
    mkdirSync(join(out, 'report.html'));
    writeFileSync(join(out, 'report.html', 'mine.txt'), 'not the command\'s');
    const exit = await run.exit();
    expect(exit.code, run.stderr).toBe(1);
    const results = readResults(out);
    expect(results.status).toBe('failed');
    expect(results.error).toMatch(/^the output could not be written: .*(EISDIR|ENOTEMPTY|EEXIST)/);
    // everything computed is there
    expect(results.runs).toHaveLength(1);
    expect(results.runs[0].training.status).toBe('completed');
    expect(results.runs[0].training.stepsRun).toBe(200000);
    expect(run.stderr).toMatch(/ntk-dynamics: the output could not be written: .* \(results\.json keeps what was computed before, continue it with: ntk-dynamics run --resume --out /);
    // the folder that is not the command's is left alone, and no temporary file stays
    expect(existsSync(join(out, 'report.html', 'mine.txt'))).toBe(true);
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]);
  }, 120_000);

  it('a failure before any work (a kernel too large for memory) is a refusal: exit 2, one line, no files', () => {
    const out = tempDir('refused');
    const p = runCli(['run', '--n', '100000', '--dim', '3', '--width', '64', '--steps', '1', '--optimizers', 'gd', '--quiet', '--out', out]);
    // the n × n kernel of 100 000 points does not fit in memory: refused before any training
    expect(p.status, p.stderr).toBe(2);
    expect(p.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(out, 'results.json'))).toBe(false);
  });
});
