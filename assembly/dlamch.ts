// Machine constants of IEEE 754 binary64 with rounding to nearest, named and valued as LAPACK's
// dlamch returns them (LAPACK 3.x, where dlamch('E') is the unit roundoff, half the spacing of
// the numbers just above 1). Each solver uses the one its LAPACK routine uses: a bare "eps" would
// mean 2⁻⁵³ in some routines and 2⁻⁵² in others.

/** dlamch('E'), "eps": the relative machine precision 2⁻⁵³, the largest relative rounding error. */
export const EPSILON: f64 = 1.1102230246251565e-16;

/** dlamch('P'), "precision" = eps·base: 2⁻⁵², the spacing of the numbers in [1, 2) (one ulp of 1). */
export const PRECISION: f64 = 2.220446049250313e-16;

/** dlamch('S'), "safe minimum": 2⁻¹⁰²², the smallest normal number, whose reciprocal does not overflow. */
export const SAFE_MIN: f64 = 2.2250738585072014e-308;
