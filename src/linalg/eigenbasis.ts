// A complete eigenbasis H = V·diag(λ)·Vᵀ passed in by a caller (the result of eigh(H), reused to
// save the O(n³) decomposition), checked before anything is computed from it.

import type { EighResult } from './eigh';
import { Matrix, trustedMatrix } from './matrix';
import { isFloat64Array, typedLength } from '../runtime/intrinsics';
import { describe } from '../args';

/**
 * `value` as { values, vectors } with n finite eigenvalues and an n × n matrix of finite
 * eigenvectors (columns), copied so that later changes by the caller cannot reach the result.
 * `what` starts the messages ("predictResidual: H"). With `copy: false` the vectors are checked
 * but not copied (8n² bytes, tens of milliseconds at n = 2000), for a caller that uses them only
 * before it returns, synchronously, and keeps nothing.
 */
export function requireEigenbasis(what: string, value: unknown, options: { copy?: boolean } = {}): { values: Float64Array; vectors: Matrix } {
  const v = value as Partial<EighResult> | null;
  const hint = 'a kernel Matrix or the result of eigh(H) with vectors';
  if (v === null || typeof v !== 'object') throw new TypeError(`${what} must be ${hint} (got ${describe(value)})`);
  const values: unknown = v.values;
  const vectorsIn: unknown = v.vectors;
  if (!isFloat64Array(values) || !Matrix.isMatrix(vectorsIn)) {
    throw new TypeError(`${what} must be ${hint} (got an object with values: ${describe(values)}, vectors: ${describe(vectorsIn)})`);
  }
  const vectors = trustedMatrix(what, 'vectors', vectorsIn);
  const n = typedLength(values);
  if (vectors.rows !== n || vectors.cols !== n) {
    throw new RangeError(`${what}: an eigenbasis needs all n eigenpairs, the full eigh with vectors (got ${n} values and ${vectors.shape} vectors)`);
  }
  const lambdas = new Float64Array(values);
  for (let i = 0; i < n; i++) if (!Number.isFinite(lambdas[i])) throw new RangeError(`${what}: eigenvalue ${i} is not finite (${lambdas[i]})`);
  const V = options.copy === false ? vectors : vectors.clone();
  const entries = V.data;
  for (let i = 0; i < entries.length; i++) if (!Number.isFinite(entries[i])) throw new RangeError(`${what}: the eigenvectors hold a non-finite entry at (${Math.floor(i / n)}, ${i % n})`);
  return { values: lambdas, vectors: V };
}
