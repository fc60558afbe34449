// Bessel functions of the first kind J_ν(z), and the scaled form S_ν(z) = Γ(ν + 1)·(2/z)^ν·J_ν(z)
// that solves the NAG-C flow, for the orders that flow needs: ν = (ρ − 1)/2 for damping ρ, i.e.
// integer and half-integer ν with 0 ≤ ν ≤ MAX_ORDER = 500 (ρ ≤ 1001), and any finite z ≥ 0.
// Larger orders are refused with a RangeError naming the limit.
//
// Methods, by region (the thresholds keep each method where its rounding is a few ulp):
//   z ≤ √(ν + 1):        the ascending series S_ν(z) = Σ_k (−z²/4)^k/(k!·(ν + 1)_k) (DLMF 10.2.2),
//                        whose terms fall by 4× or more each, so that nothing cancels; for J_ν the
//                        factor (z/2)^ν/Γ(ν + 1) is formed as a mantissa and a binary exponent, so
//                        that it neither overflows nor underflows before the one final rounding;
//   z ≥ max(25, ν²):     Hankel's expansion J_ν = √(2/πz)·(P·cos ω − Q·sin ω), ω = z − (2ν + 1)π/4
//                        (DLMF 10.17.3; A&S 9.2.5), whose terms then fall from the first and whose
//                        truncation error is below the first omitted term (DLMF 10.17(iii)); cos ω
//                        and sin ω come from cos z and sin z (correctly reduced by the engine) and
//                        the exact cos and sin of the multiple of π/4, so no large argument loses
//                        digits;
//   in between:          the three-term recurrence in double-double arithmetic
//                        (src/math/bessel-recurrence.ts): Miller's backward recurrence normalised
//                        by a sum rule for z ≤ max(2ν, 25), the forward recurrence from orders
//                        (0, 1) or (½, 3/2) beyond (it is stable for orders below z).
// The scaled form multiplies J_ν by Γ(ν + 1)·(2/z)^ν, also as mantissa and exponent (Γ(ν + 1)
// itself overflows for ν > 170), and is 0 where its bound Γ(ν + 1)(2/z)^ν (|J_ν| ≤ 1) is below
// half the smallest subnormal.
//
// Accuracy, measured against 50-digit mpmath values (test/dynamics/bessel-accuracy.test.ts,
// fixture test/fixtures/bessel_mpmath.json: 46 orders from 0 to 500, z from 5e-324 to the largest
// double, with the transition band z ≈ ν ± 4ν^⅓, the first zeros, z around 25 and ν², and the
// underflow edges):
//   away from the zeros of J_ν (for z < j_{ν,1} − 1, or where |J_ν| ≥ M_ν/4, M_ν = √(J_ν² + Y_ν²)
//   being the modulus, DLMF 10.18.1): relative error ≤ 1e-15 (worst seen 7.2e-16, about 3 ulp);
//   near the zeros: absolute error ≤ 5e-16·M_ν(z) (worst seen 2.2e-16·M_ν);
// the same for S_ν, with the envelope Γ(ν + 1)(2/z)^ν·M_ν. Results below 2⁻¹⁰²² (subnormal) are
// within one unit 2⁻¹⁰⁷⁴; values below half the smallest subnormal are returned as 0.
//
// besselScaledModes, the NAG-C flow's hot path, evaluates one order at many z: between the
// series and Hankel ranges it reads per-order piecewise Chebyshev tables
// (src/math/bessel-table.ts) built lazily from the values above; there the relative error is
// ≤ 1.5e-15 (worst seen 8.2e-16) and the absolute error near zeros ≤ 5e-16 of the envelope
// (worst seen 2.2e-16).

import { SQRT_PI_DD, ddAdd, ddDiv, ddMul, ddSqrt } from './double-double';
import { forwardJ, millerJ, scaledValue, type ScaledValue } from './bessel-recurrence';
import { ChebyshevTable } from './bessel-table';

/** The largest order accepted: ν ≤ 500, i.e. NAG-C damping ρ = 2ν + 1 ≤ 1001. */
export const MAX_ORDER = 500;
/** Hankel's expansion is used from z = max(HANKEL_MIN, ν²): there its terms fall from the first, and its smallest term (about e^(−2z) for small ν) is far below 2⁻⁵³. */
const HANKEL_MIN = 25;
/** Width of the cells of the hot path's tables: S_ν changes by at most e^(1.1·width) in magnitude across one. */
const TABLE_CELL = 0.5;
/** Orders whose tables are kept (the oldest is dropped first). */
const PLAN_CACHE = 16;

/** 1/√π and √(2/π) as double-doubles: Hankel's prefactor for integer orders (with cos/sin of ω's phase scaled by √2) and half-integer orders. */
const INV_SQRT_PI_DD = [0.5641895835477563, 7.66772980658294e-18] as const;
const SQRT_TWO_OVER_PI_DD = [0.7978845608028654, -4.98465440455546e-17] as const;
/** 2/√π = √2·√(2/π), rounded. */
const TWO_OVER_SQRT_PI = 1.1283791670955126;
/** √2·cos and √2·sin of mπ/4 for odd m (integer ν), cos and sin for even m (half-integer ν), m = (2ν + 1) mod 8. */
const PHASE_COS = [1, 1, 0, -1, -1, -1, 0, 1];
const PHASE_SIN = [0, 1, 1, 1, 0, -1, -1, -1];

const out = new Float64Array(2);
const view = new DataView(new ArrayBuffer(8));

function checkOrder(fn: string, nu: number): void {
  if (typeof nu !== 'number' || !(nu >= 0) || (nu <= MAX_ORDER && !Number.isInteger(2 * nu))) {
    throw new RangeError(`${fn}: the order ν must be an integer or half-integer ≥ 0 (got ${String(nu)})`);
  }
  if (nu > MAX_ORDER) {
    throw new RangeError(`${fn}: the order ν = (ρ − 1)/2 must be at most ${MAX_ORDER}, i.e. damping ρ ≤ ${2 * MAX_ORDER + 1} (got ν = ${String(nu)})`);
  }
}

function checkArgument(fn: string, z: number): void {
  if (typeof z !== 'number' || !(z >= 0) || !Number.isFinite(z)) throw new RangeError(`${fn}: z must be finite and ≥ 0 (got ${String(z)})`);
}

const seriesLimit = (nu: number) => Math.sqrt(nu + 1);
const hankelLimit = (nu: number) => Math.max(HANKEL_MIN, nu * nu);

/** ⌊log₂|x|⌋ for finite x ≠ 0. */
function binaryExponent(x: number): number {
  if (Math.abs(x) < 2 ** -1022) return binaryExponent(x * 2 ** 64) - 64;
  view.setFloat64(0, x);
  return ((view.getUint16(0) >>> 4) & 0x7ff) - 1023;
}

/** x·2^(−k) for k = binaryExponent(x): the significand, in [1, 2) in magnitude, exactly (subnormal x too). */
function significand(x: number, k: number): number {
  return k < -1000 ? x * 2 ** 64 * 2 ** (-k - 64) : x * 2 ** -k;
}

/** x·2^e as a double, with one rounding (exact unless the result is subnormal or overflows). */
function timesPowerOfTwo(x: number, e: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const k = binaryExponent(x);
  const f = significand(x, k);
  const total = k + e;
  if (total > 1023) return f * Infinity;
  if (total >= -1022) return f * 2 ** total;
  if (total < -1080) return f * 0;
  return f * 2 ** (total + 60) * 2 ** -60; // exact, then the one rounding to a subnormal
}

const gammas: (ScaledValue | undefined)[] = [];

/** Γ(ν + 1) = ν! or √π·½·(3/2)⋯ν (A&S 6.1.6, 6.1.12), to double-double accuracy, as (hi + lo)·2^exponent. */
function gammaOfNext(nu: number): ScaledValue {
  const cached = gammas[2 * nu];
  if (cached) return cached;
  const half = !Number.isInteger(nu);
  let hi = half ? SQRT_PI_DD[0] : 1, lo = half ? SQRT_PI_DD[1] : 0, exponent = 0;
  for (let factor = half ? 0.5 : 1; factor <= nu; factor++) {
    ddMul(hi, lo, factor, 0, out);
    hi = out[0];
    lo = out[1];
    if (hi > 2 ** 500) {
      hi *= 2 ** -500;
      lo *= 2 ** -500;
      exponent += 500;
    }
  }
  const g = scaledValue(hi, lo, exponent);
  gammas[2 * nu] = g;
  return g;
}

/**
 * (z/2)^(sign·ν) as mantissa·2^exponent for z > 0: z/2 = base·2^p with base in [1, 4) and p·ν an
 * integer, and base^(±ν) from Math.pow (within an ulp), which stays in range for ν ≤ 500.
 */
function halfZPower(nu: number, z: number, sign: 1 | -1): { mantissa: number; exponent: number } {
  const e = binaryExponent(z);
  let base = significand(z, e), p = e - 1;
  if (!Number.isInteger(p * nu)) {
    base *= 2;
    p -= 1;
  }
  return { mantissa: Math.pow(base, sign * nu), exponent: sign * p * nu };
}

/** Σ_k (−z²/4)^k/(k!·(ν + 1)_k) = S_ν(z) for z ≤ √(ν + 1), summed with compensation. */
function scaledSeries(nu: number, z: number): number {
  const q = -0.25 * z * z;
  let term = 1, sum = 1, compensation = 0;
  for (let k = 1; k < 60; k++) {
    term *= q / (k * (nu + k));
    const t = sum + term;
    compensation += sum - t + term; // |term| < |sum| here
    sum = t;
    if (Math.abs(term) <= 1e-18) break;
  }
  return sum + compensation;
}

/** J_ν(z) for 0 < z ≤ √(ν + 1): (z/2)^ν/Γ(ν + 1) times the series. */
function seriesJ(nu: number, z: number): ScaledValue {
  const power = halfZPower(nu, z, 1);
  const g = gammaOfNext(nu);
  ddDiv(power.mantissa, 0, g.hi, g.lo, out);
  ddMul(out[0], out[1], scaledSeries(nu, z), 0, out);
  return scaledValue(out[0], out[1], power.exponent - g.exponent);
}

/** P·cos ω − Q·sin ω of Hankel's expansion (√2 times it for integer ν), from cos z and sin z. */
function hankelBracket(nu: number, z: number, cosZ: number, sinZ: number): number {
  const mu = 4 * nu * nu;
  const eightZ = 8 * z;
  let p = 1, q = 0, term = 1;
  for (let k = 1; k <= 200; k++) {
    const odd = 2 * k - 1;
    term *= (mu - odd * odd) / (k * eightZ);
    switch (k & 3) {
      case 1: q += term; break;
      case 2: p -= term; break;
      case 3: q -= term; break;
      default: p += term;
    }
    if (term === 0 || (k > nu && Math.abs(term) < 2 ** -60)) break;
  }
  const m = (2 * nu + 1) % 8;
  const a = PHASE_COS[m], b = PHASE_SIN[m];
  return cosZ * (a * p + b * q) + sinZ * (b * p - a * q);
}

/** c/√z as a double-double in out, for c = 1/√π (integer ν) or √(2/π) (half-integer ν). */
function hankelFactor(nu: number, z: number): Float64Array {
  const c = Number.isInteger(nu) ? INV_SQRT_PI_DD : SQRT_TWO_OVER_PI_DD;
  // above 2¹⁰⁰⁰ the square of √z would overflow inside ddSqrt: take √(z·2⁻²⁰⁰)·2¹⁰⁰
  const huge = z > 2 ** 1000;
  ddSqrt(huge ? z * 2 ** -200 : z, 0, out);
  ddDiv(c[0], c[1], out[0], out[1], out);
  if (huge) {
    out[0] *= 2 ** -100;
    out[1] *= 2 ** -100;
  }
  return out;
}

function hankelJ(nu: number, z: number): ScaledValue {
  const bracket = hankelBracket(nu, z, Math.cos(z), Math.sin(z));
  hankelFactor(nu, z);
  ddMul(out[0], out[1], bracket, 0, out);
  return scaledValue(out[0], out[1], 0);
}

/** J_ν(z) for z > max(2ν, 25) by the forward recurrence from orders (0, 1) or (½, 3/2). */
function forwardFromStart(nu: number, z: number): ScaledValue {
  const cosZ = Math.cos(z), sinZ = Math.sin(z);
  let b0Hi: number, b0Lo = 0, b1Hi: number, b1Lo = 0;
  if (Number.isInteger(nu)) {
    b0Hi = hankelBracket(0, z, cosZ, sinZ);
    b1Hi = hankelBracket(1, z, cosZ, sinZ);
  } else {
    b0Hi = sinZ; // √(πz/2)·J_½
    ddDiv(sinZ, 0, z, 0, out);
    ddAdd(out[0], out[1], -cosZ, 0, out); // √(πz/2)·J_{3/2} = sin z/z − cos z
    b1Hi = out[0];
    b1Lo = out[1];
  }
  hankelFactor(nu, z);
  return forwardJ(nu, z, b0Hi, b0Lo, b1Hi, b1Lo, out[0], out[1]);
}

/** J_ν(z) for z > 0, as (hi + lo)·2^exponent. */
function referenceJ(nu: number, z: number): ScaledValue {
  if (z <= seriesLimit(nu)) return seriesJ(nu, z);
  if (z >= hankelLimit(nu)) return hankelJ(nu, z);
  if (z > 2 * nu && z > HANKEL_MIN) return forwardFromStart(nu, z);
  return millerJ(nu, z);
}

/** S_ν(z) for z > √(ν + 1), as (hi + lo)·2^exponent: J_ν(z) times Γ(ν + 1)·(2/z)^ν. */
function referenceScaled(nu: number, z: number): ScaledValue {
  const j = referenceJ(nu, z);
  const g = gammaOfNext(nu);
  const power = halfZPower(nu, z, -1);
  ddMul(g.hi, g.lo, power.mantissa, 0, out);
  ddMul(out[0], out[1], j.hi, j.lo, out);
  return scaledValue(out[0], out[1], g.exponent + power.exponent + j.exponent);
}

/** From here on S_ν(z) ≤ Γ(ν + 1)(2/z)^ν < 2^(−1075)/e: it rounds to 0. */
function underflowLimit(nu: number): number {
  if (nu === 0) return Infinity;
  const g = gammaOfNext(nu);
  const lnGamma = Math.log(g.hi) + g.exponent * Math.LN2;
  return 2 * Math.exp((lnGamma + 1075 * Math.LN2 + 1) / nu);
}

/** J_ν(z) for integer or half-integer 0 ≤ ν ≤ 500 and finite z ≥ 0. */
export function besselJ(nu: number, z: number): number {
  checkOrder('besselJ', nu);
  checkArgument('besselJ', z);
  if (z === 0) return nu === 0 ? 1 : 0;
  const v = referenceJ(nu, z);
  return timesPowerOfTwo(v.hi + v.lo, v.exponent);
}

/**
 * S_ν(z) = Γ(ν + 1)·(2/z)^ν·J_ν(z): the solution of c̈ + ((2ν + 1)/t)·ċ + λc = 0 with c(0) = 1,
 * ċ(0) = 0 at z = √λ·t (the NAG-C flow with damping ρ = 2ν + 1; docs/theory.md#bessel). Equals 1
 * at z = 0; ν = ½ gives sin z / z, ν = 1 gives 2J₁(z)/z. Integer or half-integer 0 ≤ ν ≤ 500,
 * finite z ≥ 0.
 */
export function besselScaled(nu: number, z: number): number {
  checkOrder('besselScaled', nu);
  checkArgument('besselScaled', z);
  if (z <= seriesLimit(nu)) return scaledSeries(nu, z);
  if (z >= underflowLimit(nu)) return 0;
  const v = referenceScaled(nu, z);
  return timesPowerOfTwo(v.hi + v.lo, v.exponent);
}

/** What the hot path keeps per order. */
interface Plan {
  nu: number;
  seriesLimit: number;
  table: ChebyshevTable;
  /** Where the table ends: Hankel's expansion or underflow takes over. */
  tableEnd: number;
  underflowLimit: number;
  /** Γ(ν + 1)·2^ν·c (c from hankelFactor), so that S_ν = scale·z^(−ν−½)·bracket; 0 if out of range. */
  hankelScale: number;
}

const plans = new Map<number, Plan>();

function planFor(nu: number): Plan {
  let plan = plans.get(nu);
  if (plan) return plan;
  if (plans.size >= PLAN_CACHE) plans.delete(plans.keys().next().value!);
  const g = gammaOfNext(nu);
  const half = !Number.isInteger(nu);
  // 2^ν·c = 2^⌊ν⌋·(1/√π) for integer ν, 2^⌊ν⌋·√2·√(2/π) = 2^⌊ν⌋·(2/√π) for half-integer ν
  const constant = half ? TWO_OVER_SQRT_PI : INV_SQRT_PI_DD[0];
  const scale = timesPowerOfTwo((g.hi + g.lo) * constant, g.exponent + Math.floor(nu));
  const limit = underflowLimit(nu);
  const start = seriesLimit(nu);
  plan = {
    nu,
    seriesLimit: start,
    table: new ChebyshevTable(start, Math.min(hankelLimit(nu), limit), TABLE_CELL, (z) => referenceScaled(nu, z), timesPowerOfTwo),
    tableEnd: Math.min(hankelLimit(nu), limit),
    underflowLimit: limit,
    hankelScale: Number.isFinite(scale) ? scale : 0,
  };
  plans.set(nu, plan);
  return plan;
}

/** S_ν(z) for max(25, ν²) ≤ z < underflowLimit, from Hankel's expansion. */
function hankelScaled(plan: Plan, z: number): number {
  const nu = plan.nu;
  const power = Math.pow(z, -nu - 0.5);
  const w = plan.hankelScale * power;
  if (!(power > 2 ** -1000) || !(w > 2 ** -1000) || w === Infinity) {
    // a factor outside the normal range: the slow path keeps the exponent apart
    const v = referenceScaled(nu, z);
    return timesPowerOfTwo(v.hi + v.lo, v.exponent);
  }
  return w * hankelBracket(nu, z, Math.cos(z), Math.sin(z));
}

/**
 * factors[i] ← S_ν(zᵢ) for zᵢ = √max(λᵢ, 0)·t: besselScaled over every mode at once. The order is
 * checked once, and its tables (above) are built on first use and kept for the next calls.
 */
export function besselScaledModes(nu: number, lambdas: ArrayLike<number>, t: number, factors: Float64Array): void {
  checkOrder('besselScaled', nu);
  const plan = planFor(nu);
  const { seriesLimit: small, tableEnd, underflowLimit: vanishing, table } = plan;
  for (let i = 0; i < lambdas.length; i++) {
    const z = Math.sqrt(Math.max(0, lambdas[i])) * t;
    if (z <= small) factors[i] = scaledSeries(nu, z);
    else if (z < tableEnd) factors[i] = table.value(z);
    else if (z >= vanishing) factors[i] = 0;
    else factors[i] = hankelScaled(plan, z);
  }
}

/**
 * (1 − S_ν(z))/z² for z ≤ √(ν + 1): Σ_j (−z²/4)^j/(4·(j + 1)!·(ν + 1)_{j+1}), the series of S_ν
 * without its first term and divided by z², whose terms fall by 8× or more: nothing cancels.
 */
function scaledDefectSeries(nu: number, z: number): number {
  const q = -0.25 * z * z;
  let term = 1 / (4 * (nu + 1)), sum = 0;
  for (let j = 0; j < 60; j++) {
    sum += term;
    term *= q / ((j + 2) * (nu + j + 2));
    if (Math.abs(term) <= 1e-18 * sum) break;
  }
  return sum;
}

/**
 * responses[i] ← (1 − S_ν(zᵢ))/λᵢ, zᵢ = √λᵢ·t: the accumulated response of the NAG-C flow
 * (docs/theory.md#responses), the solution of σ̈ + ((2ν + 1)/t)·σ̇ + λσ = 1 from rest. For
 * zᵢ ≤ √(ν + 1) it is t² times the series above, so that λᵢ → 0 tends to t²/(4(ν + 1)) with no
 * cancellation (λᵢ ≤ 0 is taken as 0, as in besselScaledModes); beyond, 1 − S_ν ≥ 0.2 and the
 * quotient loses at most 2 bits to S_ν's rounding.
 */
export function besselResponseModes(nu: number, lambdas: ArrayLike<number>, t: number, responses: Float64Array): void {
  checkOrder('besselScaled', nu);
  const plan = planFor(nu);
  const { seriesLimit: small, tableEnd, underflowLimit: vanishing, table } = plan;
  for (let i = 0; i < lambdas.length; i++) {
    const lambda = Math.max(0, lambdas[i]);
    const z = Math.sqrt(lambda) * t;
    if (z <= small) {
      responses[i] = t * t * scaledDefectSeries(nu, z);
      continue;
    }
    const s = z < tableEnd ? table.value(z) : z >= vanishing ? 0 : hankelScaled(plan, z);
    responses[i] = (1 - s) / lambda;
  }
}
