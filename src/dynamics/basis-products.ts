// The products predictOutputs chains on one eigenbasis V (n × n): Vᵀr for every target column,
// rows·Vᵀ for the train outputs, and (rows·Vᵀ)·K*ᵀ for the test outputs. V and K* are copied to
// Wasm memory once for all of them (a matmul per product would copy V, 8n² bytes, three times and
// scan it for non-finite entries each time: tens of milliseconds at n = 2000). Each product is the
// same gemm_f64 call, with the same arguments, as the matmul it replaces (linalg/matmul.ts), so its
// bits are matmul's: the train outputs stay those of predictResidual.

import { Matrix } from '../linalg/matrix';
import { gemmPtr } from '../runtime/calls';
import { requireWasmBytes } from '../runtime/limits';
import { runtime, type Runtime } from '../runtime/runtime';
import { copyIn, copyOut, totalBytes, withBlocks } from '../runtime/scratch';
import { gemmWorkspaceBytes } from '../runtime/workspace';

export interface BasisProducts {
  /** Vᵀ·r, as matmul(V, r as n × 1, { transA: true }). */
  project(r: Float64Array): Float64Array;
  /** rows·Vᵀ (rows × n), as matmul(rows, V, { transB: true }). */
  expand(rows: Matrix): Matrix;
  /** (rows·Vᵀ)·K*ᵀ (rows × nTest): two products, the intermediate staying in Wasm memory. */
  expandThrough(rows: Matrix): Matrix;
}

/**
 * Runs fn with V (and K*, nTest × n, when given) resident in Wasm memory and room for products of
 * up to maxRows rows; everything is released afterwards, even if fn throws. The finiteness of V
 * and K* is the caller's to have checked.
 */
export function withBasisProducts<T>(fn: string, V: Matrix, K: Matrix | undefined, maxRows: number, body: (products: BasisProducts) => T): T {
  const rt = runtime();
  const n = V.rows;
  const nTest = K ? K.rows : 0;
  const rows = Math.max(1, maxRows);
  const blocks = {
    V: n * n * 8, K: Math.max(1, nTest * n) * 8, vector: Math.max(1, n) * 8, projection: Math.max(1, n) * 8,
    rows: rows * n * 8, moved: rows * n * 8, tested: Math.max(1, rows * nTest) * 8,
  };
  // the largest product's scratch is asked for by each gemm call itself; count it here too
  requireWasmBytes(fn, totalBytes(blocks) + gemmWorkspaceBytes(rows, Math.max(n, nTest), n), `products of ${rows} rows with an ${n}×${n} eigenbasis${K ? ` and a ${K.shape} test kernel` : ''}`, rt.arena.occupiedBytes);
  return withBlocks(rt.arena, blocks, (ptr) => {
    copyIn(rt.arena, ptr.V, V.data);
    if (K) copyIn(rt.arena, ptr.K, K.data);
    return body(products(rt, ptr, n, nTest));
  });
}

function products(rt: Runtime, ptr: Record<'V' | 'K' | 'vector' | 'projection' | 'rows' | 'moved' | 'tested', number>, n: number, nTest: number): BasisProducts {
  return {
    project(r) {
      const out = new Float64Array(n);
      copyIn(rt.arena, ptr.vector, r);
      gemmPtr(rt, true, false, n, 1, n, 1, ptr.V, n, ptr.vector, 1, 0, ptr.projection, 1);
      copyOut(rt.arena, ptr.projection, out);
      return out;
    },
    expand(rows) {
      const out = new Matrix(rows.rows, n);
      if (rows.rows === 0) return out;
      copyIn(rt.arena, ptr.rows, rows.data);
      gemmPtr(rt, false, true, rows.rows, n, n, 1, ptr.rows, n, ptr.V, n, 0, ptr.moved, n);
      copyOut(rt.arena, ptr.moved, out.data);
      return out;
    },
    expandThrough(rows) {
      const out = new Matrix(rows.rows, nTest);
      if (rows.rows === 0 || nTest === 0) return out;
      copyIn(rt.arena, ptr.rows, rows.data);
      gemmPtr(rt, false, true, rows.rows, n, n, 1, ptr.rows, n, ptr.V, n, 0, ptr.moved, n);
      gemmPtr(rt, false, true, rows.rows, nTest, n, 1, ptr.moved, n, ptr.K, n, 0, ptr.tested, nTest);
      copyOut(rt.arena, ptr.tested, out.data);
      return out;
    },
  };
}
