// What the JavaScript engine the package runs in can do for threads: whether it is Node, how many
// cores it has, whether this thread may block (Atomics.wait), and whether shared memory exists.

interface NodeProcess {
  versions?: { node?: string };
  getBuiltinModule?: (name: string) => unknown;
}

function nodeProcess(): NodeProcess | undefined {
  const p = (globalThis as { process?: NodeProcess }).process;
  return p?.versions?.node ? p : undefined;
}

/** Whether this is Node (where workers come from node:worker_threads). */
export function isNode(): boolean {
  return nodeProcess() !== undefined;
}

/**
 * A Node built-in module, loaded without an import statement (so that bundles for browsers never
 * see one): process.getBuiltinModule (Node ≥ 20.16), else a dynamic import.
 */
export async function nodeBuiltin<T>(name: string): Promise<T> {
  const p = nodeProcess();
  if (p?.getBuiltinModule) return p.getBuiltinModule(name) as T;
  // The specifier is built at run time so that bundlers leave it alone.
  const specifier = ['node', name.replace(/^node:/, '')].join(':');
  return (await import(/* @vite-ignore */ specifier)) as T;
}

/** The cores this process may use: os.availableParallelism() in Node, navigator.hardwareConcurrency elsewhere. */
export async function availableParallelism(): Promise<number> {
  if (isNode()) {
    const os = await nodeBuiltin<{ availableParallelism?: () => number; cpus: () => unknown[] }>('node:os');
    return Math.max(1, os.availableParallelism ? os.availableParallelism() : os.cpus().length);
  }
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return typeof n === 'number' && n >= 1 ? Math.floor(n) : 1;
}

/**
 * Why this thread cannot run kernels over a thread pool, or undefined when it can: the calling
 * thread waits for the workers with Atomics.wait, which a browser's main thread may not do, and
 * the workers share the memory through a SharedArrayBuffer, which browsers give only to
 * cross-origin isolated pages.
 */
export function threadsUnavailable(): string | undefined {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') {
    return 'this engine has no SharedArrayBuffer (in a browser, the page must be cross-origin isolated: serve it with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)';
  }
  if (isNode()) return undefined;
  const g = globalThis as { crossOriginIsolated?: boolean; document?: unknown };
  if (g.crossOriginIsolated === false) {
    return 'the page is not cross-origin isolated (serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)';
  }
  if (g.document !== undefined) {
    return "a browser's main thread may not wait for workers; run the package in a Web Worker to use threads";
  }
  return undefined;
}
