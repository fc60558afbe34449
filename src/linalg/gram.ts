// gram: the Gram product A·Aᵀ (or Aᵀ·A) over the Wasm kernel syrk_f64.

import { runtime } from '../runtime/runtime';
import { copyIn, copyOut, totalBytes, withBlocks } from '../runtime/scratch';
import { Matrix } from './matrix';
import { requireWasmBytes } from '../runtime/limits';
import { gemmWorkspaceBytes } from '../runtime/workspace';
import { checkOptions, optionalBoolean, optionalFinite } from '../args';
import { optionalOut, requireFiniteEntries, requireMatrix } from './validate';

/** Options of {@link gram}: G ← α·A·Aᵀ (or α·Aᵀ·A); unknown keys are a TypeError. */
export interface GramOptions {
  /** Compute Aᵀ·A instead of A·Aᵀ. Default false. */
  transA?: boolean;
  /** Scale of the product. Default 1. */
  alpha?: number;
  /** Where to write the result; returned. It may be `a` itself when A is square. */
  out?: Matrix;
}

const KNOWN = ['transA', 'alpha', 'out'] as const;

/**
 * G ← α·A·Aᵀ (n × n for an n × k matrix A), or α·Aᵀ·A with `transA`.
 *
 * Only the lower triangle is computed (n²k flops instead of the 2n²k of matmul(a, a, { transB:
 * true })), through the same packed GEMM kernel, then mirrored: the result is exactly symmetric.
 *
 * @example
 *   const k = gram(X);   // X·Xᵀ, the linear kernel of the rows of X
 */
export function gram(aIn: Matrix, opts?: GramOptions): Matrix {
  const fn = 'gram';
  const a = requireMatrix(fn, 'a', aIn);
  const o = checkOptions(fn, opts, KNOWN);
  const transA = optionalBoolean(fn, 'transA', o.transA, false);
  const alpha = optionalFinite(fn, 'alpha', o.alpha, 1);
  const [n, k] = transA ? [a.cols, a.rows] : [a.rows, a.cols];
  const out = optionalOut(fn, o.out, n, n);

  const rt = runtime();
  const workBytes = gemmWorkspaceBytes(n, n, k);
  const blocks = { aPtr: a.data.length * 8, cPtr: n * n * 8, workPtr: workBytes };
  requireWasmBytes(fn, totalBytes(blocks), `the ${n}×${n} Gram matrix of a ${a.shape} matrix`, rt.arena.occupiedBytes);
  const result = out ?? new Matrix(n, n);
  withBlocks(rt.arena, blocks, ({ aPtr, cPtr, workPtr }) => {
    copyIn(rt.arena, aPtr, a.data);
    requireFiniteEntries(fn, 'a', a, rt, aPtr);
    rt.kernels.syrk_f64(transA ? 1 : 0, n, k, alpha, aPtr, a.cols, 0, cPtr, n, workPtr);
    copyOut(rt.arena, cPtr, result.data);
  });
  return (o.out as Matrix | undefined) ?? result;
}
