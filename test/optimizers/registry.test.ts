// The optimizer registry at run time: the compiler already refuses a descriptor that lacks a
// member, so these tests guard what it cannot see: that every registered kind is accepted and
// nothing else is, that the command-line aliases map one to one onto the kinds, and that each
// descriptor's Wasm update step and its linearized recurrence describe the same method.
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../src/index';
import { runtime } from '../../src/runtime/runtime';
import { ResidentArray } from '../../src/runtime/resident';
import {
  OPTIMIZERS, descriptorByAlias, descriptorOf, optimizerDescriptors, optimizerFromSettings, optimizerLabel, requireOptimizer, type Optimizer,
} from '../../src/optimizers/registry';
import type { OptimizerDescriptor } from '../../src/optimizers/descriptor';

const METHODS = ['parse', 'label', 'runName', 'initialState', 'step', 'modes', 'responses', 'maxStableLearningRate', 'timeMap', 'flow', 'theoreticalRate'] as const;
const FIELDS = ['kind', 'alias', 'title', 'factory', 'hyperparameters', 'iterateState'] as const;

/** Each registered optimizer at its command-line defaults, with a step every one is stable at on λ ≤ 2. */
const examples = (): [string, Optimizer][] => optimizerDescriptors().map((d) => [d.kind, optimizerFromSettings(d.alias, 0.3, {})]);

describe('the optimizer registry', () => {
  beforeAll(async () => {
    await ready();
  });

  it('holds one descriptor per kind, under its own kind, with every member', () => {
    const kinds = Object.keys(OPTIMIZERS);
    for (const kind of ['gd', 'heavy-ball', 'nesterov', 'nesterov-sc', 'two-momentum']) expect(kinds).toContain(kind);
    expect(optimizerDescriptors().map((d) => d.kind)).toEqual(kinds);
    for (const [kind, d] of Object.entries(OPTIMIZERS) as [string, OptimizerDescriptor<Optimizer>][]) {
      expect(d.kind).toBe(kind);
      for (const m of METHODS) expect(typeof d[m], `${kind}.${m}`).toBe('function');
      for (const f of FIELDS) expect(d[f], `${kind}.${f}`).not.toBeUndefined();
      expect(d.iterateState === null || (Number.isInteger(d.iterateState) && d.iterateState >= 0)).toBe(true);
      for (const h of d.hyperparameters) {
        expect(typeof h.name).toBe('string');
        expect(Number.isFinite(h.default), `${kind}: ${h.name}`).toBe(true);
      }
    }
  });

  it('requireOptimizer accepts exactly the registered kinds, and gives back an equal, checked copy', () => {
    for (const [kind, o] of examples()) {
      expect(o.kind).toBe(kind);
      const copy = requireOptimizer('test', JSON.parse(JSON.stringify(o)));
      expect(copy).toEqual(o);
      expect(Object.isFrozen(copy)).toBe(true);
    }
    for (const kind of ['adam', 'toString', '__proto__', 'constructor', 'hb', '', 3]) {
      expect(() => requireOptimizer('test', { kind, lr: 0.1 }), String(kind)).toThrow(TypeError);
      expect(() => requireOptimizer('test', { kind, lr: 0.1 }), String(kind)).toThrow(/^test: optimizer must come from gd\(\), heavyBall\(\), nesterov\(\)/);
      for (const d of optimizerDescriptors()) expect(() => requireOptimizer('test', { kind, lr: 0.1 })).toThrow(`${d.factory}()`);
    }
    expect(() => requireOptimizer('test', { kind: 'gd', lr: 0.1, momentum: 0.5 })).toThrow(/invalid optimizer: gd: unknown option 'momentum'/);
  });

  it('names every optimizer by one alias, one per kind, for the command line', () => {
    const aliases = optimizerDescriptors().map((d) => d.alias);
    expect(new Set(aliases).size).toBe(aliases.length);
    for (const d of optimizerDescriptors()) expect(descriptorByAlias(d.alias)).toBe(d);
    expect(descriptorByAlias('heavy-ball')).toBeUndefined(); // kinds are not aliases unless registered as such
    // the same alias builds the same optimizer as the factory's description
    for (const d of optimizerDescriptors()) expect(optimizerFromSettings(d.alias, 0.1, {}).kind).toBe(d.kind);
    expect(() => optimizerFromSettings('adam', 0.1, {})).toThrow(/unknown optimizer 'adam' \(known: gd, hb, nag, nag-sc, two-momentum/);
  });

  it('labels and run names say what the optimizer is', () => {
    for (const [kind, o] of examples()) {
      const d = descriptorOf(o);
      expect(optimizerLabel(o), kind).toMatch(/η=0\.3/);
      expect(d.runName(o).length, kind).toBeGreaterThan(0);
      for (const h of d.hyperparameters) expect(optimizerLabel(o), `${kind} shows ${h.name}`).toContain(String(h.default));
    }
  });

  it.each(examples())('%s: the Wasm update step on ½Σλθ² is the linearized recurrence, step for step', (_, o) => {
    const d = descriptorOf(o);
    const rt = runtime();
    const lambdas = Float64Array.of(0.05, 0.4, 0.9, 1.3, 2);
    const c0 = Float64Array.of(1, -0.5, 0.25, 2, -1.5);
    const n = lambdas.length;
    const param = new ResidentArray(rt, n, c0);
    const grad = new ResidentArray(rt, n);
    const state = d.initialState(o).map((start) => new ResidentArray(rt, n, start === 'theta0' ? c0 : undefined));
    const target = { length: n, param: param.ptr, grad: grad.ptr, state: state.map((s) => s.ptr) };
    const modes = d.modes(o, lambdas, c0);
    let largest = 0;
    for (let k = 0; k < 60; k++) {
      // the gradient where the optimizer takes it (the weights: y_k for NAG)
      const g = grad.view();
      const p = param.view();
      for (let i = 0; i < n; i++) g[i] = lambdas[i] * p[i];
      d.step(o, k, target, rt.kernels);
      const iterate = (d.iterateState === null ? param : state[d.iterateState]).view();
      const predicted = modes.advance(k);
      for (let i = 0; i < n; i++) {
        largest = Math.max(largest, Math.abs(predicted[i]));
        expect(Math.abs(iterate[i] - predicted[i]), `step ${k + 1}, mode ${i}`).toBeLessThan(1e-14 * (1 + Math.abs(predicted[i])) * (k + 1));
      }
    }
    expect(largest).toBeGreaterThan(0.01); // the comparison is not between zeros
    for (const a of [param, grad, ...state]) a.dispose();
  });

  it.each(examples())('%s: every flow starts at c(0) = c₀, and the time map is positive', (_, o) => {
    const d = descriptorOf(o);
    const lambdas = Float64Array.of(0, 0.3, 1, 4);
    const factors = new Float64Array(4);
    for (const limit of ['first-order', 'second-order'] as const) {
      for (const resolution of ['low', 'high'] as const) {
        const settings = { limit, resolution };
        const flow = d.flow(o, settings, { param: (x) => x, values: () => '' });
        flow.factors(lambdas, 0, factors);
        for (const f of factors) expect(f).toBeCloseTo(1, 14);
        flow.factors(lambdas, 3, factors);
        expect(factors[0]).toBeCloseTo(1, 14); // λ = 0 does not move
        const responses = new Float64Array(4);
        flow.responses(lambdas, 0, responses);
        for (const s of responses) expect(s).toBe(0);
        flow.responses(lambdas, 3, responses);
        expect(responses[0]).toBeGreaterThan(0); // … but its response grows
        for (let i = 1; i < 4; i++) expect(responses[i]).toBeCloseTo((1 - factors[i]) / lambdas[i], 13);
        expect(Math.abs(factors[3])).toBeLessThan(1);
        expect(flow.equation.length).toBeGreaterThan(0);
        const map = d.timeMap(o, settings);
        expect(map.scale).toBeGreaterThan(0);
        expect(map.name).toMatch(/^t = k·/);
      }
    }
    expect(d.maxStableLearningRate(o, 2)).toBeGreaterThan(0.3);
    expect(['linear', 'sublinear']).toContain(d.theoreticalRate(o, { lambda0: 0.3, lambdas: [0.3, 1, 4] }).kind);
  });
});
