// Seeded random numbers that are identical in every JavaScript engine, for reproducible weights
// and data: the same seed gives the same bits in Node and in any browser.
//
// - Seeding: splitmix32 (a 32-bit variant of Steele, Lea & Flood's SplitMix, with the
//   multiply-xorshift finaliser constants of Chris Wellons' hash prospector) expands the seed into
//   the 128-bit state.
// - Generator: xoshiro128** (Blackman & Vigna, "Scrambled linear pseudorandom number
//   generators", ACM TOMS 47(4), 2021): 32-bit words, period 2¹²⁸ − 1, only Math.imul, shifts and
//   xors, so every engine computes the same sequence.
// - Uniform doubles: 53 random bits from two outputs, k·2⁻⁵³ ∈ [0, 1).
// - Normal deviates: Marsaglia's polar method (Marsaglia & Bray, SIAM Review 6(3), 1964), which
//   needs √ (correctly rounded everywhere) and ln, taken from math/log.ts instead of Math.log for
//   the same reason.

import { deterministicLog } from './math/log';
import { isFloat64Array, typedLength } from './runtime/intrinsics';

/** A seeded stream of random numbers. */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | undefined;

  /**
   * A stream determined by `seed`, any safe integer (|seed| ≤ 2⁵³ − 1). Different seeds give
   * different streams: seed = h·2³² + ℓ (0 ≤ ℓ < 2³²) seeds the state from ℓ, and a nonzero h
   * (seeds ≥ 2³² or negative) is mixed in from a second splitmix32 stream.
   */
  constructor(seed: number) {
    if (typeof seed !== 'number' || !Number.isInteger(seed)) {
      throw new TypeError(`Random: seed must be an integer (got ${typeof seed === 'number' ? seed : describeSeed(seed)})`);
    }
    if (!Number.isSafeInteger(seed)) throw new RangeError(`Random: seed must be a safe integer, |seed| ≤ 2^53 − 1 (got ${seed})`);
    const low = splitmix32(seed >>> 0);
    this.s0 = low();
    this.s1 = low();
    this.s2 = low();
    this.s3 = low();
    const high = Math.floor(seed / 4294967296);
    if (high !== 0) {
      // splitmix32's first output is a bijection of its start, so seeds that share their low word
      // start from different s0.
      const mix = splitmix32((high ^ 0x5bd1e995) >>> 0);
      this.s0 = (this.s0 ^ mix()) >>> 0;
      this.s1 = (this.s1 ^ mix()) >>> 0;
      this.s2 = (this.s2 ^ mix()) >>> 0;
      this.s3 = (this.s3 ^ mix()) >>> 0;
    }
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the one forbidden state
  }

  /** The next 32 random bits, as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** A standard normal deviate (mean 0, variance 1). */
  normal(): number {
    if (this.spare !== undefined) {
      const z = this.spare;
      this.spare = undefined;
      return z;
    }
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const factor = Math.sqrt((-2 * deterministicLog(s)) / s);
        this.spare = v * factor;
        return u * factor;
      }
    }
  }

  /** +1 or −1 with equal probability. */
  sign(): number {
    return this.nextUint32() & 1 ? 1 : -1;
  }

  /** Fills `out` with normal deviates of standard deviation `std` (finite, ≥ 0); returns it. */
  fillNormal(out: Float64Array, std = 1): Float64Array {
    const length = requireTarget('fillNormal', out);
    requireFiniteNumber('fillNormal', 'std', std);
    if (std < 0) throw new RangeError(`Random.fillNormal: std must be ≥ 0 (got ${std})`);
    for (let i = 0; i < length; i++) out[i] = std * this.normal();
    return out;
  }

  /** Fills `out` with uniform deviates in [lo, hi) (finite, lo ≤ hi); returns it. */
  fillUniform(out: Float64Array, lo = 0, hi = 1): Float64Array {
    const length = requireTarget('fillUniform', out);
    requireFiniteNumber('fillUniform', 'lo', lo);
    requireFiniteNumber('fillUniform', 'hi', hi);
    if (!(lo <= hi)) throw new RangeError(`Random.fillUniform: lo must be ≤ hi (got ${lo} and ${hi})`);
    if (!Number.isFinite(hi - lo)) throw new RangeError(`Random.fillUniform: hi − lo overflows (got ${lo} and ${hi})`);
    for (let i = 0; i < length; i++) out[i] = lo + (hi - lo) * this.uniform();
    return out;
  }
}

/** splitmix32 from `start`: each call returns the next 32-bit output. */
function splitmix32(start: number): () => number {
  let x = start;
  return () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
}

function requireTarget(fn: string, out: unknown): number {
  if (!isFloat64Array(out)) throw new TypeError(`Random.${fn}: out must be a Float64Array (got ${describeSeed(out)})`);
  return typedLength(out);
}

function requireFiniteNumber(fn: string, name: string, v: unknown): void {
  if (typeof v !== 'number') throw new TypeError(`Random.${fn}: ${name} must be a number (got ${describeSeed(v)})`);
  if (!Number.isFinite(v)) throw new RangeError(`Random.${fn}: ${name} must be finite (got ${v})`);
}

function describeSeed(v: unknown): string {
  return typeof v === 'string' ? `the string '${v}'` : v === null ? 'null' : typeof v === 'object' ? 'an object' : typeof v;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
