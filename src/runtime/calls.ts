// Kernel calls on operands that already live in Wasm memory (pointers), for the layers above
// linalg/ that chain several kernels without copying in between. Each takes its scratch from
// the arena and gives it back.

import type { Runtime } from './runtime';
import { withBlocks } from './scratch';
import { gemmWorkspaceBytes } from './workspace';

/** C ← α·op(A)·op(B) + β·C on row-major operands in Wasm memory. */
export function gemmPtr(
  rt: Runtime, transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
  aPtr: number, lda: number, bPtr: number, ldb: number, beta: number, cPtr: number, ldc: number,
): void {
  withBlocks(rt.arena, { work: gemmWorkspaceBytes(m, n, k) }, ({ work }) => {
    rt.kernels.gemm_f64(transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, aPtr, lda, bPtr, ldb, beta, cPtr, ldc, work);
  });
}

/** C ← α·A·Aᵀ + β·C (A n × k row-major; C symmetric n × n, exactly) in Wasm memory. */
export function syrkPtr(rt: Runtime, n: number, k: number, alpha: number, aPtr: number, lda: number, beta: number, cPtr: number, ldc: number): void {
  withBlocks(rt.arena, { work: gemmWorkspaceBytes(n, n, k) }, ({ work }) => {
    rt.kernels.syrk_f64(0, n, k, alpha, aPtr, lda, beta, cPtr, ldc, work);
  });
}
