// How the tests find a browser (scripts/find-chromium.mjs), and what `vitest` does without one:
// one line that says what was skipped and how to install it, or, with NTK_REQUIRE_BROWSER=1, an
// error. Simulated with a CHROMIUM_PATH that does not exist, and with fake executables on a PATH.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs helper without types
import { browserRequired, findChromium } from '../../scripts/find-chromium.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ntk-chromium-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeExecutable(name: string, mode = 0o755): string {
  const file = join(dir, name);
  writeFileSync(file, '#!/bin/sh\nexit 0\n');
  chmodSync(file, mode);
  return file;
}

describe('findChromium', () => {
  it('takes CHROMIUM_PATH when it names an executable, and reports it (without looking further) when not', () => {
    const exe = fakeExecutable('my-chrome');
    expect(findChromium({ CHROMIUM_PATH: exe, PATH: '' }, [])).toEqual({ path: exe });
    expect(findChromium({ CHROMIUM_PATH: join(dir, 'missing'), PATH: dir }, []).reason).toBe(`CHROMIUM_PATH=${join(dir, 'missing')} is not an executable file`);
    expect(findChromium({ CHROMIUM_PATH: 'chromium', PATH: dir }, []).reason).toMatch(/must be an absolute path/);
    expect(findChromium({ CHROMIUM_PATH: fakeExecutable('not-executable', 0o644), PATH: '' }, []).reason).toMatch(/is not an executable file/);
  });

  it('looks for chromium, chromium-browser, google-chrome… on PATH, in that order', () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    expect(findChromium({ PATH: empty }, []).reason).toBe('no chromium, chromium-browser, google-chrome, google-chrome-stable, chrome on PATH, and CHROMIUM_PATH is not set');
    const chrome = fakeExecutable('google-chrome');
    expect(findChromium({ PATH: `${empty}:${dir}` }, [])).toEqual({ path: chrome });
    const chromium = fakeExecutable('chromium-browser');
    expect(findChromium({ PATH: `${empty}:${dir}` }, [])).toEqual({ path: chromium });
  });

  it('reads NTK_REQUIRE_BROWSER as on unless it is empty or 0', () => {
    expect([undefined, '', '0', '1', 'yes'].map((v) => browserRequired(v === undefined ? {} : { NTK_REQUIRE_BROWSER: v }))).toEqual([false, false, false, true, true]);
  });
});

describe('vitest without a browser', () => {
  const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
  // NTK_FUZZ_SUMMARY=0: this inner vitest leaves the outer run's fuzz counts alone
  const env = { ...process.env, CHROMIUM_PATH: join(dir, 'no-such-chromium'), NTK_FUZZ_SUMMARY: '0' };
  delete (env as Record<string, string | undefined>).NTK_REQUIRE_BROWSER;

  it('runs the Node project and says in one line that the browser tests are skipped and how to get them', () => {
    const r = spawnSync(process.execPath, [vitest, 'run', 'test/random.test.ts'], { cwd: root, env, encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const notes = r.stderr.split('\n').filter((line) => line.includes('no Chromium found'));
    expect(notes).toEqual([`note: no Chromium found (CHROMIUM_PATH=${join(dir, 'no-such-chromium')} is not an executable file): the browser tests (vitest project 'chromium', the demo and browser-example pages) are skipped; install one (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH to its executable`]);
    expect(r.stdout).toMatch(/node.*test\/random\.test\.ts/);
    expect(r.stdout).not.toMatch(/chromium.*test\/random\.test\.ts/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('fails with that line as an error when the chromium project is asked for by name (npm run test:browser)', () => {
    const r = spawnSync(process.execPath, [vitest, 'run', '--project', 'chromium'], { cwd: root, env, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(/^error: the chromium project was asked for and no Chromium found \(CHROMIUM_PATH=.* is not an executable file\): the browser tests .* cannot run; install one/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('fails with that line as an error when NTK_REQUIRE_BROWSER=1', () => {
    const r = spawnSync(process.execPath, [vitest, 'run', 'test/random.test.ts'], { cwd: root, env: { ...env, NTK_REQUIRE_BROWSER: '1' }, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`error: NTK_REQUIRE_BROWSER is set and no Chromium found (CHROMIUM_PATH=${join(dir, 'no-such-chromium')} is not an executable file): the browser tests (vitest project 'chromium', the demo and browser-example pages) cannot run; install one (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH to its executable`);
  });
});
