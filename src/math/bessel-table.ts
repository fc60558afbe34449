// A function of z tabulated once as piecewise Chebyshev interpolants, for the NAG-C flow's hot
// path, which evaluates the same Bessel order at a million arguments where one reference value
// costs hundreds of double-double recurrence steps. [start, end) is cut into cells of equal
// width; a cell is built the first time an argument falls in it, from the reference values at
// its 12 Chebyshev nodes (first kind), by the discrete cosine transform (Trefethen, "Approximation
// Theory and Approximation Practice", ch. 3–4; Numerical Recipes, 3rd ed., §5.8), and evaluated
// by Clenshaw's recurrence. Each cell stores its values divided by a power of two 2^e near their
// largest magnitude, so that cells whose values lie far outside the double range (the scaled
// Bessel function decays like z^(−ν−½)) keep their relative accuracy; the product by 2^e is
// exact, or the one rounding of a subnormal result.
//
// Accuracy: for a function analytic in a wide neighbourhood of the cell (here: entire, changing
// by at most e^{1.1·width} in magnitude across a cell and oscillating at most once per 2π, so
// locally like e^{az} with |a| ≤ 1.5), the interpolation error of degree 11 on a half-width of ¼
// is about 2·I₁₂(a/4) ≈ 2(3/16)^12/12! < 1e-17 of the cell's values, far below an ulp; more nodes
// would only lengthen the Clenshaw sum. What remains is rounding, kept to about 2ulp of the
// largest value in the cell by three precautions: the values at the nodes are moved
// from the rounded nodes to the exact ones (build), the transform's cosines come from reduced
// angles (QUARTER_COSINES), and the transform's sums are compensated.

import type { ScaledValue } from './bessel-recurrence';

const NODES = 12;
/** Cell layout: NODES coefficients, then the cell's scale 2^e as a double and e itself. */
const SCALE = NODES, EXPONENT = NODES + 1, CELL = NODES + 2;

/**
 * cos(πm/(2·NODES)) for 0 ≤ m < 4·NODES, each from an angle reduced to [0, π/2] first: the
 * transform's cosines cos(πj(2k + 1)/(2N)) taken directly from Math.cos would carry the rounding
 * of arguments up to 33, about 7e-15, into every coefficient.
 */
const QUARTER_COSINES = (() => {
  const c = new Float64Array(4 * NODES);
  for (let m = 0; m < 4 * NODES; m++) {
    let r = m > 2 * NODES ? 4 * NODES - m : m; // cos(2π − θ) = cos θ
    let sign = 1;
    if (r > NODES) {
      r = 2 * NODES - r; // cos(π − θ) = −cos θ
      sign = -1;
    }
    c[m] = sign * Math.cos((Math.PI * r) / (2 * NODES));
  }
  return c;
})();

/** The Chebyshev nodes x_k = cos(π(2k + 1)/(2N)) and the transform's cos(πj(2k + 1)/(2N)). */
const NODE_X = Float64Array.from({ length: NODES }, (_, k) => QUARTER_COSINES[2 * k + 1]);
const COSINES = Float64Array.from({ length: NODES * NODES }, (_, i) => QUARTER_COSINES[(Math.floor(i / NODES) * (2 * (i % NODES) + 1)) % (4 * NODES)]);

/** cell[c] ← the Chebyshev coefficients of the values f at the nodes (c₀ halved), by the DCT. */
function transform(f: Float64Array, cell: Float64Array): void {
  for (let c = 0; c < NODES; c++) {
    // Neumaier's compensated sum of f[k]·cos(πc(k + ½)/N)
    let sum = 0, compensation = 0;
    for (let k = 0; k < NODES; k++) {
      const term = f[k] * COSINES[c * NODES + k];
      const t = sum + term;
      compensation += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
      sum = t;
    }
    cell[c] = ((c === 0 ? 1 : 2) / NODES) * (sum + compensation);
  }
}

export class ChebyshevTable {
  private readonly cells: (Float64Array | undefined)[] = [];
  private readonly invWidth: number;

  /**
   * @param start, end  the tabulated range, [start, end)
   * @param width       the width of a cell
   * @param reference   the function as (hi + lo)·2^exponent
   * @param scaled      x·2^e as a double with one rounding, for e outside the normal range
   */
  constructor(
    readonly start: number,
    readonly end: number,
    readonly width: number,
    private readonly reference: (z: number) => ScaledValue,
    private readonly scaled: (x: number, e: number) => number,
  ) {
    this.invWidth = 1 / width;
  }

  /** The tabulated function at start ≤ z < end. */
  value(z: number): number {
    const j = Math.floor((z - this.start) * this.invWidth);
    const cell = this.cells[j] ?? this.build(j);
    const mid = this.start + (j + 0.5) * this.width;
    const x = 2 * (z - mid) * this.invWidth; // in [−1, 1]
    const twoX = 2 * x;
    let b1 = 0, b2 = 0;
    for (let c = NODES - 1; c >= 1; c--) {
      const b0 = twoX * b1 - b2 + cell[c];
      b2 = b1;
      b1 = b0;
    }
    const y = x * b1 - b2 + cell[0];
    const scale = cell[SCALE];
    return scale !== 0 ? y * scale : this.scaled(y, cell[EXPONENT]);
  }

  private build(j: number): Float64Array {
    const cell = new Float64Array(CELL);
    const mid = this.start + (j + 0.5) * this.width;
    const half = 0.5 * this.width;
    // The nodes mid + half·x_k are rounded to doubles, by up to ½ulp(z): far from negligible
    // where ulp(z) is large (1e-12 at z = 5000) next to the function's scale of change (1).
    // Each value is taken at the rounded node, then moved to the true Chebyshev node by one
    // Taylor step, f(z_k + δ_k) ≈ f(z_k) + f′(z_k)·δ_k, with f′ from a first interpolant.
    const values: ScaledValue[] = [];
    const offsets = new Float64Array(NODES);
    let e = -Infinity;
    for (let k = 0; k < NODES; k++) {
      const step = half * NODE_X[k];
      const z = mid + step;
      offsets[k] = (mid - z) + step; // exact: mid + step − z (Sterbenz; |step| ≤ mid)
      const v = this.reference(z);
      values.push(v);
      if (v.hi !== 0) e = Math.max(e, v.exponent);
    }
    if (e === -Infinity) e = 0;
    const f = new Float64Array(NODES);
    for (let k = 0; k < NODES; k++) {
      const shift = values[k].exponent - e; // ≤ 0; values below 2⁻¹⁰⁷⁰ of the largest do not matter
      f[k] = shift < -1070 ? 0 : (values[k].hi + values[k].lo) * 2 ** shift;
    }
    transform(f, cell);
    // derivative coefficients d_j of p′(x) = Σ d_j T_j(x) (c′_{j−1} = c′_{j+1} + 2j·c_j), then f′ = p′/half
    const d = new Float64Array(NODES + 1);
    for (let c = NODES - 1; c >= 1; c--) d[c - 1] = d[c + 1] + 2 * c * cell[c];
    for (let k = 0; k < NODES; k++) {
      const x = NODE_X[k];
      let b1 = 0, b2 = 0;
      for (let c = NODES - 2; c >= 1; c--) {
        const b0 = 2 * x * b1 - b2 + d[c];
        b2 = b1;
        b1 = b0;
      }
      const slope = (x * b1 - b2 + 0.5 * d[0]) / half;
      f[k] += slope * offsets[k];
    }
    transform(f, cell);
    cell[SCALE] = e >= -1022 && e <= 1023 ? 2 ** e : 0;
    cell[EXPONENT] = e;
    this.cells[j] = cell;
    return cell;
  }
}
