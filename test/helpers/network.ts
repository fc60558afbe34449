// Plain-TypeScript references for the two-layer ReLU network (docs/theory.md#network), written from the
// formulas with nothing shared with src/nn: the forward pass, and the NTK from the dense 0/1
// activation matrix S.
import { Matrix } from '../../src/linalg/matrix';
import type { TwoLayerReLU } from '../../src/nn/two-layer-relu';

/** u_i = s·Σ_r a_r·max(w_rᵀx_i + b_r, 0). */
export function referencePredict(net: TwoLayerReLU, X: Matrix): Float64Array {
  const W = net.W, a = net.a, b = net.b;
  const m = net.width, d = net.inputDim;
  const s = net.parameterization === 'ntk' ? 1 / Math.sqrt(m) : 1;
  const u = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    let sum = 0;
    for (let r = 0; r < m; r++) {
      let z = b ? b[r] : 0;
      for (let k = 0; k < d; k++) z += W.data[r * d + k] * X.data[i * d + k];
      sum += a[r] * Math.max(z, 0);
    }
    u[i] = s * sum;
  }
  return u;
}

/** S = 1{X·Wᵀ + b ≥ 0} as a dense n × m 0/1 matrix. */
export function referencePatterns(net: TwoLayerReLU, X: Matrix): Matrix {
  const W = net.W, b = net.b;
  const m = net.width, d = net.inputDim;
  const S = new Matrix(X.rows, m);
  for (let i = 0; i < X.rows; i++) {
    for (let r = 0; r < m; r++) {
      let z = b ? b[r] : 0;
      for (let k = 0; k < d; k++) z += W.data[r * d + k] * X.data[i * d + k];
      S.data[i * m + r] = z >= 0 ? 1 : 0;
    }
  }
  return S;
}

/** H = s²·(X·Yᵀ)∘(S_X·diag(a²)·S_Yᵀ) for a network with only W trained, densely. */
export function referenceNtkFirstLayer(net: TwoLayerReLU, X: Matrix, Y: Matrix): Matrix {
  const m = net.width, d = net.inputDim;
  const s2 = net.parameterization === 'ntk' ? 1 / m : 1;
  const a = net.a;
  const SX = referencePatterns(net, X), SY = referencePatterns(net, Y);
  const H = new Matrix(X.rows, Y.rows);
  for (let i = 0; i < X.rows; i++) {
    for (let j = 0; j < Y.rows; j++) {
      let shared = 0;
      for (let r = 0; r < m; r++) shared += a[r] * a[r] * SX.data[i * m + r] * SY.data[j * m + r];
      let dot = 0;
      for (let k = 0; k < d; k++) dot += X.data[i * d + k] * Y.data[j * d + k];
      H.data[i * Y.rows + j] = s2 * dot * shared;
    }
  }
  return H;
}
