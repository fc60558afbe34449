// The empirical (finite-width) NTK of the two-layer ReLU network, H = J(X)·J(Y)ᵀ, without
// forming J (docs/theory.md#empirical-ntk):
//   H = s²·(X·Yᵀ + β·𝟙𝟙ᵀ) ∘ (S_X·diag(a²)·S_Yᵀ)  [+ s²·σ(Z_X)·σ(Z_Y)ᵀ when a is trained]
// with S the 0/1 activation patterns, β = 1 when the network has a bias (∂u/∂b adds a_r²·S·Sᵀ)
// and s the output scale. When every |a_r| is the same (a_r = ±1 in the NTK parameterization),
// S_X·diag(a²)·S_Yᵀ = a²·(counts of shared active neurons), a popcount of ANDed bit patterns;
// otherwise the patterns are expanded with weights |a_r| and multiplied by the GEMM kernel.

import { Matrix } from '../linalg/matrix';
import { gemmPtr, syrkPtr } from '../runtime/calls';
import { copyIn, copyOut, totalBytes, withBlocks } from '../runtime/scratch';
import { chunkRows, forwardChunks, patternWords, type NetState } from './passes';
import { requireWasmBytes } from '../runtime/limits';
import type { TwoLayerReLU } from './two-layer-relu';


/** Patterns (and activations, if asked) of every row of the inputs at xPtr, into the given blocks. */
function collect(st: NetState, xPtr: number, n: number, patternsOut: number, activationsOut: number): void {
  const words = patternWords(st.m);
  forwardChunks(st, xPtr, n, (start, rows, _x, act, _u, patterns) => {
    const u8 = st.rt.arena.u8();
    u8.copyWithin(patternsOut + start * words * 8, patterns, patterns + rows * words * 8);
    if (activationsOut) u8.copyWithin(activationsOut + start * st.m * 8, act, act + rows * st.m * 8);
  });
}

export function empiricalNtkOf(net: TwoLayerReLU, X: Matrix, Y?: Matrix): Matrix {
  const st = net.state;
  const { rt, m, d, s } = st;
  const K = rt.kernels;
  const symmetric = Y === undefined;
  const other = Y ?? X;
  const nx = X.rows, ny = other.rows;
  const words = patternWords(m);
  const a = st.a.read();
  const uniform = a.every((v) => Math.abs(v) === Math.abs(a[0]));
  const trainA = net.trainOutputLayer;
  const H = new Matrix(nx, ny);
  if (nx === 0 || ny === 0) return H;
  // Blocks not needed in this case (Y = X, a not trained, |a_r| all equal) take a token 8 bytes.
  const blocks = {
    xPtr: nx * d * 8, yIn: symmetric ? 8 : ny * d * 8, // inputs
    pxPtr: nx * words * 8, pyIn: symmetric ? 8 : ny * words * 8, // patterns
    axPtr: trainA ? nx * m * 8 : 8, ayIn: trainA && !symmetric ? ny * m * 8 : 8, // activations
    gPtr: nx * ny * 8, cPtr: nx * ny * 8, // X·Yᵀ, then the counts
    wPtr: uniform ? 8 : m * 8, exPtr: uniform ? 8 : nx * m * 8, eyIn: uniform || symmetric ? 8 : ny * m * 8, // weighted patterns
  };
  // … and the forward pass's chunk of pre-activations (and its patterns) on top
  requireWasmBytes('empiricalNtk', totalBytes(blocks) + chunkRows(m, Math.max(nx, ny)) * m * 8 * 2, `the ${nx}×${ny} empirical NTK of a width-${m} network`, rt.arena.occupiedBytes);
  withBlocks(rt.arena, blocks, ({ xPtr, yIn, pxPtr, pyIn, axPtr, ayIn, gPtr, cPtr, wPtr, exPtr, eyIn }) => {
    const yPtr = symmetric ? xPtr : yIn;
    const pyPtr = symmetric ? pxPtr : pyIn;
    const ayPtr = symmetric ? axPtr : ayIn;
    copyIn(rt.arena, xPtr, X.data);
    if (!symmetric) copyIn(rt.arena, yPtr, other.data);
    collect(st, xPtr, nx, pxPtr, trainA ? axPtr : 0);
    if (!symmetric) collect(st, yPtr, ny, pyPtr, trainA ? ayPtr : 0);

    // G = X·Yᵀ
    if (symmetric) syrkPtr(rt, nx, d, 1, xPtr, d, 0, gPtr, nx);
    else gemmPtr(rt, false, true, nx, ny, d, 1, xPtr, d, yPtr, d, 0, gPtr, ny);

    // C = S_X·diag(a²)·S_Yᵀ
    let alpha = s * s;
    if (uniform) {
      K.masked_gram_popcount(nx, ny, pxPtr, pyPtr, words, cPtr, ny, symmetric ? 1 : 0);
      alpha *= a[0] * a[0];
    } else {
      copyIn(rt.arena, wPtr, a.map(Math.abs));
      K.expand_patterns_f64(nx, m, pxPtr, words, wPtr, exPtr);
      if (symmetric) {
        syrkPtr(rt, nx, m, 1, exPtr, m, 0, cPtr, nx);
      } else {
        K.expand_patterns_f64(ny, m, pyPtr, words, wPtr, eyIn);
        gemmPtr(rt, false, true, nx, ny, m, 1, exPtr, m, eyIn, m, 0, cPtr, ny);
      }
    }
    // H = α·C ∘ (G + β), written over C
    K.hadamard_f64(nx * ny, alpha, cPtr, gPtr, net.hasBias ? 1 : 0, 0, cPtr);
    // + s²·σ(Z_X)·σ(Z_Y)ᵀ for a trained output layer
    if (trainA) {
      if (symmetric) syrkPtr(rt, nx, m, s * s, axPtr, m, 1, cPtr, nx);
      else gemmPtr(rt, false, true, nx, ny, m, s * s, axPtr, m, ayPtr, m, 1, cPtr, ny);
    }
    copyOut(rt.arena, cPtr, H.data);
  });
  return H;
}
