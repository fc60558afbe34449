// Bessel functions of the first kind J_ν(z) for the orders the NAG-C flow needs: ν = (ρ − 1)/2 for
// integer damping ρ ≥ 1, i.e. integer and half-integer ν ≥ 0, and z ≥ 0. Three regimes
// (Abramowitz & Stegun §9.1.10, §10.1.19, §9.2.5; Numerical Recipes §6.5 for Miller's method):
//   z ≤ SERIES_LIMIT (or z below the order):  the ascending series
//       J_ν(z) = (z/2)^ν Σ_k (−z²/4)^k / (k!·Γ(ν + k + 1)),  whose terms barely cancel there;
//   half-integer ν = n + ½ above it: J_ν(z) = √(2z/π)·j_n(z), with the spherical Bessel j_n from
//       j₀ = sin z / z, j₁ = sin z / z² − cos z / z by the upward recurrence, stable for z > n;
//   integer ν above it, up to HANKEL_LIMIT: Miller's backward recurrence
//       J_{k−1} = (2k/z)·J_k − J_{k+1} from a start far beyond z, normalised by
//       J₀ + 2·Σ J_{2k} = 1. It costs O(z) per value, so each order's values are tabulated once as
//       piecewise Chebyshev interpolants (degree 15 on unit intervals: truncation error about
//       2⁻¹⁵/16!, far below an ulp; coefficients summed with Neumaier's compensated summation so
//       that they carry no more than the rounding of the tabulated values) and evaluated by
//       Clenshaw's recurrence;
//   integer ν beyond it: the Hankel asymptotic expansion J_ν = √(2/(πz))·(P·cos χ − Q·sin χ),
//       χ = z − (ν/2 + ¼)π.
// Relative accuracy about 1e-15 away from the zeros of J_ν (absolute about 1e-16 near them),
// checked against SciPy's jv in test/dynamics/bessel.test.ts.

const SERIES_LIMIT = 2;
/** Beyond this, Hankel's expansion: its smallest term, about e^(−2z), is far below 1e-16 here (Miller's normalisation loses digits beyond it). */
const HANKEL_LIMIT = 25;
/** Chebyshev nodes per unit interval of the tables of integer orders. */
const CHEB_NODES = 16;

/** Γ(x) for x = k or k + ½ with k a small non-negative integer, exactly as far as doubles go. */
function gammaIntegerOrHalf(x: number): number {
  let g = Number.isInteger(x) ? 1 : Math.sqrt(Math.PI);
  for (let t = Number.isInteger(x) ? 1 : 0.5; t < x; t += 1) g *= t; // Γ(x) = (x−1)(x−2)…
  return g;
}

function checkOrder(fn: string, nu: number): void {
  if (typeof nu !== 'number' || !(nu >= 0) || !Number.isInteger(2 * nu)) {
    throw new RangeError(`${fn}: the order ν must be an integer or half-integer ≥ 0 (got ${String(nu)})`);
  }
}

function series(nu: number, z: number): number {
  const q = -0.25 * z * z;
  let term = 1 / gammaIntegerOrHalf(nu + 1);
  let sum = term;
  for (let k = 1; k < 200; k++) {
    term *= q / (k * (nu + k));
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  return Math.pow(0.5 * z, nu) * sum;
}

function sphericalUpward(n: number, z: number): number {
  const s = Math.sin(z), c = Math.cos(z);
  let jPrev = s / z;
  if (n === 0) return jPrev;
  let j = s / (z * z) - c / z;
  for (let k = 1; k < n; k++) {
    const next = ((2 * k + 1) / z) * j - jPrev;
    jPrev = j;
    j = next;
  }
  return j;
}

function millerInteger(n: number, z: number): number {
  // Start well above both n and z; the recurrence downward is stable and the normalisation fixes
  // the unknown scale.
  let start = 2 * Math.floor((Math.max(n, z) + 20 + Math.sqrt(40 * Math.max(n, z))) / 2);
  if (start % 2 === 1) start++;
  let jNext = 0, j = 1e-300, wanted = 0, norm = 0;
  for (let k = start; k > 0; k--) {
    const jPrev = ((2 * k) / z) * j - jNext;
    jNext = j;
    j = jPrev;
    if (Math.abs(j) > 1e250) {
      // rescale to stay in range
      j *= 1e-250;
      jNext *= 1e-250;
      wanted *= 1e-250;
      norm *= 1e-250;
    }
    if (k - 1 === n) wanted = j;
    if ((k - 1) % 2 === 0 && k - 1 > 0) norm += 2 * j;
  }
  norm += j; // J₀ term
  return wanted / norm;
}

/** Per integer order: Chebyshev coefficients of J_ν on [SERIES_LIMIT + j, SERIES_LIMIT + j + 1]. */
const tables = new Map<number, Float64Array>();

function chebyshevTable(nu: number): Float64Array {
  let table = tables.get(nu);
  if (table) return table;
  const intervals = HANKEL_LIMIT - SERIES_LIMIT;
  table = new Float64Array(intervals * CHEB_NODES);
  const values = new Float64Array(CHEB_NODES);
  for (let j = 0; j < intervals; j++) {
    const mid = SERIES_LIMIT + j + 0.5;
    for (let k = 0; k < CHEB_NODES; k++) values[k] = millerInteger(nu, mid + 0.5 * Math.cos((Math.PI * (k + 0.5)) / CHEB_NODES));
    for (let c = 0; c < CHEB_NODES; c++) {
      // Neumaier's compensated sum of values[k]·cos(πc(k + ½)/N)
      let sum = 0, compensation = 0;
      for (let k = 0; k < CHEB_NODES; k++) {
        const term = values[k] * Math.cos((Math.PI * c * (k + 0.5)) / CHEB_NODES);
        const t = sum + term;
        compensation += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
        sum = t;
      }
      table[j * CHEB_NODES + c] = ((c === 0 ? 1 : 2) / CHEB_NODES) * (sum + compensation);
    }
  }
  tables.set(nu, table);
  return table;
}

function chebyshevInteger(nu: number, z: number): number {
  const table = chebyshevTable(nu);
  const j = Math.min(HANKEL_LIMIT - SERIES_LIMIT - 1, Math.floor(z - SERIES_LIMIT));
  const x = 2 * (z - (SERIES_LIMIT + j + 0.5)); // in [−1, 1]
  let b1 = 0, b2 = 0;
  const base = j * CHEB_NODES;
  for (let c = CHEB_NODES - 1; c >= 1; c--) {
    const b0 = 2 * x * b1 - b2 + table[base + c];
    b2 = b1;
    b1 = b0;
  }
  return x * b1 - b2 + table[base];
}

function hankel(nu: number, z: number): number {
  const mu = 4 * nu * nu;
  let p = 1, q = 0, term = 1;
  const eightZ = 8 * z;
  for (let k = 1; k < 60; k++) {
    term *= (mu - (2 * k - 1) ** 2) / (k * eightZ);
    if (k % 2 === 1) q += (k % 4 === 1 ? 1 : -1) * term;
    else p += (k % 4 === 2 ? -1 : 1) * term;
    if (Math.abs(term) < 1e-17) break;
  }
  // χ = z − φ with φ = (ν/2 + ¼)π, expanded so that no large argument is reduced twice: for
  // integer ν, cos φ and sin φ are ±√½.
  const phi = (nu / 2 + 0.25) * Math.PI;
  const cosPhi = Math.SQRT1_2 * Math.sign(Math.round(Math.cos(phi) * 1e6));
  const sinPhi = Math.SQRT1_2 * Math.sign(Math.round(Math.sin(phi) * 1e6));
  const cz = Math.cos(z), sz = Math.sin(z);
  const cosChi = cz * cosPhi + sz * sinPhi;
  const sinChi = sz * cosPhi - cz * sinPhi;
  return Math.sqrt(2 / (Math.PI * z)) * (p * cosChi - q * sinChi);
}

/** J_ν(z) for integer or half-integer ν ≥ 0 and z ≥ 0. */
export function besselJ(nu: number, z: number): number {
  checkOrder('besselJ', nu);
  if (typeof z !== 'number' || !(z >= 0) || !Number.isFinite(z)) throw new RangeError(`besselJ: z must be finite and ≥ 0 (got ${String(z)})`);
  if (z === 0) return nu === 0 ? 1 : 0;
  if (z <= Math.max(SERIES_LIMIT, nu)) return series(nu, z);
  if (!Number.isInteger(nu)) return Math.sqrt((2 * z) / Math.PI) * sphericalUpward(nu - 0.5, z);
  if (z <= HANKEL_LIMIT) return chebyshevInteger(nu, z);
  return hankel(nu, z);
}

/** J_ν(z) with ν and z already checked (the hot path of the NAG-C flow). */
function besselJUnchecked(nu: number, z: number): number {
  if (z === 0) return nu === 0 ? 1 : 0;
  if (z <= Math.max(SERIES_LIMIT, nu)) return series(nu, z);
  if (!Number.isInteger(nu)) return Math.sqrt((2 * z) / Math.PI) * sphericalUpward(nu - 0.5, z);
  if (z <= HANKEL_LIMIT) return chebyshevInteger(nu, z);
  return hankel(nu, z);
}

/**
 * factors[i] ← Γ(ν + 1)·(2/zᵢ)^ν·J_ν(zᵢ) for zᵢ = √max(λᵢ, 0)·t: besselScaled over every mode at
 * once, with the order checked and Γ(ν + 1) computed once.
 */
export function besselScaledModes(nu: number, lambdas: ArrayLike<number>, t: number, factors: Float64Array): void {
  checkOrder('besselScaled', nu);
  const gamma = gammaIntegerOrHalf(nu + 1);
  const limit = Math.max(SERIES_LIMIT, nu);
  for (let i = 0; i < lambdas.length; i++) {
    const z = Math.sqrt(Math.max(0, lambdas[i])) * t;
    factors[i] = z <= limit ? scaledSeries(nu, z) : gamma * Math.pow(2 / z, nu) * besselJUnchecked(nu, z);
  }
}

/** The series of Γ(ν+1)(2/z)^ν J_ν directly, with no power to cancel (z ≤ max(2, ν)). */
function scaledSeries(nu: number, z: number): number {
  const q = -0.25 * z * z;
  let term = 1, sum = 1;
  for (let k = 1; k < 200; k++) {
    term *= q / (k * (nu + k));
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  return sum;
}

/**
 * Γ(ν + 1)·(2/z)^ν·J_ν(z): the solution of c̈ + ((2ν + 1)/t)·ċ + λc = 0 with c(0) = 1, ċ(0) = 0 at
 * z = √λ·t (docs/theory.md#bessel, ν = (ρ − 1)/2). Equals 1 at z = 0; ν = ½ gives sin z / z, ν = 1 gives
 * 2J₁(z)/z.
 */
export function besselScaled(nu: number, z: number): number {
  checkOrder('besselScaled', nu);
  if (typeof z !== 'number' || !(z >= 0) || !Number.isFinite(z)) throw new RangeError(`besselScaled: z must be finite and ≥ 0 (got ${String(z)})`);
  if (z <= Math.max(SERIES_LIMIT, nu)) return scaledSeries(nu, z);
  return gammaIntegerOrHalf(nu + 1) * Math.pow(2 / z, nu) * besselJUnchecked(nu, z);
}
