// `--config <file>`: a JSON object of settings, named as the flags are (`"steps": 300`,
// `"optimizers": ["gd", "nag"]`, `"train-output-layer": true`) or as results.json's `config`
// block names them (`"trainOutputLayer": true`, `"runs": […]`, `"description": "…"`); or a
// whole results.json, whose `config` block is used, so that a run can be made again from its
// own output. Values must have the flag's JSON type: nothing is converted.
//
// Only regular files are read (not /dev/zero, a pipe or a folder), and only so much of them: a
// settings file up to 1 MiB, a results.json (recognised by its `config` block) up to 64 MiB, as
// its curves can be long.

import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { UsageError } from './errors';
import { jsonValue, type Flag } from './flags';
import { printable } from './printable';
import { RESULTS_FORMAT, RESULTS_FORMAT_VERSION } from '../experiment/results';

/** The largest settings file read. */
export const SETTINGS_MAX_BYTES = 1 << 20;
/** The largest results.json read (for its config block). */
export const RESULTS_MAX_BYTES = 64 << 20;

/** What a --config file holds: settings by flag name, and the config block's own fields. */
export interface ConfigFile {
  /** Settings by flag name ('train-output-layer'), with values of the flag's type. */
  settings: Map<string, unknown>;
  /** The runs, as a results.json's config (or a hand-written one) lists them; checked later. */
  runs?: unknown[];
  description?: string;
  /** 'results' when the file is a results.json and its config block was read. */
  kind: 'settings' | 'results';
}

/** Keys a config file may not set: they name files or modes of the command, not settings. */
const NOT_SETTINGS = new Set(['config', 'help', 'resume', 'version']);

const camel = (name: string) => name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'folder';
  if (st.isCharacterDevice()) return 'character device';
  if (st.isBlockDevice()) return 'block device';
  if (st.isFIFO()) return 'pipe';
  if (st.isSocket()) return 'socket';
  return 'special file';
}

/** At most `limit + 1` bytes of a regular file (one more than allowed shows it is too long). */
function readCapped(path: string, limit: number): Buffer {
  const shown = printable(path);
  let st: Stats;
  try {
    st = statSync(path);
  } catch (error) {
    throw new UsageError(`cannot read --config ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message} (give the path of a JSON file)`);
  }
  // Checked before opening: opening a pipe would wait for a writer.
  if (!st.isFile()) throw new UsageError(`--config ${shown} is a ${kindOf(st)}, not a file (give the path of a JSON file)`);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new UsageError(`cannot read --config ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    const again = fstatSync(fd);
    if (!again.isFile()) throw new UsageError(`--config ${shown} is a ${kindOf(again)}, not a file (give the path of a JSON file)`);
    // Read to the end, but never past limit + 1 bytes, whatever size the file claims.
    const chunk = Buffer.alloc(1 << 20);
    const chunks: Buffer[] = [];
    let total = 0;
    while (total <= limit) {
      const got = readSync(fd, chunk, 0, Math.min(chunk.length, limit + 1 - total), null);
      if (got === 0) break;
      chunks.push(Buffer.from(chunk.subarray(0, got)));
      total += got;
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

const MiB = (bytes: number) => `${bytes / (1 << 20)} MiB`;

/** Reads and checks a --config file against the flags it may set. */
export function readConfigFile(path: string, flags: readonly Flag[]): ConfigFile {
  const shown = printable(path);
  const bytes = readCapped(path, RESULTS_MAX_BYTES);
  if (bytes.length > RESULTS_MAX_BYTES) throw new UsageError(`--config ${shown} is larger than ${MiB(RESULTS_MAX_BYTES)}: not a settings file or a results.json of this command`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new UsageError(`--config ${shown} is not valid JSON: ${printable((error as Error).message)}`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new UsageError(`--config ${shown} must hold a JSON object of settings`);
  let object = json as Record<string, unknown>;
  let kind: ConfigFile['kind'] = 'settings';
  if (Object.hasOwn(object, 'config')) {
    // A results.json (any format version that has a config block, including the first, unnumbered one).
    const version = object.formatVersion;
    if (object.format !== undefined && object.format !== RESULTS_FORMAT) throw new UsageError(`--config ${shown}: a file with a "config" block must be a results.json of ntk-dynamics (its "format" is ${printable(JSON.stringify(object.format))})`);
    if (version !== undefined && (typeof version !== 'number' || version > RESULTS_FORMAT_VERSION)) {
      throw new UsageError(`--config ${shown}: results format version ${printable(JSON.stringify(version))} is newer than this version of ntk-dynamics reads (${RESULTS_FORMAT_VERSION}); update ntk-dynamics`);
    }
    const config = object.config;
    if (config === null || typeof config !== 'object' || Array.isArray(config)) throw new UsageError(`--config ${shown}: its "config" block must be a JSON object`);
    object = config as Record<string, unknown>;
    kind = 'results';
  } else if (bytes.length > SETTINGS_MAX_BYTES) {
    throw new UsageError(`--config ${shown} is larger than ${MiB(SETTINGS_MAX_BYTES)}, the limit for a settings file (a results.json may have up to ${MiB(RESULTS_MAX_BYTES)})`);
  }
  const where = kind === 'results' ? `--config ${shown}: config.` : `--config ${shown}: `;
  const out: ConfigFile = { settings: new Map(), kind };
  for (const [key, value] of Object.entries(object)) {
    if (key === 'runs') {
      if (!Array.isArray(value) || value.length === 0) throw new UsageError(`${where}runs must be a non-empty array of runs ({ "optimizer": "hb", "lr": 0.05, "momentum": 0.9 })`);
      out.runs = value;
      continue;
    }
    if (key === 'description') {
      if (typeof value !== 'string') throw new UsageError(`${where}description must be a string`);
      out.description = value;
      continue;
    }
    const flag = flags.find((f) => (f.name === key || camel(f.name) === key) && !NOT_SETTINGS.has(f.name));
    if (!flag) throw new UsageError(`${where}unknown setting '${printable(key)}' (settings have the flags' names, or the names of results.json's config block)`);
    if (out.settings.has(flag.name)) throw new UsageError(`${where}'${printable(key)}' sets --${flag.name} a second time`);
    out.settings.set(flag.name, jsonValue(flag, value, `${where}${printable(key)}`));
  }
  if (out.runs && out.settings.has('optimizers')) throw new UsageError(`${where}give runs or optimizers, not both`);
  return out;
}
