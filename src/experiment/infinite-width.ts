// The infinite-width NTK of the experiment's network, between training points or between test and
// training points: analyticNtk with a bias turned into an input coordinate of 1
// (docs/theory.md#bias-kernel) and the output layer's kernel added when that layer is trained.

import { Matrix } from '../linalg/matrix';
import { analyticNtk } from '../ntk/analytic';
import type { ExperimentConfig } from './config';

/** The inputs as the infinite-width kernel of a network with a bias sees them: each row with a 1 appended. */
function withBiasCoordinate(X: Matrix): Matrix {
  const out = new Matrix(X.rows, X.cols + 1);
  for (let i = 0; i < X.rows; i++) {
    out.data.set(X.data.subarray(i * X.cols, (i + 1) * X.cols), i * (X.cols + 1));
    out.data[i * (X.cols + 1) + X.cols] = 1;
  }
  return out;
}

/**
 * H∞(X, Y) of the configuration's network in the NTK parameterization (Y = X by default, then
 * exactly symmetric): the kernel of its first layer, plus the output layer's when that is trained.
 */
export function infiniteWidthKernel(c: ExperimentConfig, X: Matrix, Y?: Matrix): Matrix {
  const lift = (m: Matrix) => (c.bias ? withBiasCoordinate(m) : m);
  return analyticNtk(lift(X), Y === undefined ? undefined : lift(Y), { layers: c.trainOutputLayer ? 'both' : 'first' });
}
