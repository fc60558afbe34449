// How many bytes of WebAssembly memory an eigh call needs, computed in float64 before anything is
// allocated. The kernels address memory with 32-bit offsets, so a request whose blocks together
// pass 4 GiB cannot run at all; it is refused here with the amount it would need. (A 32-bit size
// computed in the kernels would wrap instead: 16·n² bytes for divide and conquer pass 2³¹ at
// n ≈ 11 600 and 2³² at n ≈ 16 400.)
//
// Each formula repeats the kernel's own *_workspace_f64 (assembly/gemm.ts, sytrd.ts, stedc.ts,
// stein.ts, ormtr.ts) operation for operation; the tests check that they agree. In float64 every
// size here is an exact integer while it is below 2⁵³ bytes, and all are non-decreasing in n.

/** Panel width of the tridiagonal reduction and of the back-transformation (sytrd.ts, ormtr.ts). */
const NB = 32;
/** GEMM blocking (gemm.ts) and micro-tile (microkernel.ts). */
const KC = 384;
const MC = 60;
const NC = 1024;
const MR = 6;
const NR = 4;

/** Bytes of linear memory a wasm32 module can address: 65 536 pages of 64 KiB. */
export const WASM32_MEMORY_LIMIT = 2 ** 32;

/** The arena's alignment: every block is a multiple of 16 bytes, at least 16 (see runtime/arena.ts). */
const ALIGN = 16;

function roundUp(x: number, to: number): number {
  return Math.ceil(x / to) * to;
}

/** Bytes of packed panels gemm_f64 needs for an m × n × k product (at most about 3.2 MiB). */
export function gemmWorkspaceBytes(m: number, n: number, k: number): number {
  const kc = Math.min(KC, k);
  const aPacked = roundUp(Math.min(MC, m), MR) * kc;
  const bPacked = roundUp(Math.min(NC, n), NR) * kc;
  return (aPacked + bPacked + MR * NR) * 8;
}

/** Bytes of workspace of the tridiagonal reduction sytrd_f64 for order n. */
export function sytrdWorkspaceBytes(n: number): number {
  return (n * NB + n) * 8 + gemmWorkspaceBytes(n, n, NB) + 16;
}

/** Bytes of workspace of divide and conquer, stedc_f64, for order n: about 16·n². */
export function stedcWorkspaceBytes(n: number): number {
  return (2 * n * n + 8 * n + 16) * 8 + gemmWorkspaceBytes(n, n, n) + 64;
}

/** Bytes of workspace of inverse iteration, stein_f64, for order n. */
export function steinWorkspaceBytes(n: number): number {
  return n * 6 * 8;
}

/** Bytes of workspace of the back-transformation ormtr_f64 of an n × k matrix. */
export function ormtrWorkspaceBytes(n: number, k: number): number {
  const v = n * NB;
  const t = NB * NB;
  const y = NB * Math.max(k, 1) * 2;
  const g = Math.max(n, k);
  return (v + t + y) * 8 + gemmWorkspaceBytes(g, g, Math.max(NB, n)) + 64;
}

/** Bytes of workspace of bisection, stebz_f64: the squares of the n − 1 off-diagonal entries. */
export function stebzWorkspaceBytes(n: number): number {
  return n * 8;
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

/** The order in which eigh passes the blocks to the arena. */
export const EIGH_BLOCK_ORDER = ['a', 'd', 'e', 'tau', 'w', 'info', 'z', 'work'] as const satisfies readonly (keyof EighBlocks)[];

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
  for (const name of EIGH_BLOCK_ORDER) total += Math.max(ALIGN, roundUp(blocks[name], ALIGN));
  return total;
}

/**
 * Throws a RangeError saying how much memory the call would need when its blocks, on top of the
 * `reservedBytes` the module itself occupies, cannot fit in the 4 GiB a wasm32 module can address.
 */
export function requireEighFits(fn: string, shape: EighShape, reservedBytes: number): void {
  const need = eighTotalBytes(shape);
  if (reservedBytes + need <= WASM32_MEMORY_LIMIT) return;
  const notes = [...(shape.subset === undefined ? [] : [`subset of ${shape.subset}`]), ...(shape.vectors ? [] : ['values only'])];
  const what = (notes.length > 0 ? ` (${notes.join(', ')})` : '') + (shape.vectors ? ' with vectors' : '');
  throw new RangeError(
    `${fn}: n = ${shape.n}${what} needs ${gib(need)} GiB of WebAssembly memory; the limit is 4 GiB`,
  );
}

/** Bytes in GiB, rounded up (so that a need just over the limit never reads as 4): two decimals
 *  below 10 GiB, one above. */
function gib(bytes: number): string {
  const digits = bytes < 10 * 2 ** 30 ? 2 : 1;
  const unit = 10 ** digits;
  return (Math.ceil((bytes / 2 ** 30) * unit) / unit).toFixed(digits);
}
