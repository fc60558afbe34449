// Fuzz of the data helpers and the random numbers: sphereData, normalizeRows, loadMnist, Random
// (constructor and every method).

import fc from 'fast-check';
import { describe } from 'vitest';
import { bad, dim, entry, hostileSlots, makeCase, matrixOfShape, numberArg, ok, optionsArg, sizeArg, value, values, wrongType, type Arg } from './arbitraries';
import { fuzzArea } from './harness';

const area = fuzzArea('data');

// seeds are the safe integers, |seed| ≤ 2^53 − 1 (src/random.ts)
const seedArg = (hostile: boolean) => numberArg(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), (x) => (Number.isSafeInteger(x) ? 'ok' : 'bad'), { hostile });

describe('sphereData, normalizeRows, loadMnist', () => {
  const sphereCase = hostileSlots(['opts', 'n', 'd', 'seed'], (h) => optionsArg({
    n: sizeArg(1, 8, { hostile: h('n') }),
    d: sizeArg(1, 6, { hostile: h('d') }),
    seed: numberArg(fc.integer({ min: -1000, max: 1e9 }), (x) => (Number.isInteger(x) ? 'ok' : 'bad'), { optional: true, hostile: h('seed') }),
  }, { required: ['n', 'd'], hostile: h('opts') }).map((o) => makeCase('sphereData', [o], true, { either: Object.values(o.fields).some((f) => f.tags.includes('huge')) })));
  // normalizeRows refuses zero rows and non-finite entries (their norm is not a positive finite number)
  const normalizeCase = fc.tuple(dim(0, 5), dim(0, 4), fc.boolean()).chain(([r, c, hostile]) => fc.oneof(
    matrixOfShape(r, c, { hostile }),
    fc.tuple(values(r * c, 'wide'), fc.nat()).map(([v]) => ({ ...ok({ k: 'matrix', rows: r, cols: c, values: v }, 'extreme'), rows: r, cols: c, isMatrix: true, finite: true, entries: v })),
  ).map((X) => {
    const rowNonZero = Array.from({ length: X.rows }, (_, i) => X.entries.slice(i * X.cols, (i + 1) * X.cols).some((v) => v !== 0));
    const valid = X.isMatrix && !X.bad && X.finite && rowNonZero.every(Boolean);
    return makeCase('normalizeRows', [X], valid);
  }));
  const mnistCase = hostileSlots(['opts', 'n'], (h) => optionsArg({ n: sizeArg(1, 30, { optional: true, hugeIsValid: false, hostile: h('n') }) }, { optional: true, hostile: h('opts') }).map((o) => {
    // the package holds 10,000 digits: more is a RangeError
    const n = o.isObject ? o.fields.n : undefined;
    return makeCase('loadMnist', [o], true, { either: n?.tags.includes('huge') });
  }));
  area.property('sphereData, normalizeRows, loadMnist', fc.oneof(sphereCase, normalizeCase, mnistCase), 150);
});

describe('Random', () => {
  const constructorCase = fc.boolean().chain(seedArg).map((seed) => makeCase('new Random', [seed]));
  const validSeed = fc.integer({ min: 0, max: 1000 }).map((s) => ok(value(s)));
  const plainMethods = fc.tuple(fc.constantFrom('Random#uniform', 'Random#normal', 'Random#sign', 'Random#nextUint32'), validSeed).map(([call, seed]) => makeCase(call, [seed]));
  const outArg = (hostile: boolean): fc.Arbitrary<Arg> => (!hostile
    ? dim(0, 6).chain((n) => values(n)).map((v) => ok({ k: 'f64', values: v }))
    : fc.oneof(
      fc.constantFrom(
        bad({ k: 'array', items: [value(1), value(2)] }, 'plainArray'),
        // the library fills the engine's 2 entries, whatever the subclass claims
        ok({ k: 'f64', values: [1, 2], lyingLength: 1000 }, 'lyingLengthArray'),
        bad({ k: 'arrayLike', length: 3 }, 'arrayLike'),
      ),
      wrongType,
    ));
  const finiteOrDefault = (hostile: boolean) => numberArg(entry('wide'), (x) => (Number.isFinite(x) ? 'ok' : 'bad'), { optional: true, hostile });
  /** The number an argument holds, or `fallback` when it is left out. */
  const numberOf = (a: Arg, fallback: number): number => {
    if (a.r.k !== 'value') return NaN;
    const v = (a.r as { v: unknown }).v;
    return v === undefined ? fallback : typeof v === 'number' ? v : NaN;
  };
  // std ≥ 0; lo ≤ hi with hi − lo finite (src/random.ts): the other finite values are refusals
  const fillNormal = hostileSlots(['out', 'std'], (h) => fc.tuple(validSeed, outArg(h('out')), finiteOrDefault(h('std'))).map(([seed, out, std]) => makeCase('Random#fillNormal', [seed, out, std], std.bad || numberOf(std, 1) >= 0)));
  const fillUniform = hostileSlots(['out', 'lo', 'hi'], (h) => fc.tuple(validSeed, outArg(h('out')), finiteOrDefault(h('lo')), finiteOrDefault(h('hi'))).map(([seed, out, lo, hi]) => {
    const [l, u] = [numberOf(lo, 0), numberOf(hi, 1)];
    return makeCase('Random#fillUniform', [seed, out, lo, hi], lo.bad || hi.bad || (l <= u && Number.isFinite(u - l)));
  }));
  area.property('new Random, uniform, normal, sign, nextUint32, fillNormal, fillUniform', fc.oneof(constructorCase, plainMethods, fillNormal, fillUniform), 150);
});
