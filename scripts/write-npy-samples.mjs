// Writes .npy files with toNpy (from the built package, dist/) for NumPy to read back:
//
//   npm run build:js && node scripts/write-npy-samples.mjs /tmp/npy-samples
//   python3 test/fixtures/generate_npy.py --check /tmp/npy-samples
//
// The samples are the arrays of test/fixtures/npy.json (rebuilt from their bit patterns, so NaN
// payloads and -0 are included) and a few more made here. manifest.json lists each file with the
// shape and bits NumPy must find in it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Matrix, toNpy } from '../dist/index.mjs';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/write-npy-samples.mjs <output directory>');
  process.exit(2);
}

const fromBits = (bits) => new Float64Array(BigUint64Array.from(bits, (b) => BigInt(`0x${b}`)).buffer);
const bitsOf = (values) => Array.from(new BigUint64Array(values.buffer, values.byteOffset, values.length), (w) => w.toString(16).padStart(16, '0'));

const samples = [];
const fixture = JSON.parse(readFileSync(new URL('../test/fixtures/npy.json', import.meta.url), 'utf8'));
for (const c of fixture.cases) {
  if (!c.bits) continue;
  const values = fromBits(c.bits);
  samples.push({ name: c.name, array: c.shape.length === 2 ? new Matrix(c.shape[0], c.shape[1], values) : values });
}
const wave = (n, k) => Float64Array.from({ length: n }, (_, i) => Math.sin(i * k + 0.5) * 10 ** ((i % 9) - 4));
samples.push({ name: 'wave-17x5', array: new Matrix(17, 5, wave(85, 0.7)) });
samples.push({ name: 'wave-333', array: wave(333, 1.3) });
samples.push({ name: 'view-of-larger-buffer', array: new Matrix(2, 3, wave(10, 2.1).subarray(3, 9)) });

mkdirSync(dir, { recursive: true });
const manifest = { samples: [] };
for (const { name, array } of samples) {
  const file = `${name}.npy`;
  writeFileSync(join(dir, file), toNpy(array));
  const shape = array instanceof Matrix ? [array.rows, array.cols] : [array.length];
  manifest.samples.push({ file, shape, bits: bitsOf(array instanceof Matrix ? array.data : array) });
}
writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
console.log(`wrote ${samples.length} .npy files and manifest.json to ${dir}`);
