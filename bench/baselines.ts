// The libraries the benchmarks compare against (TF.js with its wasm backend, ml-matrix) and
// tinybench are bench/'s own dependencies (bench/package.json and its lockfile), not the
// package's: installing or building ntk-dynamics never downloads them (TF.js alone is 286 MB).
// The first benchmark run installs them into bench/node_modules with `npm ci`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = fileURLToPath(new URL('.', import.meta.url));

/** The dependencies of bench/package.json that are missing from bench/node_modules or differ from the lockfile's versions. */
export function missingBaselines(dir = benchDir): string[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
  return Object.keys(manifest.dependencies).filter((name) => {
    const installed = join(dir, 'node_modules', name, 'package.json');
    if (!existsSync(installed)) return true;
    const version = (JSON.parse(readFileSync(installed, 'utf8')) as { version: string }).version;
    return version !== lock.packages[`node_modules/${name}`]?.version;
  });
}

/** Installs bench/'s dependencies when any is missing; exits with npm's status when that fails. */
export function ensureBaselines(dir = benchDir): void {
  const missing = missingBaselines(dir);
  if (missing.length === 0) return;
  console.log(`bench: installing the comparison baselines into bench/node_modules (first run only): ${missing.join(', ')}`);
  // Under `npm run`, npm_execpath is the npm that started us; elsewhere the npm on PATH.
  const npmCli = process.env.npm_execpath;
  const [command, args] = npmCli && /npm-cli\.js$/.test(npmCli)
    ? [process.execPath, [npmCli]]
    : [process.platform === 'win32' ? 'npm.cmd' : 'npm', []];
  const result = spawnSync(command, [...args, 'ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    console.error(`bench: \`npm ci\` in ${dir} failed (status ${result.status ?? result.signal}); the baselines are needed for the comparison tables`);
    process.exit(1);
  }
}

// `tsx bench/baselines.ts` (npm run typecheck:bench): install them and nothing else.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) ensureBaselines();
