import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
    expect(() => parseRunArgs(['--gap-widths', '100,x'])).toThrow("--gap-widths '100,x' is not a comma-separated list of non-negative integers");
    expect(() => parseRunArgs(['--gap-widths', '0'])).toThrow('--gap-widths must be widths of at least 1 (or none)');
    expect(() => parseRunArgs(['--gap-seeds', '0'])).toThrow('--gap-seeds must be at least 1');
  });

  it('--test-n sets the test split; 0 or none turns it off; negative or fractional values are refused', () => {
    expect(parseRunArgs([]).config.testN).toBe(DEFAULT_CONFIG.testN);
    expect(parseRunArgs(['--test-n', '50']).config.testN).toBe(50);
    expect(parseRunArgs(['--test-n=0']).config.testN).toBe(0);
    expect(parseRunArgs(['--test-n', 'none']).config.testN).toBe(0);
    expect(() => parseRunArgs(['--test-n', '-5'])).toThrow(new UsageError("--test-n '-5' is not a non-negative integer or 'none'"));
    expect(() => parseRunArgs(['--test-n', '2.5'])).toThrow(new UsageError("--test-n '2.5' is not a non-negative integer or 'none'"));
    expect(() => parseRunArgs(['--test-n', '1e400'])).toThrow("--test-n '1e400' is not a non-negative integer or 'none'");
    expect(() => parseRunArgs(['--test-n'])).toThrow('--test-n needs a value');
    // presets: the loss-curve ones test on 100 digits, the width sweeps on none
    expect(parseRunArgs(['--preset', 'nag-epoch']).config.testN).toBe(100);
    expect(parseRunArgs(['--preset', 'nag-epoch', '--test-n', '300']).config.testN).toBe(300);
    expect(parseRunArgs(['--preset', 'hb-width']).config.testN).toBe(0);
    expect(() => parseRunArgs(['--preset', 'hb-width', '--test-n', '30'])).toThrow('--test-n is for loss curves: a width sweep (--widths) keeps only the final training loss at each width');
    // in a config file, as a flag ("test-n") or as results.json names it ("testN"), a JSON integer
    expect(parseRunArgs(['--config', file('t1.json', '{"test-n": 7}')]).config.testN).toBe(7);
    expect(parseRunArgs(['--config', file('t2.json', '{"testN": 0}')]).config.testN).toBe(0);
    expect(() => parseRunArgs(['--config', file('t3.json', '{"testN": -1}')])).toThrow(/testN must be a non-negative integer \(a JSON number\)/);
    expect(() => parseRunArgs(['--config', file('t4.json', '{"testN": "none"}')])).toThrow(/testN must be a non-negative integer/);
    expect(helpText()).toMatch(/--test-n <n\|none> +held-out points to test every network on .*\[20; loss-curve presets: 100\]/);
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
    [['--preset', 'hb-epoch', '--momentum', '0.3'], "--preset hb-epoch sets its runs' own momentum; add --optimizers"],
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
      for (const h of d.hyperparameters) expect((run as unknown as Record<string, unknown>)[h.name]).toBe(h.default);
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

describe('run flags, strictly', () => {
  it.each([
    [['--steps', '5', '--steps', '6'], '--steps is given twice (the second time as --steps); give each flag once'],
    [['-q', '--quiet'], '--quiet is given twice (the second time as --quiet)'],
    [['--bias', '--no-bias'], '--bias is given twice (the second time as --no-bias)'],
    [['--lr', '0x10'], "--lr '0x10' is not a number"],
    [['--lr', 'Infinity'], "--lr 'Infinity' is not a number"],
    [['--lr', 'NaN'], "--lr 'NaN' is not a number"],
    [['--lr', ''], '--lr needs a value'],
    [['--lr', ' 5'], "--lr ' 5' is not a number"],
    [['--lr', '1e999'], "--lr '1e999' is not a number"],
    [['--width', '0x10'], "--width '0x10' is not a non-negative integer"],
    [['--steps', '1.5'], "--steps '1.5' is not a non-negative integer"],
    [['--steps', '-3'], "--steps '-3' is not a non-negative integer"],
    [['--optimizers', 'gd,gd'], "--optimizers 'gd,gd' is not a list without repeats"],
    [['--optimizers', 'gd, hb'], "--optimizers: unknown value ' hb'"],
    [['-x'], 'unknown flag -x'],
    [['--no-quiet'], 'unknown flag --no-quiet'],
    [['--widths', '100,abc'], "--widths '100,abc' is not a comma-separated list of non-negative integers"],
    [['--parameterization', 'mup'], "--parameterization 'mup' is not a known value (choose from ntk, standard)"],
    [['--export', 'png'], "--export: unknown value 'png' (choose from npy, csv, svg)"],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parseRunArgs(argv as string[])).toThrow(UsageError);
    expect(() => parseRunArgs(argv as string[])).toThrow(message);
  });

  it('take decimal numbers, with exponents, and the short forms -h and -q', () => {
    expect(parseRunArgs(['--lr', '1e-4']).config.runs.every((r) => r.lr === 1e-4)).toBe(true);
    expect(parseRunArgs(['--lr', '.5', '--optimizers', 'gd']).config.runs[0].lr).toBe(0.5);
    expect(parseRunArgs(['--steps', '1e3']).config.steps).toBe(1000);
    expect(parseRunArgs(['-q']).quiet).toBe(true);
    expect(parseRunArgs(['-h']).help).toBe(true);
    expect(parseRunArgs(['--export', 'npy,svg']).export).toEqual(['npy', 'svg']);
  });

  it('refuse a NAG-C damping beyond 1001 up front: its ODE prediction needs Bessel functions of order ν ≤ 500', () => {
    expect(() => parseRunArgs(['--optimizers', 'nag', '--damping', '1003'])).toThrow(
      '--damping = 1003 is too large for the ODE prediction: the order ν = (ρ − 1)/2 of its Bessel functions must be at most 500, i.e. damping ρ ≤ 1001',
    );
    expect(parseRunArgs(['--optimizers', 'nag', '--damping', '1001']).config.runs[0].damping).toBe(1001);
  });

  it('set every setting of the experiment: the parameterization, the bias, the output layer, a width sweep', () => {
    const c = parseRunArgs(['--parameterization', 'standard', '--bias', '--train-output-layer', '--widths', '100,200,400', '--seeds', '2']).config;
    expect(c).toMatchObject({ parameterization: 'standard', bias: true, trainOutputLayer: true, widths: [100, 200, 400], seeds: 2 });
    expect(parseRunArgs([]).config).toMatchObject({ parameterization: 'ntk', bias: false, trainOutputLayer: false });
    // a preset's settings turned off again
    const p = parseRunArgs(['--preset', 'hb-epoch', '--no-bias', '--no-train-output-layer', '--parameterization', 'ntk']).config;
    expect(p).toMatchObject({ bias: false, trainOutputLayer: false, parameterization: 'ntk' });
    // one width is no sweep; --width drops a preset's sweep
    expect(parseRunArgs(['--widths', '300']).config).toMatchObject({ width: 300 });
    expect(parseRunArgs(['--widths', '300']).config.widths).toBeUndefined();
    expect(parseRunArgs(['--preset', 'hb-width', '--width', '100']).config.widths).toBeUndefined();
  });
});

describe('--config files', () => {
  it('values of the wrong JSON type are refused, never converted', () => {
    for (const [text, message] of [
      ['{"width": "100"}', `--config ${join(dir, 'typed.json')}: width must be a non-negative integer (a JSON number) (got the string "100")`],
      ['{"lr": "0.1"}', 'lr must be a number (a JSON number) (got the string "0.1")'],
      ['{"bias": "true"}', 'bias must be true or false (got the string "true")'],
      ['{"optimizers": "gd,hb"}', 'optimizers must be a non-empty array of strings'],
      ['{"steps": 1.5}', 'steps must be a non-negative integer (a JSON number) (got 1.5)'],
      ['{"loss": 3}', 'loss must be a non-empty string (choose from half-sum, mean) (got 3)'],
      ['{"widths": [100, "200"]}', 'widths must be a non-empty array of non-negative integers'],
      ['{"quiet": 1}', 'quiet must be true or false (got 1)'],
      ['{"width": 100, "width": 200}', null],
    ] as const) {
      const path = file('typed.json', text);
      if (message === null) continue;
      expect(() => parseRunArgs(['--config', path]), text).toThrow(message);
    }
  });

  it('take the names of results.json\'s config block too, and its runs', () => {
    const path = file('block.json', JSON.stringify({
      trainOutputLayer: true, bias: true, parameterization: 'standard', n: 30,
      runs: [{ optimizer: 'hb', lr: 0.01, momentum: 0.5 }, { name: 'mine', optimizer: 'nag', lr: 0.01, damping: 4 }],
      description: 'two runs',
    }));
    const c = parseRunArgs(['--config', path]).config;
    expect(c).toMatchObject({ trainOutputLayer: true, bias: true, parameterization: 'standard', n: 30, description: 'two runs' });
    expect(c.runs).toEqual([{ name: 'HB β=0.5', optimizer: 'hb', lr: 0.01, momentum: 0.5 }, { name: 'mine', optimizer: 'nag', lr: 0.01, damping: 4 }]);
    // its runs keep their own hyperparameters; --lr applies to all; --optimizers builds new ones
    expect(parseRunArgs(['--config', path, '--lr', '0.02']).config.runs.map((r) => r.lr)).toEqual([0.02, 0.02]);
    expect(() => parseRunArgs(['--config', path, '--momentum', '0.7'])).toThrow("sets its runs' own momentum; add --optimizers to build your own runs instead");
    expect(parseRunArgs(['--config', path, '--optimizers', 'gd']).config.runs.map((r) => r.name)).toEqual(['GD']);
    expect(() => parseRunArgs(['--config', file('badrun.json', '{"runs": [{"optimizer": "hb", "lr": 0.1, "damping": 3}]}')])).toThrow("runs[0]: 'damping' is not a setting of hb (it takes name, optimizer, lr, momentum)");
    expect(() => parseRunArgs(['--config', file('badrun2.json', '{"runs": [{"optimizer": "hb", "lr": "0.1"}]}')])).toThrow('runs[0].lr must be a number (a JSON number)');
    expect(() => parseRunArgs(['--config', file('both.json', '{"runs": [{"optimizer": "gd", "lr": 0.1}], "optimizers": ["hb"]}')])).toThrow('give runs or optimizers, not both');
  });

  it('a results.json is recognised and its config block used: the same experiment again', () => {
    const config = parseRunArgs(['--preset', 'nag-width', '--steps', '7', '--seeds', '2']).config;
    const results = { format: 'ntk-dynamics-results', formatVersion: 1, version: '0.1.0', config, status: 'completed', runs: [], spectrum: { theory: [], H0: [] } };
    const path = file('results.json', JSON.stringify(results));
    expect(parseRunArgs(['--config', path]).config).toEqual(config);
    expect(parseRunArgs(['--config', path, '--steps', '9']).config).toEqual({ ...config, steps: 9 });
    const newer = file('newer.json', JSON.stringify({ ...results, formatVersion: 2 }));
    expect(() => parseRunArgs(['--config', newer])).toThrow('results format version 2 is newer than this version of ntk-dynamics reads (1)');
  });

  it('only regular files, of bounded size: not /dev/zero, a folder or a pipe; settings up to 1 MiB, a results.json up to 64 MiB', () => {
    expect(() => parseRunArgs(['--config', '/dev/zero'])).toThrow('--config /dev/zero is a character device, not a file');
    expect(() => parseRunArgs(['--config', dir])).toThrow(`--config ${dir} is a folder, not a file`);
    const fifo = join(dir, 'pipe');
    if (spawnSync('mkfifo', [fifo]).status === 0) expect(() => parseRunArgs(['--config', fifo])).toThrow(`--config ${fifo} is a pipe, not a file`);
    const padding = ' '.repeat(1 << 20);
    expect(() => parseRunArgs(['--config', file('big.json', `{"steps": 3${padding}}`)])).toThrow('is larger than 1 MiB, the limit for a settings file (a results.json may have up to 64 MiB)');
    const bigResults = file('big-results.json', `{"format": "ntk-dynamics-results", "formatVersion": 1, "config": {"steps": 3}, "runs": []${padding}}`);
    expect(parseRunArgs(['--config', bigResults]).config.steps).toBe(3);
    const huge = join(dir, 'huge.json');
    writeFileSync(huge, '');
    truncateSync(huge, (64 << 20) + 10); // sparse: 64 MiB of zeros, read only up to the limit
    expect(() => parseRunArgs(['--config', huge])).toThrow('is larger than 64 MiB');
  });

  it('escape control characters before they reach the terminal', () => {
    const path = file('ctrl.json', JSON.stringify({ '\u001b]0;pwned\u0007\u001b[2J': 1 }));
    let message = '';
    try {
      parseRunArgs(['--config', path]);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("unknown setting '\\x1b]0;pwned\\x07\\x1b[2J'");
    expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(() => parseRunArgs(['--config', file('ctrl2.json', '{"loss": "me\\u001ban"}')])).toThrow(/^(?!.*\u001b)/);
  });
});

describe('--help and the README', () => {
  it('list every flag, the short forms and --version', () => {
    const help = helpText();
    const readme = readFileSync(join(fileURLToPath(new URL('../..', import.meta.url)), 'README.md'), 'utf8');
    const command = readme.slice(readme.indexOf('## The command'), readme.indexOf('\n## ', readme.indexOf('## The command') + 1));
    expect(help).toContain('-V, --version');
    expect(help).toContain('-h, --help');
    expect(help).toContain('-q, --quiet');
    expect(command).toContain('--version');
    expect(command).toContain('-V');
    for (const f of FLAGS) {
      expect(help, f.name).toContain(`--${f.negatable ? `[no-]${f.name}` : f.name}`);
      expect(command, `README: --${f.name}`).toContain(`--${f.name}`);
    }
  });
});
