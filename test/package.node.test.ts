// The built package (dist/), used the way a dependent uses it: imported and required by a plain
// Node process with no bundler, no flags, and nothing to configure.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function runNode(args: string[], code: string): string {
  return execFileSync(process.execPath, [...args, '--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' }).trim();
}

describe('the built package', () => {
  const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8'));

  it('declares ESM, CommonJS and types for both in its exports map, and no side effects', () => {
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.exports['.'].import).toEqual({ types: './dist/index.d.ts', default: './dist/index.mjs' });
    expect(pkg.exports['.'].require).toEqual({ types: './dist/index.d.cts', default: './dist/index.cjs' });
    for (const file of ['index.mjs', 'index.cjs', 'index.d.ts', 'index.d.cts']) expect(existsSync(`${root}/dist/${file}`), file).toBe(true);
    const types = readFileSync(`${root}/dist/index.d.ts`, 'utf8');
    for (const name of ['ready', 'matmul', 'gram', 'Matrix', 'RuntimeInfo', 'MatmulOptions']) expect(types).toContain(name);
  });

  it('ships source maps that carry the TypeScript they map to (src/ is not in the package), all but the generated Wasm bytes', () => {
    for (const file of ['index.mjs', 'index.cjs', 'cli.mjs']) {
      const code = readFileSync(`${root}/dist/${file}`, 'utf8');
      expect(code.trimEnd().endsWith(`//# sourceMappingURL=${file}.map`), file).toBe(true);
      const map = JSON.parse(readFileSync(`${root}/dist/${file}.map`, 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
      expect(map.sources.length, file).toBeGreaterThan(10);
      expect(map.sourcesContent?.length, file).toBe(map.sources.length);
      map.sources.forEach((source, i) => {
        expect(source, file).toMatch(/^\.\.\/src\/.+\.ts$/);
        // The generated Wasm bytes (the same base64 as in the bundle) are named but not carried.
        const expected = source.endsWith('wasm-bytes.generated.ts') ? null : readFileSync(`${root}/dist/${source}`, 'utf8');
        expect(map.sourcesContent![i], `${file}: ${source}`).toBe(expected);
      });
      expect(map.sources.some((source) => source.endsWith('wasm-bytes.generated.ts')), file).toBe(true);
    }
  });

  it('ships only the public surface in its types: no arena, resident arrays or network state', () => {
    const types = readFileSync(`${root}/dist/index.d.ts`, 'utf8');
    for (const internal of ['Arena', 'ResidentArray', 'NetState', 'KernelExports', 'interface Runtime ', 'readonly state', 'liveState']) {
      expect(types, internal).not.toContain(internal);
    }
  });

  it('its types compile in a strict TypeScript project that uses the API, `using` included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ntk-types-'));
    writeFileSync(join(dir, 'use.ts'), `
      import { ready, Matrix, TwoLayerReLU, eigh, OutOfMemoryError, type RuntimeInfo } from '${root}/dist/index.js';
      export async function main(): Promise<number> {
        const info: RuntimeInfo = await ready();
        using net = TwoLayerReLU.init({ inputDim: 2, width: 4 });
        const values: Float64Array = eigh(Matrix.identity(2)).values;
        const e: RangeError = new OutOfMemoryError('x');
        return info.liveBytes + values[0] + net.width + e.message.length;
      }`);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'ESNext.Disposable', 'DOM'], skipLibCheck: false, types: [] },
      files: ['use.ts'],
    }));
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('works through import by package name, and picks SIMD in a Node without the relaxed flag', () => {
    const out = runNode([], `
      import { ready, matmul, Matrix } from 'ntk-dynamics';
      const info = await ready();
      const c = matmul(Matrix.from([[1, 2], [3, 4]]), Matrix.from([[5], [6]]));
      console.log(JSON.stringify({ backend: info.backend, c: c.toArray() }));`);
    expect(JSON.parse(out)).toEqual({ backend: 'simd', c: [[17], [39]] });
  });

  it('works through require', () => {
    const out = execFileSync(process.execPath, ['-e', `
      const { ready, gram, Matrix } = require('ntk-dynamics');
      ready().then(() => console.log(JSON.stringify(gram(Matrix.from([[1, 2], [3, 4]])).toArray())));`], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([[5, 11], [11, 25]]);
  });

  it('uses relaxed SIMD when Node is started with --experimental-wasm-relaxed-simd', () => {
    const out = runNode(['--experimental-wasm-relaxed-simd'], `
      import { ready } from 'ntk-dynamics';
      console.log((await ready()).backend);`);
    expect(out).toBe('relaxed');
  });

  it("tells how to enable relaxed SIMD when it is forced on an engine without it", () => {
    const out = runNode([], `
      import { ready } from 'ntk-dynamics';
      await ready({ backend: 'relaxed' }).then(() => console.log('resolved'), (e) => console.log(e.message));`);
    expect(out).toMatch(/does not accept WebAssembly relaxed SIMD \(in Node 20, run node with --experimental-wasm-relaxed-simd\)/);
  });
});
