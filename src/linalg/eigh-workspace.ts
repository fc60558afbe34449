// How many bytes of WebAssembly memory an eigh call needs, block by block, computed in float64
// from the kernels' workspace sizes (runtime/workspace.ts) and refused with the amount it would
// need when it cannot fit in the 4 GiB a wasm32 module can address, before anything is allocated.

import { OutOfMemoryError } from '../errors';
import { WASM_MAX_BYTES } from '../runtime/limits';
import { ormtrWorkspaceBytes, stebzWorkspaceBytes, stedcWorkspaceBytes, steinWorkspaceBytes, sytrdWorkspaceBytes } from '../runtime/workspace';

/** The arena's alignment: every block is a multiple of 16 bytes, at least 16 (see runtime/arena.ts). */
const ALIGN = 16;

function roundUp(x: number, to: number): number {
  return Math.ceil(x / to) * to;
}

/** What one eigh call computes, as far as its memory is concerned. */
export interface EighShape {
  /** Order of A. */
  n: number;
  /** Whether eigenvectors are computed. */
  vectors: boolean;
  /** The number of eigenpairs of a subset (bisection and inverse iteration); absent for all n
   *  (QL for values alone, divide and conquer with vectors). */
  subset?: number;
}

/** The blocks one eigh call takes from the arena, in bytes, by name. */
export interface EighBlocks {
  /** A, n × n, reduced in place; later the transposed eigenvectors. */
  a: number;
  /** Diagonal, off-diagonal and reflector scalars of the tridiagonal form, n each. */
  d: number;
  e: number;
  tau: number;
  /** Eigenvalues of a subset, n at most. */
  w: number;
  /** Four f64 reported by the symmetry check. */
  info: number;
  /** Eigenvectors, n × k column-major (0 without vectors). */
  z: number;
  /** Scratch shared by the kernels of the call: the largest of their workspaces. */
  work: number;
}


/** The byte size of every block an eigh call of this shape takes. */
export function eighBlocks({ n, vectors, subset }: EighShape): EighBlocks {
  const zCols = vectors ? (subset ?? n) : 0;
  const work = Math.max(
    sytrdWorkspaceBytes(n),
    vectors ? ormtrWorkspaceBytes(n, zCols) : 0,
    vectors && subset === undefined ? stedcWorkspaceBytes(n) : 0,
    vectors && subset !== undefined ? steinWorkspaceBytes(n) : 0,
    stebzWorkspaceBytes(n),
  );
  return { a: n * n * 8, d: n * 8, e: n * 8, tau: n * 8, w: n * 8, info: 32, z: n * zCols * 8, work };
}

/** Bytes the arena hands out for these blocks (each rounded up to its alignment, as it does). */
export function eighTotalBytes(shape: EighShape): number {
  const blocks = eighBlocks(shape);
  let total = 0;
  for (const size of Object.values(blocks)) total += Math.max(ALIGN, roundUp(size, ALIGN));
  return total;
}

/**
 * Throws an OutOfMemoryError saying how much memory the call would need when its blocks, on top of the
 * `reservedBytes` the module itself occupies, cannot fit in the 4 GiB a wasm32 module can address.
 */
export function requireEighFits(fn: string, shape: EighShape, reservedBytes: number): void {
  const need = eighTotalBytes(shape);
  if (reservedBytes + need <= WASM_MAX_BYTES) return;
  const notes = [...(shape.subset === undefined ? [] : [`subset of ${shape.subset}`]), ...(shape.vectors ? [] : ['values only'])];
  const what = (notes.length > 0 ? ` (${notes.join(', ')})` : '') + (shape.vectors ? ' with vectors' : '');
  // When the call alone would fit, say what else holds the memory (live networks, a thread pool).
  const taken = need <= WASM_MAX_BYTES ? ` and ${mib(reservedBytes)} MiB are taken (the module, live networks and the thread pool's buffers)` : '';
  throw new OutOfMemoryError(
    `${fn}: n = ${shape.n}${what} needs ${gib(need)} GiB of WebAssembly memory${taken}; the limit is 4 GiB`,
  );
}

/** Bytes in MiB, rounded up to a tenth. */
function mib(bytes: number): string {
  return (Math.ceil((bytes / 2 ** 20) * 10) / 10).toFixed(1);
}

/** Bytes in GiB, rounded up (so that a need just over the limit never reads as 4): two decimals
 *  below 10 GiB, one above. */
function gib(bytes: number): string {
  const digits = bytes < 10 * 2 ** 30 ? 2 : 1;
  const unit = 10 ** digits;
  return (Math.ceil((bytes / 2 ** 30) * unit) / unit).toFixed(digits);
}
