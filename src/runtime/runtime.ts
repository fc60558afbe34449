// Instantiation of the Wasm kernels, the choice of backend, and the thread pool.
//
// Four binaries are embedded: SIMD128 and relaxed-SIMD (fused multiply-add), each built to import
// a plain memory and to import a shared one. `ready()` compiles the chosen build asynchronously
// (browsers refuse large synchronous compiles on the main thread), once, and makes it the active
// runtime that matmul, gram and the rest call into. With threads (the default where this thread
// may block and shared memory exists), the runtime uses the shared build and a pool of workers
// (pool.ts) that the kernels split their work over; results are bit-identical for every thread
// count (see assembly/parallel.ts).

import { NotReadyError } from '../errors';
import { Arena } from './arena';
import { KERNEL_EXPORTS, KERNEL_EXPORT_NAMES, type KernelExports } from './abi';
import { WASM_MAX_PAGES } from './limits';
import { availableParallelism, threadsUnavailable } from './platform';
import { WorkerPool } from './pool';
import {
  RELAXED_SHARED_WASM_BASE64, RELAXED_WASM_BASE64, SIMD_SHARED_WASM_BASE64, SIMD_WASM_BASE64,
} from './wasm-bytes.generated';

/** A build of the kernels: 'simd' (WebAssembly SIMD128) or 'relaxed' (relaxed SIMD, with fused multiply-add). */
export type Backend = 'simd' | 'relaxed';

/** Options of {@link ready}; unknown keys are a TypeError. */
export interface ReadyOptions {
  /** 'auto' (default) picks 'relaxed' when the engine validates it, else 'simd'. */
  backend?: 'auto' | Backend;
  /**
   * Threads the kernels split their work over: a count from 1 to 64, or 'auto' (default): every
   * core this process may use. Where threads are not possible (a browser's main thread, a page
   * that is not cross-origin isolated) the kernels run on one thread and runtimeInfo() says why.
   */
  threads?: number | 'auto';
}

/** The state of the WebAssembly runtime, from {@link ready} and {@link runtimeInfo}. */
export interface RuntimeInfo {
  /** The backend now in use. */
  backend: Backend;
  /** Whether this engine accepts relaxed SIMD (Node 20 needs --experimental-wasm-relaxed-simd). */
  relaxedSimdSupported: boolean;
  /** Threads the kernels split their work over (1: no pool). */
  threads: number;
  /** Why there are fewer threads than were asked for, when there are. */
  threadsNote?: string;
  /** Bytes of Wasm linear memory now held by the active backend (it grows, never shrinks). */
  memoryBytes: number;
  /** Bytes of that memory in use now (networks' weights, and the scratch of running calls). */
  liveBytes: number;
  /** Objects that hold memory of the active backend and have not been disposed (networks). */
  liveObjects: number;
}

/** An instantiated build: its exports, the arena over its memory, and its pool when it has one. */
export interface Runtime {
  readonly backend: Backend;
  /** Whether the memory is shared (the build a pool can run on). */
  readonly shared: boolean;
  readonly kernels: KernelExports;
  readonly arena: Arena;
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  /** Objects holding blocks of this runtime's memory (networks), maintained by ResidentArray's owners. */
  liveObjects: number;
  pool?: WorkerPool;
  threadsNote?: string;
}

type Build = `${Backend}${'' | '-shared'}`;

const base64: Record<Build, string> = {
  simd: SIMD_WASM_BASE64, relaxed: RELAXED_WASM_BASE64, 'simd-shared': SIMD_SHARED_WASM_BASE64, 'relaxed-shared': RELAXED_SHARED_WASM_BASE64,
};
const decoded: Partial<Record<Build, Uint8Array<ArrayBuffer>>> = {};
const instances: Partial<Record<Build, Promise<Runtime>>> = {};
let active: Runtime | undefined;
/** Counts ready() calls, so that of several pending ones the last made wins. */
let readyCalls = 0;

function wasmBytes(build: Build): Uint8Array<ArrayBuffer> {
  return (decoded[build] ??= decodeBase64(base64[build]));
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

async function instantiate(backend: Backend, shared: boolean): Promise<Runtime> {
  const build: Build = shared ? `${backend}-shared` : backend;
  const module = await WebAssembly.compile(wasmBytes(build));
  const memory = new WebAssembly.Memory({ initial: 1, maximum: WASM_MAX_PAGES, shared });
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  // The embedded bytes and the generated ABI come from the same build; this catches a mismatch.
  for (const name of KERNEL_EXPORT_NAMES) {
    const shape = KERNEL_EXPORTS[name];
    const value: unknown = instance.exports[name];
    const fits = shape.kind === 'memory'
      ? value instanceof WebAssembly.Memory
      : typeof value === 'function' && value.length === shape.parameters;
    if (!fits) {
      const declared = shape.kind === 'memory' ? 'a memory' : `a function of ${shape.parameters} parameters`;
      throw new Error(`ntk-dynamics: the ${build} build does not export ${name} as ${declared}`);
    }
  }
  const kernels = instance.exports as unknown as KernelExports;
  return { backend, shared, kernels, arena: new Arena(memory, kernels.heap_base()), module, memory, liveObjects: 0 };
}

/** The number of threads asked for, checked: 'auto' (the default) or an integer from 1 to 64. */
function requireThreads(value: unknown): number | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 64) {
    throw new TypeError(`ready: threads must be 'auto' or an integer from 1 to 64 (got ${typeof value === 'string' ? `'${value}'` : String(value)})`);
  }
  return value;
}

/**
 * Gives `rt` a pool of `threads` threads (stopping one of another size), or none for 1. The kernels
 * of a runtime with a pool check, after each call, that no worker's part failed.
 */
async function setThreads(rt: Runtime, threads: number): Promise<void> {
  if ((rt.pool?.threads ?? 1) === threads) return;
  rt.pool?.stop();
  rt.pool = undefined;
  if (threads > 1) rt.pool = await WorkerPool.start(rt.module, rt.memory, rawKernels(rt), rt.arena, threads);
  bindKernels(rt);
}

const raw = new WeakMap<Runtime, KernelExports>();

function rawKernels(rt: Runtime): KernelExports {
  return raw.get(rt) ?? rt.kernels;
}

/** rt.kernels: the module's exports, each followed by the pool's failure check when there is a pool. */
function bindKernels(rt: Runtime): void {
  const exports = rawKernels(rt);
  raw.set(rt, exports);
  const pool = rt.pool;
  if (!pool) {
    (rt as { kernels: KernelExports }).kernels = exports;
    return;
  }
  const checked: Record<string, unknown> = {};
  for (const name of KERNEL_EXPORT_NAMES) {
    const value = exports[name] as unknown;
    if (typeof value !== 'function') {
      checked[name] = value;
      continue;
    }
    const f = value as (...args: number[]) => number;
    checked[name] = (...args: number[]) => {
      const result = f(...args);
      pool.checkFailure(name);
      return result;
    };
  }
  (rt as { kernels: KernelExports }).kernels = checked as unknown as KernelExports;
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
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) throw new TypeError('ready: options must be an object');
  for (const key of Object.keys(opts)) {
    if (key !== 'backend' && key !== 'threads') throw new TypeError(`ready: unknown option '${key}' (known: backend, threads)`);
  }
  const backend = chooseBackend(opts.backend);
  const asked = requireThreads(opts.threads);
  const call = ++readyCalls;
  const wanted = asked === 'auto' ? await availableParallelism() : asked;
  const unavailable = wanted > 1 ? threadsUnavailable() : undefined;
  const threads = unavailable ? 1 : Math.min(wanted, 64);
  // One thread runs on the shared build too when this backend already has one (its networks stay
  // usable); otherwise on the plain build, which works wherever shared memory does not.
  const shared = threads > 1 || (threads === 1 && instances[`${backend}-shared`] !== undefined && !unavailable);
  const build: Build = shared ? `${backend}-shared` : backend;
  const pending = (instances[build] ??= instantiate(backend, shared));
  let instance: Runtime;
  try {
    instance = await pending;
  } catch (error) {
    if (instances[build] === pending) delete instances[build];
    throw error;
  }
  // Compiles finish in any order: only the most recent call chooses the backend (and the threads),
  // and every call reports what is active when it resolves.
  if (call === readyCalls) {
    let note = unavailable ? `1 thread instead of ${wanted}: ${unavailable}` : undefined;
    if (instance.shared) {
      try {
        await setThreads(instance, threads);
      } catch (error) {
        // Workers that cannot start (a sandbox without worker support, say) leave one thread.
        await setThreads(instance, 1);
        note = `1 thread instead of ${threads}: the worker threads could not start (${error instanceof Error ? error.message : String(error)})`;
      }
    }
    instance.threadsNote = note;
    if (call === readyCalls) active = instance;
  }
  return runtimeInfo();
}

/**
 * Ends the active runtime's worker threads, if it has any: kernels run on one thread until the
 * next ready({ threads }). Networks and results stay valid. Node processes exit without it (the
 * workers never keep one alive); it frees the threads and their memory sooner.
 */
export function shutdown(): void {
  if (active?.pool) void setThreads(active, 1);
}

/** What `ready()` loaded, and how much of its memory is in use; throws NotReadyError before `ready()` resolves. */
export function runtimeInfo(): RuntimeInfo {
  const rt = runtime();
  const info: RuntimeInfo = {
    backend: rt.backend, relaxedSimdSupported: supportsBackend('relaxed'), threads: rt.pool?.threads ?? 1,
    memoryBytes: rt.arena.memoryBytes, liveBytes: rt.arena.liveBytes, liveObjects: rt.liveObjects,
  };
  if (rt.threadsNote) info.threadsNote = rt.threadsNote;
  return info;
}

/** The active runtime, for the linalg layer; throws NotReadyError before `ready()` resolves. */
export function runtime(): Runtime {
  if (active === undefined) throw new NotReadyError();
  return active;
}
