// What a browser loads (the ES module and the demo's scripts) must not reach any Node built-in:
// every module specifier left in the bundles is listed, and only the optional `mnist` package
// (imported lazily by loadMnist) may appear; nor may they touch Node's `process` global.
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { demoScripts } from '../scripts/readme-sizes.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// The package's ES module, and every script the demo loads: its page, its worker and the chunk
// they share (followed from their imports, so chunks of earlier builds left in build/demo do not count).
const BROWSER_FILES: string[] = ['dist/index.mjs', ...demoScripts()];

it('checks the demo\'s page, its worker and their shared chunk', () => {
  expect(BROWSER_FILES.filter((f) => f.startsWith('build/demo/')).length).toBeGreaterThanOrEqual(3);
  expect(BROWSER_FILES).toEqual(expect.arrayContaining(['build/demo/main.js', 'build/demo/worker.js']));
});

function specifiers(code: string): string[] {
  const found: string[] = [];
  // A specifier is a package or path name: letters, digits and @ . / : _ - (so that code such as
  // ['from', 'to'] is not read as an import).
  const name = `['"]([@\\w./:-]+)['"]`;
  for (const re of [new RegExp(`\\bfrom\\s*${name}`, 'g'), new RegExp(`\\bimport\\s*\\(\\s*${name}\\s*\\)`, 'g'), new RegExp(`\\brequire\\s*\\(\\s*${name}\\s*\\)`, 'g'), new RegExp(`^\\s*import\\s*${name}`, 'gm')]) {
    for (const m of code.matchAll(re)) found.push(m[1]);
  }
  return found;
}

describe.each(BROWSER_FILES)('%s', (file) => {
  const code = readFileSync(`${root}${file}`, 'utf8');

  it('imports no Node built-in (fs, path, worker_threads, …) and nothing but the lazy mnist', () => {
    const found = specifiers(code);
    const builtins = found.filter((s) => s.startsWith('node:') || builtinModules.includes(s));
    expect(builtins).toEqual([]);
    expect(found.filter((s) => s !== 'mnist' && !s.startsWith('./'))).toEqual([]);
  });

  it('does not use the process global', () => {
    expect(code).not.toMatch(/\bprocess\s*\.\s*(env|argv|exit|on|versions|platform|cwd)\b/);
  });
});

it('the check itself finds a built-in import when there is one, and not code that mentions from', () => {
  expect(specifiers("import { readFileSync } from 'node:fs'; const p = await import('path'); require('worker_threads');")).toEqual(['node:fs', 'path', 'worker_threads']);
  expect(specifiers("checkOptions(fn, window, ['from', 'to']);")).toEqual([]);
});
