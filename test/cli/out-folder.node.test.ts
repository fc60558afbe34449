// --out is checked, and created, before any work: every mistake there is one line on stderr and
// exit code 2, even for a preset that would train for hours first (the built command).
import { chmodSync, existsSync, mkdirSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Background, runCli, tempDir, TINY } from '../helpers/cli';

function refused(args: string[], message: string | RegExp) {
  const p = runCli(['run', ...args]);
  expect(p.status, p.stderr).toBe(2);
  expect(p.stderr.trim().split('\n'), p.stderr).toHaveLength(1);
  expect(p.stderr).toMatch(message);
  expect(p.stderr).not.toContain('kernels and spectra'); // no work began
  expect(p.stdout).toBe('');
}

/** Whether this process can make a folder in `dir` (not in /sys, and not in a read-only folder unless it is root). */
function canWrite(dir: string): boolean {
  const probe = join(dir, `probe-${process.pid}`);
  try {
    mkdirSync(probe);
  } catch {
    return false;
  }
  rmdirSync(probe);
  return true;
}

describe('ntk-dynamics run --out', () => {
  it('an existing file is refused before any work, even for a preset of hours', () => {
    const dir = tempDir('outfile');
    const file = join(dir, 'taken.txt');
    writeFileSync(file, 'mine');
    refused(['--preset', 'nag-epoch', '--out', file], `ntk-dynamics: --out ${file} is a file, not a folder`);
    refused([...TINY, '--out', file], 'is a file, not a folder');
  });

  it('a path below a file is refused', () => {
    const dir = tempDir('below');
    writeFileSync(join(dir, 'file'), '');
    refused([...TINY, '--out', join(dir, 'file', 'sub', 'out')], `--out ${join(dir, 'file', 'sub', 'out')} is below ${join(dir, 'file')}, which is a file, not a folder`);
  });

  // /sys is sysfs: no one, root included, may make a folder there (where there is a /sys).
  it.runIf(existsSync('/sys') && !canWrite('/sys'))('a folder where nothing can be written is refused (a read-only file system: /sys)', () => {
    refused([...TINY, '--out', '/sys/ntk-report'], /--out \/sys\/ntk-report: cannot create the folder \/sys\/ntk-report \((EPERM|EACCES|EROFS)\)/);
    refused([...TINY, '--out', '/sys'], /--out \/sys: cannot write in \/sys \((EPERM|EACCES|EROFS)\)/);
  });

  // Root may write in a folder whatever its permissions: the /sys case covers root.
  it.skipIf(process.getuid?.() === 0)('a read-only folder is refused (permissions)', () => {
    const dir = tempDir('readonly');
    chmodSync(dir, 0o555);
    try {
      refused([...TINY, '--out', join(dir, 'out')], /cannot create the folder .*\(EACCES\)/);
      refused([...TINY, '--out', dir], /cannot write in .*\(EACCES\)/);
    } finally {
      chmodSync(dir, 0o755);
    }
  });

  it('missing folders are made, one level at a time', () => {
    const dir = tempDir('nested');
    const out = join(dir, 'a', 'b', 'c');
    const p = runCli(['run', ...TINY, '--out', out]);
    expect(p.status, p.stderr).toBe(0);
    expect(existsSync(join(out, 'results.json'))).toBe(true);
    expect(readdirSync(out).sort()).toEqual(['report.html', 'results.json']); // no lock, no temporary files left
  });

  it('a folder where results.json would go, or an unfinished run, is refused', () => {
    const dir = tempDir('clash');
    mkdirSync(join(dir, 'results.json'));
    refused([...TINY, '--out', dir], `${join(dir, 'results.json')} is a folder, where the command writes its results.json; move it away`);
    const unfinished = tempDir('unfinished');
    writeFileSync(join(unfinished, 'checkpoint.json'), '{}');
    refused([...TINY, '--out', unfinished], `holds an unfinished run (checkpoint.json): continue it with \`ntk-dynamics run --resume --out ${unfinished}\``);
  });

  it('a second run into a folder in use is refused while the first runs', async () => {
    const out = tempDir('busy');
    const first = new Background(['run', '--n', '20', '--dim', '4', '--width', '256', '--steps', '100000000', '--optimizers', 'gd', '--out', out]);
    await first.waitFor(/kernels and spectra/);
    refused([...TINY, '--out', out], /--out .* is in use by another ntk-dynamics run \(process \d+\); wait for it, or choose another --out/);
    first.child.kill('SIGINT');
    expect((await first.exit()).code).toBe(130);
  }, 60_000);
});
