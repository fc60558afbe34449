// The workspace sizes of the kernels, computed in float64 on the TypeScript side so that a size can
// be checked against the 4 GiB of wasm32 memory before anything is allocated: a 32-bit size
// computed in a kernel would wrap instead (16·n² bytes for divide and conquer pass 2³¹ at
// n ≈ 11 600 and 2³² at n ≈ 16 400).
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

