// What train() returns.

import type { Matrix } from '../linalg/matrix';

/** What train() returns: how the run ended and what it recorded. */
export interface TrainResult {
  /**
   * 'completed': all steps taken; 'converged': the loss reached the tolerance; 'diverged': the loss
   * grew past divergenceFactor × its start (see message); 'aborted': the signal stopped the run.
   */
  status: 'converged' | 'completed' | 'diverged' | 'aborted';
  /** Steps taken. */
  stepsRun: number;
  /** The recorded steps k, with the loss, ‖r‖ and ‖W(k) − W(0)‖_F at each. */
  steps: number[];
  /** The loss at each recorded step (at the iterate x_k for NAG), in the run's convention. */
  loss: number[];
  /** ‖u − y‖ at each recorded step. */
  residualNorm: number[];
  /** ‖W(k) − W(0)‖_F of the first layer's weights at each recorded step. */
  weightDrift: number[];
  /** ‖H(k) − H(0)‖_F of the empirical NTK at each recorded step, with record.kernelDrift. */
  kernelDrift?: number[];
  /** λ_min of the empirical NTK at each recorded step, with record.lambdaMin. */
  lambdaMin?: number[];
  /** Rows: recorded steps; columns: vᵢᵀr in the eigenbasis of record.projectOn. */
  projections?: Matrix;
  /** The loss on options.test (against test.y, in the run's convention over the nTest points) at each recorded step. */
  testLoss?: number[];
  /** Rows: recorded steps; columns: the network's outputs on options.test.X, with record.testOutputs. */
  testOutputs?: Matrix;
  /** The residual u − y at the start (for predictResidual). */
  initialResidual: Float64Array;
  /** Wall-clock milliseconds of the run. */
  elapsedMs: number;
  /** For 'diverged': why, and the largest stable learning rate from λ_max(H(W(0))) (docs/theory.md#stability). */
  message?: string;
  /** For 'diverged': the largest stable step from λ_max(H(W(0))) (docs/theory.md#stability). */
  maxStableLearningRate?: number;
}
