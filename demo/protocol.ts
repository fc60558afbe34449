// Messages between the demo page and its training worker. Every message about a run carries the
// run's id, so that the page can drop what a stopped or reset run still sends after it.

export interface DemoConfig {
  /** 'sphere': random unit vectors in ℝ^dim with N(0, 1) targets; 'drawn': the 1-D curve `targets`. */
  data: 'sphere' | 'drawn';
  /** For 'drawn': the n targets at drawnPositions(n). */
  targets?: number[];
  n: number;
  dim: number;
  width: number;
  steps: number;
  lr: number;
  momentum: number;
  damping: number;
  seed: number;
  optimizers: ('gd' | 'hb' | 'nag')[];
}

export type OptimizerName = DemoConfig['optimizers'][number];

export type ToWorker = { type: 'run'; runId: number; config: DemoConfig } | { type: 'stop' };

/** A loss curve: the loss at each of `steps` (the same type as the command's results.json). */
export type { Curve } from '../src/experiment/results';
import type { Curve } from '../src/experiment/results';

/** What the kernel predicts for one optimizer. */
export interface Prediction {
  /** Whether η is below the linearized model's stability limit (from λ_max of H(0)). */
  stable: boolean;
  /** That limit: the largest stable learning rate for this optimizer. */
  maxStableLearningRate: number;
  /** The linearized network (kernel H(0)) and the ODE limit (kernel H∞); only when stable. */
  discrete?: Curve;
  ode?: Curve;
}

export type RunStatus = 'converged' | 'completed' | 'diverged' | 'aborted';

export interface RunEnd {
  type: 'run-end';
  runId: number;
  optimizer: OptimizerName;
  status: RunStatus;
  /** Steps taken. */
  steps: number;
  finalLoss: number;
  /** The predicted losses at the same step (absent when the prediction is unstable). */
  linearized?: number;
  ode?: number;
  maxStableLearningRate: number;
  /** The network's outputs at the inputs (drawn data: the fitted curve). */
  fit: number[];
}

export type FromWorker =
  | { type: 'ready'; backend: string }
  | { type: 'setup'; runId: number; lambda0: number; lambdaMax: number; spectrum: number[]; initialLoss: number; predictions: Partial<Record<OptimizerName, Prediction>> }
  | { type: 'progress'; runId: number; optimizer: OptimizerName; steps: number[]; loss: number[] }
  | RunEnd
  | { type: 'done'; runId: number; stopped: boolean; elapsedMs: number }
  | { type: 'error'; runId?: number; message: string };
