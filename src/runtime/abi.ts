// The TypeScript view of assembly/index.ts: what every Wasm build exports. Pointers are byte
// offsets into `memory`; strides are in elements.

export interface KernelExports {
  readonly memory: WebAssembly.Memory;
  heap_base(): number;
  gemm_workspace_f64(m: number, n: number, k: number): number;
  gemm_f64(
    transA: number, transB: number, m: number, n: number, k: number, alpha: number,
    aPtr: number, lda: number, bPtr: number, ldb: number, beta: number, cPtr: number, ldc: number,
    workPtr: number,
  ): void;
  syrk_f64(
    trans: number, n: number, k: number, alpha: number, aPtr: number, lda: number,
    beta: number, cPtr: number, ldc: number, workPtr: number,
  ): void;
  first_nonfinite_f64(ptr: number, length: number): number;
}

/** Names every build must export; checked once at instantiation. */
export const KERNEL_EXPORT_NAMES: readonly (keyof KernelExports)[] = [
  'memory', 'heap_base', 'gemm_workspace_f64', 'gemm_f64', 'syrk_f64', 'first_nonfinite_f64',
];
