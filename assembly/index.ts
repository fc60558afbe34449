// The ABI: the flat list of exports the TypeScript runtime binds (src/runtime/). Kernels take
// sizes, byte pointers into this module's memory, row strides in elements and scalars; they never
// allocate and never validate. Every binary built from this file exports the same names.
// The TypeScript view of this list, src/runtime/abi.generated.ts (KernelExports), is generated
// from it by scripts/build-wasm.mjs, with the doc comment of each exported function: each says
// what the kernel computes, the units of its sizes (elements unless it says bytes), the layout
// of its matrices, and which outputs may share memory with which inputs (none, unless it says).

export { gemm_f64, syrk_f64, gemm_workspace_f64 } from './gemm';
export { first_nonfinite_f64 } from './scan';

/** Byte address of the first byte above the module's static data: the TypeScript arena starts there. */
export function heap_base(): usize {
  return __heap_base;
}

export { sytrd_f64, sytrd_workspace_f64 } from './sytrd';
export { ormtr_f64, ormtr_workspace_f64 } from './ormtr';
export { stedc_f64, stedc_workspace_f64 } from './stedc';
export { steqr_f64 } from './steqr';
export { stebz_f64 } from './stebz';
export { stein_f64, stein_workspace_f64 } from './stein';
export { asymmetry_f64, symmetrize_f64, transpose_f64 } from './symmetric';
export { relu_forward_f64, relu_backward_f64 } from './relu';
export { masked_gram_popcount, expand_patterns_f64, hadamard_f64, arccos_kernels_f64 } from './kernels';
export { momentum_step_f64, nesterov_step_f64, qhm_step_f64, diff_norm2_f64 } from './optim';
export {
  parallel_configure, parallel_set_workspace, worker_loop, worker_failed, parallel_take_error, parallel_quit, parallel_self_test,
  parallel_control_bytes, parallel_message_offset, parallel_max_threads,
} from './parallel';
export { gemm_workspace_max_f64, gemm_block_k } from './gemm';
export { sparse_times_dense_f64, transpose_columns_f64, untranspose_columns_f64 } from './sparse';
