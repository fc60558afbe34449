// `npm run fixtures`: runs every reference generator, test/fixtures/generate*.py, in turn (NumPy,
// SciPy and mpmath needed; the tests themselves only read the JSON they write).
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const dir = fileURLToPath(new URL('../test/fixtures/', import.meta.url));
const generators = readdirSync(dir).filter((f) => /^generate.*\.py$/.test(f)).sort();
for (const file of generators) {
  process.stdout.write(`fixtures: python3 test/fixtures/${file}\n`);
  const run = spawnSync('python3', [join(dir, file)], { stdio: 'inherit' });
  if (run.status !== 0) {
    process.stderr.write(`fixtures: ${file} failed (exit ${run.status ?? run.signal})\n`);
    process.exit(1);
  }
}
