// The dense Jacobian J = ∂u/∂θ of the two-layer ReLU network (docs/theory.md#gradient):
//   ∂u_i/∂W[r, k] = s·a_r·1{w_rᵀx_i + b_r ≥ 0}·x_ik,  ∂u_i/∂a_r = s·σ(w_rᵀx_i + b_r),
//   ∂u_i/∂b_r = s·a_r·1{…}.
// A reference for checks and small problems: it has n·(m·d + …) entries, and the library never
// forms it itself (the NTK is computed from activation patterns instead).

import { Matrix } from '../linalg/matrix';
import { copyIn, withBlocks } from '../runtime/scratch';
import type { TwoLayerReLU } from './two-layer-relu';
import { forwardChunks, patternWords } from './passes';
import { patternBit } from './patterns';
import { trainedParameters } from './two-layer-model';


export function jacobianOf(net: TwoLayerReLU, X: Matrix): Matrix {
  const st = net.state;
  const { rt, m, d, s } = st;
  const n = X.rows;
  const P = net.parameterCount;
  const J = new Matrix(n, P);
  const a = st.a.read();
  // column offset of each trained parameter's block, in the order of θ
  const offset: Record<string, number> = {};
  let next = 0;
  for (const p of trainedParameters(net)) {
    offset[p.name] = next;
    next += p.length;
  }
  const wOffset = offset.W, aOffset = offset.a, bOffset = offset.b;
  const words = patternWords(m);
  withBlocks(rt.arena, { xPtr: X.data.length * 8 }, ({ xPtr }) => {
    copyIn(rt.arena, xPtr, X.data);
    forwardChunks(st, xPtr, n, (start, rows, _x, act, _u, patterns) => {
      const activations = rt.arena.f64().slice(act / 8, act / 8 + rows * m);
      const bits = new Uint32Array(rt.arena.u8().buffer, patterns, rows * words * 2).slice();
      for (let c = 0; c < rows; c++) {
        const i = start + c;
        const row = J.data.subarray(i * P, (i + 1) * P);
        const x = X.data.subarray(i * d, (i + 1) * d);
        for (let r = 0; r < m; r++) {
          const on = patternBit(bits, words, c, r);
          if (on) for (let k = 0; k < d; k++) row[wOffset + r * d + k] = s * a[r] * x[k];
          if (aOffset !== undefined) row[aOffset + r] = s * activations[c * m + r];
          if (bOffset !== undefined) row[bOffset + r] = on ? s * a[r] : 0;
        }
      }
    });
  });
  return J;
}
