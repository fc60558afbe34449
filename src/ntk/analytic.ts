// The infinite-width NTK of the two-layer ReLU network (MATH.md §2): H∞ for the first layer,
// and H∞ + K⁽ᵃ⁾ when the output layer is trained too, evaluated by arccos_kernels_f64
// (assembly/kernels.ts) from the Gram matrix X·Yᵀ of the GEMM kernel.

import { Matrix } from '../linalg/matrix';
import { checkOptions } from '../linalg/validate';
import { runtime } from '../runtime/runtime';
import { gemmPtr, syrkPtr } from '../runtime/calls';
import { copyIn, copyOut, withBlocks } from '../runtime/scratch';
import { requireInputs } from '../nn/data-checks';
import { describe } from '../linalg/matrix';
import { euclideanNorm } from '../math/norm';

export interface AnalyticNtkOptions {
  /** 'first' (default): H∞, only W trained. 'both': H∞ + K⁽ᵃ⁾, W and a trained. */
  layers?: 'first' | 'both';
}

function rowNorms(x: Matrix): Float64Array {
  return Float64Array.from({ length: x.rows }, (_, i) => euclideanNorm(x.data, i * x.cols, (i + 1) * x.cols));
}

/**
 * The infinite-width NTK between the rows of X (n × d) and of Y (n' × d; Y = X by default):
 *   H∞ᵢⱼ = xᵢᵀyⱼ·(π − θᵢⱼ)/(2π),  K⁽ᵃ⁾ᵢⱼ = ‖xᵢ‖‖yⱼ‖·(sin θᵢⱼ + (π − θᵢⱼ)·cos θᵢⱼ)/(2π).
 * Angles near 0 and π come from the distance between the unit vectors, not from arccos of the
 * cosine, so the diagonal is ‖xᵢ‖²/2 to the last bit. With Y omitted the result is exactly
 * symmetric. Inputs need not be unit vectors; a zero row gives zeros.
 *
 * @example
 *   const H = analyticNtk(X);                         // H∞, n × n
 *   const lambda0 = lambdaMin(H);
 */
export function analyticNtk(X: Matrix, Y?: Matrix, opts?: AnalyticNtkOptions): Matrix {
  const fn = 'analyticNtk';
  requireInputs(fn, 'X', X);
  if (Y !== undefined) {
    requireInputs(fn, 'Y', Y);
    if (Y.cols !== X.cols) throw new RangeError(`${fn}: X and Y must have the same number of columns (X is ${X.shape}, Y is ${Y.shape})`);
  }
  const o = checkOptions(fn, opts, ['layers']);
  const layers = o.layers ?? 'first';
  if (layers !== 'first' && layers !== 'both') throw new TypeError(`${fn}: layers must be 'first' or 'both' (got ${describe(layers)})`);
  const symmetric = Y === undefined;
  const other = Y ?? X;
  const nx = X.rows, ny = other.rows, d = X.cols;
  const H = new Matrix(nx, ny);
  if (nx === 0 || ny === 0) return H;
  const rt = runtime();
  const normX = rowNorms(X);
  const normY = symmetric ? normX : rowNorms(other);
  const sizes = [nx * d * 8, symmetric ? 8 : ny * d * 8, nx * ny * 8, nx * ny * 8, nx * 8, ny * 8];
  withBlocks(rt.arena, sizes, ([xPtr, yIn, gPtr, hPtr, nxPtr, nyPtr]) => {
    const yPtr = symmetric ? xPtr : yIn;
    copyIn(rt.arena, xPtr, X.data);
    if (!symmetric) copyIn(rt.arena, yPtr, other.data);
    copyIn(rt.arena, nxPtr, normX);
    copyIn(rt.arena, nyPtr, normY);
    if (symmetric) syrkPtr(rt, nx, d, 1, xPtr, d, 0, gPtr, nx);
    else gemmPtr(rt, false, true, nx, ny, d, 1, xPtr, d, yPtr, d, 0, gPtr, ny);
    rt.kernels.arccos_kernels_f64(nx, ny, d, xPtr, yPtr, gPtr, ny, nxPtr, nyPtr, hPtr, layers === 'both' ? hPtr : 0);
    copyOut(rt.arena, hPtr, H.data);
  });
  return H;
}
