// Every results.json the command writes is valid against the JSON Schema shipped in the package
// (schema/results.schema.json): a curves run, a width sweep, a diverged run, an aborted run and a
// failed one. The schema describes every field, and is strict: a field the code adds without
// the schema, a null where a number belongs, an unknown status, all fail (the built command).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { Background, root, runCli, tempDir, TINY } from '../helpers/cli';
import { RESULTS_FORMAT_VERSION } from '../../src/experiment/results';
import { OPTIMIZER_NAMES } from '../../src/experiment/config';
import { optimizerDescriptors } from '../../src/optimizers/registry';

const schema = JSON.parse(readFileSync(join(root, 'schema', 'results.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true });
// ISO 8601 date and time, as Date.prototype.toISOString writes it.
ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
const validate = ajv.compile(schema);

/** results.json as written: the raw JSON text, {"$float": …} objects and all. */
function raw(dir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
}

function expectValid(json: unknown, what: string): void {
  const ok = validate(json);
  expect(ok, `${what}: ${ajv.errorsText(validate.errors, { separator: '\n' })}`).toBe(true);
}

describe('results.json against schema/results.schema.json', () => {
  it('a curves run, with --export (no change to results.json)', () => {
    const out = tempDir('schema-curves');
    expect(runCli(['run', ...TINY, '--optimizers', 'gd,hb,nag,nag-sc,two-momentum,qhm', '--export', 'npy', '--out', out]).status).toBe(0);
    const json = raw(out) as Record<string, unknown> & { data: { test?: unknown }; runs: { test?: unknown }[] };
    expect(json.formatVersion).toBe(RESULTS_FORMAT_VERSION);
    // with the default test split
    expect(json.data.test).toBeDefined();
    expect(json.runs.every((r) => r.test)).toBe(true);
    expectValid(json, 'curves');
  });

  it('a curves run without a test split, and one in the standard parameterization (no infinite-width curve)', () => {
    const none = tempDir('schema-no-test');
    expect(runCli(['run', ...TINY, '--optimizers', 'gd', '--test-n', '0', '--out', none]).status).toBe(0);
    expectValid(raw(none), 'no test split');
    const standard = tempDir('schema-standard');
    expect(runCli(['run', ...TINY, '--optimizers', 'gd', '--parameterization', 'standard', '--lr', '0.001', '--out', standard]).status).toBe(0);
    const json = raw(standard) as { runs: { test: { infiniteWidth: unknown } }[] };
    expect(json.runs[0].test.infiniteWidth).toBeNull();
    expectValid(json, 'standard');
  });

  it('a width sweep', () => {
    const out = tempDir('schema-sweep');
    const p = runCli(['run', '--n', '8', '--dim', '3', '--steps', '10', '--widths', '16,32', '--seeds', '2', '--optimizers', 'gd,hb', '--quiet', '--out', out]);
    expect(p.status, p.stderr).toBe(0);
    const json = raw(out) as { sweep: { runs: { id: string; loss: number[] }[] } };
    expect(json.sweep.runs.map((r) => [r.id, r.loss.length])).toEqual([['gd', 2], ['hb-0.9', 2]]);
    expectValid(json, 'sweep');
  });

  it('a diverged run (non-finite numbers written as {"$float": …})', () => {
    const out = tempDir('schema-diverged');
    expect(runCli(['run', ...TINY, '--optimizers', 'gd', '--lr', '50', '--out', out]).status).toBe(0);
    // JSON's null appears only where the format says "none" (a fit or a gap that could not be
    // measured), never for a number
    const nulls: string[] = [];
    const walk = (v: unknown, path: string): void => {
      if (v === null) nulls.push(path);
      else if (typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    };
    walk(raw(out), '');
    // (the test predictions: the linearized model and the infinite-width network are both unstable at this step)
    expect(nulls).toEqual(['.runs.0.fitted', '.runs.0.linearizedFit', '.runs.0.gap', '.runs.0.test.linearized', '.runs.0.test.infiniteWidth', '.widthGap.runs.0.fit', '.widthGap.runs.0.lossRatioFit']);
    const json = raw(out) as { runs: { training: { status: string }; fitted: unknown; gap: unknown }[] };
    expect(json.runs[0].training.status).toBe('diverged');
    expect(json.runs[0].gap).toBeNull();
    expectValid(json, 'diverged');
  });

  it('an aborted run and a failed run', async () => {
    const aborted = tempDir('schema-aborted');
    const run = new Background(['run', '--n', '20', '--dim', '4', '--width', '256', '--steps', '100000000', '--optimizers', 'gd,nag', '--out', aborted]);
    await run.waitFor(/kernels and spectra/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    run.child.kill('SIGTERM');
    expect((await run.exit()).code).toBe(143);
    const a = raw(aborted);
    expect([a.status, a.stoppedBy]).toEqual(['aborted', 'SIGTERM']);
    expectValid(a, 'aborted');

    const failed = tempDir('schema-failed');
    expect(runCli(['run', '--n', '8', '--dim', '3', '--steps', '5', '--optimizers', 'gd', '--widths', '16,300000000', '--quiet', '--out', failed]).status).toBe(1);
    const f = raw(failed);
    expect(f.status).toBe('failed');
    expect(typeof f.error).toBe('string');
    expectValid(f, 'failed');
  }, 60_000);

  it("a preset's run: the README figure's results (nag-epoch, 200 steps, standard parameterization, mean loss)", () => {
    const json = JSON.parse(readFileSync(join(root, 'docs', 'figures-data', 'nag-epoch-200.results.json'), 'utf8'));
    expect(json.config).toMatchObject({ dataset: 'mnist', n: 600, steps: 200, parameterization: 'standard' });
    expectValid(json, 'nag-epoch');
  });

  it('is strict: an unknown field, a null number, a wrong status or version are invalid', () => {
    const out = tempDir('schema-strict');
    expect(runCli(['run', ...TINY, '--optimizers', 'gd', '--out', out]).status).toBe(0);
    const good = raw(out) as Record<string, unknown> & { runs: Record<string, unknown>[] };
    expectValid(good, 'as written');
    const bad: [string, (r: typeof good) => void][] = [
      ['an unknown top-level field', (r) => (r.extra = 1)],
      ['an unknown run field', (r) => (r.runs[0].extra = 1)],
      ['lambda0 null', (r) => (r.lambda0 = null)],
      ['a {"$float"} of another value', (r) => (r.lambda0 = { $float: 'nan' })],
      ['an unknown status', (r) => (r.status = 'done')],
      ['another format version', (r) => (r.formatVersion = 2)],
      ['a run without id', (r) => delete r.runs[0].id],
      ['an id that is no file name', (r) => (r.runs[0].id = '../gd')],
      ['an unknown field of a test curve', (r) => ((r.runs[0].test as Record<string, unknown>).extra = 1)],
      ['a test curve without its infinite-width entry', (r) => delete (r.runs[0].test as Record<string, unknown>).infiniteWidth],
      ['a negative testN', (r) => ((r.config as Record<string, unknown>).testN = -1)],
    ];
    for (const [what, change] of bad) {
      const copy = structuredClone(good);
      change(copy);
      expect(validate(copy), what).toBe(false);
    }
  });

  it('describes every field', () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (node === null || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (n.properties && typeof n.properties === 'object') {
        for (const [key, value] of Object.entries(n.properties as Record<string, Record<string, unknown>>)) {
          const described = typeof value.description === 'string' || (typeof value.$ref === 'string' && typeof resolve(value.$ref).description === 'string');
          if (!described && key !== '$float') missing.push(`${path}.${key}`);
        }
      }
      for (const [key, value] of Object.entries(n)) walk(value, `${path}.${key}`);
    };
    const resolve = (ref: string) => ref.replace(/^#\//, '').split('/').reduce((o: Record<string, unknown>, k) => o[k] as Record<string, unknown>, schema) as Record<string, unknown>;
    walk(schema, '#');
    expect(missing).toEqual([]);
    // the rates per step and per unit of ODE time are separate fields
    const theoretical = schema.$defs.run.properties.theoretical.properties;
    expect(theoretical.ratePerStep.description).toMatch(/per step/);
    expect(theoretical.ratePerUnitTime.description).toMatch(/per unit of ODE time/);
    expect(schema.properties.recordEvery.description).toMatch(/max\(1, ⌊config\.steps\/500⌋\)/);
  });

  it("names the registry's optimizers and hyperparameters", () => {
    const runSpec = schema.$defs.runSpec;
    expect(runSpec.properties.optimizer.enum).toEqual([...OPTIMIZER_NAMES]);
    const hyper = [...new Set(optimizerDescriptors().flatMap((d) => d.hyperparameters.map((h) => h.name)))].sort();
    expect(Object.keys(runSpec.properties).filter((k) => !['name', 'optimizer', 'lr'].includes(k)).sort()).toEqual(hyper);
  });
});
