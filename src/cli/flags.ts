// The command line's flags, parsed strictly: `--name value`, `--name=value`, a few one-letter
// forms (-h, -q), `--no-name` for the booleans that a preset or a config file may have turned on;
// a flag given twice, an unknown flag or a stray word is a UsageError, and numbers are decimal
// literals only (`1e-4` is fine; `0x10`, `Infinity`, `NaN`, '' and ' 5' are not numbers).

import { UsageError } from './errors';
import { printable } from './printable';

export type Kind = 'int' | 'number' | 'string' | 'list' | 'int-list' | 'boolean';

export interface Flag {
  name: string;
  kind: Kind;
  description: string;
  /** The default as --help shows it. */
  default: string;
  choices?: readonly string[];
  /** A one-letter form: 'h' for -h. */
  short?: string;
  /** Booleans only: `--no-<name>` sets it to false. */
  negatable?: boolean;
  /** What --help shows for the value, when not its kind: 'file'. */
  placeholder?: string;
  /** int-list: 'none' on the command line, [] in JSON, gives an empty list; int: 'none' on the command line gives 0. */
  noneAllowed?: boolean;
}

/** A decimal number as JSON and C write them: digits, an optional fraction and exponent. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The finite number a decimal literal denotes, or undefined for anything else. */
export function strictNumber(raw: string): number | undefined {
  if (!DECIMAL.test(raw)) return undefined;
  const v = Number(raw);
  return Number.isFinite(v) ? v : undefined;
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** A flag's value from its text on the command line; `origin` names it in messages ('--steps'). */
export function parseValue(flag: Flag, raw: string, origin: string): unknown {
  const choices = flag.choices ? ` (choose from ${flag.choices.join(', ')})` : '';
  const bad = (what: string): never => {
    throw new UsageError(`${origin} ${raw === '' ? 'needs a value' : `'${raw}' is not ${what}`}${choices}`);
  };
  switch (flag.kind) {
    case 'int': {
      if (flag.noneAllowed && raw === 'none') return 0;
      const v = strictNumber(raw);
      if (!isCount(v)) bad(`a non-negative integer${flag.noneAllowed ? " or 'none'" : ''}`);
      return v;
    }
    case 'number': {
      const v = strictNumber(raw);
      if (v === undefined) bad('a number');
      return v;
    }
    case 'int-list': {
      if (flag.noneAllowed && raw === 'none') return [];
      const items = raw.split(',');
      if (raw === '' || items.some((s) => !isCount(strictNumber(s)))) bad('a comma-separated list of non-negative integers');
      return items.map(Number);
    }
    case 'list': {
      const items = raw.split(',');
      if (raw === '' || items.some((s) => s === '')) bad('a comma-separated list');
      for (const item of items) if (flag.choices && !flag.choices.includes(item)) throw new UsageError(`${origin}: unknown value '${item}'${choices}`);
      if (new Set(items).size !== items.length) bad('a list without repeats');
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

/**
 * A flag's value from a JSON config file: the JSON type must be the flag's (a number for --steps,
 * an array of strings for --optimizers, true or false for --bias); nothing is converted.
 */
export function jsonValue(flag: Flag, value: unknown, origin: string): unknown {
  const choices = flag.choices ? ` (choose from ${flag.choices.join(', ')})` : '';
  const shown = (v: unknown) => printable(typeof v === 'string' ? `the string ${JSON.stringify(v)}` : JSON.stringify(v) ?? String(v));
  const bad = (what: string): never => {
    throw new UsageError(`${origin} must be ${what}${choices} (got ${shown(value)})`);
  };
  switch (flag.kind) {
    case 'int':
      if (!isCount(value)) bad('a non-negative integer (a JSON number)');
      return value;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) bad('a number (a JSON number)');
      return value;
    case 'int-list':
      if (flag.noneAllowed && Array.isArray(value) && value.length === 0) return [];
      if (!Array.isArray(value) || value.length === 0 || !value.every(isCount)) bad(`a non-empty array of non-negative integers${flag.noneAllowed ? ', or []' : ''}`);
      return [...(value as number[])];
    case 'list': {
      if (!Array.isArray(value) || value.length === 0 || !value.every((s) => typeof s === 'string')) bad('a non-empty array of strings');
      const items = value as string[];
      for (const item of items) if (flag.choices && !flag.choices.includes(item)) throw new UsageError(`${origin}: unknown value '${printable(item)}'${choices}`);
      if (new Set(items).size !== items.length) bad('an array without repeats');
      return [...items];
    }
    case 'string':
      if (typeof value !== 'string' || value === '') bad('a non-empty string');
      if (flag.choices && !flag.choices.includes(value as string)) throw new UsageError(`${origin} '${printable(value as string)}' is not a known value${choices}`);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') bad('true or false');
      return value;
  }
}

/**
 * The flags given, by name, with their parsed values (`--no-bias` gives bias = false). `see` ends
 * the messages of unknown flags ('see ntk-dynamics --help').
 */
export function parseFlags(argv: readonly string[], flags: readonly Flag[], see: string): Map<string, unknown> {
  const given = new Map<string, unknown>();
  const set = (flag: Flag, value: unknown, spelled: string) => {
    if (given.has(flag.name)) throw new UsageError(`--${flag.name} is given twice (the second time as ${spelled}); give each flag once`);
    given.set(flag.name, value);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (/^-[^-]/.test(arg)) {
      const flag = flags.find((f) => f.short !== undefined && `-${f.short}` === arg);
      if (!flag) throw new UsageError(`unknown flag ${arg} (${see})`);
      set(flag, true, arg);
      continue;
    }
    if (!arg.startsWith('--') || arg === '--') throw new UsageError(`unexpected argument '${arg}' (flags start with --; ${see})`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    let flag = flags.find((f) => f.name === name);
    if (!flag && name.startsWith('no-')) {
      const negated = flags.find((f) => f.negatable && f.name === name.slice(3));
      if (negated) {
        if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
        set(negated, false, `--${name}`);
        continue;
      }
    }
    if (!flag) throw new UsageError(`unknown flag --${name} (${see})`);
    if (flag.kind === 'boolean') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      set(flag, true, `--${name}`);
      continue;
    }
    const raw = inline ?? argv[++i];
    if (raw === undefined) throw new UsageError(`--${name} needs a value (${see})`);
    set(flag, parseValue(flag, raw, `--${name}`), `--${name}`);
  }
  return given;
}

/** The lines of --help for `flags`, defaults in brackets. */
export function flagLines(flags: readonly Flag[]): string[] {
  return flags.map((f) => {
    const value = f.kind === 'boolean' ? '' : f.placeholder ? ` <${f.placeholder}>` : f.choices ? ` <${f.choices.join('|')}>` : f.kind === 'list' ? ' <a,b,…>' : f.kind === 'int-list' ? ' <m1,m2,…>' : ` <${f.kind}>`;
    const names = `${f.short ? `-${f.short}, ` : ''}--${f.negatable ? `[no-]${f.name}` : f.name}${value}`;
    return `  ${names.padEnd(42)} ${f.description}${f.kind === 'boolean' ? '' : ` [${f.default}]`}`;
  });
}
