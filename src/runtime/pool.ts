// The thread pool of a runtime whose module imports a shared memory: count − 1 worker threads, each
// running the same compiled module over that memory (assembly/parallel.ts), the calling thread
// being worker 0. Starting it allocates the control block and a GEMM packing space per worker from
// the arena; stopping it sends the workers the job that ends their loop, ends the threads and gives
// the memory back. Node workers are unref'd, so a process that used the pool exits by itself.

import type { Arena } from './arena';
import type { KernelExports } from './abi';
import { isNode, nodeBuiltin } from './platform';
import { WORKER_SOURCE } from './worker-source';

/** The part of a Worker the pool uses, in Node (worker_threads) and in browsers (Web Workers) alike. */
interface WorkerHandle {
  terminate(): unknown;
  onMessage(listener: (message: WorkerMessage) => void): void;
  onError(listener: (error: unknown) => void): void;
}

type WorkerMessage = { type: 'ready' | 'exit'; id: number } | { type: 'error'; id: number; message: string };

interface NodeWorkerClass {
  new (code: string, options: { eval: true; workerData: unknown }): {
    unref(): void;
    terminate(): Promise<number>;
    on(event: 'message', l: (m: WorkerMessage) => void): void;
    on(event: 'error', l: (e: unknown) => void): void;
  };
}

/** How long starting the workers may take before the pool gives up (each compiles nothing: it gets the compiled module). */
const START_TIMEOUT_MS = 30_000;

export class WorkerPool {
  private constructor(
    readonly threads: number,
    private readonly kernels: KernelExports,
    private readonly arena: Arena,
    private readonly control: number,
    private readonly blocks: number[],
    private readonly workers: WorkerHandle[],
  ) {}

  /**
   * Starts count − 1 workers for the instance whose exports are `kernels` (compiled from `module`,
   * over the shared `memory`), and sets the instance to split its kernels over all count threads.
   */
  static async start(module: WebAssembly.Module, memory: WebAssembly.Memory, kernels: KernelExports, arena: Arena, count: number): Promise<WorkerPool> {
    const controlBytes = kernels.parallel_control_bytes();
    const control = arena.allocPinned(controlBytes + 64);
    const aligned = Math.ceil(control / 64) * 64;
    arena.u8().fill(0, aligned, aligned + controlBytes);
    const blocks = [control];
    const workers: WorkerHandle[] = [];
    try {
      const space = kernels.gemm_workspace_max_f64();
      for (let id = 1; id < count; id++) {
        const block = arena.allocPinned(space);
        blocks.push(block);
        kernels.parallel_set_workspace(aligned, id, block);
      }
      const url = isNode() ? undefined : URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
      try {
        await Promise.all(Array.from({ length: count - 1 }, (_, i) => startWorker({ module, memory, control: aligned, id: i + 1 }, workers, url)));
      } finally {
        if (url) URL.revokeObjectURL(url);
      }
    } catch (error) {
      for (const w of workers) w.terminate();
      for (const b of blocks) arena.release(b);
      throw error;
    }
    kernels.parallel_configure(aligned, count);
    return new WorkerPool(count, kernels, arena, aligned, blocks, workers);
  }

  /** After a kernel call: throws the failure of a worker's part, if there was one (the pool stays usable). */
  checkFailure(kernel: string): void {
    if (this.kernels.parallel_take_error(this.control) === 0) return;
    const at = this.control + this.kernels.parallel_message_offset();
    const bytes = this.arena.u8().slice(at, at + 256);
    const end = bytes.indexOf(0);
    const message = new TextDecoder().decode(bytes.subarray(0, end < 0 ? bytes.length : end));
    throw new Error(`ntk-dynamics: a worker thread failed in ${kernel}: ${message || 'unknown error'}; the result is incomplete and was not used`);
  }

  /** Ends the workers and gives their memory back; the instance runs on one thread again. */
  stop(): void {
    this.kernels.parallel_configure(0, 1);
    this.kernels.parallel_quit(this.control, this.threads);
    for (const w of this.workers) w.terminate();
    for (const b of this.blocks) this.arena.release(b);
  }
}

/** Starts one worker; resolves when its module is instantiated and it is about to wait for jobs. */
async function startWorker(data: WorkerData, workers: WorkerHandle[], url: string | undefined): Promise<void> {
  const worker = await createWorker(data, url);
  workers.push(worker);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ntk-dynamics: worker thread ${data.id} did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    worker.onMessage((m) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        resolve();
      } else if (m.type === 'error') {
        clearTimeout(timer);
        reject(new Error(`ntk-dynamics: worker thread ${data.id} could not start: ${m.message}`));
      }
    });
    worker.onError((error) => {
      clearTimeout(timer);
      reject(new Error(`ntk-dynamics: worker thread ${data.id} failed: ${error instanceof Error ? error.message : String(error)}`));
    });
  });
}

/** What a worker gets: the compiled module, the shared memory, the control block, its number. */
interface WorkerData {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: number;
  id: number;
}

/** A worker thread: from node:worker_threads in Node, a Web Worker from the Blob URL `url` elsewhere. */
async function createWorker(data: WorkerData, url: string | undefined): Promise<WorkerHandle> {
  if (isNode()) {
    const { Worker } = await nodeBuiltin<{ Worker: NodeWorkerClass }>('node:worker_threads');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: data });
    // Never keeps the process alive: unref'd again after each listener, since attaching a 'message'
    // listener refs the worker's port.
    worker.unref();
    return {
      terminate: () => worker.terminate(),
      onMessage: (l) => {
        worker.on('message', l);
        worker.unref();
      },
      onError: (l) => {
        worker.on('error', l);
        worker.unref();
      },
    };
  }
  const worker = new Worker(url!);
  worker.postMessage(data);
  return {
    terminate: () => worker.terminate(),
    onMessage: (l) => worker.addEventListener('message', (e: MessageEvent<WorkerMessage>) => l(e.data)),
    onError: (l) => worker.addEventListener('error', (e) => l(e instanceof ErrorEvent ? new Error(e.message) : e)),
  };
}
