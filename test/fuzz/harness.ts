// The glue between vitest, fast-check and the worker: `fuzzArea(name)` opens a worker for a spec
// file, and each `property(name, cases, runs)` becomes one vitest test that runs `runs` generated
// cases through the worker, judges each with the oracle, and counts it.
//
// Fast-check drives the cases from the main thread, so its shrinking works as usual: a failing case
// is replayed in smaller forms, each in the worker (a fresh one after a hang or a corruption).
// With FUZZ_SURVEY=1 a property does not stop at its first failure: it collects one example of
// every kind of failure, for a report of everything that is wrong at once.

import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { BUDGET_MS, PATH, RUNS_SCALE, SEED, SHRINK, SURVEY, runsFor, timeoutFor } from './config';
import { ACCEPTABLE, verdictOf, type Verdict } from './oracle';
import type { FuzzCase, InitMessage } from './protocol';
import { Sandbox } from './sandbox';
import { Recorder } from './stats';

/** A seed per property, from the run's seed and the property's name, so properties differ. */
function propertySeed(name: string): number {
  let h = SEED | 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x5bd1e995) ^ (h >>> 13);
  return h | 0;
}

export interface FuzzArea {
  property(name: string, cases: fc.Arbitrary<FuzzCase>, baseRuns: number): void;
}

export function fuzzArea(area: string, mode: InitMessage['mode'] = 'ready'): FuzzArea {
  const sandbox = new Sandbox(mode, BUDGET_MS);
  const recorder = new Recorder(area, SEED, RUNS_SCALE, BUDGET_MS);
  afterAll(async () => {
    await sandbox.close();
    recorder.write(sandbox.workersStarted);
  });
  return {
    property(name, cases, baseRuns) {
      const runs = runsFor(baseRuns);
      it(`${name} (${runs} cases)`, async () => {
        const seed = propertySeed(`${area}/${name}`);
        let last: { fuzzCase: FuzzCase; verdict: Verdict } | undefined;
        const property = fc.asyncProperty(cases, async (fuzzCase) => {
          const report = await sandbox.run(fuzzCase);
          const verdict = verdictOf(fuzzCase, report);
          recorder.record(name, fuzzCase.call, verdict, () => fc.stringify(fuzzCase));
          if (verdict.kind === 'harness-error') throw new Error(`harness error (not the library's fault): ${verdict.detail}`);
          const failed = !ACCEPTABLE.includes(verdict.kind) && !verdict.knownHole;
          if (failed) last = { fuzzCase, verdict };
          return SURVEY || !failed;
        });
        const details = await fc.check(property, { seed, numRuns: runs, endOnFailure: !SHRINK, ...(PATH ? { path: PATH } : {}) });
        const reproduce = `reproduce with FUZZ_SEED=${SEED} (this property's fast-check seed ${seed}${details.counterexamplePath ? `, path ${details.counterexamplePath}` : ''})`;
        if (details.failed && details.errorInstance && !last) throw details.errorInstance;
        if (details.failed && last) {
          expect.fail(
            `${area}/${name}: ${last.verdict.kind} in ${last.fuzzCase.call} after ${details.numRuns} cases (${details.numShrinks} shrinks)\n` +
              `  ${last.verdict.detail}\n  case: ${fc.stringify(last.fuzzCase)}\n  ${reproduce}`,
          );
        }
        const unexplained = recorder.unexplained().filter((e) => e.property === name);
        if (unexplained.length > 0) {
          expect.fail(
            `${area}/${name}: ${unexplained.length} kinds of failure not in KNOWN_HOLES (${reproduce}):\n` +
              unexplained.map((e) => `- ${e.kind} in ${e.call} (×${e.count}): ${e.detail}\n    ${e.example}`).join('\n'),
          );
        }
      }, timeoutFor(runs));
    },
  };
}
