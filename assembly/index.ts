// The ABI: the flat list of exports the TypeScript runtime binds (src/runtime/). Kernels take
// sizes, byte pointers into this module's memory, row strides in elements and scalars; they never
// allocate and never validate. Every binary built from this file exports the same names.

export { gemm_f64, syrk_f64, gemm_workspace_f64 } from './gemm';
export { first_nonfinite_f64 } from './scan';

/** First byte above the module's static data: the TypeScript arena starts here. */
export function heap_base(): usize {
  return __heap_base;
}
