// Files the command writes: whole or not at all (a temporary name in the same folder, then a
// rename, so that a crash never leaves half a file and two runs never mix theirs), and JSON that
// keeps non-finite numbers (JSON has no NaN or Infinity: they are written as {"$float": "NaN"}).

import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Writes `text` to `path` atomically. */
export function writeAtomically(path: string, text: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(temporary, text);
  try {
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // already gone
    }
    throw error;
  }
}

/** JSON text in which NaN and ±Infinity survive (as {"$float": "NaN"} and so on). */
export function stringifyExact(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { $float: String(v) } : v), indent);
}

/** The inverse of stringifyExact. */
export function parseExact(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const f = (v as { $float?: unknown }).$float;
      if (keys.length === 1 && (f === 'NaN' || f === 'Infinity' || f === '-Infinity')) return Number(f);
    }
    return v;
  });
}

/** The parsed JSON file, or undefined when it does not exist. */
export function readExact(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseExact(text);
}
