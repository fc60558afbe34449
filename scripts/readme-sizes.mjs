// Measures what a user downloads and what a browser loads, and writes it into README.md between
// the markers <!-- sizes --> and <!-- /sizes -->, so the sizes the README quotes are current.
// Needs a full build (npm run build: dist/ and the demo in build/demo/).
//   node scripts/readme-sizes.mjs           update README.md
//   node scripts/readme-sizes.mjs --print   print the block only
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const kb = (bytes) => `${Math.round(bytes / 1000)} KB`;

function sizes(path) {
  const bytes = readFileSync(`${root}${path}`);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/**
 * The scripts the demo page loads: build/demo/main.js and worker.js and the chunks they import
 * (followed from their `./` imports, so that chunks left over from earlier builds do not count).
 */
export function demoScripts() {
  const found = new Set();
  const visit = (name) => {
    if (found.has(name)) return;
    found.add(name);
    const code = readFileSync(`${root}build/demo/${name}`, 'utf8');
    for (const m of code.matchAll(/\bfrom\s*['"]\.\/([\w.-]+\.js)['"]|\bimport\s*\(\s*['"]\.\/([\w.-]+\.js)['"]/g)) visit(m[1] ?? m[2]);
  };
  visit('main.js');
  // The page starts the worker by URL (new Worker(new URL('./worker.js', …))), not by import.
  visit('worker.js');
  return [...found].sort().map((name) => `build/demo/${name}`);
}

/** The size of the package as npm would pack it (scripts off: the build is taken as it is). */
export function packSizes() {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
  const [pack] = JSON.parse(out);
  return { packed: pack.size, unpacked: pack.unpackedSize, files: pack.entryCount };
}

export function sizesBlock() {
  const esm = sizes('dist/index.mjs');
  // The demo's scripts: the page (with its charts), the worker, and the chunk they share.
  const demoFiles = demoScripts().map((f) => sizes(f));
  const demo = demoFiles.reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }));
  const pack = packSizes();
  return [
    '<!-- sizes -->',
    `- **Size.** The ES module, with both Wasm builds embedded, is ${kb(esm.raw)} (${kb(esm.gzip)} gzipped); the`,
    `  demo loads ${kb(demo.raw)} of scripts (${kb(demo.gzip)} gzipped: its page with the charts, its worker and the`,
    `  library code they share). The npm package is ${kb(pack.packed)} packed and ${kb(pack.unpacked)} installed (${pack.files} files:`,
    '  both module formats, their types and source maps with their sources, the README, the',
    '  changelog and docs/theory.md). Nothing that a browser loads imports a Node built-in (a test',
    '  checks every module specifier in those bundles).',
    '<!-- /sizes -->',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const block = sizesBlock();
  if (process.argv.includes('--print')) {
    console.log(block);
  } else {
    const readme = readFileSync(`${root}README.md`, 'utf8');
    const pattern = /<!-- sizes -->[^]*?<!-- \/sizes -->/;
    if (!pattern.test(readme)) throw new Error('README.md has no <!-- sizes --> markers');
    writeFileSync(`${root}README.md`, readme.replace(pattern, block));
    console.log('README.md sizes updated');
  }
}
