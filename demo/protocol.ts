// Messages between the demo page and its training worker.

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

export type ToWorker = { type: 'run'; config: DemoConfig } | { type: 'stop' };

export interface Curve {
  steps: number[];
  loss: number[];
}

export type FromWorker =
  | { type: 'ready'; backend: string }
  | { type: 'setup'; lambda0: number; lambdaMax: number; spectrum: number[]; predictions: Record<string, { discrete: Curve; ode: Curve }> }
  | { type: 'progress'; optimizer: string; steps: number[]; loss: number[] }
  | { type: 'run-end'; optimizer: string; status: string; finalLoss: number; steps: number; fit: number[] }
  | { type: 'done'; stopped: boolean; elapsedMs: number }
  | { type: 'error'; message: string };
