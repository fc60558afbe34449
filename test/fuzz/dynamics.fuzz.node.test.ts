// Fuzz of the optimizers and the dynamics: gd, heavyBall, nesterov, twoMomentum, optimizerLabel,
// predictResidual, besselJ, besselScaled, integrate, fitRate, theoreticalRate, maxLearningRate,
// criticalMomentum.

import fc from 'fast-check';
import { describe } from 'vitest';
import {
  bad, booleanArg, dim, either, enumArg, fieldValue, hostileSlots, makeCase, matrixOfShape, numberArg, ok, optimizerArg, optionsArg,
  sizeArg, value, values, wrongType, type Arg, type MatrixArg,
} from './arbitraries';
import { fuzzArea } from './harness';
import type { OdeKind } from './recipes';

const area = fuzzArea('dynamics');

const positive = (x: number): 'ok' | 'bad' => (Number.isFinite(x) && x > 0 ? 'ok' : 'bad');
const unit = (x: number): 'ok' | 'bad' => (Number.isFinite(x) && x >= 0 && x < 1 ? 'ok' : 'bad');
const lrArg = (hostile: boolean) => numberArg(fc.double({ min: 1e-4, max: 2, noNaN: true }), positive, { hostile });
const momentumArg = (hostile: boolean) => numberArg(fc.double({ min: 0, max: 0.999, noNaN: true }), unit, { hostile });

describe('optimizers', () => {
  const num = (o: ReturnType<typeof fieldValue>) => (typeof o === 'number' ? o : NaN);
  const factories = fc.oneof(
    hostileSlots(['opts', 'lr'], (h) => optionsArg({ lr: lrArg(h('lr')) }, { required: ['lr'], hostile: h('opts') }).map((o) => makeCase('gd', [o]))),
    hostileSlots(['opts', 'lr', 'momentum'], (h) => optionsArg({ lr: lrArg(h('lr')), momentum: momentumArg(h('momentum')) }, { required: ['lr', 'momentum'], hostile: h('opts') }).map((o) => makeCase('heavyBall', [o]))),
    hostileSlots(['opts', 'lr', 'damping', 'momentum', 'both'], (h) => optionsArg({
      lr: lrArg(h('lr')),
      // undefined is "not given" for both (each is optional)
      damping: numberArg(fc.double({ min: 1, max: 10, noNaN: true }), (x) => (Number.isFinite(x) && x >= 1 ? 'ok' : 'bad'), { optional: true, hostile: h('damping') }),
      momentum: h('both') || h('momentum') ? numberArg(fc.double({ min: 0, max: 0.999, noNaN: true }), unit, { optional: true, hostile: h('momentum') }) : fc.constant(ok(value(undefined))),
      // damping and momentum are each optional (NAG-C's damping defaults to 3): leaving one or both
      // out is valid, giving both is the error
    }, { required: ['lr'], hostile: h('opts') })
      .map((o) => makeCase('nesterov', [o], !(fieldValue(o, 'momentum') !== undefined && fieldValue(o, 'damping') !== undefined)))),
    hostileSlots(['opts', 'lr', 'beta1', 'beta2'], (h) => optionsArg({
      lr: lrArg(h('lr')),
      beta1: numberArg(fc.double({ min: -0.9, max: 0.9, noNaN: true }), (x) => (Number.isFinite(x) ? 'ok' : 'bad'), { hostile: h('beta1') }),
      beta2: numberArg(fc.double({ min: -0.9, max: 0.9, noNaN: true }), (x) => (Number.isFinite(x) ? 'ok' : 'bad'), { hostile: h('beta2') }),
    }, { required: ['lr', 'beta1', 'beta2'], hostile: h('opts') }).map((o) => {
      const b1 = num(fieldValue(o, 'beta1')), b2 = num(fieldValue(o, 'beta2'));
      // the Schur–Cohn conditions decide (a pair outside them is refused)
      return makeCase('twoMomentum', [o], !o.isObject || (Math.abs(b2) < 1 && Math.abs(b1) < 1 - b2));
    })),
    hostileSlots(['opts', 'lr', 'momentum', 'nu'], (h) => optionsArg({
      lr: lrArg(h('lr')),
      momentum: momentumArg(h('momentum')),
      nu: numberArg(fc.double({ min: 0, max: 1, noNaN: true }), (x) => (Number.isFinite(x) && x >= 0 && x <= 1 ? 'ok' : 'bad'), { hostile: h('nu') }),
    }, { required: ['lr', 'momentum', 'nu'], hostile: h('opts') }).map((o) => makeCase('qhm', [o]))),
    fc.boolean().chain((hostile) => optimizerArg(hostile)).map((o) => makeCase('optimizerLabel', [o])),
  );
  area.property('gd, heavyBall, nesterov, twoMomentum, qhm, optimizerLabel', factories, 200);
});

/** A kernel: symmetric positive semi-definite B·Bᵀ/(k + 1), eigenvalues of order 1. */
function kernelEntries(n: number): fc.Arbitrary<number[]> {
  return values(n * (n + 1)).map((b) => {
    const k = n + 1;
    const K = new Array(n * n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += b[i * k + l] * b[j * k + l];
      K[i * n + j] = K[j * n + i] = s / (k * 4);
    }
    return K;
  });
}

describe('predictResidual', () => {
  const kernelArg = (n: number, hostile: boolean): fc.Arbitrary<MatrixArg> => (!hostile
    ? fc.oneof(
      { weight: 2, arbitrary: matrixOfShape(n, n, { entries: () => kernelEntries(n) }) },
      { weight: 1, arbitrary: kernelEntries(n).map((e) => ({ ...ok({ k: 'eighOf', matrix: { k: 'matrix', rows: n, cols: n, values: e }, vectors: true }), rows: n, cols: n, isMatrix: true, finite: true, entries: e })) },
    )
    : fc.oneof(
      matrixOfShape(n, n, { entries: () => kernelEntries(n), hostile }),
      kernelEntries(n).map((e) => ({ ...bad({ k: 'eighOf', matrix: { k: 'matrix', rows: n, cols: n, values: e }, vectors: false }, 'basisWithoutVectors'), rows: n, cols: n, isMatrix: false, finite: true, entries: e })),
      matrixOfShape(n, n + 1).map((m) => ({ ...m, bad: true, tags: [...m.tags, 'notSquare'] })),
    ));
  const r0Arg = (n: number, hostile: boolean): fc.Arbitrary<Arg> => {
    if (!hostile) return fc.tuple(values(n), fc.boolean()).map(([v, typed]) => ok(typed ? { k: 'f64', values: v } : { k: 'array', items: v.map(value) }));
    const choices: fc.Arbitrary<Arg>[] = [
      values(n + 1).map((v) => bad({ k: 'array', items: v.map(value) }, 'wrongLength')),
      wrongType.map((w) => (n === 0 && w.tags.includes('emptyArray') ? ok(w.r) : w)),
    ];
    if (n > 0) {
      choices.push(fc.tuple(values(n), fc.constantFrom<unknown>(null, '1', 'x', true, undefined, NaN, Infinity))
        .map(([v, x]) => bad({ k: 'array', items: v.map((e, i) => value(i === 0 ? x : e)) }, 'badEntry', x === null ? 'null' : typeof x === 'string' ? 'string' : typeof x === 'number' ? 'nan' : typeof x)));
    }
    return fc.oneof(...choices);
  };
  const timesArg = (hostile: boolean) => (!hostile
    ? fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { maxLength: 5 }).map((t) => ok({ k: 'array', items: t.map(value) }))
    : fc.constantFrom(
      bad({ k: 'array', items: [value(1), value(-1)] }, 'negativeTime'),
      bad({ k: 'array', items: [value(NaN)] }, 'nan'),
      bad({ k: 'array', items: [value(null), value(1)] }, 'null'),
      bad({ k: 'array', items: [value('2'), value(1)] }, 'string'),
      bad(value('123'), 'string', 'nonArrayTimes'),
      bad(value(5), 'nonArrayTimes'),
      bad({ k: 'object', entries: [] }, 'nonArrayTimes'),
    ));
  const slots = ['H', 'r0', 'opts', 'optimizer', 'mode', 'steps', 'times', 'stepsAndTimes', 'limit', 'resolution', 'loss', 'residuals', 'amplitudes'];
  const predictCase = hostileSlots(slots, (h) => dim(0, 5).chain((n) => fc.tuple(kernelArg(n, h('H')), r0Arg(n, h('r0')), fc.boolean()).chain(([H, r0, withTimes]) => optionsArg({
    optimizer: optimizerArg(h('optimizer')),
    mode: h('times') ? fc.constant(ok(value('flow'))) : enumArg(['flow', 'discrete'], { hostile: h('mode') }),
    steps: withTimes && !h('stepsAndTimes') ? fc.constant(ok(value(undefined))) : sizeArg(0, 20, { hugeIsValid: true, hostile: h('steps') }),
    times: withTimes || h('stepsAndTimes') || h('times') ? timesArg(h('times')) : fc.constant(ok(value(undefined))),
    limit: enumArg(['first-order', 'second-order'], { optional: true, hostile: h('limit') }),
    resolution: enumArg(['low', 'high'], { optional: true, hostile: h('resolution') }),
    loss: enumArg(['half-sum', 'mean'], { optional: true, hostile: h('loss') }),
    residuals: booleanArg({ optional: true, hostile: h('residuals') }),
    amplitudes: booleanArg({ optional: true, hostile: h('amplitudes') }),
  }, { required: ['optimizer', 'mode'], hostile: h('opts') }).map((o) => {
    const given = (key: string) => o.isObject && o.fields[key] !== undefined && !(o.fields[key].r.k === 'value' && o.fields[key].r.v === undefined);
    const exactlyOne = given('steps') !== given('times');
    const timesWithDiscrete = given('times') && fieldValue(o, 'mode') === 'discrete';
    const huge = o.fields.steps?.tags.includes('huge');
    return makeCase('predictResidual', [H, r0, o], !o.isObject || (exactlyOne && !timesWithDiscrete && !H.bad && H.finite), { either: huge });
  }))));
  area.property('predictResidual: kernels and eigenbases, r0, steps or times, every option', predictCase, 200);
});

describe('Bessel functions', () => {
  const orderArg = (hostile: boolean) => numberArg(fc.integer({ min: 0, max: 40 }).map((k) => k / 2), (x) => {
    if (!(x >= 0) || !Number.isInteger(2 * x)) return 'bad';
    return x > 1000 ? 'either' : 'ok'; // a huge order: a quick answer or a quick refusal, never a hang
  }, { hostile });
  const zArg = (hostile: boolean) => numberArg(fc.oneof(fc.double({ min: 0, max: 60, noNaN: true }), fc.constantFrom(0, 2, 25, 1e-300, 1e6, 1e300)), (x) => (Number.isFinite(x) && x >= 0 ? 'ok' : 'bad'), { hostile });
  const besselCase = hostileSlots(['nu', 'z'], (h) => fc.tuple(fc.constantFrom('besselJ', 'besselScaled'), orderArg(h('nu')), zArg(h('z')))
    .map(([call, nu, z]) => makeCase(call, [nu.either ? { ...nu, tags: [...nu.tags, 'hugeOrder'] } : nu, z])));
  area.property('besselJ, besselScaled: orders, arguments, huge orders', besselCase, 200);
});

describe('integrate', () => {
  const odeArg = (hostile: boolean): fc.Arbitrary<Arg> => (!hostile
    ? fc.constantFrom<OdeKind>('decay', 'oscillator', 'noop').map((kind) => ok({ k: 'ode', kind }))
    // an f that makes the solution non-finite must end in a RangeError; one that throws, in its error
    : fc.oneof(fc.constantFrom<OdeKind>('nan', 'throws', 'blowup').map((kind) => either({ k: 'ode', kind }, `ode:${kind}`)), wrongType.filter((w) => w.r.k !== 'function')));
  const integrateCase = hostileSlots(['f', 'y0', 'tspan', 'opts', 'rtol', 'atol', 'times', 'maxSteps'], (h) => fc.tuple(odeArg(h('f')), dim(0, 4), fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: 0.1, max: 8, noNaN: true }))
    .chain(([f, n, t0, length]) => {
      const t1 = t0 + length;
      const y0 = !h('y0')
        ? values(n).chain((v) => fc.constantFrom(ok({ k: 'array', items: v.map(value) }), ok({ k: 'f64', values: v })))
        : fc.oneof(
          fc.constantFrom(bad({ k: 'array', items: [value(NaN)] }, 'nan'), bad({ k: 'array', items: [value('1')] }, 'string'), bad({ k: 'array', items: [value(null)] }, 'null')),
          wrongType.map((w) => (w.tags.includes('emptyArray') ? ok(w.r) : w)),
        );
      const tspan = !h('tspan')
        ? fc.constant(ok({ k: 'array', items: [value(t0), value(t1)] }))
        : fc.constantFrom(
          bad({ k: 'array', items: [value(t1), value(t0)] }, 'reversedSpan'),
          bad({ k: 'array', items: [value(t0), value(t0)] }, 'emptySpan'),
          bad({ k: 'array', items: [value(NaN), value(t1)] }, 'nan'),
          bad({ k: 'array', items: [value(t0), value(Infinity)] }, 'infinity'),
          bad({ k: 'array', items: [value(String(t0)), value(String(t1))] }, 'string'),
          bad(value(null), 'null'),
          bad(value(undefined), 'undefined'),
          bad(value(t1), 'numberSpan'),
          bad({ k: 'object', entries: [] }, 'plainObject'),
        );
      const timesArg = !h('times')
        ? fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }).map((u) => ok({ k: 'array', items: u.sort((a, b) => a - b).map((x) => value(t0 + x * length)) }))
        : fc.constantFrom(
          bad({ k: 'array', items: [value(t1), value(t0)] }, 'descendingTimes'),
          bad({ k: 'array', items: [value(t1 + 1)] }, 'timeOutside'),
          bad({ k: 'array', items: [value(NaN)] }, 'nan'),
          bad(value('0.5'), 'string', 'nonArrayTimes'),
          bad(value(3), 'nonArrayTimes'),
          bad({ k: 'object', entries: [] }, 'nonArrayTimes'),
        );
      return fc.tuple(y0, tspan, optionsArg({
        rtol: numberArg(fc.double({ min: 1e-10, max: 1e-3, noNaN: true }), positive, { optional: true, hostile: h('rtol') }),
        atol: numberArg(fc.double({ min: 1e-12, max: 1e-3, noNaN: true }), (x) => (Number.isFinite(x) && x >= 0 ? 'ok' : 'bad'), { optional: true, hostile: h('atol') }),
        times: timesArg,
        // A step budget can run out: at rtol 1e-10 an oscillator over t ∈ [0, 8] takes about 800
        // steps, so budgets below 5000 may end in the documented RangeError.
        maxSteps: numberArg(fc.integer({ min: 200, max: 1e5 }), (x) => (Number.isInteger(x) && x >= 1 ? (x < 5000 ? 'either' : 'ok') : 'bad'), { optional: true, hostile: h('maxSteps'), huge: false }),
      }, { optional: true, hostile: h('opts') })).map(([y, span, o]) => makeCase('integrate', [f, y, span, o]));
    }));
  area.property('integrate: right-hand sides that misbehave, spans, times, tolerances', integrateCase, 150);
});

describe('rates', () => {
  const curve = fc.tuple(fc.integer({ min: 12, max: 40 }), fc.boolean(), fc.double({ min: 0.01, max: 1, noNaN: true }), fc.double({ min: 0.5, max: 3, noNaN: true })).map(([len, exponential, c, p]) => {
    const k = Array.from({ length: len }, (_, i) => (exponential ? i : i + 1));
    const loss = k.map((x) => (exponential ? Math.exp(-c * x) : x ** -p));
    return [ok({ k: 'array', items: k.map(value) }), ok({ k: 'f64', values: loss })] as [Arg, Arg];
  });
  const randomCurve = fc.integer({ min: 0, max: 12 }).chain((len) => fc.tuple(
    fc.constant(ok({ k: 'array', items: Array.from({ length: len }, (_, i) => value(i)) })),
    fc.array(fc.double({ min: 1e-12, max: 10, noNaN: true }), { minLength: len, maxLength: len }).map((v) => either({ k: 'array', items: v.map(value) })),
  ));
  const hostileCurve = fc.tuple(values(12), fc.constantFrom<unknown>(NaN, null, '1', true, Infinity), fc.boolean()).map(([v, x, inK]) => {
    const items = v.map((e, i) => value(i === 3 ? x : Math.abs(e) + 0.1));
    const ks = Array.from({ length: 12 }, (_, i) => value(i === 3 && inK ? x : i));
    const tag = x === null ? 'null' : typeof x === 'string' ? 'string' : typeof x === 'boolean' ? 'boolean' : 'nan';
    return inK
      ? [bad({ k: 'array', items: ks }, 'badEntry', tag), ok({ k: 'array', items: items.map((it, i) => (i === 3 ? value(1) : it)) })] as [Arg, Arg]
      : [ok({ k: 'array', items: ks }), bad({ k: 'array', items }, 'badEntry', tag)] as [Arg, Arg];
  });
  const windowArg = (hostile: boolean) => optionsArg({
    from: numberArg(fc.double({ min: 0, max: 20, noNaN: true }), (x) => (Number.isFinite(x) ? 'ok' : 'bad'), { optional: true, hostile }),
    to: numberArg(fc.double({ min: 0, max: 40, noNaN: true }), (x) => (Number.isFinite(x) ? 'ok' : 'bad'), { optional: true, hostile }),
  }, { optional: true, hostile });
  const fitCase = hostileSlots(['curve', 'window'], (h) => fc.tuple(h('curve')
    ? fc.oneof({ weight: 2, arbitrary: hostileCurve }, { weight: 1, arbitrary: fc.tuple(wrongType, wrongType) })
    : fc.oneof({ weight: 3, arbitrary: curve }, { weight: 2, arbitrary: randomCurve }), windowArg(h('window'))))
    .map(([[k, loss], w]) => {
      // Any window may leave fewer than 3 points: a RangeError is then the right answer.
      const windowed = w.isObject && Object.keys(w.fields).length > 0;
      return makeCase('fitRate', [k, loss, w], true, { either: windowed });
    });
  const lambdasArg = (hostile: boolean) => (!hostile
    ? fc.array(fc.double({ min: -1, max: 10, noNaN: true }), { minLength: 1, maxLength: 6 }).map((l) => ok({ k: 'array', items: l.map(value) }))
    : fc.constantFrom(bad({ k: 'array', items: [] }, 'emptyArray'), bad({ k: 'array', items: [value(NaN)] }, 'nan'), bad({ k: 'array', items: [value('1')] }, 'string'), bad({ k: 'array', items: [value(null)] }, 'null'), bad(value(null), 'null'), bad(value('123'), 'string')));
  const rateCase = hostileSlots(['lambdas', 'optimizer'], (h) => fc.tuple(lambdasArg(h('lambdas')), optimizerArg(h('optimizer'))).map(([l, o]) => makeCase('theoreticalRate', [l, o])));
  const kernelCase = hostileSlots(['H', 'second'], (h) => dim(0, 5).chain((n) => fc.tuple(matrixOfShape(n, n, { entries: () => kernelEntries(n), hostile: h('H') }), fc.boolean()).chain(([H, isLr]) => {
    const valid = H.isMatrix && !H.bad && H.finite && n > 0;
    return isLr
      ? numberArg(fc.double({ min: 1e-4, max: 2, noNaN: true }), positive, { hostile: h('second') }).map((lr) => makeCase('criticalMomentum', [H, lr], valid))
      : optimizerArg(h('second')).map((o) => makeCase('maxLearningRate', [H, o], valid));
  })));
  area.property('fitRate, theoreticalRate, maxLearningRate, criticalMomentum', fc.oneof(fitCase, rateCase, kernelCase), 200);
});
