// The one place where the two builds differ.
//
// `asc --enable relaxed-simd` sets ASC_FEATURE_RELAXED_SIMD, and madd() becomes
// f64x2.relaxed_madd: a fused multiply-add on engines and CPUs that have one (one rounding
// instead of two, and one instruction instead of two). The SIMD128 build computes the same
// a·b + c with a separate multiply and add, which rounds identically on every engine, so its
// results are bit-for-bit the same in Node and in browsers.

/** a·b + c, lane-wise on f64x2 (fused in the relaxed build). */
// @ts-ignore: decorator
@inline
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return f64x2.relaxed_madd(a, b, c);
  } else {
    return f64x2.add(f64x2.mul(a, b), c);
  }
}
