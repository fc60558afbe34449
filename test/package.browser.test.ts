// The built ES module, loaded by the browser as a plain module: no bundler step of the page's
// own, no Wasm file to serve, nothing fetched by the package (its Wasm is embedded).
import { expect, it } from 'vitest';

it('dist/index.mjs runs in the browser as is', async () => {
  const url = new URL('../dist/index.mjs', import.meta.url).href;
  const pkg = await import(/* @vite-ignore */ url);
  const info = await pkg.ready();
  expect(info.backend).toBe('relaxed'); // Chromium validates relaxed SIMD by default
  const c = pkg.matmul(pkg.Matrix.from([[1, 2], [3, 4]]), pkg.Matrix.from([[5], [6]]));
  expect(c.toArray()).toEqual([[17], [39]]);
});
