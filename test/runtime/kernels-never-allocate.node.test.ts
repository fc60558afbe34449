// "Kernels never allocate": the Wasm builds contain no allocator and never grow memory, so all
// memory is the TypeScript arena's to hand out (a kernel that allocated would write over it, as
// an early version of stedc did through an AssemblyScript object).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const build = fileURLToPath(new URL('../../build/', import.meta.url));

describe.each(['simd', 'relaxed'])('build/%s.wat', (target) => {
  const text = readFileSync(`${build}${target}.wat`, 'utf8');

  it('has no allocator, no runtime and no memory.grow', () => {
    for (const marker of ['~lib/rt/', '__new', '__alloc', 'memory.grow']) expect(text.includes(marker), marker).toBe(false);
  });

  it('imports nothing but its memory (which the runtime makes, shared for a thread pool)', () => {
    const imports = [...text.matchAll(/\(import "([^"]+)" "([^"]+)" \((\w+)/g)].map((m) => `${m[1]}.${m[2]} ${m[3]}`);
    expect(imports).toEqual(['env.memory memory']);
  });
});
