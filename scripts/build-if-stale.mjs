// Builds what the package ships (build/*.wasm, then dist/) only when its sources are newer than
// the last build, so `npm start` and `npm install` in a clone do not rebuild every time. `npm
// install` runs it as the `prepare` script, which is also how installing from git gets a dist/.
// The demo (build/demo) is not part of the package: `npm run build` builds everything.
//   node scripts/build-if-stale.mjs           build what is stale, say what and why
//   node scripts/build-if-stale.mjs --check   only say what is stale; exit 1 if anything is
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The two build stages: what each reads, what it writes, and the command that runs it. */
export const STAGES = [
  {
    name: 'wasm',
    inputs: ['assembly', 'asconfig.json', 'scripts/build-wasm.mjs'],
    outputs: ['build/simd.wasm', 'build/relaxed.wasm', 'src/runtime/wasm-bytes.generated.ts'],
    command: ['scripts/build-wasm.mjs'],
  },
  {
    name: 'dist',
    inputs: ['src', 'rollup.config.mjs', 'tsconfig.json', 'package.json'],
    outputs: ['dist/index.mjs', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/cli.mjs'],
    command: ['node_modules/rollup/dist/bin/rollup', '-c', '--environment', 'NTK_PACKAGE_ONLY'],
  },
];

/** The devDependencies the two stages run. */
const BUILD_TOOLS = ['assemblyscript', 'rollup', '@rollup/plugin-typescript', 'rollup-plugin-dts', 'typescript', 'tslib'];

/** Every file under `path` (or `path` itself), relative to `base`, with its modification time. */
function files(base, path) {
  const full = join(base, path);
  if (!existsSync(full)) return [];
  const stat = statSync(full);
  if (!stat.isDirectory()) return [{ path, mtimeMs: stat.mtimeMs }];
  return readdirSync(full).flatMap((entry) => files(base, join(path, entry)));
}

/**
 * Why a stage must run, or undefined when its outputs are all newer than all of its inputs. A
 * missing output always means rebuild; an input newer than the oldest output names itself.
 */
export function staleReason(stage, base = root) {
  const missing = stage.outputs.find((output) => !existsSync(join(base, output)));
  if (missing) return `${missing} is missing`;
  const oldest = stage.outputs.map((output) => ({ path: output, mtimeMs: statSync(join(base, output)).mtimeMs })).reduce((a, b) => (b.mtimeMs < a.mtimeMs ? b : a));
  const newer = stage.inputs.flatMap((input) => files(base, input)).filter((f) => f.mtimeMs > oldest.mtimeMs && !stage.outputs.includes(f.path));
  if (newer.length === 0) return undefined;
  const newest = newer.reduce((a, b) => (b.mtimeMs > a.mtimeMs ? b : a));
  return `${newest.path} is newer than ${oldest.path}${newer.length > 1 ? ` (and ${newer.length - 1} more)` : ''}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const checkOnly = process.argv.includes('--check');
  let stale = false;
  for (const stage of STAGES) {
    // A wasm rebuild rewrites src/runtime/wasm-bytes.generated.ts, so dist's reason is read after it.
    const reason = staleReason(stage);
    if (!reason) {
      console.log(`build: ${stage.name} is up to date`);
      continue;
    }
    stale = true;
    console.log(`build: ${stage.name} ${checkOnly ? 'is stale' : 'rebuilds'}: ${reason}`);
    if (checkOnly) continue;
    // A folder installed as a dependency (npm install ../ntk-dynamics) is linked, and its prepare
    // runs there: without its own devDependencies it cannot build.
    const tool = BUILD_TOOLS.find((name) => !existsSync(join(root, 'node_modules', name, 'package.json')));
    if (tool) {
      console.error(`build: cannot build in ${root.replace(/[\\/]$/, '')}: its build tools (${tool}) are not installed; run \`npm install\` there first`);
      process.exit(1);
    }
    const result = spawnSync(process.execPath, stage.command, { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) {
      console.error(`build: the ${stage.name} stage failed (${relative(root, stage.command[0])} exited with ${result.status ?? result.signal})`);
      process.exit(1);
    }
  }
  if (checkOnly && stale) process.exit(1);
}
