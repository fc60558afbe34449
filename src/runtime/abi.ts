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
  asymmetry_f64(n: number, aPtr: number, outPtr: number): void;
  symmetrize_f64(n: number, aPtr: number, scale: number): void;
  transpose_f64(rows: number, cols: number, aPtr: number, bPtr: number): void;
  sytrd_workspace_f64(n: number): number;
  sytrd_f64(n: number, aPtr: number, lda: number, dPtr: number, ePtr: number, tauPtr: number, workPtr: number): void;
  steqr_f64(n: number, dPtr: number, ePtr: number, zPtr: number, ldz: number): number;
  stedc_workspace_f64(n: number): number;
  stedc_f64(n: number, dPtr: number, ePtr: number, qPtr: number, ldq: number, workPtr: number): number;
  stebz_f64(n: number, dPtr: number, ePtr: number, il: number, iu: number, wPtr: number, workPtr: number): void;
  stein_workspace_f64(n: number): number;
  stein_f64(n: number, dPtr: number, ePtr: number, k: number, wPtr: number, zPtr: number, ldz: number, workPtr: number): void;
  ormtr_workspace_f64(n: number, k: number): number;
  ormtr_f64(n: number, aPtr: number, lda: number, tauPtr: number, zPtr: number, ldz: number, k: number, workPtr: number): void;
  relu_forward_f64(n: number, m: number, zPtr: number, ldz: number, bPtr: number, aPtr: number, s: number, uPtr: number, patternsPtr: number, words: number): void;
  relu_backward_f64(n: number, m: number, zPtr: number, ldz: number, patternsPtr: number, words: number, aPtr: number, s: number, residPtr: number, gradAPtr: number, gradBPtr: number): void;
  masked_gram_popcount(nx: number, ny: number, sxPtr: number, syPtr: number, words: number, cPtr: number, ldc: number, symmetric: number): void;
  expand_patterns_f64(n: number, m: number, patternsPtr: number, words: number, weightPtr: number, outPtr: number): void;
  hadamard_f64(length: number, alpha: number, aPtr: number, bPtr: number, shift: number, beta: number, outPtr: number): void;
  momentum_step_f64(len: number, thetaPtr: number, gradPtr: number, p1Ptr: number, p2Ptr: number, lr: number, beta1: number, beta2: number): void;
  nesterov_step_f64(len: number, yPtr: number, gradPtr: number, xPtr: number, lr: number, beta: number): void;
  qhm_step_f64(len: number, thetaPtr: number, gradPtr: number, bufPtr: number, lr: number, beta: number, nu: number): void;
  diff_norm2_f64(len: number, aPtr: number, bPtr: number): number;
  arccos_kernels_f64(nx: number, ny: number, d: number, xPtr: number, yPtr: number, gPtr: number, ldg: number, normXPtr: number, normYPtr: number, hPtr: number, kPtr: number): void;
}

/** Names every build must export; checked once at instantiation. */
export const KERNEL_EXPORT_NAMES: readonly (keyof KernelExports)[] = [
  'memory', 'heap_base', 'gemm_workspace_f64', 'gemm_f64', 'syrk_f64', 'first_nonfinite_f64',
  'asymmetry_f64', 'symmetrize_f64', 'transpose_f64', 'sytrd_workspace_f64', 'sytrd_f64', 'steqr_f64',
  'stedc_workspace_f64', 'stedc_f64', 'stebz_f64', 'stein_workspace_f64', 'stein_f64',
  'ormtr_workspace_f64', 'ormtr_f64', 'relu_forward_f64', 'relu_backward_f64', 'masked_gram_popcount',
  'expand_patterns_f64', 'hadamard_f64', 'arccos_kernels_f64', 'momentum_step_f64', 'nesterov_step_f64',
  'qhm_step_f64', 'diff_norm2_f64',
];
