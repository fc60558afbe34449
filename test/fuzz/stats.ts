// Counts of what the fuzz tried and what came of it, per spec file (area) and per call. Each spec
// file writes its counts to test-artifacts/fuzz/<area>.json; the global teardown
// (summary-setup.ts) adds them up into test-artifacts/fuzz-summary.json and prints the table.

import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Verdict, VerdictKind } from './oracle';

export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
export const PARTS = `${ARTIFACTS}fuzz/`;

export type Tally = { tried: number } & Record<VerdictKind, number>;

export function emptyTally(): Tally {
  return {
    tried: 0, 'typed-error': 0, correct: 0, propagated: 0, 'silent-acceptance': 0, 'wrong-result': 0,
    'untyped-error': 0, 'foreign-error': 0, 'rejected-valid': 0, 'mutated-input': 0, leak: 0,
    corruption: 0, hang: 0, crash: 0, 'harness-error': 0,
  };
}

export interface FailureExample {
  property: string;
  call: string;
  kind: VerdictKind;
  detail: string;
  knownHole?: string;
  /** The case, as fast-check prints it. */
  example: string;
  count: number;
}

export interface AreaStats {
  area: string;
  seed: number;
  runsScale: number;
  budgetMs: number;
  total: Tally;
  byCall: Record<string, Tally>;
  /** Failures explained by KNOWN_HOLES: count per hole id. */
  knownHoles: Record<string, number>;
  /** One example per (call, kind, hole or first words of the detail): the shortest seen. */
  examples: FailureExample[];
  workersStarted: number;
  elapsedMs: number;
}

export class Recorder {
  readonly stats: AreaStats;
  private readonly exampleIndex = new Map<string, FailureExample>();
  private readonly started = performance.now();

  constructor(area: string, seed: number, runsScale: number, budgetMs: number) {
    this.stats = { area, seed, runsScale, budgetMs, total: emptyTally(), byCall: {}, knownHoles: {}, examples: [], workersStarted: 0, elapsedMs: 0 };
  }

  record(property: string, call: string, verdict: Verdict, example: () => string): void {
    const byCall = (this.stats.byCall[call] ??= emptyTally());
    for (const tally of [this.stats.total, byCall]) {
      tally.tried++;
      tally[verdict.kind]++;
    }
    if (verdict.knownHole) this.stats.knownHoles[verdict.knownHole] = (this.stats.knownHoles[verdict.knownHole] ?? 0) + 1;
    if (verdict.kind === 'typed-error' || verdict.kind === 'correct' || verdict.kind === 'propagated') return;
    const key = `${call}|${verdict.kind}|${verdict.knownHole ?? verdict.detail.replace(/-?\d[\d.e+-]*/g, '#').slice(0, 60)}`;
    const text = example();
    const seen = this.exampleIndex.get(key);
    if (!seen) {
      const entry: FailureExample = { property, call, kind: verdict.kind, detail: verdict.detail, knownHole: verdict.knownHole, example: text, count: 1 };
      this.exampleIndex.set(key, entry);
      this.stats.examples.push(entry);
    } else {
      seen.count++;
      if (text.length < seen.example.length) Object.assign(seen, { example: text, detail: verdict.detail });
    }
  }

  /** Failures that no KNOWN_HOLES entry explains. */
  unexplained(): FailureExample[] {
    return this.stats.examples.filter((e) => !e.knownHole);
  }

  write(workersStarted: number): void {
    this.stats.workersStarted = workersStarted;
    this.stats.elapsedMs = performance.now() - this.started;
    mkdirSync(PARTS, { recursive: true });
    const file = `${PARTS}${this.stats.area}.json`;
    writeFileSync(`${file}.tmp`, JSON.stringify(this.stats, null, 2));
    renameSync(`${file}.tmp`, file);
  }
}

/** The columns of the summary table, each a sum of verdict kinds. */
export const COLUMNS: [string, VerdictKind[]][] = [
  ['typed errors', ['typed-error']],
  ['propagated', ['propagated']],
  ['other errors', ['untyped-error', 'foreign-error', 'rejected-valid']],
  ['correct', ['correct']],
  ['silent wrong', ['silent-acceptance', 'wrong-result', 'mutated-input']],
  ['corruptions', ['corruption', 'leak']],
  ['hangs', ['hang']],
  ['crashes', ['crash', 'harness-error']],
];

export function formatTable(rows: { name: string; tally: Tally; known: number }[]): string {
  const header = ['area', 'inputs tried', ...COLUMNS.map(([name]) => name), 'of the failures: known holes'];
  const body = rows.map(({ name, tally, known }) => [
    name, String(tally.tried), ...COLUMNS.map(([, kinds]) => String(kinds.reduce((s, k) => s + tally[k], 0))), String(known),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [line(header), `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...body.map(line)].join('\n');
}
