// The TypeScript view of assembly/index.ts: what every Wasm build exports. Pointers are byte
// offsets into `memory`; sizes and strides count elements unless a kernel's doc says bytes.
//
// KernelExports and KERNEL_EXPORTS are generated (src/runtime/abi.generated.ts, written by
// scripts/build-wasm.mjs from asc's declarations of the module's exports), so the compiler holds
// every call into the kernels to the signatures the module really has: an export removed or
// renamed in assembly/ makes its callers fail the type check, one whose parameters change makes
// the calls with the old parameters fail, and the runtime checks the instance against the same
// list.

import { KERNEL_EXPORTS, type KernelExports } from './abi.generated';

export { KERNEL_EXPORTS };
export type { KernelExports };

/** The names of every export of a build, memory included: checked once at instantiation. */
export const KERNEL_EXPORT_NAMES = Object.keys(KERNEL_EXPORTS) as readonly (keyof KernelExports)[];
