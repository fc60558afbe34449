// matmul: the public GEMM, C ← α·op(A)·op(B) + β·C, over the Wasm kernel gemm_f64.

import { runtime } from '../runtime/runtime';
import { copyIn, copyOut, totalBytes, withBlocks } from '../runtime/scratch';
import { Matrix } from './matrix';
import { requireWasmBytes } from '../runtime/limits';
import { gemmWorkspaceBytes } from '../runtime/workspace';
import { checkOptions, optionalBoolean, optionalFinite } from '../args';
import { optionalOut, requireFiniteEntries, requireMatrix } from './validate';

/** Options of {@link matmul}: C ← α·op(A)·op(B) + β·C; unknown keys are a TypeError. */
export interface MatmulOptions {
  /** Use Aᵀ in place of A. Default false. */
  transA?: boolean;
  /** Use Bᵀ in place of B. Default false. */
  transB?: boolean;
  /** Scale of the product. Default 1. */
  alpha?: number;
  /** Scale of the existing `out` added to the product. Default 0 (out is not read). */
  beta?: number;
  /** Where to write the result (m × n); returned. It may be `a` or `b` itself. */
  out?: Matrix;
}

const KNOWN = ['transA', 'transB', 'alpha', 'beta', 'out'] as const;

/**
 * C ← α·op(A)·op(B) + β·C, with op(X) = X or Xᵀ.
 *
 * op(A) is m × k and op(B) is k × n; the result is a new m × n Matrix, or `out` when given
 * (`out` may alias `a` or `b`: operands are copied into Wasm memory before anything is written).
 * With beta = 0 (the default) `out` is only written, never read, as in BLAS.
 * Cost: 2mnk flops in the packed, cache-blocked SIMD kernel (assembly/gemm.ts).
 *
 * @example
 *   const c = matmul(a, b);                              // A·B
 *   matmul(a, a, { transB: true, alpha: 2, beta: 1, out: c });  // C ← 2·A·Aᵀ + C
 */
export function matmul(aIn: Matrix, bIn: Matrix, opts?: MatmulOptions): Matrix {
  const fn = 'matmul';
  const a = requireMatrix(fn, 'a', aIn);
  const b = requireMatrix(fn, 'b', bIn);
  const o = checkOptions(fn, opts, KNOWN);
  const transA = optionalBoolean(fn, 'transA', o.transA, false);
  const transB = optionalBoolean(fn, 'transB', o.transB, false);
  const alpha = optionalFinite(fn, 'alpha', o.alpha, 1);
  const beta = optionalFinite(fn, 'beta', o.beta, 0);

  const [m, k] = transA ? [a.cols, a.rows] : [a.rows, a.cols];
  const [kb, n] = transB ? [b.cols, b.rows] : [b.rows, b.cols];
  if (k !== kb) {
    throw new RangeError(
      `matmul: inner dimensions differ: op(A) is ${m}×${k} (A is ${a.shape}${transA ? ', transposed' : ''}) ` +
        `but op(B) is ${kb}×${n} (B is ${b.shape}${transB ? ', transposed' : ''})`,
    );
  }
  const out = optionalOut(fn, o.out, m, n);
  const readsOut = out !== undefined && beta !== 0;

  const rt = runtime();
  // Safe even when out aliases a or b: the operands are in Wasm memory before out is written.
  const workBytes = gemmWorkspaceBytes(m, n, k);
  const blocks = { aPtr: a.data.length * 8, bPtr: b.data.length * 8, cPtr: m * n * 8, workPtr: workBytes };
  requireWasmBytes(fn, totalBytes(blocks), `a ${m}×${k} by ${k}×${n} product`, rt.arena.occupiedBytes);
  const result = out ?? new Matrix(m, n);
  withBlocks(rt.arena, blocks, ({ aPtr, bPtr, cPtr, workPtr }) => {
    copyIn(rt.arena, aPtr, a.data);
    copyIn(rt.arena, bPtr, b.data);
    requireFiniteEntries(fn, 'a', a, rt, aPtr);
    requireFiniteEntries(fn, 'b', b, rt, bPtr);
    if (readsOut) {
      copyIn(rt.arena, cPtr, out.data);
      requireFiniteEntries(fn, 'out', out, rt, cPtr);
    }
    rt.kernels.gemm_f64(
      transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha,
      aPtr, a.cols, bPtr, b.cols, readsOut ? beta : 0, cPtr, n, workPtr,
    );
    copyOut(rt.arena, cPtr, result.data);
  });
  return (o.out as Matrix | undefined) ?? result;
}
