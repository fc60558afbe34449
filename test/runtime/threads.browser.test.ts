// The thread pool in Chromium: a page cannot block, so the package runs in a Web Worker of a
// cross-origin isolated page, with a pool of nested workers; there every kernel gives the same
// bits on 1, 2, 3 and 4 threads. On the page itself the package says why it uses one thread.
import { describe, expect, it } from 'vitest';
import { ready, runtimeInfo } from '../../src/index';

interface Reply {
  results?: { threads: number; isolated: boolean; note?: string; bits: Record<string, string[]> }[];
  error?: string;
}

function inWorker(backend: 'simd' | 'relaxed'): Promise<Reply> {
  const worker = new Worker(new URL('./threads-worker.ts', import.meta.url), { type: 'module' });
  return new Promise((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<Reply>) => {
      worker.terminate();
      resolve(e.data);
    };
    worker.onerror = (e) => reject(new Error(e.message));
    worker.postMessage({ backend });
  });
}

describe('threads in Chromium', () => {
  it('the page is cross-origin isolated, and its main thread runs one thread, saying why', async () => {
    expect(crossOriginIsolated).toBe(true);
    const info = await ready({ threads: 4 });
    expect(info.threads).toBe(1);
    expect(runtimeInfo().threadsNote).toMatch(/main thread may not wait for workers; run the package in a Web Worker/);
  });

  it.each(['simd', 'relaxed'] as const)('in a Web Worker on %s: the same bits on 1, 2, 3 and 4 threads', async (backend) => {
    const reply = await inWorker(backend);
    expect(reply.error).toBeUndefined();
    const results = reply.results!;
    expect(results.map((r) => r.threads)).toEqual([1, 2, 3, 4]);
    expect(results.every((r) => r.isolated && r.note === undefined)).toBe(true);
    for (const r of results.slice(1)) {
      for (const key of Object.keys(results[0].bits)) expect(r.bits[key], `${key} on ${r.threads} threads`).toEqual(results[0].bits[key]);
    }
  });
});
