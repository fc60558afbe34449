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

function is(verdict: Verdict, ...kinds: VerdictKind[]): boolean {
  return kinds.includes(verdict.kind);
}

function tagged(fuzzCase: FuzzCase, ...tags: string[]): boolean {
  return tags.some((t) => fuzzCase.tags.includes(t));
}

function taggedLike(fuzzCase: FuzzCase, prefix: string): boolean {
  return fuzzCase.tags.some((t) => t.startsWith(prefix));
}

/** An engine error of a failed allocation ("Invalid typed array length", "Array buffer allocation failed"). */
const ALLOCATION_FAILED = /Invalid typed array length|Array buffer allocation failed|Invalid array length|out of memory/i;

export const KNOWN_HOLES: KnownHole[] = [
  {
    id: 'not-ready-error',
    issue: "named error classes: NotReadyError (code 'NTK_NOT_READY') for a call before ready()",
    match: (c, v) => c.call === 'scenario:beforeReady' && is(v, 'untyped-error') && /not initialised/.test(v.detail),
  },
  {
    id: 'disposed-error',
    issue: "named error classes: DisposedError (code 'NTK_DISPOSED') for a disposed network",
    // a plain Error today; and calls that touch no weights (no rows to predict) answer silently
    match: (c, v) => (is(v, 'untyped-error') && /has been disposed/.test(v.detail)) || (is(v, 'silent-acceptance') && tagged(c, 'disposed')),
  },
  {
    id: 'busy-error',
    issue: "named error classes: BusyError (code 'NTK_BUSY'), a second concurrent train on the same network",
    match: (c, v) => c.call === 'scenario:concurrentTrain' && is(v, 'wrong-result') && /second train\(\)/.test(v.detail),
  },
  {
    id: 'huge-sizes',
    issue: 'huge sizes (predictResidual steps 5e8, TwoLayerReLU.init width 1e8) must be refused quickly with RangeError/OutOfMemoryError instead of allocating',
    match: (c, v) => tagged(c, 'huge') && !tagged(c, 'hugeOrder') &&
      (is(v, 'hang', 'crash') || (is(v, 'foreign-error') && ALLOCATION_FAILED.test(v.detail))),
  },
  {
    id: 'matrix-shape-and-data-lies',
    issue: 'Matrix shape immutable at run time, and data.length === rows·cols checked at every entry point (also against lying Float64Array subclasses, Proxies, and shrinking resizable buffers)',
    // Whatever a lie that took effect leads to: a result computed from the lie, an engine error,
    // a Wasm trap (RuntimeError: memory access out of bounds), a hang on a lied-about huge size.
    match: (c, v) => taggedLike(c, 'lie:') && is(v, 'silent-acceptance', 'wrong-result', 'foreign-error', 'untyped-error', 'hang'),
  },
  {
    id: 'forged-matrices',
    issue: 'forged objects (Object.create(Matrix.prototype), {rows, cols, data} literals, objects with throwing getters) are rejected with TypeError',
    match: (c, v) => (tagged(c, 'forged:createFromPrototype', 'forged:plainLiteral', 'forged:throwingGetters')) && is(v, 'silent-acceptance', 'foreign-error'),
  },
  {
    id: 'network-on-its-own-runtime',
    issue: "everything a network does runs on its own runtime (after ready({backend:'simd'}) then ready({backend:'relaxed'}), an old network still works correctly)",
    match: (c, v) => c.call === 'scenario:networkAfterSwitch' && c.tags.includes('switchedBackend') && is(v, 'wrong-result'),
  },
  {
    id: 'matrix-set-values',
    issue: 'Matrix#set with NaN/strings becomes an error',
    // the value is not checked: NaN and strings are stored, a Symbol or a BigInt fails in the store
    match: (c, v) => c.call === 'Matrix#set' && !taggedLike(c, 'lie:') &&
      (is(v, 'silent-acceptance') || (is(v, 'foreign-error') && /to a number/.test(v.detail))),
  },
  {
    id: 'random-fill-arguments',
    issue: 'Random#fillNormal/fillUniform with NaN/strings become errors',
    // they check nothing yet: wrong outs (null, strings, plain arrays) fail inside the loop too
    match: (c, v) => (c.call === 'Random#fillNormal' || c.call === 'Random#fillUniform') && is(v, 'silent-acceptance', 'foreign-error'),
  },
  {
    id: 'predict-residual-coercion',
    issue: 'predictResidual coercing null/strings in r0/times and accepting truthy non-boolean `residuals`',
    match: (c, v) => c.call === 'predictResidual' && is(v, 'silent-acceptance') &&
      tagged(c, 'null', 'string', 'boolean', 'nonArrayTimes', 'truthyNumber', 'falsyNumber', 'plainObject', 'badEntry'),
  },
  {
    id: 'integrate-times',
    issue: 'integrate with non-array times becomes an error',
    match: (c, v) => c.call === 'integrate' && is(v, 'silent-acceptance') && tagged(c, 'nonArrayTimes'),
  },
  {
    id: 'fit-rate-coercion',
    issue: 'fitRate coercing strings/booleans becomes an error',
    // the window's from/to are not checked at all: strings and booleans are coerced, ±Infinity and
    // NaN taken as they are, a BigInt or a Symbol fails inside (k and loss themselves are checked)
    match: (c, v) => c.call === 'fitRate' && is(v, 'silent-acceptance', 'foreign-error') &&
      tagged(c, 'string', 'boolean', 'bigint', 'numberLike', 'null', 'nan', 'infinity', 'symbol', 'function', 'plainObject', 'emptyArray', 'arrayOfStrings'),
  },
  {
    id: 'from-params-coercion',
    issue: 'TwoLayerReLU.fromParams turning null into 0 becomes an error',
    // the same conversion (Float64Array.from) turns '1' and true into numbers too
    match: (c, v) => c.call === 'TwoLayerReLU.fromParams' && is(v, 'silent-acceptance') && tagged(c, 'badParam', 'arrayOfStrings'),
  },
  {
    id: 'train-signal',
    issue: 'train accepting an AbortController as `signal` becomes an error',
    match: (c, v) => c.call === 'train' && is(v, 'silent-acceptance') && tagged(c, 'abortController', 'fakeSignal', 'boolean'),
  },
  {
    id: 'train-without-network',
    issue: 'train(undefined, …) dying with a destructuring error becomes a TypeError',
    match: (c, v) => c.call === 'train' && is(v, 'foreign-error') && /Cannot (read properties|destructure)/.test(v.detail),
  },
  {
    id: 'bessel-huge-orders',
    issue: 'Bessel huge orders must throw RangeError instead of hanging',
    match: (c, v) => (c.call === 'besselJ' || c.call === 'besselScaled') && tagged(c, 'hugeOrder') && is(v, 'hang', 'wrong-result'),
  },
  {
    id: 'analytic-ntk-extreme-norms',
    issue: 'analyticNtk with row norms ≥ 1e154 or subnormal must give correct results (not NaN)',
    // NaN where ‖x‖² leaves the normal range, and digits lost for rows of subnormal entries
    match: (c, v) => c.call === 'analyticNtk' && is(v, 'wrong-result') && (/ is NaN/.test(v.detail) || tagged(c, 'extremeNorm')),
  },
];

/** The id of the first KNOWN_HOLES entry that explains this failure, if any. */
export function knownHoleFor(fuzzCase: FuzzCase, verdict: Verdict): string | undefined {
  return KNOWN_HOLES.find((hole) => hole.match(fuzzCase, verdict))?.id;
}
