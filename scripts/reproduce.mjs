// The authors' five MNIST experiments at full length, one after another, each into
// docs/reproduction/<preset>/ (results.json, report.html), resumable: run it again after a stop
// and each preset continues from its checkpoint (bit for bit) or is skipped when it is done.
//
//   node scripts/reproduce.mjs [preset …]        (default: all five, in the order below)
//
// The command each preset ran is written to docs/reproduction/<preset>/command.txt and the wall
// time of each sitting to timing.json; `npm run reproduction:doc` then writes docs/reproduction.md.
// NAG's width sweep averages 3 seeds (the authors used 10; set NTK_NAG_SEEDS=10 for all of them).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const ALL = ['nag-epoch', 'hb-width', 'nag-width', 'hb-epoch', 'two-momentum'];
const presets = process.argv.length > 2 ? process.argv.slice(2) : ALL;
const extra = { 'nag-width': ['--seeds', process.env.NTK_NAG_SEEDS ?? '3'] };

for (const preset of presets) {
  if (!ALL.includes(preset)) throw new Error(`unknown preset ${preset} (known: ${ALL.join(', ')})`);
  const out = join('docs', 'reproduction', preset);
  const dir = join(root, out);
  mkdirSync(dir, { recursive: true });
  const resultsFile = join(dir, 'results.json');
  const status = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')).status : undefined;
  if (status === 'completed' && !existsSync(join(dir, 'checkpoint.json'))) {
    console.log(`${preset}: done already (${out}/results.json)`);
    continue;
  }
  // A stopped run's results.json (status aborted) without its checkpoint (too large to commit, so
  // absent on a fresh clone) cannot be continued: the preset starts again.
  if (status !== undefined && !existsSync(join(dir, 'checkpoint.json'))) console.log(`${preset}: ${out}/results.json is ${status} and has no checkpoint beside it: starting again`);
  const args = existsSync(join(dir, 'checkpoint.json'))
    ? ['run', '--resume', '--out', out]
    : ['run', '--preset', preset, ...(extra[preset] ?? []), '--out', out];
  const command = `ntk-dynamics ${args.join(' ')}`;
  console.log(`${preset}: ${command}`);
  if (!args.includes('--resume')) writeFileSync(join(dir, 'command.txt'), `${command}\n`);
  const started = Date.now();
  const run = spawnSync(process.execPath, [join(root, 'dist', 'cli.mjs'), ...args], { cwd: root, stdio: 'inherit' });
  // The wall time of each sitting, summed by scripts/reproduction-doc.ts.
  const timingFile = join(dir, 'timing.json');
  const timing = existsSync(timingFile) ? JSON.parse(readFileSync(timingFile, 'utf8')) : { invocations: [] };
  timing.invocations.push({ startedAt: new Date(started).toISOString(), seconds: (Date.now() - started) / 1000, resumed: args.includes('--resume'), exit: run.status });
  writeFileSync(timingFile, `${JSON.stringify(timing, null, 2)}\n`);
  if (run.status !== 0) {
    console.log(`${preset}: stopped (exit ${run.status ?? run.signal}); run this script again to continue`);
    process.exit(run.status ?? 1);
  }
}
