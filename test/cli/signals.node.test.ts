// SIGTERM and SIGHUP stop a run as Ctrl-C does (what was computed is written, status 'aborted',
// a checkpoint to --resume from, exit 128 + the signal's number), and a signal during a long
// synchronous step (an eigendecomposition) is answered within the grace period, not when the
// step ends (the built command).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Background, readResults, runCli, tempDir } from '../helpers/cli';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const LONG_TRAINING = ['--n', '20', '--dim', '4', '--width', '512', '--steps', '100000000', '--optimizers', 'gd,nag'];

describe('ntk-dynamics run and signals', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s during training: the files hold what was computed, status aborted, exit %i, and --resume continues', async (signal, code) => {
    const out = tempDir(signal.toLowerCase());
    const run = new Background(['run', ...LONG_TRAINING, '--out', out]);
    await run.waitFor(/kernels and spectra/);
    await sleep(800); // training under way
    run.child.kill(signal);
    expect((await run.exit()).code, run.stderr).toBe(code);
    expect(run.stderr).toContain(`${signal} received: stopping after the current step`);
    expect(run.stderr).toContain(`stopped by ${signal}: the files hold the part of the experiment that finished; continue it with: ntk-dynamics run --resume --out ${out}`);
    const results = readResults(out);
    expect(results.status).toBe('aborted');
    expect(results.stoppedBy).toBe(signal);
    expect(results.runs[0].training.status).toBe('aborted');
    expect(results.runs[0].training.stepsRun).toBeGreaterThan(0);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    expect(existsSync(join(out, 'checkpoint.json'))).toBe(true);
    // the checkpoint is one to resume from (here: stopped again at once, to keep the test short)
    const resumed = new Background(['run', '--resume', '--out', out]);
    await resumed.waitFor(/kernels and spectra/);
    await sleep(800);
    resumed.child.kill('SIGINT');
    expect((await resumed.exit()).code).toBe(130);
    expect(readResults(out).runs[0].training.stepsRun).toBeGreaterThan(results.runs[0].training.stepsRun);
  }, 120_000);

  it('a signal during a long eigendecomposition is answered within the grace period: the output holds what came before it', async () => {
    // n = 2500: the empirical NTK and its eigendecomposition hold the experiment's thread for
    // many seconds (a minute on one thread of a slow machine); the signal is not left waiting.
    const out = tempDir('long-step');
    const run = new Background(['run', '--n', '2500', '--dim', '5', '--width', '64', '--steps', '10', '--threads', '1', '--out', out]);
    await run.waitFor(/kernels and spectra of the 2500 × 2500 NTK/);
    await sleep(300);
    const sent = performance.now();
    run.child.kill('SIGTERM');
    const exit = await run.exit();
    expect(exit.code, run.stderr).toBe(143);
    expect(run.stderr).toContain('the experiment did not stop within 2 s (a long step is under way): writing what finished before it');
    // The 2 s grace period and the writing: far below the step's own time.
    expect(exit.at - sent).toBeLessThan(8000);
    const results = readResults(out);
    expect(results.status).toBe('aborted');
    expect(results.stoppedBy).toBe('SIGTERM');
    expect(results.data.n).toBe(2500);
    expect(results.runs).toEqual([]);
    expect(Number.isNaN(results.lambda0)).toBe(true); // not computed yet, and written as such
  }, 60_000);

  it('a second signal quits at once, without the grace period, leaving what was written', async () => {
    const out = tempDir('twice');
    const run = new Background(['run', '--n', '2500', '--dim', '5', '--width', '64', '--steps', '10', '--threads', '1', '--out', out]);
    await run.waitFor(/kernels and spectra/);
    run.child.kill('SIGINT');
    await run.waitFor(/interrupted: stopping after the current step/);
    run.child.kill('SIGINT');
    const exit = await run.exit();
    expect(exit.code).toBe(130);
    expect(run.stderr).toContain('Ctrl-C again: quitting now, with what finished so far');
    expect(run.stderr).not.toContain('did not stop within'); // it did not wait for the grace period
    expect(readResults(out).status).toBe('aborted');
  }, 60_000);

  it('a run that is not stopped exits 0 and leaves no checkpoint (the worker thread ends with it)', () => {
    const out = tempDir('whole');
    const p = runCli(['run', '--n', '10', '--dim', '3', '--width', '128', '--steps', '30', '--quiet', '--out', out]);
    expect(p.status, p.stderr).toBe(0);
    expect(existsSync(join(out, 'checkpoint.json'))).toBe(false);
    expect(readResults(out).status).toBe('completed');
  });
});
