// The oracle: what one call's outcome means. A call on invalid input must throw a typed error
// (TypeError, RangeError, or one of the package's named error classes) written by the library;
// a call on valid input must return a result that passes its correctness check. Everything else is
// a failure of one of the kinds below, unless KNOWN_HOLES (known-holes.ts) lists it as one of the
// issue's holes that is being fixed.

import { expectationAfterLies, type FuzzCase, type ThrownInfo } from './protocol';
import type { SandboxReport } from './sandbox';
import { knownHoleFor } from './known-holes';

export type VerdictKind =
  // acceptable
  | 'typed-error' // invalid input refused with a typed error from the library
  | 'correct' // valid input, right result
  | 'propagated' // the case's own hostile getter/function threw, and the error came through
  // failures
  | 'silent-acceptance' // invalid input, and a result came back as if it were fine
  | 'wrong-result' // valid input, and the result fails its check (NaN, wrong shape, wrong values)
  | 'untyped-error' // a plain Error (or a non-Error) where a typed error was due
  | 'foreign-error' // a TypeError/RangeError raised by the engine, not the library ("Cannot read properties…")
  | 'rejected-valid' // valid input refused
  | 'mutated-input' // an input changed although the call had no right to change it
  | 'leak' // Wasm memory blocks not given back
  | 'corruption' // the canary changed
  | 'hang' // over the time budget
  | 'crash' // the worker died (e.g. out of memory)
  | 'harness-error'; // the harness itself failed (never the library's fault)

export const ACCEPTABLE: readonly VerdictKind[] = ['typed-error', 'correct', 'propagated'];

export interface Verdict {
  kind: VerdictKind;
  detail: string;
  /** The id of the KNOWN_HOLES entry that explains this failure, if any. */
  knownHole?: string;
}

/** The library's messages start with the name of what threw: "matmul: …", "TwoLayerReLU.init: …". */
const LIBRARY_MESSAGE = /^[A-Za-z][\w.#-]*(\(\))?:/;

export function isLibraryError(t: ThrownInfo): boolean {
  if (t.namedClass) return true;
  return (t.isTypeError || t.isRangeError) && LIBRARY_MESSAGE.test(t.message);
}

function describeThrown(t: ThrownInfo): string {
  return `${t.namedClass ?? t.name}${t.code ? ` [${t.code}]` : ''}: ${t.message}`;
}

/** The verdict on one case, before KNOWN_HOLES are consulted. */
function judge(fuzzCase: FuzzCase, report: SandboxReport): Verdict {
  switch (report.outcome) {
    case 'hang':
      if (report.phase === 'check') return { kind: 'harness-error', detail: `the result's check did not finish (${report.elapsedMs.toFixed(0)} ms)` };
      if (report.phase === 'canary') return { kind: 'corruption', detail: `the canary did not finish after the call (${report.elapsedMs.toFixed(0)} ms)` };
      return { kind: 'hang', detail: `no answer within the budget (${report.elapsedMs.toFixed(0)} ms)` };
    case 'crash':
      return { kind: 'crash', detail: report.message };
    case 'harness-error':
      return { kind: 'harness-error', detail: report.message ?? '' };
  }
  // The state of the worker first: these outrank whatever the call answered.
  if (report.corrupted) return { kind: 'corruption', detail: `canary: ${report.corrupted}` };
  if (report.leaked) return { kind: 'leak', detail: report.leaked };
  if (report.mutated) return { kind: 'mutated-input', detail: report.mutated };
  const expected = expectationAfterLies(fuzzCase, report.lied);
  if (report.outcome === 'threw') {
    const t = report.thrown!;
    if (t.sentinel) return { kind: 'propagated', detail: t.message };
    // A method called on something that is not an instance of its class (a forgery, a detached
    // method) may be refused by the engine's own brand check: a TypeError is the right answer.
    const receiverRefused = t.isTypeError && fuzzCase.tags.includes('badReceiver');
    if (!isLibraryError(t) && !receiverRefused) {
      const kind = t.isTypeError || t.isRangeError ? 'foreign-error' : 'untyped-error';
      return { kind, detail: describeThrown(t) };
    }
    if (expected === 'result') return { kind: 'rejected-valid', detail: describeThrown(t) };
    return { kind: 'typed-error', detail: describeThrown(t) };
  }
  if (expected === 'error') return { kind: 'silent-acceptance', detail: 'returned a result for invalid input' };
  if (report.wrong) return { kind: 'wrong-result', detail: report.wrong };
  return { kind: 'correct', detail: '' };
}

export function verdictOf(fuzzCase: FuzzCase, report: SandboxReport): Verdict {
  const verdict = judge(fuzzCase, report);
  if (ACCEPTABLE.includes(verdict.kind) || verdict.kind === 'harness-error') return verdict;
  const hole = knownHoleFor(fuzzCase, verdict);
  return hole ? { ...verdict, knownHole: hole } : verdict;
}
