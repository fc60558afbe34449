// The accumulated responses σ(t) = (1 − a(t))/λ of every flow (docs/theory.md#responses) against
// 400-digit mpmath (test/fixtures/responses.json, written by generate_responses.py), from λ = 0
// through 1e-300 … 1e3, and the discrete responses against the residual recurrences they come from.
import { beforeAll, describe, expect, it } from 'vitest';
import fixture from '../fixtures/responses.json';
import { descriptorOf, optimizerDescriptors, optimizerFromSettings, requireOptimizer } from '../../src/optimizers/registry';
import { factoryNaming } from '../../src/optimizers/checks';
import type { FlowSettings } from '../../src/optimizers/descriptor';
import { ready } from '../../src/index';
import { runtime } from '../../src/runtime/runtime';
import { ResidentArray } from '../../src/runtime/resident';

const lambdas = Float64Array.from(fixture.lambdas);

describe('flow responses against mpmath', () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s: relative error ≤ 2e-14 for every λ and t', (_, c) => {
    const o = requireOptimizer('test', c.optimizer);
    const settings: FlowSettings = { limit: 'second-order', resolution: 'low', ...(c.options as Partial<FlowSettings>) };
    const flow = descriptorOf(o).flow(o, settings, factoryNaming('test'));
    const sigma = new Float64Array(lambdas.length);
    fixture.times.forEach((t, it) => {
      flow.responses(lambdas, t, sigma);
      lambdas.forEach((l, i) => {
        const ref = c.sigma[it][i];
        const err = ref === 0 ? Math.abs(sigma[i]) : Math.abs(sigma[i] - ref) / Math.abs(ref);
        expect(err, `λ = ${l}, t = ${t}: ${sigma[i]} vs ${ref}`).toBeLessThan(2e-14);
      });
    });
  });
});

describe('discrete responses', () => {
  beforeAll(async () => {
    await ready();
  });

  /** Each registered optimizer at its command-line defaults, with η = 0.3 (stable for λ ≤ 2 for all of them). */
  const examples = optimizerDescriptors().map((d) => [d.kind, optimizerFromSettings(d.alias, 0.3, {})] as const);

  it.each(examples)('%s: 1 − λ·σ_k is the residual recurrence a_k, for 400 steps', (_, o) => {
    const d = descriptorOf(o);
    const l = Float64Array.of(0.05, 0.4, 0.9, 1.3, 2);
    const modes = d.modes(o, l, new Float64Array(l.length).fill(1));
    const responses = d.responses(o, l);
    for (let k = 0; k < 400; k++) {
      const a = modes.advance(k);
      const sigma = responses.advance(k);
      for (let i = 0; i < l.length; i++) expect(Math.abs(1 - l[i] * sigma[i] - a[i]), `step ${k + 1}, λ = ${l[i]}`).toBeLessThan(1e-13);
    }
  });

  it.each(examples)('%s: λ → 0 follows the finite limit (λ = 1e-300 is λ = 0 to the bit; λ = 1e-9 differs by less than λσ relative)', (_, o) => {
    const d = descriptorOf(o);
    const l = Float64Array.of(0, 1e-300, 1e-9);
    const responses = d.responses(o, l);
    for (let k = 0; k < 300; k++) {
      const sigma = responses.advance(k);
      expect(Number.isFinite(sigma[0]) && sigma[0] > 0).toBe(true);
      expect(sigma[1]).toBe(sigma[0]);
      // σ(λ) = σ(0)·(1 − O(λσ)): the first-order correction of a slowly turning mode
      expect(Math.abs(sigma[2] - sigma[0]) / sigma[0]).toBeLessThan(1e-9 * sigma[0]);
    }
  });

  it.each(examples)('%s: at λ = 0, σ_k is how far the Wasm update moves θ under a constant unit gradient', (_, o) => {
    // With λ = 0 the gradient never changes, so θ_k − θ₀ = −σ_k·g: the update kernels, run on
    // g = 1, measure σ independently of the recurrence.
    const d = descriptorOf(o);
    const rt = runtime();
    const param = new ResidentArray(rt, 1, Float64Array.of(0));
    const grad = new ResidentArray(rt, 1, Float64Array.of(1));
    const state = d.initialState(o).map((start) => new ResidentArray(rt, 1, start === 'theta0' ? Float64Array.of(0) : undefined));
    const target = { length: 1, param: param.ptr, grad: grad.ptr, state: state.map((x) => x.ptr) };
    const responses = d.responses(o, Float64Array.of(0));
    for (let k = 0; k < 200; k++) {
      d.step(o, k, target, rt.kernels);
      const theta = (d.iterateState === null ? param : state[d.iterateState]).view()[0];
      const sigma = responses.advance(k)[0];
      expect(Math.abs(-theta - sigma), `step ${k + 1}`).toBeLessThan(1e-13 * sigma);
    }
    for (const a of [param, grad, ...state]) a.dispose();
  });
});
