// Instantiation of the Wasm kernels and the choice of backend.
//
// Two binaries are embedded: SIMD128 and relaxed-SIMD (fused multiply-add). `ready()` compiles the
// chosen one asynchronously (browsers refuse large synchronous compiles on the main thread),
// once per backend, and makes it the active runtime that matmul, gram and the rest call into.

import { NotReadyError } from '../errors';
import { Arena } from './arena';
import { KERNEL_EXPORT_NAMES, type KernelExports } from './abi';
import { RELAXED_WASM_BASE64, SIMD_WASM_BASE64 } from './wasm-bytes.generated';

/** A build of the kernels: 'simd' (WebAssembly SIMD128) or 'relaxed' (relaxed SIMD, with fused multiply-add). */
export type Backend = 'simd' | 'relaxed';

/** Options of {@link ready}; unknown keys are a TypeError. */
export interface ReadyOptions {
  /** 'auto' (default) picks 'relaxed' when the engine validates it, else 'simd'. */
  backend?: 'auto' | Backend;
}

/** The state of the WebAssembly runtime, from {@link ready} and {@link runtimeInfo}. */
export interface RuntimeInfo {
  /** The backend now in use. */
  backend: Backend;
  /** Whether this engine accepts relaxed SIMD (Node 20 needs --experimental-wasm-relaxed-simd). */
  relaxedSimdSupported: boolean;
  /** Bytes of Wasm linear memory now held by the active backend (it grows, never shrinks). */
  memoryBytes: number;
  /** Bytes of that memory in use now (networks' weights, and the scratch of running calls). */
  liveBytes: number;
  /** Objects that hold memory of the active backend and have not been disposed (networks). */
  liveObjects: number;
}

/** An instantiated backend: its exports and the arena over its memory. */
export interface Runtime {
  readonly backend: Backend;
  readonly kernels: KernelExports;
  readonly arena: Arena;
  /** Objects holding blocks of this runtime's memory (networks), maintained by ResidentArray's owners. */
  liveObjects: number;
}

const base64 = { simd: SIMD_WASM_BASE64, relaxed: RELAXED_WASM_BASE64 } as const;
const decoded: Partial<Record<Backend, Uint8Array<ArrayBuffer>>> = {};
const instances: Partial<Record<Backend, Promise<Runtime>>> = {};
let active: Runtime | undefined;
/** Counts ready() calls, so that of several pending ones the last made wins. */
let readyCalls = 0;

function wasmBytes(backend: Backend): Uint8Array<ArrayBuffer> {
  return (decoded[backend] ??= decodeBase64(base64[backend]));
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Whether this engine can run the given build (validation only, nothing is compiled). */
export function supportsBackend(backend: Backend): boolean {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.validate !== 'function') return false;
  return WebAssembly.validate(wasmBytes(backend));
}

function chooseBackend(requested: ReadyOptions['backend']): Backend {
  if (requested !== undefined && requested !== 'auto' && requested !== 'simd' && requested !== 'relaxed') {
    throw new TypeError(`ready: backend must be 'auto', 'simd' or 'relaxed' (got ${String(requested)})`);
  }
  if (typeof WebAssembly !== 'object') {
    throw new Error('ntk-dynamics needs WebAssembly, and this JavaScript engine has none');
  }
  if (!supportsBackend('simd')) {
    throw new Error(
      'ntk-dynamics needs WebAssembly SIMD (fixed-width 128-bit SIMD), which this engine does not ' +
        'support: use Node ≥ 20 or a current Chrome, Edge, Firefox or Safari (16.4+)',
    );
  }
  const relaxed = supportsBackend('relaxed');
  if (requested === 'relaxed' && !relaxed) {
    throw new Error(
      "ready: backend 'relaxed' was requested but this engine does not accept WebAssembly relaxed " +
        "SIMD (in Node 20, run node with --experimental-wasm-relaxed-simd), or use backend 'simd'",
    );
  }
  if (requested === 'simd' || requested === 'relaxed') return requested;
  return relaxed ? 'relaxed' : 'simd';
}

async function instantiate(backend: Backend): Promise<Runtime> {
  const module = await WebAssembly.compile(wasmBytes(backend));
  const instance = await WebAssembly.instantiate(module, {});
  const kernels = instance.exports as unknown as KernelExports;
  for (const name of KERNEL_EXPORT_NAMES) {
    if (!(name in kernels)) throw new Error(`ntk-dynamics: the ${backend} build lacks the export ${name}`);
  }
  return { backend, kernels, arena: new Arena(kernels.memory, kernels.heap_base()), liveObjects: 0 };
}

/**
 * Loads the WebAssembly kernels; await it once before calling anything else.
 *
 * Picks the relaxed-SIMD build when the engine validates it, else the SIMD128 build, unless
 * `backend` forces one. Each backend is compiled once; calling `ready` again with another backend
 * switches to it (already-computed results are plain JS objects and stay valid).
 *
 * @example
 *   const info = await ready();          // { backend: 'relaxed' | 'simd', ... }
 */
export async function ready(opts: ReadyOptions = {}): Promise<RuntimeInfo> {
  if (opts === null || typeof opts !== 'object') throw new TypeError('ready: options must be an object');
  for (const key of Object.keys(opts)) {
    if (key !== 'backend') throw new TypeError(`ready: unknown option '${key}' (known: backend)`);
  }
  const backend = chooseBackend(opts.backend);
  const call = ++readyCalls;
  const pending = (instances[backend] ??= instantiate(backend));
  let instance: Runtime;
  try {
    instance = await pending;
  } catch (error) {
    if (instances[backend] === pending) delete instances[backend];
    throw error;
  }
  // Compiles finish in any order: only the most recent call chooses the backend, and every call
  // reports the backend that is active when it resolves.
  if (call === readyCalls) active = instance;
  return runtimeInfo();
}

/** What `ready()` loaded, and how much of its memory is in use; throws NotReadyError before `ready()` resolves. */
export function runtimeInfo(): RuntimeInfo {
  const rt = runtime();
  return {
    backend: rt.backend, relaxedSimdSupported: supportsBackend('relaxed'), memoryBytes: rt.arena.memoryBytes,
    liveBytes: rt.arena.liveBytes, liveObjects: rt.liveObjects,
  };
}

/** The active runtime, for the linalg layer; throws NotReadyError before `ready()` resolves. */
export function runtime(): Runtime {
  if (active === undefined) throw new NotReadyError();
  return active;
}
