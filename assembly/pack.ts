// Packing of GEMM operands into the contiguous micro-panels the micro-kernel streams through
// (Goto & van de Geijn 2008, §4; BLIS "packm"). Packing turns any layout of A and B (row-major,
// transposed, any leading dimension) into one layout, so the micro-kernel has a single form,
// reads memory strictly sequentially, and never touches a partial tile: rows and columns past
// the edge of the matrix are packed as zeros.
//
//   Ã (from op(A), mc × kc): ⌈mc/MR⌉ micro-panels; panel p holds, for l = 0..kc-1, the MR values
//     op(A)[p·MR + i, l], i = 0..MR-1, each multiplied by alpha (so the kernel never scales).
//   B̃ (from op(B), kc × nc): ⌈nc/NR⌉ micro-panels; panel q holds, for l = 0..kc-1, the NR values
//     op(B)[l, q·NR + j], j = 0..NR-1.
//
// Element addressing (row-major storage, byte pointers, strides in elements):
//   op(A)[i, l] = transA ? a[l·lda + i] : a[i·lda + l]
//   op(B)[l, j] = transB ? b[j·ldb + l] : b[l·ldb + j]

import { rowMajor } from './elements';
import { MR, NR } from './microkernel';

/** Packs the mc × kc block of op(A) whose top-left element is at `a`, scaled by alpha. */
export function packA(transA: bool, mc: i32, kc: i32, a: usize, lda: i32, alpha: f64, dst: usize): void {
  const va = f64x2.splat(alpha);
  const rowStride = <usize>lda << 3;
  for (let i0 = 0; i0 < mc; i0 += MR) {
    const mr = min(MR, mc - i0);
    if (transA && mr == MR) {
      // op(A) rows are columns of A: each k step is MR contiguous values of one row of A.
      let src = a + (<usize>i0 << 3);
      for (let l = 0; l < kc; l++) {
        v128.store(dst, f64x2.mul(v128.load(src), va));
        v128.store(dst, f64x2.mul(v128.load(src, 16), va), 16);
        v128.store(dst, f64x2.mul(v128.load(src, 32), va), 32);
        src += rowStride;
        dst += <usize>MR << 3;
      }
    } else if (!transA && mr == MR) {
      // MR rows of A read side by side, each sequentially.
      const r0 = a + <usize>i0 * rowStride;
      const r1 = r0 + rowStride, r2 = r1 + rowStride, r3 = r2 + rowStride;
      const r4 = r3 + rowStride, r5 = r4 + rowStride;
      for (let l = 0; l < kc; l++) {
        const off = <usize>l << 3;
        store<f64>(dst, alpha * load<f64>(r0 + off));
        store<f64>(dst, alpha * load<f64>(r1 + off), 8);
        store<f64>(dst, alpha * load<f64>(r2 + off), 16);
        store<f64>(dst, alpha * load<f64>(r3 + off), 24);
        store<f64>(dst, alpha * load<f64>(r4 + off), 32);
        store<f64>(dst, alpha * load<f64>(r5 + off), 40);
        dst += <usize>MR << 3;
      }
    } else {
      // The last, partial panel: zero-pad rows mr..MR-1.
      for (let l = 0; l < kc; l++) {
        for (let i = 0; i < MR; i++) {
          let v = 0.0;
          if (i < mr) {
            const row = i0 + i;
            v = alpha * load<f64>(transA ? rowMajor(a, l, row, lda) : rowMajor(a, row, l, lda));
          }
          store<f64>(dst + (<usize>i << 3), v);
        }
        dst += <usize>MR << 3;
      }
    }
  }
}

/** Packs the kc × nc block of op(B) whose top-left element is at `b`. */
export function packB(transB: bool, kc: i32, nc: i32, b: usize, ldb: i32, dst: usize): void {
  const rowStride = <usize>ldb << 3;
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const nr = min(NR, nc - j0);
    if (!transB && nr == NR) {
      // Each k step is NR contiguous values of one row of B.
      let src = b + (<usize>j0 << 3);
      for (let l = 0; l < kc; l++) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        src += rowStride;
        dst += <usize>NR << 3;
      }
    } else if (transB && nr == NR) {
      // op(B) columns are rows of B: NR rows read side by side.
      const r0 = b + <usize>j0 * rowStride;
      const r1 = r0 + rowStride, r2 = r1 + rowStride, r3 = r2 + rowStride;
      for (let l = 0; l < kc; l++) {
        const off = <usize>l << 3;
        store<f64>(dst, load<f64>(r0 + off));
        store<f64>(dst, load<f64>(r1 + off), 8);
        store<f64>(dst, load<f64>(r2 + off), 16);
        store<f64>(dst, load<f64>(r3 + off), 24);
        dst += <usize>NR << 3;
      }
    } else {
      for (let l = 0; l < kc; l++) {
        for (let j = 0; j < NR; j++) {
          let v = 0.0;
          if (j < nr) {
            const col = j0 + j;
            v = load<f64>(transB ? rowMajor(b, col, l, ldb) : rowMajor(b, l, col, ldb));
          }
          store<f64>(dst + (<usize>j << 3), v);
        }
        dst += <usize>NR << 3;
      }
    }
  }
}
