// KNOWN_HOLES: the failures the project issue "No call can corrupt memory, hang, or answer wrong
// in silence" lists as being fixed. Each entry names the issue's item and matches only that
// failure (the call, the kind of failure, and what is hostile in the input), so that anything
// else the fuzz finds still fails the suite. When a fix lands, delete its entry: the suite then
// holds the library to it (and a stale entry is harmless: it only ever excuses its own failure).

import type { FuzzCase } from './protocol';
import type { Verdict, VerdictKind } from './oracle';

export interface KnownHole {
  id: string;
  /** The issue's words for it. */
  issue: string;
  match(fuzzCase: FuzzCase, verdict: Verdict): boolean;
}

export function is(verdict: Verdict, ...kinds: VerdictKind[]): boolean {
  return kinds.includes(verdict.kind);
}

export function tagged(fuzzCase: FuzzCase, ...tags: string[]): boolean {
  return tags.some((t) => fuzzCase.tags.includes(t));
}

export function taggedLike(fuzzCase: FuzzCase, prefix: string): boolean {
  return fuzzCase.tags.some((t) => t.startsWith(prefix));
}

/** For entries: an engine error of a failed allocation ("Invalid typed array length", "Array buffer allocation failed"). */
export const ALLOCATION_FAILED = /Invalid typed array length|Array buffer allocation failed|Invalid array length|out of memory/i;

export const KNOWN_HOLES: KnownHole[] = [
  // Every hole the safety issue listed is fixed; new ones get an entry here only while a fix is under way.
];

/** The id of the first KNOWN_HOLES entry that explains this failure, if any. */
export function knownHoleFor(fuzzCase: FuzzCase, verdict: Verdict): string | undefined {
  return KNOWN_HOLES.find((hole) => hole.match(fuzzCase, verdict))?.id;
}
