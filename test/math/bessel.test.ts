import { describe, expect, it } from 'vitest';
import { besselJ, besselScaled } from '../../src/math/bessel';
import fixtures from '../fixtures/bessel.json';

/** Size of J_ν near z: |J_ν(z)| ≤ min(1, √(2/(πz)))-ish; errors near zeros are measured against it. */
const envelope = (z: number) => Math.min(1, Math.sqrt(2 / (Math.PI * z)));

describe('besselJ', () => {
  it.each(fixtures.cases.map((c) => [c.nu, c] as const))('ν = %s: within 1e-15 relative of the 40-digit values (absolute 2e-16 of the envelope at zeros)', (_, c) => {
    c.z.forEach((z, i) => {
      const got = besselJ(c.nu, z);
      const exact = c.exact[i];
      const bound = 1e-15 * Math.abs(exact) + 2e-16 * envelope(z);
      if (!(Math.abs(got - exact) <= bound)) expect.fail(`J_${c.nu}(${z}) = ${got}, exact ${exact}`);
      // and SciPy's jv, which is itself off by up to ~3e-14 for half-integer orders
      const scipy = c.j[i];
      if (!(Math.abs(got - scipy) <= 1e-13 * Math.abs(scipy) + 5e-15 * envelope(z))) expect.fail(`J_${c.nu}(${z}) = ${got}, SciPy ${scipy}`);
    });
  });

  it('C7: the first zeros of J₁ are 3.83170597, 7.01558667, 10.17346814', () => {
    for (const zero of [3.83170597, 7.01558667, 10.17346814]) {
      expect(Math.abs(besselJ(1, zero))).toBeLessThan(1e-8);
      expect(Math.sign(besselJ(1, zero - 1e-6))).toBe(-Math.sign(besselJ(1, zero + 1e-6)));
    }
  });

  it('rejects orders that are not integers or half-integers, and negative or non-finite z', () => {
    expect(() => besselJ(0.3, 1)).toThrow(new RangeError('besselJ: the order ν must be an integer or half-integer ≥ 0 (got 0.3)'));
    expect(() => besselJ(-1, 1)).toThrow(RangeError);
    expect(() => besselJ(1, -2)).toThrow(/z must be finite and ≥ 0/);
    expect(() => besselJ(1, NaN)).toThrow(RangeError);
  });
});

describe('besselScaled = Γ(ν+1)(2/z)^ν J_ν(z), the NAG-C flow per unit c₀', () => {
  it('is 1 at 0, sin z / z for ν = ½ and 2J₁(z)/z for ν = 1', () => {
    expect(besselScaled(1, 0)).toBe(1);
    for (const z of [1e-6, 0.7, 1.9, 2.1, 5, 40, 900]) {
      expect(Math.abs(besselScaled(0.5, z) - Math.sin(z) / z)).toBeLessThan(2e-15);
      expect(Math.abs(besselScaled(1, z) - (2 * besselJ(1, z)) / z)).toBeLessThan(2e-15);
    }
  });

  it('C5: ρ = 3 (ν = 1) at (λ, t) = (1, 1), (1, 5), (1, 10), (4, 5), and x₀ = 2 at (0.25, 5)', () => {
    const x = (lambda: number, t: number, x0 = 1) => x0 * besselScaled(1, Math.sqrt(lambda) * t);
    expect(Math.abs(x(1, 1) - 0.8801011714898671)).toBeLessThan(1e-13);
    expect(Math.abs(x(1, 5) + 0.13103165503658606)).toBeLessThan(1e-13);
    expect(Math.abs(x(1, 10) - 0.00869454923377232)).toBeLessThan(1e-13);
    expect(Math.abs(x(4, 5) - 0.00869454923377232)).toBeLessThan(1e-13);
    expect(Math.abs(x(0.25, 5, 2) - 0.7953505639428387)).toBeLessThan(1e-13);
  });

  it('C5: λ = 1, t = 5 for ρ = 2, 4, 6, 8, 10 (ν = (ρ − 1)/2)', () => {
    const expected: [number, number][] = [[2, -0.19178485493262842], [4, -0.05705364484750266], [6, 0.08083872605107548], [8, 0.19304931925800942], [10, 0.2827706948814735]];
    for (const [rho, value] of expected) expect(Math.abs(besselScaled((rho - 1) / 2, 5) - value)).toBeLessThan(1e-13);
  });
});
