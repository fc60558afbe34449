// vitest global setup of the node project: before the run, forget the fuzz counts of an earlier
// run; after it, add up what each fuzz spec file wrote (stats.ts) into
// test-artifacts/fuzz-summary.json and print the table. A run without fuzz files writes nothing.
// A vitest that a test starts inside the run (test/tooling/find-chromium.node.test.ts) sets
// NTK_FUZZ_SUMMARY=0: its setup would otherwise delete the parts the outer run has written so far.

import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { ARTIFACTS, PARTS, emptyTally, formatTable, type AreaStats, type Tally } from './stats';
import { KNOWN_HOLES } from './known-holes';

const nested = process.env.NTK_FUZZ_SUMMARY === '0';

export function setup(): void {
  if (nested) return;
  rmSync(PARTS, { recursive: true, force: true });
}

export function teardown(): void {
  if (nested || !existsSync(PARTS)) return;
  const areas: AreaStats[] = readdirSync(PARTS).filter((f) => f.endsWith('.json')).sort()
    .map((f) => JSON.parse(readFileSync(`${PARTS}${f}`, 'utf8')) as AreaStats);
  if (areas.length === 0) return;
  const total: Tally = emptyTally();
  const knownHoles: Record<string, number> = {};
  for (const a of areas) {
    for (const [k, v] of Object.entries(a.total)) total[k as keyof Tally] += v;
    for (const [id, n] of Object.entries(a.knownHoles)) knownHoles[id] = (knownHoles[id] ?? 0) + n;
  }
  const known = (a: { knownHoles: Record<string, number> }) => Object.values(a.knownHoles).reduce((s, n) => s + n, 0);
  const rows = [...areas.map((a) => ({ name: a.area, tally: a.total, known: known(a) })), { name: 'all', tally: total, known: known({ knownHoles }) }];
  const unexplained = areas.flatMap((a) => a.examples.filter((e) => !e.knownHole).map((e) => ({ area: a.area, ...e })));
  const summary = {
    date: new Date().toISOString(),
    seed: areas[0].seed,
    runsScale: areas[0].runsScale,
    budgetMs: areas[0].budgetMs,
    total,
    areas,
    knownHoles: KNOWN_HOLES.map((h) => ({ id: h.id, issue: h.issue, failuresExcused: knownHoles[h.id] ?? 0 })),
    unexplained,
  };
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(`${ARTIFACTS}fuzz-summary.json`, `${JSON.stringify(summary, null, 2)}\n`);
  console.log(
    `\nFuzz summary (seed ${summary.seed}, budget ${summary.budgetMs} ms per call; test-artifacts/fuzz-summary.json):\n` +
      `${formatTable(rows)}\n` +
      `Failures excused by KNOWN_HOLES: ${Object.entries(knownHoles).map(([id, n]) => `${id} ×${n}`).join(', ') || 'none'}\n` +
      `Failures not in KNOWN_HOLES: ${unexplained.length === 0 ? 'none' : unexplained.map((e) => `${e.kind} in ${e.call} ×${e.count}`).join(', ')}\n` +
      `KNOWN_HOLES entries that excused nothing in this run (fixed, or not reached): ${KNOWN_HOLES.filter((h) => !knownHoles[h.id]).map((h) => h.id).join(', ') || 'none'}\n`,
  );
}
