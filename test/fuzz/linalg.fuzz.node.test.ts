// Fuzz of the linear algebra: Matrix (construction, methods), matmul, gram, eigh, eigvalsh,
// spectrum, lambdaMin, lambdaMax. Each case is a call with valid, extreme or hostile arguments;
// the oracle (oracle.ts) demands a typed error for invalid input and a checked result otherwise.

import fc from 'fast-check';
import { describe } from 'vitest';
import {
  bad, booleanArg, dim, either, entry, fieldValue, hostileSlots, makeCase, matrixOfShape, numberArg, ok, optionsArg, sizeArg,
  symmetricEntries, value, values, wrongType, type Arg, type MatrixArg, type OptionsArg,
} from './arbitraries';
import type { Recipe } from './recipes';
import { fuzzArea } from './harness';

const area = fuzzArea('linalg');

/** The non-negative integer an argument holds, if it holds one (small enough to size arrays by). */
function smallInt(a: Arg): number | undefined {
  return a.r.k === 'value' && typeof a.r.v === 'number' && Number.isInteger(a.r.v) && a.r.v >= 0 && a.r.v <= 64 ? (a.r.v as number) : undefined;
}

/** A valid operand: a Matrix made by its constructor, no forgery, finite entries (a lie is judged apart). */
function usable(m: MatrixArg): boolean {
  return m.isMatrix && !m.bad && m.finite;
}

describe('Matrix', () => {
  const constructorCase = hostileSlots(['rows', 'cols', 'data'], (h) => fc.tuple(
    sizeArg(0, 6, { hugeIsValid: true, hostile: h('rows') }), sizeArg(0, 6, { hugeIsValid: true, hostile: h('cols') }), fc.nat({ max: 9 }),
  ).chain(([r, c, variant]) => {
    const rows = smallInt(r), cols = smallInt(c);
    const n = rows !== undefined && cols !== undefined ? rows * cols : undefined;
    // A huge rows with cols = 0 (or the reverse) is an empty matrix: valid.
    const empty = (rows === 0 && c.either) || (cols === 0 && r.either);
    const shapeArgs = [r, c].map((a) => (empty && a.either ? { ...a, either: true } : a));
    const make = (data: Arg | undefined, contextValid = true) => makeCase('new Matrix', data ? [...shapeArgs, data] : shapeArgs, contextValid);
    if (n === undefined || (!h('data') && variant < 3)) return fc.constant(make(variant === 1 ? ok(value(undefined)) : undefined));
    if (!h('data')) return values(n).map((v) => make(ok({ k: 'f64', values: v })));
    const wrongLength = fc.constantFrom(n + 1, Math.max(0, n - 1), 0, 2 * n + 1).filter((l) => l !== n);
    switch (variant % 4) {
      case 0:
        return wrongLength.map((l) => make(ok({ k: 'f64', values: new Array(l).fill(1) }), false));
      case 1: // a subclass whose length claims n while it holds fewer or more
        return wrongLength.map((l) => make(bad({ k: 'f64', values: new Array(l).fill(1), lyingLength: n }, 'lie:lyingLengthArray')));
      case 2: // an honest Proxy around the right array
        return values(n).map((v) => make(either({ k: 'f64', values: v, proxy: true }, 'proxyData')));
      default:
        return fc.oneof(wrongType, fc.constant(bad({ k: 'array', items: new Array(n).fill(value(1)) }, 'plainArray'))).map((d) => make(d));
    }
  }));

  const rowLists = fc.oneof(
    // valid: equal-length rows of numbers (or Float64Arrays)
    fc.tuple(dim(0, 5), dim(1, 5), fc.boolean()).chain(([r, c, typed]) => fc.array(values(c), { minLength: r, maxLength: r }).map((rows) => makeCase('Matrix.from', [ok({
      k: 'array', items: rows.map((row) => (typed ? { k: 'f64', values: row } : { k: 'array', items: row.map(value) })),
    })]))),
    // ragged rows
    fc.tuple(values(3), values(2)).map(([a, b]) => makeCase('Matrix.from', [bad({ k: 'array', items: [{ k: 'array', items: a.map(value) }, { k: 'array', items: b.map(value) }] }, 'ragged')])),
    // an entry that is not a number, or a row that is not an array
    fc.tuple(values(2), wrongType).map(([a, w]) => makeCase('Matrix.from', [bad({ k: 'array', items: [{ k: 'array', items: [a[0], w.r].map((x) => (typeof x === 'number' ? value(x) : x)) }] }, 'badEntry', ...w.tags)])),
    fc.tuple(values(2), wrongType).map(([a, w]) => makeCase('Matrix.from', [bad({ k: 'array', items: [{ k: 'array', items: a.map(value) }, w.r] }, 'badRow', ...w.tags)])),
    // NaN/±Infinity entries: a Matrix may hold them (the operations refuse them)
    fc.constantFrom(NaN, Infinity, -Infinity).map((x) => makeCase('Matrix.from', [either({ k: 'array', items: [{ k: 'array', items: [value(1), value(x)] }] }, 'nonFiniteEntry')])),
    // the rows themselves hostile, or claiming a huge length
    wrongType.map((w) => makeCase('Matrix.from', [w.tags.includes('emptyArray') ? ok(w.r) : w])), // [] is the 0×0 matrix
    fc.constantFrom(2 ** 31, 1e9, -1, NaN).map((l) => makeCase('Matrix.from', [bad({ k: 'arrayLike', length: l }, 'lyingArrayLike')])),
  );

  const zerosCase = hostileSlots(['rows', 'cols'], (h) => fc.tuple(sizeArg(0, 6, { hostile: h('rows') }), sizeArg(0, 6, { hostile: h('cols') })).map(([r, c]) => makeCase('Matrix.zeros', [r, c])));
  const identityCase = fc.boolean().chain((hostile) => sizeArg(0, 6, { hostile })).map((n) => makeCase('Matrix.identity', [n]));

  area.property('construction: new Matrix, Matrix.from, zeros, identity', fc.oneof(constructorCase, rowLists, zerosCase, identityCase), 200);

  // A matrix `this` (honest, lying or forged, or undefined as for a detached method) and indices.
  const receiver = (hostile: boolean) => fc.tuple(dim(0, 4), dim(0, 4)).chain(([r, c]) => (hostile
    ? fc.oneof(
      { weight: 8, arbitrary: matrixOfShape(r, c, { hostile, otherTypes: false }) },
      { weight: 1, arbitrary: fc.constant({ ...bad(value(undefined), 'detachedMethod'), rows: r, cols: c, isMatrix: false, finite: true, entries: [] } as MatrixArg) },
    )
    : matrixOfShape(r, c)).map((m) => (m.isMatrix ? m : { ...m, tags: [...m.tags, 'badReceiver'] })));
  const index = (limit: number, hostile: boolean) => numberArg(fc.integer({ min: 0, max: Math.max(0, limit - 1) }), (x) => (Number.isInteger(x) && x >= 0 && x < limit ? 'ok' : 'bad'), { hostile });
  const methodCase = hostileSlots(['this', 'i', 'j', 'v'], (h) => receiver(h('this')).chain((m) => {
    // The honest shape decides which indices are in range (a lie that took makes the case invalid anyway).
    const inRange = (i: Arg, j: Arg) => {
      const x = i.r.k === 'value' ? i.r.v : undefined, y = j.r.k === 'value' ? j.r.v : undefined;
      return typeof x === 'number' && typeof y === 'number' && Number.isInteger(x) && Number.isInteger(y) && x >= 0 && y >= 0 && x < m.rows && y < m.cols;
    };
    return fc.oneof(
      fc.tuple(index(m.rows, h('i')), index(m.cols, h('j'))).map(([i, j]) => makeCase('Matrix#get', [m, { ...i, bad: false }, { ...j, bad: false }], inRange(i, j))),
      fc.tuple(index(m.rows, h('i')), index(m.cols, h('j')), numberArg(entry(), (x) => (Number.isFinite(x) ? 'ok' : 'bad'), { hostile: h('v') })).map(([i, j, v]) =>
        makeCase('Matrix#set', [m, { ...i, bad: false }, { ...j, bad: false }, v], inRange(i, j))),
      // A shrunk buffer breaks the data, not the shape: `shape` still names the declared one (error
      // messages print it), so there it is no lie.
      fc.constantFrom('Matrix#toArray', 'Matrix#clone', 'Matrix#shape').map((call) =>
        makeCase(call, [call === 'Matrix#shape' && m.tags.includes('lie:shrunkBuffer') ? { ...m, lie: false } : m])),
    );
  }));
  area.property('methods on honest, lying and forged matrices: get, set, toArray, clone, shape', methodCase, 200);
});

describe('matmul and gram', () => {
  /** out: right shape; or wrong shape, a hostile stand-in, or a or b itself. */
  function outArg(a: MatrixArg, b: MatrixArg, m: number, n: number, hostile: boolean): fc.Arbitrary<MatrixArg> {
    if (!hostile) return matrixOfShape(m, n);
    return fc.oneof(
      { weight: 2, arbitrary: matrixOfShape(m, n, { hostile }) },
      { weight: 1, arbitrary: matrixOfShape(m + 1, n) },
      { weight: 1, arbitrary: fc.constantFrom(0, 1).map((index) => ({ ...(index === 0 ? a : b), r: { k: 'alias', index } as const, tags: ['outAliasesInput'] })) },
    );
  }
  const flag = (given: boolean, hostile: boolean) => (hostile ? booleanArg({ hostile }) : fc.constant(ok(value(given))));
  const finiteNumber = (hostile: boolean) => numberArg(entry(), (x) => (Number.isFinite(x) ? 'ok' : 'bad'), { optional: true, hostile });

  const matmulCase = hostileSlots(['a', 'b', 'inner', 'opts', 'transA', 'transB', 'alpha', 'beta', 'out'], (h) => fc.record({
    m: dim(), k: dim(), n: dim(), kb: h('inner') ? dim() : fc.constant(undefined), transA: fc.boolean(), transB: fc.boolean(),
  }).chain(({ m, k, n, kb, transA, transB }) => {
    const kB = kb ?? k;
    return fc.tuple(
      matrixOfShape(transA ? k : m, transA ? m : k, { hostile: h('a') }),
      matrixOfShape(transB ? n : kB, transB ? kB : n, { hostile: h('b') }),
    ).chain(([a, b]) => fc.tuple(fc.constant(a), fc.constant(b), optionsArg({
      transA: flag(transA, h('transA')),
      transB: flag(transB, h('transB')),
      alpha: finiteNumber(h('alpha')),
      beta: finiteNumber(h('beta')),
      out: outArg(a, b, m, n, h('out')),
    }, { optional: true, hostile: h('opts') })));
  }).map(([a, b, o]) => {
    // What the call sees: the flags as given (false when absent), the shapes they imply.
    const tA = o.isObject && fieldValue(o, 'transA') === true, tB = o.isObject && fieldValue(o, 'transB') === true;
    const [m, k] = tA ? [a.cols, a.rows] : [a.rows, a.cols];
    const [kb, n] = tB ? [b.cols, b.rows] : [b.rows, b.cols];
    const out = o.isObject ? (o.fields.out as MatrixArg | undefined) : undefined;
    const beta = o.isObject ? fieldValue(o, 'beta') : undefined;
    const readsOut = out !== undefined && beta !== undefined && beta !== 0;
    const valid = usable(a) && usable(b) && k === kb &&
      (!out || (out.isMatrix && out.rows === m && out.cols === n && (out.finite || !readsOut)));
    return makeCase('matmul', [a, b, o], valid);
  }));
  area.property('matmul: shapes, flags, scalars, out (aliased too), lying and forged operands', matmulCase, 250);

  const gramCase = hostileSlots(['a', 'opts', 'transA', 'alpha', 'out'], (h) => fc.tuple(dim(), dim(), fc.boolean()).chain(([r, c, transA]) => matrixOfShape(r, c, { hostile: h('a') }).chain((a) => optionsArg({
    transA: flag(transA, h('transA')),
    alpha: finiteNumber(h('alpha')),
    out: h('out')
      ? fc.oneof(matrixOfShape(transA ? c : r, transA ? c : r, { hostile: true }), matrixOfShape(r + 1, r), fc.constant({ ...a, r: { k: 'alias', index: 0 }, tags: ['outAliasesInput'] } as MatrixArg))
      : matrixOfShape(transA ? c : r, transA ? c : r),
  }, { optional: true, hostile: h('opts') }).map((o) => {
    const tA = o.isObject && fieldValue(o, 'transA') === true;
    const n = tA ? a.cols : a.rows;
    const out = o.isObject ? (o.fields.out as MatrixArg | undefined) : undefined;
    const valid = usable(a) && (!out || (out.isMatrix && out.rows === n && out.cols === n));
    return makeCase('gram', [a, o], valid);
  }))));
  area.property('gram: shapes, flags, out, lying and forged operands', gramCase, 150);
});

describe('eigh, eigvalsh, spectrum, lambdaMin, lambdaMax', () => {
  /** A symmetric matrix; hostile: asymmetric on purpose, not square, or a hostile stand-in. */
  const squareish = (hostile: boolean) => fc.tuple(dim(0, 7), fc.nat({ max: 3 })).chain(([n, kind]) => {
    if (!hostile) return matrixOfShape(n, n, { entries: symmetricEntries() }).map((m) => ({ m, symmetric: true, square: true }));
    if (kind === 0) return matrixOfShape(n, n + 1).map((m) => ({ m, symmetric: false, square: false }));
    if (kind === 1) {
      // a(0, 1) and a(1, 0) made to differ by far more than the symmetry tolerance
      const size = Math.max(n, 2);
      return matrixOfShape(size, size).map((m) => {
        const entries = m.entries.slice();
        entries[1] = entries[size] + 1 + Math.abs(entries[size]);
        return { m: { ...m, entries, r: { ...m.r, values: entries } as typeof m.r, tags: [...m.tags, 'asymmetric'] }, symmetric: false, square: true };
      });
    }
    return matrixOfShape(n, n, { entries: symmetricEntries(), hostile: true }).map((m) => ({ m, symmetric: true, square: true }));
  });

  const subsetArg = (n: number, hostile: boolean): fc.Arbitrary<Arg> => (!hostile
    ? fc.tuple(fc.constantFrom('smallest', 'largest'), fc.integer({ min: 1, max: Math.max(1, n) })).map(([key, k]) => (k <= n ? ok : bad)({ k: 'object', entries: [[key, value(k)]] }, ...(k <= n ? [] : ['subsetTooLarge'])))
    : fc.oneof(
      fc.tuple(fc.constantFrom('smallest', 'largest'), numberArg(fc.integer({ min: 1, max: Math.max(1, n) }), (x) => (Number.isInteger(x) && x >= 1 && x <= n ? 'ok' : 'bad'), { hostile })).map(([key, k]) => ({ ...k, r: { k: 'object', entries: [[key, k.r]] } as Recipe })),
      fc.constantFrom(
        bad({ k: 'object', entries: [['smallest', value(1)], ['largest', value(1)]] }, 'subsetBothKeys'),
        bad({ k: 'object', entries: [['biggest', value(1)]] }, 'unknownOption'),
        bad({ k: 'object', entries: [] }, 'emptySubset'),
        bad(value(1), 'numberSubset'),
        bad(value(null), 'null'),
      ),
    ));

  const eighCase = hostileSlots(['a', 'opts', 'subset', 'symmetrize', 'vectors'], (h) => fc.tuple(squareish(h('a')), fc.constantFrom('eigh', 'eigvalsh')).chain(([{ m, symmetric, square }, call]) => {
    const fields: Record<string, fc.Arbitrary<Arg>> = { subset: subsetArg(m.rows, h('subset')), symmetrize: booleanArg({ hostile: h('symmetrize') }) };
    if (call === 'eigh') fields.vectors = booleanArg({ hostile: h('vectors') });
    return optionsArg(fields, { optional: true, hostile: h('opts') }).map((o: OptionsArg) => {
      const symmetrize = o.isObject && fieldValue(o, 'symmetrize') === true;
      return makeCase(call, [m, o], usable(m) && square && (symmetric || symmetrize));
    });
  }));
  const spectralCase = fc.tuple(fc.boolean().chain(squareish), fc.constantFrom('spectrum', 'lambdaMin', 'lambdaMax')).map(([{ m, symmetric, square }, call]) =>
    makeCase(call, [m], usable(m) && square && symmetric && (call === 'spectrum' || m.rows > 0)));
  area.property('eigh, eigvalsh: symmetric, asymmetric, non-square, subsets, lying and forged input', eighCase, 200);
  area.property('spectrum, lambdaMin, lambdaMax', spectralCase, 100);
});

/** ‖x‖₂ of the entries, scaled so that it overflows only when the norm itself does. */
function frobenius(entries: number[]): number {
  const s = Math.max(0, ...entries.map(Math.abs));
  if (s === 0) return 0;
  return s * Math.sqrt(entries.reduce((sum, v) => sum + (v / s) ** 2, 0));
}

describe('valid input at the extremes of float64', () => {
  const wide = fc.tuple(dim(1, 5), dim(1, 5), dim(1, 5)).chain(([m, k, n]) => fc.oneof(
    fc.tuple(matrixOfShape(m, k, { range: 'wide' }), matrixOfShape(k, n, { range: 'wide' }))
      .map(([a, b]) => makeCase('matmul', [{ ...a, tags: ['extreme'] }, b])),
    matrixOfShape(m, k, { range: 'wide' }).map((a) => makeCase('gram', [{ ...a, tags: ['extreme'] }])),
    // Entries near the top of the range can have eigenvalues beyond it (a refusal is then right):
    // a result is owed only when ‖A‖_F, which bounds every |λ|, is itself finite.
    matrixOfShape(m, m, { entries: symmetricEntries('wide') }).map((a) => makeCase('eigh', [{ ...a, tags: ['extreme'], either: !(frobenius(a.entries) <= Number.MAX_VALUE) }])),
    // graded: diagonal entries spread over up to 600 decades, with couplings between neighbours
    fc.tuple(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 10, max: 300 }), fc.double({ min: 0, max: 1, noNaN: true })).map(([size, decades, coupling]) => {
      const d = Array.from({ length: size }, (_, i) => 10 ** (decades - (2 * decades * i) / (size - 1)));
      const entries = new Array(size * size).fill(0).map((_, idx) => {
        const i = Math.floor(idx / size), j = idx % size;
        return i === j ? d[i] : Math.abs(i - j) === 1 ? coupling * Math.sqrt(d[i]) * Math.sqrt(d[j]) : 0;
      });
      // Finite or a typed error: the issue allows either for gradings beyond 320 decades.
      return makeCase('eigh', [either({ k: 'matrix', rows: size, cols: size, values: entries }, 'graded', ...(2 * decades > 320 ? ['graded>320decades'] : []))]);
    }),
  ));
  area.property('matmul, gram, eigh at magnitudes from 1e-300 to 1e300 and graded matrices', wide, 100);
});
