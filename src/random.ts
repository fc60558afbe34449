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

/** A seeded stream of random numbers. */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | undefined;

  /** A stream determined by `seed` (an integer; its low 32 bits and sign are used). */
  constructor(seed: number) {
    if (typeof seed !== 'number' || !Number.isInteger(seed)) {
      throw new TypeError(`Random: seed must be an integer (got ${String(seed)})`);
    }
    let x = seed >>> 0;
    // Seeds that differ only above bit 31 (or in sign) still give different streams.
    x = (x ^ Math.floor(Math.abs(seed) / 4294967296) ^ (seed < 0 ? 0x5bd1e995 : 0)) >>> 0;
    const next = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
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

  /** Fills `out` with normal deviates of standard deviation `std`; returns it. */
  fillNormal(out: Float64Array, std = 1): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = std * this.normal();
    return out;
  }

  /** Fills `out` with uniform deviates in [lo, hi); returns it. */
  fillUniform(out: Float64Array, lo = 0, hi = 1): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = lo + (hi - lo) * this.uniform();
    return out;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
