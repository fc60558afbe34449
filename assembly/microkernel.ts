// The register-blocked GEMM micro-kernel: C[MR×NR] += Ã·B̃ over kc steps, where Ã is an MR-row
// micro-panel of packed A (MR values per k step) and B̃ an NR-column micro-panel of packed B
// (NR values per k step); see pack.ts for the layouts.
//
// Method: the BLIS micro-kernel (Van Zee & van de Geijn, "BLIS: A Framework for Rapidly
// Instantiating BLAS Functionality", ACM TOMS 41(3), 2015; Goto & van de Geijn, "Anatomy of
// High-Performance Matrix Multiplication", ACM TOMS 34(3), 2008). The MR×NR block of C lives in
// vector registers for the whole k loop; each k step loads NR/2 f64x2 vectors of B̃, broadcasts
// each of the MR values of Ã (v128.load64_splat, one movddup on x86) and does MR·NR/2 multiply-adds.
//
// Register budget: x86-64 has 16 xmm registers and V8 keeps one (xmm15) as scratch, so 15 are
// usable. MR = 6, NR = 4 keeps 12 accumulators + 2 B̃ vectors + 1 broadcast = 15 live values with
// a fused multiply-add; the SIMD128 build's separate multiply needs one temporary more, which V8
// covers with its scratch register. 6×4 does 12 multiply-adds per 8 loads (4×4: 8 per 6).

import { madd } from './fma';

/** Rows of the C block held in registers. */
export const MR: i32 = 6;
/** Columns of the C block held in registers (two f64x2 vectors). */
export const NR: i32 = 4;

/**
 * C[0:MR, 0:NR] += Σ_l Ã[:, l] B̃[l, :] where C is row-major with a row stride of `ldcBytes`.
 * `pa` and `pb` point at packed micro-panels; kc ≥ 0.
 */
export function microkernel(kc: i32, pa: usize, pb: usize, c: usize, ldcBytes: usize): void {
  let c00 = f64x2.splat(0.0), c01 = f64x2.splat(0.0);
  let c10 = f64x2.splat(0.0), c11 = f64x2.splat(0.0);
  let c20 = f64x2.splat(0.0), c21 = f64x2.splat(0.0);
  let c30 = f64x2.splat(0.0), c31 = f64x2.splat(0.0);
  let c40 = f64x2.splat(0.0), c41 = f64x2.splat(0.0);
  let c50 = f64x2.splat(0.0), c51 = f64x2.splat(0.0);
  for (let l = 0; l < kc; l++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load64_splat(pa);
    c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
    a = v128.load64_splat(pa, 8);
    c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
    a = v128.load64_splat(pa, 16);
    c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
    a = v128.load64_splat(pa, 24);
    c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
    a = v128.load64_splat(pa, 32);
    c40 = madd(a, b0, c40); c41 = madd(a, b1, c41);
    a = v128.load64_splat(pa, 40);
    c50 = madd(a, b0, c50); c51 = madd(a, b1, c51);
    pa += 48;
    pb += 32;
  }
  v128.store(c, f64x2.add(v128.load(c), c00));
  v128.store(c, f64x2.add(v128.load(c, 16), c01), 16);
  c += ldcBytes;
  v128.store(c, f64x2.add(v128.load(c), c10));
  v128.store(c, f64x2.add(v128.load(c, 16), c11), 16);
  c += ldcBytes;
  v128.store(c, f64x2.add(v128.load(c), c20));
  v128.store(c, f64x2.add(v128.load(c, 16), c21), 16);
  c += ldcBytes;
  v128.store(c, f64x2.add(v128.load(c), c30));
  v128.store(c, f64x2.add(v128.load(c, 16), c31), 16);
  c += ldcBytes;
  v128.store(c, f64x2.add(v128.load(c), c40));
  v128.store(c, f64x2.add(v128.load(c, 16), c41), 16);
  c += ldcBytes;
  v128.store(c, f64x2.add(v128.load(c), c50));
  v128.store(c, f64x2.add(v128.load(c, 16), c51), 16);
}
