import { describe, expect, it } from 'vitest';
import { Random } from '../src/index';
import fixtures from './fixtures/random.json';

describe('Random', () => {
  it.each(fixtures.cases.map((c) => [c.seed, c] as const))('seed %s reproduces the Python reference (xoshiro128**, splitmix32 seeding)', (_, c) => {
    const rng = new Random(c.seed);
    expect(Array.from({ length: 8 }, () => rng.nextUint32())).toEqual(c.uint32);
    const again = new Random(c.seed);
    expect(Array.from({ length: 4 }, () => again.uniform())).toEqual(c.uniform);
  });

  it('uniforms lie in [0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = new Random(5);
    const N = 200_000;
    let sum = 0, sumSq = 0, outside = 0;
    for (let i = 0; i < N; i++) {
      const u = rng.uniform();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
      sumSq += u * u;
    }
    expect(outside).toBe(0);
    const mean = sum / N;
    // z-scores of the sample mean and variance (fixed seed: deterministic, generous bounds)
    expect(Math.abs(mean - 0.5) / Math.sqrt(1 / 12 / N)).toBeLessThan(4.5);
    expect(Math.abs(sumSq / N - mean * mean - 1 / 12)).toBeLessThan(0.002);
  });

  it('normal deviates have mean 0, variance 1 and the normal tails', () => {
    const rng = new Random(11);
    const N = 200_000;
    let sum = 0, sumSq = 0, beyond2 = 0;
    for (let i = 0; i < N; i++) {
      const z = rng.normal();
      sum += z;
      sumSq += z * z;
      if (Math.abs(z) > 2) beyond2++;
    }
    expect(Math.abs(sum / N) * Math.sqrt(N)).toBeLessThan(4.5);
    expect(Math.abs(sumSq / N - 1) / Math.sqrt(2 / N)).toBeLessThan(4.5);
    const p = 0.0455002638963584; // P(|Z| > 2)
    expect(Math.abs(beyond2 / N - p) / Math.sqrt(p * (1 - p) / N)).toBeLessThan(4.5);
  });

  it('signs are ±1, balanced; fills respect their ranges', () => {
    const rng = new Random(3);
    let plus = 0;
    for (let i = 0; i < 10_000; i++) {
      const s = rng.sign();
      expect(s === 1 || s === -1).toBe(true);
      if (s === 1) plus++;
    }
    expect(Math.abs(plus - 5000) / 50).toBeLessThan(4.5);
    const u = rng.fillUniform(new Float64Array(1000), -2, 3);
    expect(u.every((v) => v >= -2 && v < 3)).toBe(true);
    const g = rng.fillNormal(new Float64Array(4), 0);
    expect(g.every((v) => v === 0)).toBe(true);
  });

  it('the same seed gives the same stream, different seeds different ones', () => {
    const a = new Random(99), b = new Random(99), c = new Random(100), d = new Random(99 + 2 ** 32);
    const draw = (r: Random) => Array.from({ length: 16 }, () => r.normal());
    const first = draw(a);
    expect(draw(b)).toEqual(first);
    expect(draw(c)).not.toEqual(first);
    expect(draw(d)).not.toEqual(first);
  });

  it('rejects a seed that is not an integer', () => {
    expect(() => new Random(1.5)).toThrow(new TypeError('Random: seed must be an integer (got 1.5)'));
    expect(() => new Random('1' as never)).toThrow(TypeError);
  });
});

describe('Random seeds and fills (safety review)', () => {
  const first = (seed: number) => Array.from({ length: 8 }, ((r) => () => r.nextUint32())(new Random(seed)));

  it('seeds that differ only above bit 31, or in sign, give different streams', () => {
    const seeds = [0, 1, 2 ** 32, 2 ** 32 + 1, -1, -(2 ** 32), 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 52];
    const streams = seeds.map((s) => first(s).join(','));
    expect(new Set(streams).size).toBe(seeds.length);
  });

  it('refuses seeds beyond the safe integers', () => {
    expect(() => new Random(2 ** 53)).toThrow(new RangeError('Random: seed must be a safe integer, |seed| ≤ 2^53 − 1 (got 9007199254740992)'));
    expect(() => new Random(Infinity)).toThrow(TypeError);
  });

  it('fills refuse NaN, strings and non-Float64Array targets', () => {
    const rng = new Random(1);
    const out = new Float64Array(3);
    expect(() => rng.fillNormal(out, NaN)).toThrow(new RangeError('Random.fillNormal: std must be finite (got NaN)'));
    expect(() => rng.fillNormal(out, '2' as never)).toThrow(TypeError);
    expect(() => rng.fillNormal(out, -1)).toThrow(RangeError);
    expect(() => rng.fillUniform(out, 0, NaN)).toThrow(RangeError);
    expect(() => rng.fillUniform(out, '0' as never, 1)).toThrow(TypeError);
    expect(() => rng.fillUniform(out, 2, 1)).toThrow(/lo must be ≤ hi/);
    expect(() => rng.fillUniform([0, 0] as never)).toThrow(/out must be a Float64Array/);
    expect(Array.from(out)).toEqual([0, 0, 0]);
  });
});
