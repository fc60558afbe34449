// The NAG-C flow r̈ + (ρ/t)·ṙ + H·r = 0 for large damping, where Γ(ν + 1) overflows (ν = (ρ − 1)/2
// > 170): predictResidual's closed form (besselScaled per mode) against the package's RK45 on the
// same ODE, mode by mode, on a small kernel.
import { beforeAll, describe, expect, it } from 'vitest';
import { Matrix, analyticNtk, eigh, integrate, nesterov, predictResidual, ready } from '../../src/index';

const POINTS = [0, 0.5, 1.2, 2, 2.9].map((a) => [Math.cos(a), Math.sin(a)]);
const R0 = [1, -1, 0.5, 0.25, -0.75];

describe('NAG-C flow with damping 201 and 1001 (ν = 100 and 500)', () => {
  let basis: ReturnType<typeof eigh>;
  beforeAll(async () => {
    await ready();
    // scaled by 10 so that √λ·t reaches the region where S_ν oscillates and decays
    const H = analyticNtk(Matrix.from(POINTS));
    basis = eigh(Matrix.from(H.toArray().map((row) => row.map((v) => 10 * v))));
  });

  it.each([201, 1001])('ρ = %i: finite, and within 1e-9 of RK45 at every time', (rho) => {
    const times = [0, 0.5, 2, 5, 10, 20, 30, 45, 60, 90, 130];
    const p = predictResidual(basis, R0, { optimizer: nesterov({ lr: 1e-3, damping: rho }), mode: 'flow', times, amplitudes: true });
    const n = R0.length;
    const V = basis.vectors!;
    let compared = 0, largest = 0;
    for (let i = 0; i < n; i++) {
      let c0 = 0;
      for (let j = 0; j < n; j++) c0 += V.get(j, i) * R0[j];
      const lambda = basis.values[i];
      // c̈ = −(ρ/t)ċ − λc, with the limit c̈(0) = −λc(0)/(ρ + 1) at t = 0
      const sol = integrate((t, y, dy) => {
        dy[0] = y[1];
        dy[1] = t === 0 ? (-lambda * y[0]) / (rho + 1) : (-rho / t) * y[1] - lambda * y[0];
      }, [c0, 0], [0, times[times.length - 1]], { times, rtol: 1e-12, atol: 1e-15, maxSteps: 1e6 });
      times.forEach((t, k) => {
        const got = p.amplitudes!.get(k, i);
        expect(Number.isFinite(got), `mode ${i} at t = ${t}`).toBe(true);
        expect(Math.abs(got - sol.values[k][0]), `mode ${i} (λ = ${lambda}) at t = ${t}: ${got} vs RK45 ${sol.values[k][0]}`).toBeLessThan(1e-9);
        compared++;
        largest = Math.max(largest, Math.sqrt(Math.max(lambda, 0)) * t);
      });
    }
    expect(compared).toBe(n * times.length);
    // the comparison covers the decay well past the series range (z ≤ √(ν + 1)) into the tables
    expect(largest).toBeGreaterThan(3 * Math.sqrt((rho + 1) / 2));
    // and is not trivial: the residual moved from r0, and not to 0 everywhere
    expect(p.residualNorm[0]).toBeCloseTo(Math.hypot(...R0), 12);
    expect(p.residualNorm[times.length - 1]).toBeLessThan(0.9 * p.residualNorm[0]);
    expect(p.residualNorm.every((v) => Number.isFinite(v))).toBe(true);
  });

  it('ρ = 1003 (ν = 501) is refused with the limit named', () => {
    expect(() => predictResidual(basis, R0, { optimizer: nesterov({ lr: 1e-3, damping: 1003 }), mode: 'flow', times: [1] })).toThrow(/at most 500, i\.e\. damping ρ ≤ 1001/);
  });
});
