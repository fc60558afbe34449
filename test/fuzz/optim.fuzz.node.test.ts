// Fuzz of train: live, disposed, forged and missing networks; inputs and targets that do not fit;
// every option, including records, abort signals (and the AbortController mistaken for one),
// progress callbacks that throw, and step counts from 0 to huge. Valid runs are compared with a
// plain-TypeScript training run step by step.

import fc from 'fast-check';
import { describe } from 'vitest';
import {
  bad, booleanArg, dim, either, enumArg, hostileSlots, makeCase, matrixOfShape, netArg, numberArg, ok, optimizerArg, optionsArg, sizeArg,
  targetsArg, value, values, wrongType, type Arg, type MatrixArg,
} from './arbitraries';
import { fuzzArea } from './harness';

const area = fuzzArea('optim');

describe('train', () => {
  const slots = ['net', 'X', 'y', 'opts', 'optimizer', 'steps', 'loss', 'record', 'every', 'kernelDrift', 'lambdaMin', 'projectOn', 'onProgress', 'signal', 'tolerance', 'divergenceFactor'];
  const trainCase = hostileSlots(slots, (h) => netArg(undefined, h('net')).chain((net) => {
    const d = net.inputDim;
    return fc.tuple(dim(0, 5), dim(1, 4)).chain(([n, cols]) => fc.tuple(
      h('X') ? fc.oneof(matrixOfShape(n, d, { hostile: true }), matrixOfShape(n, cols === d ? d + 1 : cols)) : matrixOfShape(n, d),
      targetsArg(n, h('y')),
      optionsArg({
        optimizer: optimizerArg(h('optimizer')),
        steps: sizeArg(0, 12, { hostile: h('steps'), huge: false }),
        loss: enumArg(['half-sum', 'mean'], { optional: true, hostile: h('loss') }),
        record: optionsArg({
          every: sizeArg(1, 4, { optional: true, hostile: h('every') }),
          kernelDrift: booleanArg({ optional: true, hostile: h('kernelDrift') }),
          lambdaMin: booleanArg({ optional: true, hostile: h('lambdaMin') }),
          projectOn: !h('projectOn')
            ? values(n * n).map((v) => ok({ k: 'matrix', rows: n, cols: n, values: v.map((_, i) => (Math.floor(i / n) === i % n ? 1 + Math.abs(v[i]) : 0)) }))
            : fc.oneof(
              values((n + 1) * (n + 1)).map((v) => bad({ k: 'matrix', rows: n + 1, cols: n + 1, values: v.map((_, i) => (Math.floor(i / (n + 1)) === i % (n + 1) ? 1 : 0)) }, 'mismatch')),
              wrongType,
            ),
        }, { optional: true, hostile: h('record') }),
        onProgress: !h('onProgress')
          ? fc.constant(ok({ k: 'function', throws: false }))
          : fc.constantFrom(either({ k: 'function', throws: true }, 'throwingCallback'), bad(value('log'), 'string'), bad(value(1), 'numberCallback')),
        signal: !h('signal')
          ? fc.constantFrom(ok({ k: 'abortSignal', aborted: false }), ok({ k: 'abortSignal', aborted: true }, 'aborted'))
          : fc.constantFrom(
            bad({ k: 'abortController', aborted: true }, 'abortController'),
            bad({ k: 'abortController', aborted: false }, 'abortController'),
            bad(value(true), 'boolean'),
            bad({ k: 'object', entries: [['aborted', value(true)]] }, 'fakeSignal'),
          ),
        tolerance: numberArg(fc.double({ min: 0, max: 1, noNaN: true }), (x) => (Number.isFinite(x) && x >= 0 ? 'ok' : 'bad'), { optional: true, hostile: h('tolerance') }),
        divergenceFactor: numberArg(fc.double({ min: 1.5, max: 1e6, noNaN: true }), (x) => (x > 1 ? 'ok' : 'bad'), { optional: true, hostile: h('divergenceFactor') }),
      }, { required: ['optimizer', 'steps'], hostile: h('opts') }),
    )).map(([X, y, o]: [MatrixArg, Arg, Arg]) => {
      // training needs at least one point: an X with no rows is refused
      const valid = net.isNet && X.isMatrix && !X.bad && X.finite && X.cols === d && X.rows > 0;
      const huge = (o as { fields?: Record<string, Arg> }).fields?.steps?.tags.includes('huge');
      return makeCase('train', [net, X, y, o], valid, { either: huge });
    });
  }));
  area.property('train: networks, data, optimizers, steps, records, signals, callbacks', trainCase, 150);
});
