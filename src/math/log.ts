// A natural logarithm made of IEEE-754 additions, multiplications and divisions only, so that it
// returns the same bits in every JavaScript engine (Math.log is left to each engine's libm and
// may differ in the last bit between them). Method: x = m·2^k with m ∈ [√½, √2), then
// ln m = 2·atanh(s) = 2(s + s³/3 + s⁵/5 + …) with s = (m − 1)/(m + 1), |s| ≤ 0.1716, summed to
// s²³ (the next term is below 2⁻⁶⁰ relative), and k·ln 2 added in two parts (the fdlibm split of
// ln 2 into a head with trailing zeros and a tail). Accuracy: within 2 ulp of the true value.

const LN2_HI = 6.93147180369123816490e-1; // ln 2 rounded to 32 significant bits
const LN2_LO = 1.90821492927058770002e-10; // ln 2 − LN2_HI
const SQRT2 = Math.SQRT2;

const view = new DataView(new ArrayBuffer(8));

/** ln x for finite x > 0, bit-for-bit reproducible across engines. */
export function deterministicLog(x: number): number {
  if (!(x > 0) || x === Infinity) {
    if (x === 0) return -Infinity;
    if (x === Infinity) return Infinity;
    return NaN;
  }
  let k = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 2 ** 54; // subnormal: bring into the normal range first
    k = -54;
  }
  view.setFloat64(0, x);
  const high = view.getUint32(0);
  k += ((high >>> 20) & 0x7ff) - 1023;
  view.setUint32(0, (high & 0x800fffff) | 0x3ff00000); // same mantissa, exponent 0: m ∈ [1, 2)
  let m = view.getFloat64(0);
  if (m >= SQRT2) {
    m *= 0.5;
    k += 1;
  }
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let series = 1 / 23;
  for (let odd = 21; odd >= 3; odd -= 2) series = 1 / odd + s2 * series;
  const lnM = 2 * s + 2 * s * s2 * series;
  return k * LN2_HI + (lnM + k * LN2_LO);
}
