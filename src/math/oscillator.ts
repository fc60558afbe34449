// The damped oscillator c̈ + γ·ċ + λ·c = 0 with c(0) = c₀, ċ(0) = ċ₀ (docs/theory.md#oscillator), in one formula
// that stays accurate on both sides of critical damping and never overflows:
//   c(t) = e^{−γt/2}·[c₀·C(t) + (ċ₀ + γc₀/2)·S(t)],  ω² = λ − γ²/4,
//   under-damped (ω² > 0): C = cos ωt, S = sin(ωt)/ω;
//   over-damped  (ω² < 0, κ = √−ω²): e^{−γt/2}·C = (e^{s₊t} + e^{s₋t})/2,
//                e^{−γt/2}·S = e^{s₊t}·(1 − e^{−2κt})/(2κ), s± = −γ/2 ± κ,
//   with 1 − e^{−2κt} = −expm1(−2κt), which tends to 2κt as κ → 0, so the limit is the critical
//   solution e^{−γt/2}·[c₀ + (ċ₀ + γc₀/2)·t] with no special case and no cancellation.

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
