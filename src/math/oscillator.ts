// The damped oscillator c̈ + γ·ċ + λ·c = 0 with c(0) = c₀, ċ(0) = ċ₀ (docs/theory.md#oscillator), in one formula
// that stays accurate on both sides of critical damping and never overflows:
//   c(t) = e^{−γt/2}·[c₀·C(t) + (ċ₀ + γc₀/2)·S(t)],  ω² = λ − γ²/4,
//   under-damped (ω² > 0): C = cos ωt, S = sin(ωt)/ω;
//   over-damped  (ω² < 0, κ = √−ω²): e^{−γt/2}·C = (e^{s₊t} + e^{s₋t})/2,
//                e^{−γt/2}·S = e^{s₊t}·(1 − e^{−2κt})/(2κ), s± = −γ/2 ± κ,
//   with 1 − e^{−2κt} = −expm1(−2κt), which tends to 2κt as κ → 0, so the limit is the critical
//   solution e^{−γt/2}·[c₀ + (ċ₀ + γc₀/2)·t] with no special case and no cancellation.

import { evenPhis, oneMinusExpLinear, phi1 } from './phi';

/** c(t)/… : the solution at time t ≥ 0 for one mode. */
export function dampedOscillator(lambda: number, gamma: number, c0: number, v0: number, t: number): number {
  const w2 = lambda - 0.25 * gamma * gamma;
  const drive = v0 + 0.5 * gamma * c0;
  if (w2 > 0) {
    const w = Math.sqrt(w2);
    const decay = Math.exp(-0.5 * gamma * t);
    return decay * (c0 * Math.cos(w * t) + (drive * Math.sin(w * t)) / w);
  }
  const kappa = Math.sqrt(-w2);
  const sPlus = -0.5 * gamma + kappa;
  const sMinus = -0.5 * gamma - kappa;
  const even = 0.5 * (Math.exp(sPlus * t) + Math.exp(sMinus * t));
  const odd = kappa === 0 ? Math.exp(sPlus * t) * t : (Math.exp(sPlus * t) * -Math.expm1(-2 * kappa * t)) / (2 * kappa);
  return c0 * even + drive * odd;
}

/**
 * factors[i] ← the oscillator c̈ + γċ + (scale·λᵢ)c = 0 from (1, 0) at t, for every mode: the same
 * as dampedOscillator, with the decay e^{−γt/2} of the under-damped modes computed once.
 */
export function oscillatorModes(lambdas: ArrayLike<number>, scale: number, gamma: number, t: number, factors: Float64Array): void {
  const decay = Math.exp(-0.5 * gamma * t);
  const quarter = 0.25 * gamma * gamma;
  for (let i = 0; i < lambdas.length; i++) {
    const lambda = scale * lambdas[i];
    const w2 = lambda - quarter;
    if (w2 > 0) {
      const w = Math.sqrt(w2);
      factors[i] = decay * (Math.cos(w * t) + ((0.5 * gamma) * Math.sin(w * t)) / w);
    } else {
      factors[i] = dampedOscillator(lambda, gamma, 1, 0, t);
    }
  }
}

/**
 * The decay rate of the slower solution of c̈ + γċ + λc = 0 (docs/theory.md#theoretical-rate):
 * γ/2 when under-damped or critical (γ ≤ 2√λ), else (γ − √(γ² − 4λ))/2.
 */
export function oscillatorDecayRate(gamma: number, lambda: number): number {
  return gamma <= 2 * Math.sqrt(lambda) ? gamma / 2 : (gamma - Math.sqrt(gamma * gamma - 4 * lambda)) / 2;
}

// The accumulated responses of the oscillator (docs/theory.md#responses): with a(t) the solution
// of ä + γȧ + λa = 0 from a(0) = 1, ȧ(0) = 0, the step response P(t) = (1 − a(t))/λ solves
// P̈ + γṖ + λP = 1 from rest, and the impulse response I(t) = Ṗ(t) solves the homogeneous equation
// from I(0) = 0, İ(0) = 1. Both are entire in λ: P stays finite as λ → 0, where it tends to
// (γt − 1 + e^(−γt))/γ² (t²/2 for γ = 0), and where (1 − a)/λ would lose every digit. In the
// scaled variables h = γt/2, k = λt², d = h² − k (d = −ω²t² under-damped, κ²t² over-damped) the
// code evaluates P = t²·Q(h, k), Q = e[0, x₊, x₋] being the second divided difference of exp at the
// roots x± = −h ± √d (for close nodes expanded about their mean, as in McCurdy, Ng & Parlett,
// "Accurate computation of divided differences of the exponential function", Math. Comp. 43, 1984):
//   under-damped:  1 − a = R(h) + e^(−h)·ω²·(h·(1 − sinc ω)/ω² + sinc²(ω/2)/2), R(h) = 1 − e^(−h)(1 + h),
//                  a sum of positive terms (Q = that/k);
//   over-damped, the mode more than half moved (|1 − a| ≥ ½): Q = (1 − a)/k, a computed with the
//                  root x₊ = −k/(h + √d) free of cancellation;
//   over-damped, √d ≥ ½: Q = (φ₁(x₊) − φ₁(x₋))/(x₊ − x₋), the two terms at least a factor apart;
//   otherwise (0 ≤ d < ¼, and then h < 2): Q = e^(−h)·Σᵢ φ_{2i+2}(h)·dⁱ, positive terms falling by ≥ 24×.
// Measured against 400-digit mpmath at 3000 random (γ, λ), λ from −0.1 to 10⁶ and down to 10⁻³⁰
// (test/math/oscillator-responses.test.ts): relative error ≤ 2.0e-15 where the condition number κ
// is below 10, and ≤ 7.4e-16·(1 + κ) everywhere; κ is large only where 1 − a itself nearly
// vanishes (an under-damped mode back at its start), and then the error is that of the inputs.

/**
 * √d (half the gap between the scaled roots) from which (φ₁(x₊) − φ₁(x₋))/(x₊ − x₋) is formed
 * directly; below it the series in d falls by 24× or more per term (d < ¼, h < 2).
 */
const DIVIDED_DIFFERENCE_MIN = 0.5;
/** Terms of the series branch: with d < ¼ the tenth is below 4⁻⁹/20! of the first. */
const SERIES_TERMS = 10;
const evenPhiScratch = new Float64Array(SERIES_TERMS);

/** sin x / x, 1 at 0. */
function sinc(x: number): number {
  return x === 0 ? 1 : Math.sin(x) / x;
}

/** (1 − sin ω/ω)/ω² for ω > 0: its series (1/6 − ω²/120 + …) below 1.5, where the closed form cancels. */
function sincDefect(w: number): number {
  if (w >= 1.5) return (1 - Math.sin(w) / w) / (w * w);
  const w2 = w * w;
  let term = 1 / 6, sum = 0;
  for (let j = 1; j < 30 && term !== 0; j++) {
    sum += term;
    term *= -w2 / ((2 * j + 2) * (2 * j + 3));
    if (Math.abs(term) <= 1e-18) break;
  }
  return sum;
}

/** Q(h, k) = P(t)/t² (above), for h ≥ 0. */
function stepQuotient(h: number, k: number): number {
  const d = h * h - k;
  if (d < 0) {
    const w = Math.sqrt(-d);
    const half = sinc(0.5 * w);
    return (oneMinusExpLinear(h) + Math.exp(-h) * -d * (h * sincDefect(w) + 0.5 * half * half)) / k;
  }
  const kappa = Math.sqrt(d);
  if (h + kappa === 0) return 0.5; // λ = γ = 0: P = t²/2
  const xPlus = -k / (h + kappa);
  const xMinus = -(h + kappa);
  const ePlus = Math.exp(xPlus);
  const a = 0.5 * (ePlus + Math.exp(xMinus)) + h * ePlus * phi1(-2 * kappa);
  if (Math.abs(1 - a) >= 0.5) return (1 - a) / k;
  if (kappa >= DIVIDED_DIFFERENCE_MIN) return (phi1(xPlus) - phi1(xMinus)) / (2 * kappa);
  evenPhis(h, evenPhiScratch);
  let sum = 0;
  for (let i = SERIES_TERMS - 1; i >= 0; i--) sum = evenPhiScratch[i] + d * sum;
  return Math.exp(-h) * sum;
}

/**
 * P(t) = (1 − a(t))/λ for the oscillator ä + γȧ + λa = 0 from (1, 0): the solution of
 * P̈ + γṖ + λP = 1 from rest, finite and accurate as λ → 0 (t²/2 for λ = γ = 0). γ ≥ 0, t ≥ 0.
 */
export function oscillatorStepResponse(lambda: number, gamma: number, t: number): number {
  if (t === 0) return 0;
  return t * t * stepQuotient(0.5 * gamma * t, lambda * t * t);
}

/**
 * I(t): the solution of Ï + γİ + λI = 0 from I(0) = 0, İ(0) = 1 (the derivative of the step
 * response), e^(−γt/2)·sin(ωt)/ω under-damped and e^(x₊)·(1 − e^(−2κt))/(2κ) over-damped, with
 * x₊ = −λt/(γ/2 + κ) computed without cancellation. γ ≥ 0, t ≥ 0.
 */
export function oscillatorImpulseResponse(lambda: number, gamma: number, t: number): number {
  const h = 0.5 * gamma * t;
  const k = lambda * t * t;
  const d = h * h - k;
  if (d < 0) return t * Math.exp(-h) * sinc(Math.sqrt(-d));
  const kappa = Math.sqrt(d);
  if (h + kappa === 0) return t;
  return t * Math.exp(-k / (h + kappa)) * phi1(-2 * kappa);
}

/**
 * responses[i] ← scale·P(scale·λᵢ, γ, t): the step responses of c̈ + γċ + (scale·λᵢ)c = 0 (as
 * oscillatorModes), times scale, i.e. (1 − aᵢ(t))/λᵢ with aᵢ the mode's factor.
 */
export function oscillatorResponses(lambdas: ArrayLike<number>, scale: number, gamma: number, t: number, responses: Float64Array): void {
  for (let i = 0; i < lambdas.length; i++) responses[i] = scale * oscillatorStepResponse(scale * lambdas[i], gamma, t);
}
