// How much memory one call may ask for, checked before anything is allocated so that a request
// that cannot succeed fails at once with an OutOfMemoryError naming what it needed (instead of
// growing memory for seconds, or wrapping a 32-bit size into a too-small block).

import { OutOfMemoryError } from '../errors';

/** Bytes in a WebAssembly page. */
export const WASM_PAGE_BYTES = 65536;
/** wasm32 addresses 4 GiB at most: 65,536 pages. */
export const WASM_MAX_PAGES = 65536;
export const WASM_MAX_BYTES = WASM_PAGE_BYTES * WASM_MAX_PAGES;
/**
 * The largest JavaScript result (typed arrays a call returns) the package builds in one call:
 * 2 GiB, beyond which a laptop starts to swap; ask for fewer entries (e.g. `times`) instead.
 */
export const RESULT_MAX_BYTES = 2 * 2 ** 30;

/** "3.2 GiB", "12.0 MiB", "512 B". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * Throws OutOfMemoryError when `bytes` of WebAssembly memory cannot fit in wasm32's 4 GiB beside
 * the `takenBytes` already occupied (the arena's occupiedBytes: the module's data, live networks,
 * a thread pool's buffers). Without counting those, a request near the limit passes the check and
 * then fails in the allocator, after work was done.
 */
export function requireWasmBytes(fn: string, bytes: number, what: string, takenBytes = 0): void {
  if (bytes <= WASM_MAX_BYTES - takenBytes) return;
  const needs = `${fn}: ${what} needs ${formatBytes(bytes)} of WebAssembly memory`;
  if (!(bytes <= WASM_MAX_BYTES)) {
    throw new OutOfMemoryError(`${needs}, more than the ${formatBytes(WASM_MAX_BYTES)} a WebAssembly (wasm32) memory can hold`);
  }
  // The call alone would fit: say what else holds the memory.
  throw new OutOfMemoryError(
    `${needs} and ${formatBytes(takenBytes)} are taken (the module, live networks and the thread pool's buffers); the limit is ${formatBytes(WASM_MAX_BYTES)}`,
  );
}

/** Throws OutOfMemoryError when a result of `bytes` would exceed RESULT_MAX_BYTES. */
export function requireResultBytes(fn: string, bytes: number, what: string): void {
  if (!(bytes <= RESULT_MAX_BYTES)) {
    throw new OutOfMemoryError(
      `${fn}: ${what} would take ${formatBytes(bytes)} of JavaScript memory, more than the ${formatBytes(RESULT_MAX_BYTES)} ` +
        'one call may return',
    );
  }
}
