// The oscillator's step and impulse responses (src/math/oscillator.ts, docs/theory.md#responses):
// against 400-digit mpmath at 3000 random (γ, λ) (test/fixtures/responses.json, written by
// generate_responses.py), including λ down to 1e-30, negative λ and both sides of critical damping;
// the impulse response as the derivative of the step response; the λ → 0 limits.
import { describe, expect, it } from 'vitest';
import fixture from '../fixtures/responses.json';
import { dampedOscillator, oscillatorImpulseResponse, oscillatorStepResponse } from '../../src/math/oscillator';

describe('oscillator responses', () => {
  it('the step response P = (1 − a)/λ is within 4e-15·(1 + condition number) of mpmath at 3000 random (γ, λ), 4e-15 where well conditioned', () => {
    let wellConditioned = 0;
    for (const [gamma, lambda, ref, cond] of fixture.stepResponse.samples) {
      const err = Math.abs(oscillatorStepResponse(lambda, gamma, 1) - ref) / Math.abs(ref);
      expect(err, `γ = ${gamma}, λ = ${lambda}`).toBeLessThan(4e-15 * (1 + cond));
      if (cond < 10) wellConditioned++;
    }
    // most samples are well conditioned: the bound above is mostly 4e-15·(at most 11)
    expect(wellConditioned).toBeGreaterThan(2500);
  });

  it('the step response at λ = 0 is (γt − 1 + e^(−γt))/γ², t²/2 at γ = 0, and λ = 1e-300 gives the same', () => {
    for (const [gamma, t] of [[0, 3], [1e-8, 2], [0.5, 4], [3, 0.1], [40, 10]]) {
      const x = gamma * t;
      const limit = gamma === 0 ? (t * t) / 2 : (t * t * (Math.expm1(-x) + x)) / (x * x);
      expect(Math.abs(oscillatorStepResponse(0, gamma, t) - limit) / limit, `γ = ${gamma}`).toBeLessThan(gamma === 1e-8 ? 1e-7 : 4e-15);
      expect(oscillatorStepResponse(1e-300, gamma, t)).toBe(oscillatorStepResponse(0, gamma, t));
    }
  });

  it('the impulse response is the derivative of the step response, and a = 1 − λP is dampedOscillator', () => {
    for (const [lambda, gamma] of [[0.3, 0.1], [0.3, 5], [4, 4], [1e-12, 2], [2, 0]]) {
      for (const t of [0.2, 1.5, 7]) {
        const h = 1e-5;
        const slope = (oscillatorStepResponse(lambda, gamma, t + h) - oscillatorStepResponse(lambda, gamma, t - h)) / (2 * h);
        expect(Math.abs(slope - oscillatorImpulseResponse(lambda, gamma, t)), `λ = ${lambda}, γ = ${gamma}, t = ${t}`).toBeLessThan(1e-8);
        expect(Math.abs(1 - lambda * oscillatorStepResponse(lambda, gamma, t) - dampedOscillator(lambda, gamma, 1, 0, t))).toBeLessThan(1e-14);
      }
    }
    expect(oscillatorStepResponse(1, 1, 0)).toBe(0);
    expect(oscillatorImpulseResponse(1, 1, 0)).toBe(0);
  });
});
