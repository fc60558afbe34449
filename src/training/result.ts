// What train() returns.

import type { Matrix } from '../linalg/matrix';

export interface TrainResult {
  status: 'converged' | 'completed' | 'diverged' | 'aborted';
  /** Steps taken. */
  stepsRun: number;
  /** The recorded steps k, with the loss, ‖r‖ and ‖W(k) − W(0)‖_F at each. */
  steps: number[];
  loss: number[];
  residualNorm: number[];
  weightDrift: number[];
  kernelDrift?: number[];
  lambdaMin?: number[];
  /** Rows: recorded steps; columns: vᵢᵀr in the eigenbasis of record.projectOn. */
  projections?: Matrix;
  /** The residual u − y at the start (for predictResidual). */
  initialResidual: Float64Array;
  elapsedMs: number;
  /** For 'diverged': why, and the largest stable learning rate from λ_max(H(W(0))) (docs/theory.md#stability). */
  message?: string;
  maxStableLearningRate?: number;
}
