// The φ-functions of exponential integrators, φ_p(x) = Σ_{m≥0} x^m/(m + p)! (so φ₀ = eˣ,
// φ₁(x) = (eˣ − 1)/x, φ₂(x) = (eˣ − 1 − x)/x², and φ_p(x) = 1/p! + x·φ_{p+1}(x)), evaluated where the
// closed forms would cancel: they are the accumulated responses of first-order modes (φ₁) and the
// building blocks of the damped oscillator's step response (src/math/oscillator.ts). See Hochbruck
// & Ostermann, "Exponential integrators", Acta Numerica 19 (2010), §2, for the functions; the
// evaluations here sum series of positive terms, or use expm1, so that nothing cancels.

/** φ₁(x) = (eˣ − 1)/x, with φ₁(0) = 1: accurate to a few ulp for every finite x (expm1 carries the small ones). */
export function phi1(x: number): number {
  return x === 0 ? 1 : Math.expm1(x) / x;
}

/**
 * 1 − e^(−h)·(1 + h) for h ≥ 0 (= e^(−h)·h²·φ₂(h)): the series of φ₂, all terms positive, below 1,
 * and the closed form above, where e^(−h)(1 + h) ≤ 2/e costs at most 2 bits.
 */
export function oneMinusExpLinear(h: number): number {
  if (h >= 1) return 1 - Math.exp(-h) * (1 + h);
  return Math.exp(-h) * h * h * phiPositive(2, h);
}

/** φ_p(h) for 0 ≤ h ≤ 8 by its series: terms positive and falling by h/(m + p + 1) < 1 from m = 8 on. */
export function phiPositive(p: number, h: number): number {
  let term = 1;
  for (let j = 2; j <= p; j++) term /= j;
  let sum = 0;
  for (let m = 0; m < 200; m++) {
    sum += term;
    term *= h / (m + p + 1);
    if (term <= 1e-17 * sum) break;
  }
  return sum;
}

/**
 * out[i] ← φ_{2i+2}(h) for i = 0 … out.length − 1 and 0 ≤ h ≤ 8: the highest order by its series,
 * the others by φ_p = 1/p! + h·φ_{p+1} downwards, a sum of positive terms at every step.
 */
export function evenPhis(h: number, out: Float64Array): void {
  const top = 2 * out.length + 1;
  let value = phiPositive(top, h);
  let inverseFactorial = 1;
  for (let j = 2; j <= top - 1; j++) inverseFactorial /= j;
  for (let p = top - 1; p >= 2; p--) {
    value = inverseFactorial + h * value; // φ_p from φ_{p+1}
    inverseFactorial *= p; // 1/(p − 1)!
    if (p % 2 === 0) out[p / 2 - 1] = value;
  }
}
