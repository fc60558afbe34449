// The infinite-width NTK of the two-layer ReLU network (docs/theory.md#h-infinity): H∞ for the first layer,
// and H∞ + K⁽ᵃ⁾ when the output layer is trained too, evaluated by arccos_kernels_f64
// (assembly/kernels.ts) from the Gram matrix X·Yᵀ of the GEMM kernel.

import { Matrix } from '../linalg/matrix';
import { runtime } from '../runtime/runtime';
import { gemmPtr, syrkPtr } from '../runtime/calls';
import { copyIn, copyOut, totalBytes, withBlocks } from '../runtime/scratch';
import { euclideanNorm } from '../math/norm';
import { requireWasmBytes } from '../runtime/limits';
import { checkOptions, describe } from '../args';
import { requireInputs } from '../linalg/validate';

/** Options of {@link analyticNtk}; unknown keys are a TypeError. */
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
export function analyticNtk(XIn: Matrix, YIn?: Matrix, opts?: AnalyticNtkOptions): Matrix {
  const fn = 'analyticNtk';
  const X = requireInputs(fn, 'X', XIn);
  const Y = YIn === undefined ? undefined : requireInputs(fn, 'Y', YIn);
  if (Y !== undefined && Y.cols !== X.cols) throw new RangeError(`${fn}: X and Y must have the same number of columns (X is ${X.shape}, Y is ${Y.shape})`);
  const o = checkOptions(fn, opts, ['layers']);
  const layers = o.layers ?? 'first';
  if (layers !== 'first' && layers !== 'both') throw new TypeError(`${fn}: layers must be 'first' or 'both' (got ${describe(layers)})`);
  const symmetric = Y === undefined;
  const other = Y ?? X;
  const nx = X.rows, ny = other.rows, d = X.cols;
  const H = new Matrix(nx, ny);
  if (nx === 0 || ny === 0) return H;
  const rt = runtime();
  const blocks = { xPtr: nx * d * 8, yIn: symmetric ? 8 : ny * d * 8, gPtr: nx * ny * 8, hPtr: nx * ny * 8, nxPtr: nx * 8, nyPtr: ny * 8 };
  requireWasmBytes(fn, totalBytes(blocks), `the ${nx}×${ny} kernel of inputs of dimension ${d}`, rt.arena.occupiedBytes);
  // Rows too long or too short for X·Yᵀ to stay clear of overflow and underflow are scaled by
  // powers of two first (exact), and the kernel, homogeneous of degree one in each argument, is
  // scaled back at the end. Other inputs take the plain path, untouched.
  const scaledX = scaleRows(X);
  const scaledY = symmetric ? scaledX : scaleRows(other);
  const normX = scaledX.norms;
  const normY = scaledY.norms;
  withBlocks(rt.arena, blocks, ({ xPtr, yIn, gPtr, hPtr, nxPtr, nyPtr }) => {
    const yPtr = symmetric ? xPtr : yIn;
    copyIn(rt.arena, xPtr, scaledX.rows.data);
    if (!symmetric) copyIn(rt.arena, yPtr, scaledY.rows.data);
    copyIn(rt.arena, nxPtr, normX);
    copyIn(rt.arena, nyPtr, normY);
    if (symmetric) syrkPtr(rt, nx, d, 1, xPtr, d, 0, gPtr, nx);
    else gemmPtr(rt, false, true, nx, ny, d, 1, xPtr, d, yPtr, d, 0, gPtr, ny);
    rt.kernels.arccos_kernels_f64(nx, ny, d, xPtr, yPtr, gPtr, ny, nxPtr, nyPtr, hPtr, layers === 'both' ? hPtr : 0);
    copyOut(rt.arena, hPtr, H.data);
  });
  if (scaledX.exponents || scaledY.exponents) unscale(fn, H, scaledX.exponents, scaledY.exponents);
  return H;
}

/** Row norms outside [2⁻⁵⁰⁰, 2⁵⁰⁰] make X·Yᵀ overflow or lose digits to underflow. */
const SAFE_EXPONENT = 500;

interface ScaledRows {
  rows: Matrix;
  norms: Float64Array;
  /** Row i was multiplied by 2^(−exponents[i]); undefined when no row needed it. */
  exponents?: Int32Array;
}

function scaleRows(x: Matrix): ScaledRows {
  const norms = rowNorms(x);
  const unsafe = norms.some((v) => v > 0 && Math.abs(Math.log2(v)) > SAFE_EXPONENT);
  if (!unsafe) return { rows: x, norms };
  const rows = x.clone();
  const exponents = new Int32Array(x.rows);
  const d = x.cols;
  for (let i = 0; i < x.rows; i++) {
    if (!(norms[i] > 0)) continue;
    const e = Math.ceil(Math.log2(norms[i]));
    exponents[i] = e;
    // by two factors, so that neither 2^(−e) over- nor underflows
    const half = Math.trunc(e / 2);
    const f1 = 2 ** -half, f2 = 2 ** -(e - half);
    for (let k = i * d; k < (i + 1) * d; k++) rows.data[k] = rows.data[k] * f1 * f2;
  }
  // Norms again, of the scaled rows: a subnormal row's norm, computed before scaling, kept only
  // the few digits a subnormal number has.
  return { rows, norms: rowNorms(rows), exponents };
}

/** H(i, j) ← H(i, j)·2^(eᵢ + eⱼ); a true value beyond float64 is an error, not an Infinity. */
function unscale(fn: string, H: Matrix, ex: Int32Array | undefined, ey: Int32Array | undefined): void {
  const { rows, cols, data } = H;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const e = (ex ? ex[i] : 0) + (ey ? ey[j] : 0);
      const half = Math.trunc(e / 2);
      const v = data[i * cols + j] * 2 ** half * 2 ** (e - half);
      if (!Number.isFinite(v)) {
        throw new RangeError(`${fn}: the kernel entry (${i}, ${j}) is beyond float64's range (about ${data[i * cols + j]}·2^${e}): scale the inputs down`);
      }
      data[i * cols + j] = v;
    }
  }
}
