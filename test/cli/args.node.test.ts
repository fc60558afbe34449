import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLAGS, helpText, parseRunArgs } from '../../src/cli/args';
import { optimizerDescriptors } from '../../src/optimizers/registry';
import { DEFAULT_CONFIG } from '../../src/experiment/config';
import { UsageError } from '../../src/cli/errors';

const dir = mkdtempSync(join(tmpdir(), 'ntk-args-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('run flags', () => {
  it('default to the embedded experiment', () => {
    const o = parseRunArgs([]);
    expect(o.config).toEqual(DEFAULT_CONFIG);
    expect(o.out).toBe('./ntk-report');
    expect(o.quiet).toBe(false);
  });

  it('--lr alone changes the step of the default runs and keeps their momenta', () => {
    expect(parseRunArgs(['--lr', '0.1']).config.runs).toEqual([
      { name: 'GD', optimizer: 'gd', lr: 0.1 },
      { name: 'HB β=0.7', optimizer: 'hb', lr: 0.1, momentum: 0.7 },
      { name: 'NAG ρ=3', optimizer: 'nag', lr: 0.1, damping: 3 },
    ]);
  });

  it('--gap-widths and --gap-seeds set the width panel; none turns it off; bad values are refused', () => {
    expect(parseRunArgs(['--gap-widths', '100,200,400', '--gap-seeds', '2']).config).toMatchObject({ gapWidths: [100, 200, 400], gapSeeds: 2 });
    expect(parseRunArgs(['--gap-widths', 'none']).config.gapWidths).toEqual([]);
    expect(() => parseRunArgs(['--gap-widths', '100,x'])).toThrow("--gap-widths: 'x' is not a width");
    expect(() => parseRunArgs(['--gap-widths', '0'])).toThrow("'0' is not a width");
    expect(() => parseRunArgs(['--gap-seeds', '0'])).toThrow('--gap-seeds must be at least 1');
  });

  it('set the data, the network and the optimizers', () => {
    const o = parseRunArgs(['--optimizers', 'hb,nag', '--lr', '0.05', '--momentum=0.8', '--damping', '6', '--width', '2048', '--steps', '77', '--n', '40', '--dim', '5', '--seed', '9', '--loss', 'mean', '--out', 'x', '--quiet']);
    expect(o.config).toMatchObject({ width: 2048, steps: 77, n: 40, dim: 5, seed: 9, loss: 'mean' });
    expect(o.config.runs).toEqual([
      { name: 'HB β=0.8', optimizer: 'hb', lr: 0.05, momentum: 0.8 },
      { name: 'NAG ρ=6', optimizer: 'nag', lr: 0.05, damping: 6 },
    ]);
    expect([o.out, o.quiet]).toEqual(['x', true]);
  });

  it('read a --config file with the same names, which flags override', () => {
    const path = file('c.json', JSON.stringify({ width: 100, steps: 5, optimizers: ['gd', 'two-momentum'], beta1: 0.3, beta2: 0.1 }));
    const o = parseRunArgs(['--config', path, '--steps', '9']);
    expect(o.config.width).toBe(100);
    expect(o.config.steps).toBe(9);
    expect(o.config.runs.map((r) => r.name)).toEqual(['GD', 'β₁=0.3, β₂=0.1']);
  });

  it("load the authors' presets, shortened by --steps", () => {
    const o = parseRunArgs(['--preset', 'hb-epoch', '--steps', '50']);
    expect(o.config).toMatchObject({ dataset: 'mnist', n: 600, dim: 784, width: 3000, loss: 'mean', parameterization: 'standard', steps: 50 });
    expect(o.config.runs.map((r) => r.name)).toEqual(['GD', 'HB β=0.2', 'HB β=0.5', 'HB β=0.8']);
    expect(parseRunArgs(['--preset', 'nag-width']).config.widths).toEqual([1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000]);
  });

  it.each([
    [['--widht', '3'], 'unknown flag --widht (see ntk-dynamics --help)'],
    [['--width', 'lots'], "--width 'lots' is not a non-negative integer"],
    [['--width'], '--width needs a value'],
    [['--loss', 'l1'], "--loss 'l1' is not a known value (choose from half-sum, mean)"],
    [['--optimizers', 'gd,adam'], "--optimizers: unknown value 'adam'"],
    [['--momentum', '1.5', '--optimizers', 'hb'], '--momentum must be in [0, 1) (got 1.5)'],
    [['--damping', '2.3', '--optimizers', 'nag'], '--damping must be an integer ≥ 1'],
    [['--damping', '2.5', '--optimizers', 'nag'], '--damping must be an integer ≥ 1'],
    [['--preset', 'hb-epoch', '--momentum', '0.3'], '--preset hb-epoch sets its own momentum; add --optimizers'],
    [['--optimizers', 'two-momentum', '--beta1', '0.2', '--beta2', '0.8'], 'diverge for every step'],
    [['--preset', 'resnet'], "--preset 'resnet' is not a known value"],
    [['--config', '/nonexistent/c.json'], 'cannot read --config /nonexistent/c.json: ENOENT'],
    [['run'], "unexpected argument 'run'"],
    [['--quiet=yes'], '--quiet takes no value'],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parseRunArgs(argv as string[])).toThrow(UsageError);
    expect(() => parseRunArgs(argv as string[])).toThrow(message);
  });

  it('--lr with a preset changes the step of all its runs and keeps them (found in review)', () => {
    const o = parseRunArgs(['--preset', 'nag-epoch', '--lr', '5e-5']);
    expect(o.config.runs.map((r) => r.name)).toEqual(['GD', 'NAG ρ=2', 'NAG ρ=3', 'NAG ρ=6', 'NAG ρ=8']);
    expect(o.config.runs.every((r) => r.lr === 5e-5)).toBe(true);
    expect(parseRunArgs(['--preset', 'nag-epoch', '--optimizers', 'gd']).config.runs.map((r) => r.name)).toEqual(['GD']);
  });

  it('refuse a config file that is not JSON or names an unknown setting', () => {
    expect(() => parseRunArgs(['--config', file('bad.json', '{ width: 3 ')])).toThrow(/is not valid JSON/);
    expect(() => parseRunArgs(['--config', file('unknown.json', '{"depth": 3}')])).toThrow(/unknown setting 'depth'/);
    expect(() => parseRunArgs(['--config', file('array.json', '[1]')])).toThrow(/must hold a JSON object/);
  });

  it('come from the optimizer registry: one choice per alias, one flag per hyperparameter, shared flags agreeing', () => {
    const descriptors = optimizerDescriptors();
    const aliases = descriptors.map((d) => d.alias);
    expect(FLAGS.find((f) => f.name === 'optimizers')!.choices).toEqual(aliases);
    expect(helpText()).toContain(`<${aliases.join('|')}>`);
    for (const d of descriptors) {
      for (const h of d.hyperparameters) {
        const flag = FLAGS.find((f) => f.name === h.name);
        expect(flag, `--${h.name}`).toBeDefined();
        expect(flag!.default, `--${h.name} of ${d.title}`).toBe(String(h.default));
        expect(flag!.description, `--${h.name}`).toContain(d.title);
      }
      // a run built from the flags alone trains with that optimizer at its defaults
      const run = parseRunArgs(['--optimizers', d.alias]).config.runs[0];
      expect(run.optimizer).toBe(d.alias);
      for (const h of d.hyperparameters) expect((run as Record<string, unknown>)[h.name]).toBe(h.default);
    }
    expect(FLAGS.find((f) => f.name === 'momentum')!.description).toMatch(/^momentum β of heavy ball(, | and )NAG-SC/);
  });

  it('are all listed by --help, with their defaults', () => {
    const help = helpText();
    for (const flag of ['optimizers', 'lr', 'momentum', 'damping', 'width', 'steps', 'n', 'dim', 'seed', 'loss', 'dataset', 'backend', 'config', 'preset', 'out', 'quiet']) {
      expect(help).toContain(`--${flag}`);
    }
    expect(help).toContain('[gd,hb,nag]');
    expect(parseRunArgs(['--help']).help).toBe(true);
  });
});
