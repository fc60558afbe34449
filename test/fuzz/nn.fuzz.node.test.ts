// Fuzz of the network and the kernels: TwoLayerReLU (init, fromParams, predict, loss, gradient,
// jacobian, empiricalNtk, clone, toParams, the getters, dispose) and analyticNtk, with live,
// disposed, forged and missing networks, lying and forged inputs, and rows of extreme norm.

import fc from 'fast-check';
import { describe } from 'vitest';
import {
  bad, booleanArg, dim, enumArg, hostileSlots, makeCase, matrixOfShape, netArg, numberArg, ok, optionsArg, sizeArg, targetsArg,
  value, values, wrongType, type Arg, type MatrixArg, type NetArg,
} from './arbitraries';
import { fuzzArea } from './harness';
import type { Recipe } from './recipes';

const area = fuzzArea('nn');

function usable(m: MatrixArg): boolean {
  return m.isMatrix && !m.bad && m.finite;
}

/**
 * The receiver of a method: a live network, a disposed one (refused: DisposedError), a forgery
 * or undefined (a detached method; the engine's own TypeError is a fine refusal). Primitives as
 * `this` (`getter.call(false)`) are not generated: no caller gets there by mistake.
 */
function receiver(net: NetArg, call: string): Arg {
  if (net.isNet) return net;
  // Counting parameters needs no memory: a disposed or forged network may still answer.
  const harmless = call === 'TwoLayerReLU#parameterCount' || (call === 'TwoLayerReLU#b' && net.tags.includes('disposed'));
  if (net.tags.includes('disposed')) return harmless ? { ...net, bad: false, either: true } : net;
  return { ...net, tags: [...net.tags, 'badReceiver'], ...(harmless ? { bad: false, either: true } : {}) };
}

describe('TwoLayerReLU construction', () => {
  const initCase = hostileSlots(['opts', 'inputDim', 'width', 'seed', 'scale', 'trainOutputLayer', 'bias', 'parameterization'], (h) => optionsArg({
    inputDim: sizeArg(1, 4, { hostile: h('inputDim') }),
    width: sizeArg(1, 12, { hostile: h('width') }),
    seed: numberArg(fc.integer({ min: -1000, max: 1e9 }), (x) => (Number.isInteger(x) ? 'ok' : 'bad'), { optional: true, hostile: h('seed') }),
    scale: numberArg(fc.double({ min: 0.1, max: 3, noNaN: true }), (x) => (x > 0 && Number.isFinite(x) ? 'ok' : 'bad'), { optional: true, hostile: h('scale') }),
    trainOutputLayer: booleanArg({ optional: true, hostile: h('trainOutputLayer') }),
    bias: booleanArg({ optional: true, hostile: h('bias') }),
    parameterization: enumArg(['ntk', 'standard'], { optional: true, hostile: h('parameterization') }),
  }, { required: ['inputDim', 'width'], hostile: h('opts') }).map((o) => {
    // A huge width or inputDim may be refused, but only quickly (the issue: 1e8 must not allocate).
    const huge = Object.values(o.fields).some((f) => f.tags.includes('huge'));
    return makeCase('TwoLayerReLU.init', [o], true, { either: huge });
  }));

  const paramsCase = fc.tuple(dim(1, 4), dim(1, 6), fc.nat({ max: 8 })).chain(([d, m, variant]) => fc.tuple(values(m * d), values(m), values(m)).chain(([w, a, b]) => {
    const field = (xs: number[]): Recipe & { k: 'array' } => ({ k: 'array', items: xs.map(value) });
    const W = (entries: number[]): Recipe & { k: 'array' } => ({ k: 'array', items: Array.from({ length: m }, (_, r) => field(entries.slice(r * d, (r + 1) * d))) });
    const withHole = (xs: number[], hole: unknown): Recipe => ({ k: 'array', items: xs.map((x, i) => value(i === 0 ? hole : x)) });
    const hostile = fc.constantFrom<unknown>(null, undefined, NaN, Infinity, '1', true);
    const tagOf = (x: unknown) => (x === null ? 'null' : typeof x === 'number' ? (Number.isNaN(x) ? 'nan' : 'infinity') : typeof x);
    // parameterization and trainOutputLayer, each present or not, valid or (in variant 2) hostile
    const extraEntries = fc.record({
      parameterization: fc.option(enumArg(['ntk', 'standard'], { optional: true, hostile: variant === 2 }), { nil: undefined }),
      trainOutputLayer: fc.option(booleanArg({ optional: true, hostile: variant === 2 }), { nil: undefined }),
    }).map((e) => ({ entries: Object.entries(e).filter((kv): kv is [string, Arg] => kv[1] !== undefined) }));
    const make = (entries: [string, Arg][], extraFields: { entries: [string, Arg][] } = { entries: [] }) => {
      const all = [...entries, ...extraFields.entries];
      return makeCase('TwoLayerReLU.fromParams', [{
        r: { k: 'object', entries: all.map(([k, x]) => [k, x.r]) }, tags: all.flatMap(([, x]) => x.tags), bad: all.some(([, x]) => x.bad), either: all.some(([, x]) => x.either),
      }]);
    };
    switch (variant) {
      case 0:
      case 1:
      case 2: // valid (variants 0 and 1), or with hostile extra options (2)
        return fc.tuple(fc.boolean(), extraEntries).map(([withB, e]) => make([['W', ok(W(w))], ['a', ok(field(a))], ...(withB ? [['b', ok(field(b))] as [string, Arg]] : [])], e));
      case 3: // a hole in W, a or b: null must not become 0, NaN must not pass
        return fc.tuple(hostile, fc.constantFrom('W', 'a', 'b')).map(([x, where]) => make([
          ['W', where === 'W' ? bad({ k: 'array', items: [withHole(w.slice(0, d), x), ...W(w).items.slice(1)] }, 'badParam', tagOf(x)) : ok(W(w))],
          ['a', where === 'a' ? bad(withHole(a, x), 'badParam', tagOf(x)) : ok(field(a))],
          ...(where === 'b' ? [['b', bad(withHole(b, x), 'badParam', tagOf(x))] as [string, Arg]] : []),
        ]));
      case 4: // lengths that do not fit
        return fc.constant(make([['W', ok(W(w))], ['a', bad(field([...a, 1]), 'wrongLength')]]));
      case 5: // ragged W, or an empty one
        return fc.constantFrom(
          make([['W', bad({ k: 'array', items: [field(w.slice(0, d)), field([...w.slice(0, d), 1])] }, 'ragged')], ['a', ok(field(a.slice(0, 2)))]]),
          make([['W', bad({ k: 'array', items: [] }, 'emptyW')], ['a', ok(field([]))]]),
        );
      case 6: // W or a of the wrong type, or missing
        return fc.tuple(wrongType, fc.constantFrom('W', 'a')).map(([x, where]) => make([['W', where === 'W' ? x : ok(W(w))], ['a', where === 'a' ? x : ok(field(a))]]));
      default:
        return fc.oneof(wrongType, fc.constant(bad(value(undefined), 'undefined')), fc.constant(bad({ k: 'object', entries: [['W', W(w)]] }, 'missingOption')))
          .map((x) => makeCase('TwoLayerReLU.fromParams', [x]));
    }
  }));
  area.property('TwoLayerReLU.init and fromParams: sizes, seeds, options, holes in the weights', fc.oneof(initCase, paramsCase), 200);
});

describe('TwoLayerReLU methods', () => {
  /** X for a network of input dimension d: n × d, or (hostile) the wrong width or a stand-in. */
  const inputs = (d: number, hostile: boolean) => fc.tuple(dim(0, 5), dim(1, 5)).chain(([n, cols]) => (hostile
    ? fc.oneof(matrixOfShape(n, d, { hostile }), matrixOfShape(n, cols === d ? d + 1 : cols))
    : matrixOfShape(n, d)));
  const methodCase = hostileSlots(['this', 'X', 'Y', 'y', 'opts'], (h) => netArg(undefined, h('this'))
    .filter((net) => net.isNet || net.tags.includes('disposed') || net.tags.includes('forged:net') || (net.r.k === 'value' && net.r.v === undefined)).chain((net) => {
    const d = net.inputDim;
    const self = receiver(net, '');
    const lossOptions = optionsArg({ loss: enumArg(['half-sum', 'mean'], { optional: true, hostile: h('opts') }) }, { optional: true, hostile: h('opts') });
    const fits = (X: MatrixArg) => usable(X) && X.cols === d;
    return fc.oneof(
      inputs(d, h('X')).map((X) => makeCase('TwoLayerReLU#predict', [self, X], fits(X))),
      inputs(d, h('X')).map((X) => makeCase('TwoLayerReLU#jacobian', [self, X], fits(X))),
      fc.tuple(inputs(d, h('X')), fc.option(inputs(d, h('Y')), { nil: undefined })).map(([X, Y]) =>
        makeCase('TwoLayerReLU#empiricalNtk', Y ? [self, X, Y] : [self, X], fits(X) && (!Y || fits(Y)))),
      fc.tuple(inputs(d, h('X')), fc.constantFrom('TwoLayerReLU#loss', 'TwoLayerReLU#gradient')).chain(([X, call]) => fc.tuple(targetsArg(X.rows, h('y')), lossOptions).map(([y, o]) =>
        makeCase(call, [self, X, y, o], fits(X)))),
      fc.constantFrom('TwoLayerReLU#clone', 'TwoLayerReLU#toParams', 'TwoLayerReLU#W', 'TwoLayerReLU#a', 'TwoLayerReLU#b', 'TwoLayerReLU#parameterCount', 'TwoLayerReLU#dispose')
        .map((call) => makeCase(call, [call === 'TwoLayerReLU#dispose' && net.tags.includes('disposed') ? ok(net.r, 'disposed') : receiver(net, call)])),
    );
  }));
  area.property('methods on live, disposed and forged networks with valid, lying and forged inputs', methodCase, 250);
});

/** A row whose squared norm leaves the normal range of float64 (‖x‖ above 1e154 or below 1e-154). */
function hasExtremeRow(m: MatrixArg): boolean {
  for (let i = 0; i < m.rows; i++) {
    const row = m.entries.slice(i * m.cols, (i + 1) * m.cols);
    const big = Math.max(...row.map(Math.abs));
    if (big > 1e154 || (big > 0 && big < 1e-154)) return true;
  }
  return false;
}

describe('analyticNtk', () => {
  /** Rows scaled by 10^e: norms from subnormal to beyond 1e154 (where ‖x‖² overflows). */
  const extremeRows = (n: number, d: number) => fc.tuple(
    values(n * d),
    fc.array(fc.integer({ min: -320, max: 320 }), { minLength: n, maxLength: n }),
  ).map(([v, exponents]) => {
    const scaled = v.map((x, i) => x * 10 ** exponents[Math.floor(i / d)]);
    const extreme = exponents.some((e) => Math.abs(e) >= 150);
    return { ...ok({ k: 'matrix', rows: n, cols: d, values: scaled }, ...(extreme ? ['extremeNorm'] : [])), rows: n, cols: d, isMatrix: true, finite: scaled.every(Number.isFinite), entries: scaled } as MatrixArg;
  });
  const ntkCase = hostileSlots(['X', 'Y', 'opts'], (h) => fc.tuple(dim(0, 5), dim(1, 4)).chain(([n, d]) => fc.tuple(
    h('X') ? matrixOfShape(n, d, { hostile: true }) : fc.oneof({ weight: 3, arbitrary: matrixOfShape(n, d) }, { weight: 2, arbitrary: extremeRows(n, d) }),
    fc.option(fc.tuple(dim(0, 4), dim(1, 5)).chain(([ny, dy]) => (h('Y') ? fc.oneof(matrixOfShape(ny, d, { hostile: true }), matrixOfShape(ny, dy === d ? d + 1 : dy)) : matrixOfShape(ny, d))), { nil: undefined }),
    optionsArg({ layers: enumArg(['first', 'both'], { optional: true, hostile: h('opts') }) }, { optional: true, hostile: h('opts') }),
  )).map(([X, Y, o]) => {
    const valid = usable(X) && (!Y || (usable(Y) && Y.cols === X.cols));
    // Y omitted, or passed as undefined before the options
    const args = Y ? [X, Y, o] : [X, ok(value(undefined)), o];
    // Kernel entries reach ‖xᵢ‖‖yⱼ‖: past float64's range the library rightly refuses with a RangeError.
    const maxNorm = (m: MatrixArg) => Math.max(0, ...Array.from({ length: m.rows }, (_, i) => Math.hypot(...m.entries.slice(i * m.cols, (i + 1) * m.cols))));
    const mayOverflow = valid && maxNorm(X) * maxNorm(Y ?? X) > 1e300;
    return makeCase('analyticNtk', args, valid, { either: mayOverflow, tags: [X, Y].some((m) => m && hasExtremeRow(m)) ? ['extremeNorm'] : [] });
  }));
  area.property('analyticNtk: shapes, options, lying and forged inputs, row norms from 1e-320 to 1e320', ntkCase, 200);
});

