// The experiment's test split: the kernels between the held-out and the training points, computed
// once, and for every run the test loss that two constant-kernel models predict at the recorded
// steps, beside the network's own (docs/theory.md#test-predictions):
//   - the linearized network: H(0) and K₀(X*, X) of the initial network, its outputs f₀ on both sets;
//   - the infinite-width network: H∞ and K∞(X*, X), f₀ = 0 (NTK parameterization only).
// Both by the optimizer's own recurrence at the run's step (predictOutputs in discrete mode), as
// the training loss's linearized prediction, so that the three curves differ only in the model.

import type { Matrix } from '../linalg/matrix';
import type { EighResult } from '../linalg/eigh';
import type { TwoLayerReLU } from '../nn/two-layer-relu';
import type { LossConvention } from '../nn/loss';
import { predictOutputs } from '../dynamics/outputs';
import { maxStableLearningRate } from '../dynamics/modes';
import type { Optimizer } from '../optimizers/registry';
import { formatBytes } from '../runtime/limits';
import type { ExperimentConfig } from './config';
import type { DataSet } from './data';
import { infiniteWidthKernel } from './infinite-width';
import type { TestCurves } from './results';

/**
 * The most memory one prediction may take (predictOutputs keeps every step's outputs on both
 * sets): beyond it the prediction is left out with a note rather than risk the run's end. The
 * authors' MNIST runs (5000 steps, 600 + 100 points) need about 100 MB.
 */
const PREDICTION_MAX_BYTES = 2 ** 30;

/** A constant-kernel model on the test split: the training kernel's eigenbasis, K(X*, X), and f₀ (0 when absent). */
interface KernelModel {
  basis: EighResult;
  kernel: Matrix;
  f0Train?: Float64Array;
  f0Test?: Float64Array;
}

/** What a run's test curves are computed from. */
export interface RunOnTestSplit {
  optimizer: Optimizer;
  loss: LossConvention;
  /** The training targets. */
  y: Float64Array;
  /** Steps the network took (the predictions run as far). */
  stepsRun: number;
  /** The recorded steps. */
  steps: number[];
  /** The network's test loss at those steps (train()'s testLoss). */
  network: number[];
  /** Called with a sentence when a prediction is left out for its size. */
  onNote?: (text: string) => void;
}

/** The held-out points and the kernel models of them, shared by every run of an experiment. */
export class TestSplit {
  private constructor(
    readonly points: DataSet,
    private readonly linearized: KernelModel,
    private readonly infiniteWidth: KernelModel | undefined,
  ) {}

  /**
   * The models of the test split for the network `initial` on the training inputs X: K₀(X*, X)
   * and f₀ from the network, K∞(X*, X) for the NTK parameterization. basisH0 and basisTheory are
   * the eigenbases of H(0) and of the theory kernel (H∞ for the NTK parameterization).
   */
  static prepare(c: ExperimentConfig, points: DataSet, X: Matrix, initial: TwoLayerReLU, basisH0: EighResult, basisTheory: EighResult): TestSplit {
    const linearized = { basis: basisH0, kernel: initial.empiricalNtk(points.X, X), f0Train: initial.predict(X), f0Test: initial.predict(points.X) };
    const infinite = c.parameterization === 'ntk' ? { basis: basisTheory, kernel: infiniteWidthKernel(c, points.X, X) } : undefined;
    return new TestSplit(points, linearized, infinite);
  }

  /** A run's test curves: the network's loss and the two predictions at the same steps. */
  curves(run: RunOnTestSplit): TestCurves {
    return {
      steps: run.steps,
      network: run.network,
      linearized: this.predict(this.linearized, run, 'linearized'),
      infiniteWidth: this.infiniteWidth ? this.predict(this.infiniteWidth, run, 'infinite-width') : null,
    };
  }

  /** The model's test loss at the recorded steps; null where its recurrence is unstable (or too large to keep). */
  private predict(model: KernelModel, run: RunOnTestSplit, what: string): number[] | null {
    const n = model.basis.values.length;
    const nTest = this.points.X.rows;
    // the kernel the residual sees is (2/n)·H for the mean loss: the same limit as linearizedStable's
    const scale = run.loss === 'mean' ? 2 / n : 1;
    if (!(run.optimizer.lr < maxStableLearningRate(run.optimizer, model.basis.values[n - 1] * scale))) return null;
    const bytes = (run.stepsRun + 1) * (4 * n + 2 * nTest + 4) * 8;
    if (bytes > PREDICTION_MAX_BYTES) {
      run.onNote?.(`the ${what} test prediction is left out: ${run.stepsRun} steps of ${n} + ${nTest} outputs would need ${formatBytes(bytes)}`);
      return null;
    }
    const p = predictOutputs(model.basis, run.y, {
      optimizer: run.optimizer, mode: 'discrete', steps: run.stepsRun, loss: run.loss,
      ...(model.f0Train ? { f0Train: model.f0Train } : {}),
      test: { kernel: model.kernel, y: this.points.y, ...(model.f0Test ? { f0: model.f0Test } : {}) },
    });
    return run.steps.map((k) => p.testLoss![k]);
  }
}
