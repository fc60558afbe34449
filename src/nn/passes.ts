// Forward and backward passes of the two-layer ReLU network over its resident weights, in row
// chunks so that the n × m pre-activation matrix never needs more than CHUNK_BYTES of memory:
//   Z = X·Wᵀ (GEMM), then relu_forward_f64 (activations, outputs, bit-packed patterns),
//   then relu_backward_f64 (the masked matrix M) and ∇W += Mᵀ·X (GEMM).
// Both products leave out X's zero entries where there are enough of them (first-layer.ts), with
// the same bits as the dense GEMMs.

import type { Runtime } from '../runtime/runtime';
import type { ResidentArray } from '../runtime/resident';
import { copyIn, copyOut, withBlocks } from '../runtime/scratch';
import { addWeightGradient, planFirstLayer, preActivations, type FirstLayerPlan } from './first-layer';
import type { Matrix } from '../linalg/matrix';
import type { OutputGradient, Weights } from './model';

/** Pre-activations are computed at most this many bytes at a time. */
const CHUNK_BYTES = 16 * 2 ** 20;

export interface NetState {
  rt: Runtime;
  /** width m and input dimension d */
  m: number;
  d: number;
  W: ResidentArray;
  a: ResidentArray;
  b?: ResidentArray;
  /** output scale s: 1/√m or 1 */
  s: number;
  /** Whether a train() call is running on these weights (a second one is refused). */
  busy: boolean;
}

/** u64 words per row of activation patterns. */
export function patternWords(m: number): number {
  return Math.ceil(m / 64);
}

/** Rows per chunk for width m. */
export function chunkRows(m: number, n: number): number {
  return Math.max(1, Math.min(n, Math.floor(CHUNK_BYTES / (8 * Math.max(1, m)))));
}

/**
 * Runs X through the network chunk by chunk, calling visit for each chunk with the pointers of
 * its rows of X, its activations σ(Z) (rows × m), its outputs u, its patterns and the plan of
 * its first-layer products (for the gradient's).
 */
export function forwardChunks(
  net: NetState, xPtr: number, n: number,
  visit: (start: number, rows: number, xRows: number, act: number, u: number, patterns: number, plan: FirstLayerPlan) => void,
): void {
  const { rt, m, d } = net;
  const rows = chunkRows(m, n);
  const words = patternWords(m);
  withBlocks(rt.arena, { z: rows * m * 8, u: rows * 8, patterns: rows * words * 8 }, ({ z, u, patterns }) => {
    for (let start = 0; start < n; start += rows) {
      const count = Math.min(rows, n - start);
      const xRows = xPtr + start * d * 8;
      const plan = planFirstLayer(rt, xRows, count, d, net.W.ptr, m);
      preActivations(rt, plan, xRows, count, d, net.W.ptr, m, z);
      rt.kernels.relu_forward_f64(count, m, z, m, net.b ? net.b.ptr : 0, net.a.ptr, net.s, u, patterns, words);
      visit(start, count, xRows, z, u, patterns, plan);
    }
  });
}

/** u = f(X) for inputs already in Wasm memory at xPtr (n rows). */
export function outputsPtr(net: NetState, xPtr: number, n: number): Float64Array {
  const out = new Float64Array(n);
  forwardChunks(net, xPtr, n, (start, rows, _x, _act, u) => {
    copyOut(net.rt.arena, u, out.subarray(start, start + rows));
  });
  return out;
}

/** u = f(X), one output per row of X. */
export function predictPtr(net: NetState, x: Matrix): Float64Array {
  return withBlocks(net.rt.arena, { xPtr: x.data.length * 8 }, ({ xPtr }) => {
    copyIn(net.rt.arena, xPtr, x.data);
    return outputsPtr(net, xPtr, x.rows);
  });
}

/**
 * The gradients of a loss whose derivative in u is `dLdu(u, start)` (it receives each chunk's
 * outputs u, rows start …, and returns ∂L/∂u for them), for inputs already in Wasm memory at
 * xPtr, written to the named blocks in Wasm memory: grads.W (m × d), grads.a and grads.b (each
 * skipped when absent). The resident tier of the trainer: nothing is copied but the n outputs and
 * their derivatives.
 */
export function gradientInto(net: NetState, xPtr: number, n: number, dLdu: OutputGradient, grads: Readonly<Record<string, number>>): void {
  const { rt, m, d } = net;
  const words = patternWords(m);
  const gW = grads.W, gA = grads.a ?? 0, gB = grads.b ?? 0;
  const f64 = rt.arena.f64();
  f64.fill(0, gW / 8, gW / 8 + m * d);
  if (gA) f64.fill(0, gA / 8, gA / 8 + m);
  if (gB) f64.fill(0, gB / 8, gB / 8 + m);
  withBlocks(rt.arena, { rPtr: chunkRows(m, n) * 8 }, ({ rPtr }) => {
    forwardChunks(net, xPtr, n, (start, rows, xRows, act, uPtr, patterns, plan) => {
      const u = new Float64Array(rows);
      copyOut(rt.arena, uPtr, u);
      copyIn(rt.arena, rPtr, dLdu(u, start));
      rt.kernels.relu_backward_f64(rows, m, act, m, patterns, words, net.a.ptr, net.s, rPtr, gA, gB);
      // ∇W += Mᵀ·X_chunk (M, rows × m, now holds the masked, scaled residuals)
      addWeightGradient(rt, plan, act, rows, m, xRows, d, gW, start === 0);
    });
  });
}

/** The gradients of the named parameters (see gradientInto), copied out to JS arrays by name. */
export function gradientPtr(net: NetState, x: Matrix, names: readonly string[], dLdu: OutputGradient): Record<string, Float64Array> {
  const { rt } = net;
  const lengths: Record<string, number> = {};
  for (const name of names) lengths[name] = net[name as 'W' | 'a' | 'b']!.length;
  const blocks: Record<string, number> = { x: x.data.length * 8 };
  for (const name of names) blocks[`grad ${name}`] = lengths[name] * 8;
  return withBlocks(rt.arena, blocks, (ptrs) => {
    copyIn(rt.arena, ptrs.x, x.data);
    const grads: Record<string, number> = {};
    for (const name of names) grads[name] = ptrs[`grad ${name}`];
    gradientInto(net, ptrs.x, x.rows, dLdu, grads);
    const out: Record<string, Float64Array> = {};
    for (const name of names) {
      out[name] = new Float64Array(lengths[name]);
      copyOut(rt.arena, grads[name], out[name]);
    }
    return out;
  });
}

/** The state with its weights replaced by `at` (another point of the parameter space), by name. */
export function stateAt(net: NetState, at: Weights | undefined): NetState {
  return at ? { ...net, W: at.W ?? net.W, a: at.a ?? net.a, b: at.b ?? net.b } : net;
}
