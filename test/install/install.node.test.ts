// The package installed as a dependency, the two ways a user gets it before it is on the
// registry: from `npm pack`'s tarball, and from git (which runs the `prepare` script in npm's
// temporary clone to build dist/). Each goes into a fresh project in a temporary folder, which
// then runs the README's example as an ES module and as CommonJS, examples/train-and-predict.mjs,
// and the `ntk-dynamics` command through npx.
//
// The tarball test takes seconds and always runs. The git install installs the build's
// devDependencies and builds from scratch (about 45 s here on a warm npm cache), so it runs only
// with NTK_INSTALL_TEST=1, which .ci/run sets. It installs the commit at HEAD of this repository
// (what a user would clone), not uncommitted changes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const temporary: string[] = [];

afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

/** The environment of a user's shell: none of the npm_* variables that `npm test` sets for itself. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return { ...env, ...extra };
}

/** Runs a command; returns stdout and stderr together, and fails the test with both when it fails. */
function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): string {
  const result = spawnSync(command, args, { cwd, env: userEnv(env), encoding: 'utf8', timeout: 240_000 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) throw new Error(`\`${command} ${args.join(' ')}\` in ${cwd} exited with ${result.status ?? result.signal}:\n${output}`);
  return output;
}

/** The README's example: its first TypeScript block that imports the package (it is plain JS). */
function readmeExample(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const block = /```ts\n(import [^\n]* from 'ntk-dynamics';\n[^]*?)```/.exec(readme);
  if (!block) throw new Error("README.md has no ```ts block that starts with an import from 'ntk-dynamics'");
  return block[1];
}

/** The same example as CommonJS: require instead of import, top-level await inside an async function. */
function asCommonJs(esm: string): string {
  const lines = esm.split('\n');
  const imports = lines[0].replace(/^import \{([^}]*)\} from 'ntk-dynamics';$/, "const {$1} = require('ntk-dynamics');");
  if (imports === lines[0]) throw new Error(`cannot turn the README's import line into a require: ${lines[0]}`);
  return `${imports}\n(async () => {\n${lines.slice(1).join('\n')}\n})().catch((error) => { console.error(error); process.exit(1); });\n`;
}

function newProject(name: string, extra: object = {}): string {
  const dir = tempDir(`ntk-${name}-`);
  // No "type": a project's .js files are CommonJS by default; the examples use .mjs and .cjs.
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${name}`, version: '1.0.0', private: true, ...extra }, null, 2));
  return dir;
}

/** What every install must give: the package, its bin, and working ESM, CommonJS and command. */
function checkInstalled(project: string): void {
  const installed = join(project, 'node_modules', pkg.name);
  expect(readdirSync(join(installed, 'dist')).sort()).toEqual(['cli.mjs', 'cli.mjs.map', 'index.cjs', 'index.cjs.map', 'index.d.cts', 'index.d.ts', 'index.mjs', 'index.mjs.map']);
  expect(existsSync(join(installed, 'src')), 'src/ is not shipped').toBe(false);
  expect(existsSync(join(project, 'node_modules', '.bin', 'ntk-dynamics')), 'the bin is linked').toBe(true);

  const example = readmeExample();
  writeFileSync(join(project, 'example.mjs'), example);
  writeFileSync(join(project, 'example.cjs'), asCommonJs(example));
  for (const file of ['example.mjs', 'example.cjs']) {
    const [losses, gap] = run(process.execPath, [file], project).trim().split('\n', 2);
    const [networkLoss, linearizedLoss, odeLoss] = losses.split(/\s+/).map(Number);
    // The README's run: NAG-C on the network, its linearized model and its ODE limit, 100 steps.
    expect(Number.isFinite(networkLoss) && networkLoss > 0 && networkLoss < 1e-4, `${file}: network loss ${networkLoss}`).toBe(true);
    expect(networkLoss / linearizedLoss, `${file}: network against linearized`).toBeGreaterThan(1 / 1.5);
    expect(networkLoss / linearizedLoss, `${file}: network against linearized`).toBeLessThan(1.5);
    expect(Number.isFinite(odeLoss) && odeLoss > networkLoss && odeLoss < 1e-2, `${file}: ODE loss ${odeLoss}`).toBe(true);
    const [worstLossRatio, residualGap] = gap.split(/\s+/).map(Number);
    expect(worstLossRatio).toBeGreaterThanOrEqual(1);
    expect(worstLossRatio).toBeLessThan(1.5);
    expect(residualGap).toBeGreaterThan(0);
    expect(residualGap).toBeLessThan(1e-2);
  }

  copyFileSync(join(root, 'examples', 'train-and-predict.mjs'), join(project, 'train-and-predict.mjs'));
  expect(run(process.execPath, ['train-and-predict.mjs'], project, { NTK_EXAMPLE_QUICK: '1' })).toMatch(/largest \|network − linearized\| loss over all 100 steps/);

  // --no: never fetch a package of that name from the registry; only the installed bin may run.
  expect(run('npx', ['--no', '--', 'ntk-dynamics', '--version'], project).trim()).toBe(pkg.version);
  run('npx', ['--no', '--', 'ntk-dynamics', 'run', '--steps', '3', '--n', '8', '--width', '64', '--optimizers', 'gd', '--out', 'report', '--quiet'], project);
  const results = JSON.parse(readFileSync(join(project, 'report', 'results.json'), 'utf8')) as { version: string; runs: { training: { loss: number[] } }[] };
  expect(results.version).toBe(pkg.version);
  expect(results.runs[0].training.loss).toHaveLength(4);
  expect(existsSync(join(project, 'report', 'report.html'))).toBe(true);

  // The results format's schema, as the subpath the exports map gives it.
  const schemaPath = run(process.execPath, ['-e', "console.log(require.resolve('ntk-dynamics/results.schema.json'))"], project).trim();
  expect(schemaPath).toBe(join(installed, 'schema', 'results.schema.json'));
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as { properties: { formatVersion: { const: number } } };
  expect(schema.properties.formatVersion.const).toBe((results as unknown as { formatVersion: number }).formatVersion);
  expect(readFileSync(join(installed, 'dist', 'index.d.ts'), 'utf8')).toMatch(/interface ExperimentResult\b/);
}

describe('installed from the npm pack tarball', () => {
  it('packs dist/, the README, the licence and the docs, and nothing of the sources or tests', () => {
    const [listing] = JSON.parse(run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], root)) as { files: { path: string }[] }[];
    const files = listing.files.map((f) => f.path).sort();
    expect(files.filter((f) => f.startsWith('dist/'))).toEqual(['dist/cli.mjs', 'dist/cli.mjs.map', 'dist/index.cjs', 'dist/index.cjs.map', 'dist/index.d.cts', 'dist/index.d.ts', 'dist/index.mjs', 'dist/index.mjs.map']);
    expect(files).toEqual(expect.arrayContaining(['CHANGELOG.md', 'LICENSE', 'README.md', 'docs/theory.md', 'package.json', 'schema/results.schema.json']));
    expect(files.filter((f) => /^(src|test|bench|assembly|scripts|examples|demo|build|docs\/api)\//.test(f))).toEqual([]);
  });

  it('installs into a new project, where the README example runs as ESM and CommonJS and the bin runs', () => {
    const packDir = tempDir('ntk-pack-');
    const out = run('npm', ['pack', '--pack-destination', packDir], root);
    const tarball = readdirSync(packDir).find((f) => f.endsWith('.tgz'));
    expect(tarball, out).toBe(`${pkg.name}-${pkg.version}.tgz`);
    const project = newProject('tarball');
    run('npm', ['install', '--no-audit', '--no-fund', join(packDir, tarball!)], project);
    checkInstalled(project);

    // npm 11 lists the package's prepare script as "not covered by allowScripts" for a tarball too,
    // although it does not run it there (the tarball holds the built dist/). Approving it, as the
    // warning suggests, must leave a clean reinstall working and silence the warning.
    run('npm', ['install-scripts', 'approve', pkg.name], project);
    rmSync(join(project, 'node_modules'), { recursive: true, force: true });
    const reinstall = run('npm', ['install', '--no-audit', '--no-fund'], project);
    expect(reinstall).not.toMatch(/not yet covered by allowScripts/);
    expect(existsSync(join(project, 'node_modules', pkg.name, 'dist', 'index.mjs'))).toBe(true);
    expect(run(process.execPath, ['-e', "require('ntk-dynamics').ready().then((i) => console.log(i.backend))"], project).trim()).toBe('simd');
  }, 180_000);
});

describe.runIf(process.env.NTK_INSTALL_TEST === '1')('installed from git (NTK_INSTALL_TEST=1)', () => {
  it('builds dist/ with the prepare script in npm\'s clone, and works like the tarball', () => {
    const clone = tempDir('ntk-git-');
    run('git', ['clone', '--quiet', '--no-hardlinks', root, clone], tmpdir());
    const url = `git+${pathToFileURL(clone).href}`;
    // npm 11 runs a git dependency's prepare script and then warns that it is "not covered by
    // allowScripts"; listing the git URL there is how a user approves it, and silences that.
    const project = newProject('git', { allowScripts: { [url]: true } });
    const out = run('npm', ['install', '--no-audit', '--no-fund', url], project);
    expect(out).not.toMatch(/not yet covered by allowScripts/);
    checkInstalled(project);
  }, 600_000);
});
