// The messages between the property (main thread) and the worker that makes the calls.

import type { Recipe } from './recipes';

/** One fuzz case as generated: which call, with which arguments. */
export interface FuzzCase {
  /** A key of the call table (calls/index.ts): an export, 'Class.static', 'Class#method' or 'scenario:…'. */
  call: string;
  args: Recipe[];
  /** What a correct library does (decided by the generator from the API contract):
   *  'error'  the input is invalid: a typed error, nothing else;
   *  'result' the input is valid: a correct result;
   *  'either' valid but extreme: a correct result or a typed error (e.g. out of memory). */
  expect: 'error' | 'result' | 'either';
  /** What to expect instead when every lie in the arguments was refused (the values are then
   *  the honest matrices the lies started from). Absent when the case tells no lie. */
  expectIfLiesRefused?: 'error' | 'result' | 'either';
  /** Short words for what is hostile in the case (for reports and for KNOWN_HOLES). */
  tags: string[];
}

export type InitMessage = { type: 'init'; mode: 'ready' | 'not-ready' };
export type CaseMessage = { type: 'case'; id: number; fuzzCase: FuzzCase };

/** A thrown value as the worker saw it. */
export interface ThrownInfo {
  name: string;
  message: string;
  isTypeError: boolean;
  isRangeError: boolean;
  /** The name of the package's error class it is an instance of (NotReadyError, …), if any. */
  namedClass?: string;
  code?: string;
  /** Thrown by the case's own hostile getter, function or Proxy, and let through. */
  sentinel: boolean;
  /** Not an Error at all. */
  nonError: boolean;
  stack?: string;
}

export interface CaseReport {
  outcome: 'returned' | 'threw' | 'harness-error';
  /** For 'returned': undefined when the result passed the call's correctness check, else why not. */
  wrong?: string;
  thrown?: ThrownInfo;
  /** Inputs the call changed although it had no right to (e.g. it threw after writing). */
  mutated?: string;
  /** Whether any lie of the case's arguments took effect; undefined when there was none. */
  lied?: boolean;
  /** Blocks of Wasm memory not given back after the case (bytes per backend). */
  leaked?: string;
  /** The canary's first difference after the case, if any. */
  corrupted?: string;
  elapsedMs: number;
  /** For 'harness-error'. */
  message?: string;
}

export type WorkerMessage =
  | { type: 'ready'; baseline: Record<string, Float64Array> | null }
  /** The call has returned or thrown; the checks run next (outside the call's budget). */
  | { type: 'called'; id: number }
  /** The checks are done; the canary runs next. */
  | { type: 'checked'; id: number }
  | { type: 'report'; id: number; report: CaseReport }
  | { type: 'fatal'; message: string };

/** What the case expects once it is known whether its lies took effect. */
export function expectationAfterLies(fuzzCase: FuzzCase, lied: boolean | undefined): FuzzCase['expect'] {
  if (lied === false && fuzzCase.expectIfLiesRefused) return fuzzCase.expectIfLiesRefused;
  return fuzzCase.expect;
}
