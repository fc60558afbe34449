// Copies the tables of bench/results/*.json into README.md, between the markers
// <!-- bench:NAME --> and <!-- /bench:NAME -->, so the README shows what was last measured.
//   node scripts/readme-bench.mjs
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
let readme = readFileSync(`${root}README.md`, 'utf8');

function markdown({ header, body }) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), `|${header.map(() => '---:').join('|')}|`, ...body.map(line)].join('\n');
}

for (const name of ['gemm', 'eigh', 'nn', 'dynamics', 'threads']) {
  const file = `${root}bench/results/${name}.json`;
  if (!existsSync(file)) continue;
  const result = JSON.parse(readFileSync(file, 'utf8'));
  const m = result.machine;
  const caption = `Measured ${result.date.slice(0, 10)} on ${m.cpu} (${m.cores} cores), Node ${m.node} (V8 ${m.v8}), ${m.platform}, ${name === 'threads' ? 'one thread and all' : 'one thread'}.`;
  const notes = (result.notes ?? []).map((n) => `${n}\n`).join('');
  const block = `<!-- bench:${name} -->\n${markdown(result.table)}\n\n${notes}${caption}\n<!-- /bench:${name} -->`;
  const pattern = new RegExp(`<!-- bench:${name} -->[^]*?<!-- /bench:${name} -->`);
  if (!pattern.test(readme)) throw new Error(`README.md has no <!-- bench:${name} --> markers`);
  readme = readme.replace(pattern, block);
}
writeFileSync(`${root}README.md`, readme);
console.log('README.md benchmark tables updated from bench/results/');
