// J_ν(z) for integer and half-integer ν from the three-term recurrence
//   J_{k−1}(z) + J_{k+1}(z) = (2k/z)·J_k(z)                                   (DLMF 10.6.1),
// run in double-double arithmetic (src/math/double-double.ts), so that the rounding of up to a
// couple of thousand steps stays near 2⁻¹⁰⁰ and the result carries only the error of its final
// rounding (and of its starting values, where those come from elsewhere):
//
//  - millerJ, Miller's backward recurrence (DLMF 3.6(iii), 10.74(iv); Numerical Recipes, 3rd ed., §6.5;
//    Gautschi, "Computational aspects of three-term recurrence relations", SIAM Review 9, 1967):
//    from J̃_{N+1} = 0, J̃_N = 1 down to order 0 or ½, where J is the minimal solution for orders
//    above z, then normalised by a sum rule that needs no other value of J:
//      integer ν:       J₀ + 2·Σ_{k≥1} J_{2k} = 1                (DLMF 10.12.4; A&S 9.1.46);
//      half-integer ν:  Σ_{k≥0} (2k + 1)·J_{k+½}² = 2z/π          (DLMF 10.60.12, j_k = √(π/2z)·J_{k+½}),
//    whose terms are all positive (so it is perfectly conditioned); its sign is read from
//    J_½ = √(2/πz)·sin z and J_{3/2} = √(2/πz)·(sin z/z − cos z). The start N is chosen as in
//    Olver & Sookne ("Note on backward recurrence algorithms", Math. Comp. 26, 1972), by running
//    a dominant solution forward: N is the order at which it has grown by G = 10²² since
//    max(ν, z), which makes J_N itself about 1/G. The values near N are wrong by O(1) of that
//    size, and the sum rule carries them, so the relative error is about 1/G (G = 10¹³ left
//    5e-15 at ν = 500, z = 853). Cost: N ≈ max(ν, z) + O(z^⅓) steps, at most about 1150 here.
//  - forwardJ, the recurrence upward from orders (0, 1) or (½, 3/2), which is stable (errors
//    neither grow nor decay) while the order stays below z; used for z > 2ν, where the Miller
//    start would cost O(z) steps. Its starting values come from the caller.
//
// Both return J_ν(z) as (hi + lo)·2^exponent, as it may lie far outside the double range.

import { TWO_OVER_PI_DD, ddAdd, ddDiv, ddMul, ddSqrt, SPLITTER, twoProduct } from './double-double';

/** A value (hi + lo)·2^exponent: a double-double mantissa and a binary exponent. */
export interface ScaledValue {
  hi: number;
  lo: number;
  exponent: number;
}

/** The unnormalised Miller values are kept below 2^RESCALE_BITS (so their squares stay finite). */
const RESCALE_BITS = 480;
const RESCALE_AT = 2 ** RESCALE_BITS;
const RESCALE_BY = 2 ** -RESCALE_BITS;
const RESCALE_BY_SQUARED = 2 ** (-2 * RESCALE_BITS);
/** Olver's start: the dominant solution must grow by this much between max(ν, z) and N. */
const START_GROWTH = 1e22;

const out = new Float64Array(2);
const tmp = new Float64Array(2);

/** The first order N (of the form ν − ⌊ν⌋ + integer) at which Miller's recurrence may start. */
function millerStart(nu: number, z: number): number {
  const mu = nu - Math.floor(nu);
  let k = mu + Math.ceil(Math.max(nu, z) - mu); // an order ≥ max(ν, z)
  let prev = 0, cur = 1;
  while (Math.abs(cur) < START_GROWTH) {
    const next = ((2 * k) / z) * cur - prev;
    prev = cur;
    cur = next;
    k += 1;
  }
  return k + 2;
}

/**
 * J_ν(z) by Miller's backward recurrence, for integer or half-integer ν ≥ 0 and z ≥ 1 with
 * max(ν, z) ≲ 2000 (the cost is linear in max(ν, z)).
 */
export function millerJ(nu: number, z: number): ScaledValue {
  const half = !Number.isInteger(nu);
  const mu = half ? 0.5 : 0;
  const top = millerStart(nu, z) - mu; // the index i of order mu + i
  const target = nu - mu;
  // 1/z as a double-double, with its head split (Veltkamp) once: each coefficient 2k/z is then
  // 2k·(1/z) to double-double accuracy from two exact products (2k has at most 13 bits).
  const invHi = 1 / z;
  twoProduct(invHi, z, tmp);
  const invLo = ((1 - tmp[0]) - tmp[1]) / z;
  let t = SPLITTER * invHi;
  const inv1 = t - (t - invHi), inv2 = invHi - inv1;

  let nextHi = 0, nextLo = 0; // J̃ at index i + 1
  let curHi = 1, curLo = 0; // J̃ at index i
  let sumHi = half ? 2 * top + 1 : top % 2 === 0 ? 2 : 0, sumLo = 0; // the sum rule's running total
  let shifts = 0;
  let wantedHi = 0, wantedLo = 0, wantedShifts = 0;
  for (let i = top; i >= 1; i--) {
    // coefficient c = 2k/z, k = mu + i
    const m = 2 * (mu + i);
    const cHi = m * invHi;
    const cLo = ((m * inv1 - cHi) + m * inv2) + m * invLo;
    // product c·J̃_i (Dekker), then minus J̃_{i+1}
    t = SPLITTER * cHi;
    const c1 = t - (t - cHi), c2 = cHi - c1;
    t = SPLITTER * curHi;
    const j1 = t - (t - curHi), j2 = curHi - j1;
    const pHi = cHi * curHi;
    const pLo = (((c1 * j1 - pHi) + c1 * j2 + c2 * j1) + c2 * j2) + (cHi * curLo + cLo * curHi);
    const s = pHi - nextHi;
    const bb = s - pHi;
    const e = ((pHi - (s - bb)) + (-nextHi - bb)) + (pLo - nextLo);
    let newHi = s + e;
    let newLo = e - (newHi - s);
    nextHi = curHi;
    nextLo = curLo;
    if (Math.abs(newHi) > RESCALE_AT) {
      newHi *= RESCALE_BY;
      newLo *= RESCALE_BY;
      nextHi *= RESCALE_BY;
      nextLo *= RESCALE_BY;
      sumHi *= half ? RESCALE_BY_SQUARED : RESCALE_BY;
      sumLo *= half ? RESCALE_BY_SQUARED : RESCALE_BY;
      shifts++;
    }
    curHi = newHi;
    curLo = newLo;
    const index = i - 1;
    if (index === target) {
      wantedHi = curHi;
      wantedLo = curLo;
      wantedShifts = shifts;
    }
    if (half) {
      // + (2·index + 1)·J̃²
      ddMul(curHi, curLo, curHi, curLo, out);
      ddMul(out[0], out[1], 2 * index + 1, 0, out);
      ddAdd(sumHi, sumLo, out[0], out[1], out);
      sumHi = out[0];
      sumLo = out[1];
    } else if (index % 2 === 0) {
      const w = index === 0 ? 1 : 2;
      ddAdd(sumHi, sumLo, w * curHi, w * curLo, out);
      sumHi = out[0];
      sumLo = out[1];
    }
  }
  if (half) {
    // scale = ±√(2z/(π·Q)); the sign makes (J̃_½, J̃_{3/2}) point along (sin z, sin z/z − cos z)
    const sin = Math.sin(z), cos = Math.cos(z);
    const sign = curHi * sin + nextHi * (sin / z - cos) < 0 ? -1 : 1;
    ddMul(TWO_OVER_PI_DD[0], TWO_OVER_PI_DD[1], z, 0, out);
    ddDiv(out[0], out[1], sumHi, sumLo, out);
    ddSqrt(out[0], out[1], out);
    ddMul(wantedHi, wantedLo, sign * out[0], sign * out[1], out);
  } else {
    ddDiv(wantedHi, wantedLo, sumHi, sumLo, out);
  }
  return scaledValue(out[0], out[1], RESCALE_BITS * (wantedShifts - shifts));
}

/**
 * J_ν(z) = factor·b_ν by the upward recurrence of b from b₀ = J_μ(z)/factor and
 * b₁ = J_{μ+1}(z)/factor (μ = 0 or ½; all as double-doubles). Stable for ν < z: the error of the
 * result is that of b₀ and b₁, relative to their modulus.
 */
export function forwardJ(nu: number, z: number, b0Hi: number, b0Lo: number, b1Hi: number, b1Lo: number, factorHi: number, factorLo: number): ScaledValue {
  const mu = nu - Math.floor(nu);
  const steps = nu - mu;
  if (steps === 0) {
    ddMul(b0Hi, b0Lo, factorHi, factorLo, out);
    return scaledValue(out[0], out[1], 0);
  }
  const invHi = 1 / z;
  twoProduct(invHi, z, tmp);
  const invLo = ((1 - tmp[0]) - tmp[1]) / z;
  let t = SPLITTER * invHi;
  const inv1 = t - (t - invHi), inv2 = invHi - inv1;
  let prevHi = b0Hi, prevLo = b0Lo, curHi = b1Hi, curLo = b1Lo;
  for (let i = 1; i < steps; i++) {
    const m = 2 * (mu + i);
    const cHi = m * invHi;
    const cLo = ((m * inv1 - cHi) + m * inv2) + m * invLo;
    t = SPLITTER * cHi;
    const c1 = t - (t - cHi), c2 = cHi - c1;
    t = SPLITTER * curHi;
    const j1 = t - (t - curHi), j2 = curHi - j1;
    const pHi = cHi * curHi;
    const pLo = (((c1 * j1 - pHi) + c1 * j2 + c2 * j1) + c2 * j2) + (cHi * curLo + cLo * curHi);
    const s = pHi - prevHi;
    const bb = s - pHi;
    const e = ((pHi - (s - bb)) + (-prevHi - bb)) + (pLo - prevLo);
    const newHi = s + e;
    prevHi = curHi;
    prevLo = curLo;
    curLo = e - (newHi - s);
    curHi = newHi;
  }
  ddMul(curHi, curLo, factorHi, factorLo, out);
  return scaledValue(out[0], out[1], 0);
}

/** (hi + lo)·2^exponent with hi brought into [1, 2) in magnitude (or 0), for finite hi within 2^±1000. */
export function scaledValue(hi: number, lo: number, exponent: number): ScaledValue {
  if (hi === 0) return { hi: 0, lo: 0, exponent: 0 };
  const e = Math.floor(Math.log2(Math.abs(hi)));
  // log2 may be off by one next to a power of two; correct it
  let k = e;
  let scale = 2 ** -k;
  if (Math.abs(hi * scale) >= 2) { k += 1; scale = 2 ** -k; }
  else if (Math.abs(hi * scale) < 1) { k -= 1; scale = 2 ** -k; }
  return { hi: hi * scale, lo: lo * scale, exponent: exponent + k };
}
