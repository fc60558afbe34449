// Fuzz of the runtime: ready() with hostile options, runtimeInfo(), networks used after the active
// backend changed, concurrent trainings, backend switches and disposal during a training, and
// calls made before ready() (in a worker of their own that never calls it).

import fc from 'fast-check';
import { describe } from 'vitest';
import { dim, either, enumArg, hostileSlots, makeCase, matrixOfShape, netOptions, ok, optionsArg, targetsArg, value } from './arbitraries';
import { fuzzArea } from './harness';

describe('ready and runtimeInfo', () => {
  const area = fuzzArea('runtime');
  const readyCase = hostileSlots(['opts', 'backend'], (h) => optionsArg({
    backend: enumArg(['auto', 'simd', 'relaxed'], { optional: true, hostile: h('backend') }),
  }, { optional: true, hostile: h('opts') }).map((o) => makeCase('ready', [o])));
  const infoCase = fc.constant(makeCase('runtimeInfo', []));
  area.property('ready (switching backends back and forth), runtimeInfo', fc.oneof(readyCase, infoCase), 60);

  const backends = fc.constantFrom('simd', 'relaxed');
  const actions = ['TwoLayerReLU#predict', 'TwoLayerReLU#loss', 'TwoLayerReLU#gradient', 'TwoLayerReLU#jacobian', 'TwoLayerReLU#empiricalNtk', 'TwoLayerReLU#clone', 'train'];
  const afterSwitch = fc.tuple(netOptions(), dim(1, 5), backends, backends, fc.constantFrom(...actions)).chain(([options, n, from, to, action]) =>
    fc.tuple(matrixOfShape(n, options.inputDim as number), targetsArg(n)).map(([X, y]) =>
      makeCase('scenario:networkAfterSwitch', [ok({ k: 'value', v: options }), X, y, ok(value(from)), ok(value(to)), ok(value(action))], true, { tags: [from === to ? 'sameBackend' : 'switchedBackend'] })));
  area.property('a network made on one backend, used after ready() chose another', afterSwitch, 60);

  // A training that runs long enough to yield (every 50 ms) before it ends, so that something can
  // happen in between; each run stops itself after 150 ms.
  const during = (call: string) => fc.tuple(fc.integer({ min: 0, max: 1000 }), backends).map(([seed, other]) => {
    const options = { inputDim: 3, width: 16, seed };
    const X = { k: 'matrix', rows: 6, cols: 3, values: Array.from({ length: 18 }, (_, i) => Math.sin(i + seed)) } as const;
    const y = { k: 'f64', values: Array.from({ length: 6 }, (_, i) => Math.cos(i * seed)) } as const;
    const args = [ok(value(options)), ok(X), ok(y)];
    if (call === 'scenario:switchDuringTrain') args.push(ok(value(other)));
    // disposing under a running training: a typed error, or the training's own clean end
    return makeCase(call, call === 'scenario:disposeDuringTrain' ? args.map((a) => either(a.r)) : args);
  });
  area.property('a second train() of a network that is training', during('scenario:concurrentTrain'), 4);
  area.property('ready() switching the backend during a training', during('scenario:switchDuringTrain'), 4);
  area.property('dispose() during a training', during('scenario:disposeDuringTrain'), 4);
});

describe('before ready()', () => {
  const area = fuzzArea('runtime-not-ready', 'not-ready');
  const calls = ['matmul', 'gram', 'eigh', 'eigvalsh', 'analyticNtk', 'TwoLayerReLU.init', 'runtimeInfo', 'predictResidual', 'lambdaMin', 'maxLearningRate'];
  area.property('every call that needs the kernels refuses clearly before ready()', fc.constantFrom(...calls).map((call) => makeCase('scenario:beforeReady', [ok(value(call))], false, { tags: ['notReady'] })), 20);
});
