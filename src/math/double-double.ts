// Double-double arithmetic: a number held as the unevaluated sum hi + lo of two doubles with
// |lo| ≤ ½ulp(hi), about 106 significant bits. Built on the error-free transformations TwoSum
// (Knuth, TAOCP vol. 2, §4.2.2) and TwoProduct by Veltkamp's splitting (Dekker, "A floating-point
// technique for extending the available precision", Numer. Math. 18, 1971), as JavaScript has no
// fused multiply-add; the operations follow Hida, Li & Bailey, "Algorithms for quad-double
// precision floating point arithmetic" (ARITH-15, 2001), with the error bounds of Joldes, Muller &
// Popescu, "Tight and rigorous error bounds for basic building blocks of double-word arithmetic"
// (ACM TOMS 44, 2017): relative error below 2⁻¹⁰⁴ for +, ×, ÷ and √ of normal numbers.
//
// Results go to a caller's `out` (hi in out[0], lo in out[1]) so that no call allocates. Splitting
// overflows for |x| > 2⁹⁹⁶: callers keep their values below that.

/** 2²⁷ + 1: Veltkamp's constant for splitting a double into two 26-bit halves. */
export const SPLITTER = 134217729;

/** π, 2/π and √π as double-doubles [hi, lo]. */
export const PI_DD = [3.141592653589793, 1.2246467991473532e-16] as const;
export const TWO_OVER_PI_DD = [0.6366197723675814, -3.935735335036497e-17] as const;
export const SQRT_PI_DD = [1.772453850905516, -7.666586499825799e-17] as const;

/** out ← a + b exactly, as (rounded sum, its rounding error). */
export function twoSum(a: number, b: number, out: Float64Array): Float64Array {
  const s = a + b;
  const bb = s - a;
  out[0] = s;
  out[1] = (a - (s - bb)) + (b - bb);
  return out;
}

/** out ← a·b exactly, as (rounded product, its rounding error). */
export function twoProduct(a: number, b: number, out: Float64Array): Float64Array {
  const p = a * b;
  let t = SPLITTER * a;
  const a1 = t - (t - a), a2 = a - a1;
  t = SPLITTER * b;
  const b1 = t - (t - b), b2 = b - b1;
  out[0] = p;
  out[1] = ((a1 * b1 - p) + a1 * b2 + a2 * b1) + a2 * b2;
  return out;
}

/** out ← (ah + al) + (bh + bl), with the rounding errors of both parts carried. */
export function ddAdd(ah: number, al: number, bh: number, bl: number, out: Float64Array): Float64Array {
  let s = ah + bh;
  let bb = s - ah;
  let e = (ah - (s - bb)) + (bh - bb);
  const t = al + bl;
  bb = t - al;
  const f = (al - (t - bb)) + (bl - bb);
  e += t;
  let hi = s + e;
  e -= hi - s;
  s = hi;
  e += f;
  hi = s + e;
  out[0] = hi;
  out[1] = e - (hi - s);
  return out;
}

/** out ← (ah + al)·(bh + bl). */
export function ddMul(ah: number, al: number, bh: number, bl: number, out: Float64Array): Float64Array {
  twoProduct(ah, bh, out);
  const p = out[0];
  const e = out[1] + (ah * bl + al * bh);
  const hi = p + e;
  out[0] = hi;
  out[1] = e - (hi - p);
  return out;
}

const scratch = new Float64Array(2);

/** out ← (ah + al)/(bh + bl): the double quotient and two corrections from the remainders. */
export function ddDiv(ah: number, al: number, bh: number, bl: number, out: Float64Array): Float64Array {
  const q1 = ah / bh;
  ddMul(bh, bl, q1, 0, scratch);
  ddAdd(ah, al, -scratch[0], -scratch[1], out); // r = a − q1·b
  const q2 = out[0] / bh;
  const rh = out[0], rl = out[1];
  ddMul(bh, bl, q2, 0, scratch);
  ddAdd(rh, rl, -scratch[0], -scratch[1], out); // r − q2·b
  const q3 = out[0] / bh;
  const s = q1 + q2; // q1 + q2 renormalised, then q3 added
  const e = q2 - (s - q1);
  return ddAdd(s, e, q3, 0, out);
}

/** out ← √(ah + al) for ah > 0: one Newton step on the double square root (Karp & Markstein). */
export function ddSqrt(ah: number, al: number, out: Float64Array): Float64Array {
  const x = 1 / Math.sqrt(ah);
  const ax = ah * x;
  twoProduct(ax, ax, scratch);
  ddAdd(ah, al, -scratch[0], -scratch[1], out); // a − ax²
  return twoSum(ax, out[0] * (x * 0.5), out);
}
