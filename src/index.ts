// ntk-dynamics: the public API. Everything a user imports comes from here.

export { ready, runtimeInfo } from './runtime/runtime';
export type { Backend, ReadyOptions, RuntimeInfo } from './runtime/runtime';
export { Matrix } from './linalg/matrix';
export { matmul } from './linalg/matmul';
export type { MatmulOptions } from './linalg/matmul';
export { gram } from './linalg/gram';
export type { GramOptions } from './linalg/gram';
export { eigh, eigvalsh, SYMMETRY_TOLERANCE } from './linalg/eigh';
export type { EighOptions, EighResult } from './linalg/eigh';
