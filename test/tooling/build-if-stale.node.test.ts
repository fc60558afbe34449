// scripts/build-if-stale.mjs (the prepare script, and what `npm start` runs before the command):
// a stage rebuilds when an output is missing or an input is newer than its oldest output, and
// says which file made it stale; the repository's real stages cover the sources they build from.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { STAGES, staleReason } from '../../scripts/build-if-stale.mjs';

const base = mkdtempSync(join(tmpdir(), 'ntk-stale-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function file(path: string, secondsAgo: number): void {
  const full = join(base, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, path);
  const t = Date.now() / 1000 - secondsAgo;
  utimesSync(full, t, t);
}

const stage = { name: 'js', inputs: ['src', 'config.json'], outputs: ['out/a.js', 'out/b.js'], command: [] };

describe('staleReason', () => {
  it('rebuilds when an output is missing', () => {
    file('src/x.ts', 100);
    file('out/a.js', 50);
    expect(staleReason(stage, base)).toBe('out/b.js is missing');
  });

  it('is up to date when every input is older than the oldest output', () => {
    file('out/b.js', 40);
    file('config.json', 90);
    expect(staleReason(stage, base)).toBeUndefined();
  });

  it('names the newest input that is newer than the oldest output, and how many more there are', () => {
    file('src/deep/y.ts', 45);
    expect(staleReason(stage, base)).toBe('src/deep/y.ts is newer than out/a.js');
    file('config.json', 20);
    expect(staleReason(stage, base)).toBe('config.json is newer than out/a.js (and 1 more)');
  });
});

describe('the stages of this repository', () => {
  it('build the Wasm from assembly/ and dist/ from src/ and the build configuration', () => {
    expect(STAGES.map((s: { name: string }) => s.name)).toEqual(['wasm', 'dist']);
    expect(STAGES[0].inputs).toEqual(expect.arrayContaining(['assembly', 'asconfig.json']));
    expect(STAGES[1].inputs).toEqual(expect.arrayContaining(['src', 'rollup.config.mjs', 'tsconfig.json', 'package.json']));
    // The Wasm stage writes the embedded bytes into src/, which the dist stage then reads.
    expect(STAGES[0].outputs).toContain('src/runtime/wasm-bytes.generated.ts');
    expect(STAGES[1].outputs).toEqual(expect.arrayContaining(['dist/index.mjs', 'dist/index.cjs', 'dist/index.d.ts', 'dist/cli.mjs']));
  });
});
