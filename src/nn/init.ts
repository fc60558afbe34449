// Initial weights of the two-layer ReLU network (docs/theory.md#initialization), drawn from one seeded stream
// (random.ts) in a fixed order: W row by row (m × d), then a (m), then b (m) if there is a bias.
//
//   'ntk'      w_r ~ N(0, κ²·I), a_r uniform on {−1, +1}, b_r ~ N(0, κ²); output scaled by 1/√m.
//   'standard' w_r ~ N(0, (κ/m)²·I) (the authors' std = 1/m), a_r ~ U(−1, 1),
//              b_r ~ U(−1/√d, 1/√d) (PyTorch's default for a Linear bias); no 1/√m.

import { Random } from '../random';

/**
 * How a two-layer network scales its layers and draws its first weights
 * (docs/theory.md#parameterizations): 'ntk', f(x) = (1/√m)·Σ a_r·σ(w_rᵀx + b_r) with
 * w_r ~ N(0, κ²·I) and a_r = ±1 (the theory's scaling), or 'standard', the authors' PyTorch model,
 * f(x) = Σ a_r·σ(w_rᵀx + b_r) with w_r ~ N(0, (κ/m)²·I) and a_r ~ U(−1, 1).
 */
export type Parameterization = 'ntk' | 'standard';

export interface InitialWeights {
  W: Float64Array;
  a: Float64Array;
  b?: Float64Array;
}

export function drawWeights(inputDim: number, width: number, seed: number, scale: number, bias: boolean, p: Parameterization): InitialWeights {
  const rng = new Random(seed);
  const W = rng.fillNormal(new Float64Array(width * inputDim), p === 'ntk' ? scale : scale / width);
  const a = new Float64Array(width);
  if (p === 'ntk') for (let r = 0; r < width; r++) a[r] = rng.sign();
  else rng.fillUniform(a, -1, 1);
  let b: Float64Array | undefined;
  if (bias) {
    b = new Float64Array(width);
    if (p === 'ntk') rng.fillNormal(b, scale);
    else rng.fillUniform(b, -1 / Math.sqrt(inputDim), 1 / Math.sqrt(inputDim));
  }
  return { W, a, b };
}

/** The output scale s of f = s·Σ a_r σ(w_rᵀx + b_r). */
export function outputScale(width: number, p: Parameterization): number {
  return p === 'ntk' ? 1 / Math.sqrt(width) : 1;
}
