// Addressing elements in linear memory: f64 values and the u64 words of bit patterns (8 bytes),
// and the i32 indices of permutations (4 bytes). Kernels take byte pointers and count in elements;
// these turn element indices into byte addresses. They are @inline, so each use compiles to the
// shift and multiply-add it stands for, with no call left.

/** x[i] of the f64 vector at x. */
// @ts-ignore: decorator
@inline export function at(x: usize, i: i32): f64 {
  return load<f64>(x + (<usize>i << 3));
}

/** x[i] ← v for the f64 vector at x. */
// @ts-ignore: decorator
@inline export function put(x: usize, i: i32, v: f64): void {
  store<f64>(x + (<usize>i << 3), v);
}

/** x[i] of the i32 vector at x. */
// @ts-ignore: decorator
@inline export function atI32(x: usize, i: i32): i32 {
  return load<i32>(x + (<usize>i << 2));
}

/** x[i] ← v for the i32 vector at x. */
// @ts-ignore: decorator
@inline export function putI32(x: usize, i: i32, v: i32): void {
  store<i32>(x + (<usize>i << 2), v);
}

/**
 * Byte address of A(i, j) of the column-major matrix at a with leading dimension ld: element
 * i + j·ld, LAPACK's layout (column j contiguous).
 */
// @ts-ignore: decorator
@inline export function colMajor(a: usize, i: i32, j: i32, ld: i32): usize {
  return a + ((<usize>j * ld + i) << 3);
}

/**
 * Byte address of A(i, j) of the row-major matrix at a with row stride ld: element i·ld + j
 * (row i contiguous), which is A(j, i) of the same bytes read column-major.
 */
// @ts-ignore: decorator
@inline export function rowMajor(a: usize, i: i32, j: i32, ld: i32): usize {
  return colMajor(a, j, i, ld);
}
