// Bundles src/ into the published package: one ES module, one CommonJS file, and their type
// declarations. The Wasm binaries arrive as base64 strings inside the JS (see
// scripts/build-wasm.mjs), so the bundle needs no loader configuration and fetches nothing.
// `rollup -c --environment NTK_PACKAGE_ONLY` (scripts/build-if-stale.mjs, the `prepare` script)
// builds the package alone, without the demo.
import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const banner = '/*! ntk-dynamics — MIT licence */';

// The demo's charting library, an ES module and its stylesheet (no node-resolve plugin needed).
const uplotModule = fileURLToPath(new URL('./node_modules/uplot/dist/uPlot.esm.js', import.meta.url));
const uplotStyles = fileURLToPath(new URL('./node_modules/uplot/dist/uPlot.min.css', import.meta.url));

// The maps carry their TypeScript sources, except the generated file that holds the Wasm builds as
// base64 (about 80 KB each): its text is the same string as in the bundle, so the maps name it
// and leave its content out (null, as the source map format allows).
const omitGeneratedSources = {
  name: 'omit-generated-sources',
  generateBundle(_options, bundle) {
    for (const asset of Object.values(bundle)) {
      if (asset.type !== 'asset' || !asset.fileName.endsWith('.map')) continue;
      const map = JSON.parse(asset.source);
      map.sources.forEach((source, i) => {
        if (source.endsWith('wasm-bytes.generated.ts')) map.sourcesContent[i] = null;
      });
      asset.source = JSON.stringify(map);
    }
  },
};

const tsPlugin = () =>
  typescript({
    tsconfig: './tsconfig.json',
    include: ['src/**/*.ts'],
    // inlineSources: the maps carry the TypeScript they point at (src/ is not in the package).
    compilerOptions: { declaration: false, outDir: undefined, noEmit: false, sourceMap: true, inlineSources: true },
  });

const packageOnly = process.env.NTK_PACKAGE_ONLY !== undefined;

const configs = [
  {
    input: 'src/index.ts',
    // The MNIST digits are an optional peer dependency, imported lazily by loadMnist().
    external: ['mnist'],
    output: [
      { file: 'dist/index.mjs', format: 'es', banner, sourcemap: true },
      { file: 'dist/index.cjs', format: 'cjs', banner, sourcemap: true, exports: 'named' },
    ],
    plugins: [tsPlugin(), omitGeneratedSources],
  },
  {
    // The `ntk-dynamics` command: Node only, so Node built-ins stay external.
    input: 'src/cli/bin.ts',
    external: ['mnist', /^node:/],
    output: { file: 'dist/cli.mjs', format: 'es', banner: '#!/usr/bin/env node\n' + banner, sourcemap: true },
    plugins: [tsPlugin(), omitGeneratedSources],
  },
  packageOnly ? undefined : {
    // The browser demo: the page script and its training worker, each one self-contained module,
    // with uPlot (the demo's charts; a devDependency, never part of dist/) bundled in.
    input: { main: 'demo/main.ts', worker: 'demo/worker.ts' },
    external: ['mnist'],
    output: { dir: 'build/demo', format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    plugins: [
      { name: 'demo-uplot', resolveId: (id) => (id === 'uplot' ? uplotModule : null) },
      typescript({ tsconfig: './tsconfig.json', include: ['src/**/*.ts', 'demo/**/*.ts'], compilerOptions: { declaration: false, outDir: undefined, noEmit: false } }),
      {
        name: 'demo-page',
        generateBundle() {
          this.emitFile({ type: 'asset', fileName: 'index.html', source: readFileSync('demo/index.html', 'utf8') });
          this.emitFile({ type: 'asset', fileName: 'uPlot.min.css', source: readFileSync(uplotStyles, 'utf8') });
        },
      },
    ],
  },
  {
    input: 'src/index.ts',
    external: ['mnist'],
    output: [
      { file: 'dist/index.d.ts', format: 'es' },
      { file: 'dist/index.d.cts', format: 'es' },
    ],
    // @internal members (a network's resident state, the runtime's arena) stay out of the types.
    plugins: [dts({ tsconfig: './tsconfig.json', compilerOptions: { stripInternal: true } })],
  },
];

export default configs.filter(Boolean);
