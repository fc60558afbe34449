// The generated ABI (src/runtime/abi.generated.ts) against what it is generated from: the export
// list of assembly/index.ts, read here independently of asc, and the runtime's check of an
// instance against it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KERNEL_EXPORTS, KERNEL_EXPORT_NAMES } from '../../src/runtime/abi';

const assembly = fileURLToPath(new URL('../../assembly/', import.meta.url));

/** The names assembly/index.ts exports: `export { a, b as c } from …` and `export function d`. */
function indexExports(): string[] {
  const text = readFileSync(`${assembly}index.ts`, 'utf8').replace(/\/\/.*$/gm, '');
  const names: string[] = [];
  for (const [, list] of text.matchAll(/export\s*\{([^}]*)\}\s*from/g)) {
    for (const item of list.split(',')) {
      const words = item.trim().split(/\s+as\s+/);
      if (words[0] !== '') names.push(words[words.length - 1]);
    }
  }
  for (const [, name] of text.matchAll(/export\s+function\s+(\w+)/g)) names.push(name);
  return names;
}

describe('the generated ABI', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.resetModules();
  });

  it('lists exactly the exports of assembly/index.ts, and the memory', () => {
    const names = indexExports();
    expect(names.length).toBeGreaterThan(20);
    expect([...KERNEL_EXPORT_NAMES].sort()).toEqual(['memory', ...names].sort());
  });

  it('declares the memory as memory and every other export as a function', () => {
    for (const name of KERNEL_EXPORT_NAMES) expect(KERNEL_EXPORTS[name].kind, name).toBe(name === 'memory' ? 'memory' : 'function');
  });

  it('ready() refuses a build that lacks an export, or has one with other parameters', async () => {
    const instantiate = WebAssembly.instantiate.bind(WebAssembly) as (m: WebAssembly.Module, i: object) => Promise<WebAssembly.Instance>;
    for (const [name, replacement] of [['stedc_f64', undefined], ['gemm_f64', (a: number) => a]] as const) {
      vi.resetModules();
      vi.spyOn(WebAssembly, 'instantiate').mockImplementation((async (module: WebAssembly.Module, imports: object) => {
        const instance = await instantiate(module, imports);
        const exports: Record<string, unknown> = { ...instance.exports };
        if (replacement === undefined) delete exports[name];
        else exports[name] = replacement;
        return { exports } as unknown as WebAssembly.Instance;
      }) as typeof WebAssembly.instantiate);
      const { ready } = await import('../../src/index');
      await expect(ready({ backend: 'simd', threads: 1 })).rejects.toThrow(`ntk-dynamics: the simd build does not export ${name} as a function of ${KERNEL_EXPORTS[name].parameters} parameters`);
      vi.restoreAllMocks();
    }
  });
});
