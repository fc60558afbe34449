// Scans used by input validation on the TypeScript side, run here because they touch every entry.

import { at } from './elements';

/**
 * Index of the first NaN or ±Infinity among the `length` f64 values at `ptr`, or −1 if all are finite.
 *
 * x − x is 0 for finite x and NaN otherwise, so a vector of differences that is not equal to
 * itself flags a non-finite lane (two lanes per test). Reads only.
 */
export function first_nonfinite_f64(ptr: usize, length: i32): i32 {
  let i = 0;
  for (; i + 2 <= length; i += 2) {
    const v = v128.load(ptr + (<usize>i << 3));
    const d = f64x2.sub(v, v);
    if (v128.any_true(f64x2.ne(d, d))) {
      const x = at(ptr, i);
      return x - x == 0.0 ? i + 1 : i;
    }
  }
  for (; i < length; i++) {
    const x = at(ptr, i);
    if (x - x != 0.0) return i;
  }
  return -1;
}
