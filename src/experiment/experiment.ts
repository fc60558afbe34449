// The experiment behind `ntk-dynamics run`: data, a network, its kernels and spectrum, and for
// every optimizer a real training run beside the linearized and ODE predictions, the fitted and
// the theoretical rates, and its loss on the test split beside that split's predictions
// (test-split.ts). Plain data out (results.json is this object), no printing.

import type { Matrix } from '../linalg/matrix';
import { eigh, type EighResult } from '../linalg/eigh';
import { TwoLayerReLU } from '../nn/two-layer-relu';
import { checkpointFromJSON, checkpointToJSON, train, type TrainCheckpoint, type TrainProgress } from '../training/train';
import { predictResidual, type ResidualPrediction } from '../dynamics/predict';
import { fitPowerLaw, fitRate, theoreticalRate, type RateFit } from '../dynamics/rates';
import { linearizationGap, type LinearizationGap } from '../dynamics/linearization-gap';
import { maxStableLearningRate } from '../dynamics/modes';
import type { Optimizer } from '../optimizers/registry';
import { gapWidthsOf, isSweep, optimizerOf, timePerStep, type ExperimentConfig } from './config';
import { loadData } from './data';
import { infiniteWidthKernel } from './infinite-width';
import { TestSplit } from './test-split';
import {
  fittedRate, RESULTS_FORMAT, RESULTS_FORMAT_VERSION, runIds, theoryRate, upgradeRun,
  type Curve, type ExperimentResult, type RunResult, type SweepResult, type WidthGapResult,
} from './results';

export type { Curve, ExperimentResult, RunResult, SweepResult, WidthGapResult } from './results';
export { GAP_DEFINITIONS } from './results';


export interface ExperimentHooks {
  onRunStart?: (index: number, name: string, steps: number) => void;
  onProgress?: (index: number, p: TrainProgress) => void;
  onRunEnd?: (index: number, run: RunResult) => void;
  onNote?: (text: string) => void;
  /** The width panel finished a width: the mean gaps of each run there. */
  onWidthGap?: (width: number, runs: { name: string; residualGap: number; worstLossRatio: number }[]) => void;
  /**
   * The result so far (status 'completed' until the end): once the data is loaded, when the
   * spectra are known, after every run (or sweep point). Called with the live object: copy it.
   */
  onPartial?: (result: ExperimentResult) => void;
  /** The theory kernel (H∞, or H(0) for the standard parameterization), once computed, for exports. */
  onKernel?: (name: ExperimentResult['theoryKernel'], kernel: Matrix) => void;
  signal?: AbortSignal;
  /**
   * The experiment so far, to resume it later (runExperiment's `resume`): after every finished
   * training, about every `stateEveryMs` during one (default 60 000), and when aborted.
   */
  onState?: (state: ExperimentState) => void | Promise<void>;
  stateEveryMs?: number;
}

/**
 * An experiment stopped part-way: its configuration, the runs (or sweep trainings) that
 * finished, and the checkpoint of the training under way. JSON-safe.
 */
export interface ExperimentState {
  format: 'ntk-dynamics-experiment-state/1';
  config: ExperimentConfig;
  startedAt: string;
  /** Finished runs of a curves experiment, in order. */
  runs: RunResult[];
  /** Final losses of a width sweep's finished trainings: sweepLoss[run][width] lists one per seed done. */
  sweepLoss?: number[][][];
  /** Gaps measured for the width panel, by training key (null: that linearized model diverged). */
  gaps?: Record<string, LinearizationGap | null>;
  /** The training under way: which one, and its train() checkpoint (checkpointToJSON's value). */
  current?: { key: string; checkpoint: unknown };
}

function network(c: ExperimentConfig, width: number, seed: number): TwoLayerReLU {
  return TwoLayerReLU.init({
    inputDim: c.dim, width, seed, parameterization: c.parameterization, trainOutputLayer: c.trainOutputLayer, bias: c.bias,
  });
}

/** fitRate, or null when the curve is too short (or too flat) to fit. */
function fitOrNull(steps: number[], loss: number[]): RateFit | null {
  try {
    return fitRate(steps, loss);
  } catch {
    return null;
  }
}

function sample(p: ResidualPrediction, steps: number[]): Curve {
  return { steps, loss: steps.map((k) => p.loss[k]) };
}

/**
 * Runs an experiment: every run of `c` (or every width, run and seed of a sweep), with its
 * predictions. With `resume` (an ExperimentState from onState) it skips what finished and
 * continues the training under way from its checkpoint: the result is the same as one run's.
 */
export async function runExperiment(c: ExperimentConfig, version: string, backend: string, hooks: ExperimentHooks = {}, resume?: ExperimentState): Promise<ExperimentResult> {
  const started = performance.now();
  const { X, y, source, test } = await loadData(c);
  const n = X.rows;
  const sweeping = isSweep(c);
  const every = sweeping ? c.steps || 1 : Math.max(1, Math.floor(c.steps / 500));
  const result: ExperimentResult = {
    format: RESULTS_FORMAT, formatVersion: RESULTS_FORMAT_VERSION,
    version, config: c, status: 'completed', startedAt: resume?.startedAt ?? new Date().toISOString(), elapsedMs: 0, backend,
    data: { n, d: X.cols, source, ...(test ? { test: { n: test.X.rows, source: test.source } } : {}) }, recordEvery: every, theoryKernel: c.parameterization === 'ntk' ? 'H∞' : 'H(0)',
    lambda0: NaN, lambdaMax: NaN, spectrum: { theory: [], H0: [] }, runs: [],
  };
  const partial = () => {
    result.elapsedMs = performance.now() - started;
    hooks.onPartial?.(result);
  };
  partial();
  const saver = new StateSaver(c, result.startedAt, hooks, resume);
  const ids = runIds(c.runs);
  if (sweeping) {
    result.sweep = { widths: c.widths!, seeds: c.seeds ?? 1, runs: c.runs.map((r, i) => ({ id: ids[i], name: r.name, loss: [] })) };
    await sweep(c, X, y, hooks, saver, result.sweep, partial);
    result.status = hooks.signal?.aborted ? 'aborted' : 'completed';
    result.elapsedMs = performance.now() - started;
    return result;
  }
  if (hooks.signal?.aborted) {
    result.status = 'aborted';
    return result;
  }
  const initial = network(c, c.width, c.seed);
  hooks.onNote?.(`kernels and spectra of the ${n} × ${n} NTK …`);
  const H0 = initial.empiricalNtk(X);
  const theoryKernel = c.parameterization === 'ntk' ? infiniteWidthKernel(c, X) : H0;
  hooks.onKernel?.(result.theoryKernel, theoryKernel);
  const basisH0: EighResult = eigh(H0);
  const basisTheory: EighResult = theoryKernel === H0 ? basisH0 : eigh(theoryKernel);
  const testSplit = test ? TestSplit.prepare(c, test, X, initial, basisH0, basisTheory) : undefined;
  // The kernel that the residual sees: (2/n)·H for the mean loss.
  const scale = c.loss === 'mean' ? 2 / n : 1;
  result.spectrum = { theory: Array.from(basisTheory.values), H0: Array.from(basisH0.values) };
  result.lambda0 = basisTheory.values[0];
  result.lambdaMax = basisTheory.values[n - 1];
  partial();
  // The kernel drift costs one empirical NTK per record: kept for moderate n·m only.
  const kernelDrift = n * c.width <= 1e6;
  if (!kernelDrift) hooks.onNote?.(`kernel drift not recorded: n·m = ${n * c.width} makes an NTK per record too slow`);

  for (let index = 0; index < c.runs.length; index++) {
    if (hooks.signal?.aborted) break;
    const spec = c.runs[index];
    const done = saver.finishedRun(index);
    if (done) {
      const run = upgradeRun(done, ids[index], timePerStep(spec));
      result.runs.push(run);
      hooks.onRunEnd?.(index, run);
      partial();
      continue;
    }
    const optimizer = optimizerOf(spec);
    const net = initial.clone();
    hooks.onRunStart?.(index, spec.name, c.steps);
    const key = `run:${index}`;
    // The residual's projections feed the linearization gap, measured only where the linearized
    // model is stable (known before training, from λ_max(H(0))); elsewhere they are not recorded.
    const predictable = optimizer.lr < maxStableLearningRate(optimizer, basisH0.values[n - 1] * scale);
    const trained = await train(net, X, y, {
      optimizer, steps: c.steps, loss: c.loss, record: { every, kernelDrift, ...(predictable ? { projectOn: basisH0 } : {}) }, signal: hooks.signal,
      onProgress: (p) => hooks.onProgress?.(index, p),
      ...(test ? { test: { X: test.X, y: test.y } } : {}),
      ...saver.trainOptions(key),
    });
    const steps = trained.steps;
    const K = trained.stepsRun;
    const linear = predictResidual(basisH0, trained.initialResidual, { optimizer, mode: 'discrete', steps: K, loss: c.loss, amplitudes: K * n <= 1e7 });
    const ode = predictResidual(basisTheory, trained.initialResidual, { optimizer, mode: 'flow', steps: K, loss: c.loss });
    const linearizedCurve = sample(linear, steps);
    const stable = linear.stable && linear.divergedAt === undefined;
    const { initialResidual: _r, projections: _p, testLoss, testOutputs: _o, ...record } = trained;
    void _r;
    void _p;
    void _o;
    const perStep = timePerStep(spec);
    const run: RunResult = {
      id: ids[index], name: spec.name, spec,
      training: { ...record, initialLoss: trained.loss[0] },
      linearized: linearizedCurve,
      ode: { ...sample(ode, steps), times: steps.map((k) => ode.times[k]), timeMap: ode.timeMap, timePerStep: perStep, model: ode.model },
      fitted: fittedRate(trained.status === 'diverged' ? null : fitOrNull(steps, trained.loss)),
      linearizedFit: fittedRate(stable ? fitOrNull(steps, linearizedCurve.loss) : null),
      theoretical: theoryRate(theoreticalRate(basisTheory.values.map((v) => v * scale), optimizer), perStep),
      gap: stable && trained.status !== 'diverged' ? linearizationGap(trained, linear) : null,
      ...(trained.kernelDrift ? { kernelDriftOverLambda0: Math.max(...trained.kernelDrift) / result.lambda0 } : {}),
      linearizedStable: linear.stable,
      maxStableLearningRate: linear.maxStableLearningRate,
      ...(testSplit ? {
        test: testSplit.curves({ optimizer, loss: c.loss, y, stepsRun: K, steps, network: testLoss!, onNote: (text) => hooks.onNote?.(`${spec.name}: ${text}`) }),
      } : {}),
    };
    if (!linear.stable) {
      hooks.onNote?.(`${spec.name}: η = ${spec.lr} is above the linearized model's stable limit ${linear.maxStableLearningRate.toPrecision(3)} (from λ_max(H(0))): its predictions diverge and are left out`);
    }
    result.runs.push(run);
    net.dispose();
    hooks.onRunEnd?.(index, run);
    partial();
    if (trained.status === 'aborted') {
      result.status = 'aborted';
      break;
    }
    await saver.runFinished(run);
  }
  initial.dispose();
  if (!hooks.signal?.aborted && gapWidthsOf(c).length) {
    result.widthGap = emptyWidthGap(c);
    await widthGap(c, X, y, hooks, saver, result.widthGap, partial);
  }
  if (hooks.signal?.aborted) result.status = 'aborted';
  result.elapsedMs = performance.now() - started;
  return result;
}

/**
 * The width panel: every run trained again at each of c.gapWidths for c.gapSeeds network seeds,
 * each against its own linearized model (its own H(0)); the mean gaps per width, and their
 * power-law fits against m, filled into `out` width by width (what finished before an abort stays).
 */
function emptyWidthGap(c: ExperimentConfig): WidthGapResult {
  const ids = runIds(c.runs);
  return {
    widths: [], seeds: c.gapSeeds ?? 1, steps: c.steps, theoryExponent: -0.5,
    runs: c.runs.map((r, i) => ({ id: ids[i], name: r.name, residualGap: [], worstLossRatio: [], fit: null, lossRatioFit: null })),
  };
}

async function widthGap(c: ExperimentConfig, X: Matrix, y: Float64Array, hooks: ExperimentHooks, saver: StateSaver, out: WidthGapResult, partial: () => void): Promise<void> {
  const widths = [...new Set(gapWidthsOf(c))].sort((a, b) => a - b);
  const seeds = out.seeds;
  const every = Math.max(1, Math.floor(c.steps / 500));
  hooks.onNote?.(`the gap to the linearized model at widths ${widths.join(', ')} (${seeds} seed${seeds > 1 ? 's' : ''} each) …`);
  let index = c.runs.length;
  for (const width of widths) {
    const means: { name: string; residualGap: number; worstLossRatio: number }[] = [];
    for (let r = 0; r < c.runs.length; r++) {
      const optimizer = optimizerOf(c.runs[r]);
      let residual = 0, ratio = 0, measured = 0;
      for (let s = 0; s < seeds; s++) {
        const key = `gap:${width}:${r}:${s}`;
        let gap = saver.gap(key);
        if (gap === undefined) {
          if (hooks.signal?.aborted) return;
          hooks.onRunStart?.(index, `width panel, m = ${width}: ${c.runs[r].name}, seed ${s + 1}/${seeds}`, c.steps);
          gap = await measureGap(c, X, y, width, c.seed + s, optimizer, every, hooks, index);
          if (gap === undefined) return; // aborted
          await saver.gapMeasured(key, gap);
        }
        if (gap !== null && gap.residualGap !== undefined) {
          residual += gap.residualGap;
          ratio += gap.worstLossRatio;
          measured++;
        }
      }
      index++;
      means.push({ name: c.runs[r].name, residualGap: measured ? residual / measured : NaN, worstLossRatio: measured ? ratio / measured : NaN });
    }
    out.widths.push(width);
    means.forEach((m, r) => {
      out.runs[r].residualGap.push(m.residualGap);
      out.runs[r].worstLossRatio.push(m.worstLossRatio);
    });
    fitWidthGap(out);
    hooks.onWidthGap?.(width, means);
    partial();
  }
}

/** One training of the width panel: its gap, null if the linearized model diverges, undefined if aborted. */
async function measureGap(c: ExperimentConfig, X: Matrix, y: Float64Array, width: number, seed: number, optimizer: Optimizer, every: number, hooks: ExperimentHooks, index: number): Promise<LinearizationGap | null | undefined> {
  const net = network(c, width, seed);
  try {
    const basis = eigh(net.empiricalNtk(X));
    const trained = await train(net, X, y, {
      optimizer, steps: c.steps, loss: c.loss, record: { every, projectOn: basis }, signal: hooks.signal,
      onProgress: (p) => hooks.onProgress?.(index, p),
    });
    if (trained.status === 'aborted') return undefined;
    const linear = predictResidual(basis, trained.initialResidual, { optimizer, mode: 'discrete', steps: trained.stepsRun, loss: c.loss, amplitudes: true });
    if (!linear.stable || linear.divergedAt !== undefined || trained.status === 'diverged') return null;
    return linearizationGap(trained, linear);
  } finally {
    net.dispose();
  }
}

/** The power-law fits of the widths measured so far. */
function fitWidthGap(out: WidthGapResult): void {
  for (const run of out.runs) {
    const ok = out.widths.map((_, i) => i).filter((i) => run.residualGap[i] > 0 && run.worstLossRatio[i] > 1);
    if (ok.length < 2) continue;
    run.fit = fitPowerLaw(ok.map((i) => out.widths[i]), ok.map((i) => run.residualGap[i]));
    run.lossRatioFit = fitPowerLaw(ok.map((i) => out.widths[i]), ok.map((i) => Math.log(run.worstLossRatio[i])));
  }
}

async function sweep(c: ExperimentConfig, X: Matrix, y: Float64Array, hooks: ExperimentHooks, saver: StateSaver, out: SweepResult, partial: () => void): Promise<void> {
  const { widths, seeds } = out;
  let index = 0;
  for (let w = 0; w < widths.length; w++) {
    const width = widths[w];
    for (let r = 0; r < c.runs.length; r++) {
      if (hooks.signal?.aborted) return;
      for (let s = saver.sweepSeedsDone(r, w); s < seeds; s++) {
        const net = network(c, width, c.seed + s);
        hooks.onRunStart?.(index, `${c.runs[r].name}, m = ${width}${seeds > 1 ? `, seed ${s + 1}/${seeds}` : ''}`, c.steps);
        const trained = await train(net, X, y, {
          optimizer: optimizerOf(c.runs[r]), steps: c.steps, loss: c.loss, record: { every: c.steps || 1 }, signal: hooks.signal,
          onProgress: (p) => hooks.onProgress?.(index, p),
          ...saver.trainOptions(`sweep:${w}:${r}:${s}`),
        });
        net.dispose();
        if (trained.status === 'aborted') return;
        await saver.sweepTrained(r, w, trained.loss[trained.loss.length - 1]);
      }
      const losses = saver.sweepLosses(r, w);
      out.runs[r].loss.push(losses.reduce((a, b) => a + b, 0) / losses.length);
      index++;
      partial();
    }
  }
}

/**
 * Keeps the ExperimentState as runs finish and trainings checkpoint, hands it to hooks.onState,
 * and answers what a resumed experiment may skip or continue.
 */
class StateSaver {
  private readonly state: ExperimentState;

  constructor(config: ExperimentConfig, startedAt: string, private readonly hooks: ExperimentHooks, resume?: ExperimentState) {
    this.state = resume
      ? { ...resume, runs: [...resume.runs], sweepLoss: resume.sweepLoss?.map((r) => r.map((w) => [...w])), gaps: { ...resume.gaps } }
      : { format: 'ntk-dynamics-experiment-state/1', config, startedAt, runs: [] };
  }

  /** A width-panel gap measured before the experiment was resumed (null: its model diverged). */
  gap(key: string): LinearizationGap | null | undefined {
    return this.state.gaps?.[key];
  }

  async gapMeasured(key: string, gap: LinearizationGap | null): Promise<void> {
    (this.state.gaps ??= {})[key] = gap;
    this.state.current = undefined;
    await this.emit();
  }

  /** A curves run that finished before the experiment was resumed. */
  finishedRun(index: number): RunResult | undefined {
    return this.state.runs[index];
  }

  async runFinished(run: RunResult): Promise<void> {
    this.state.runs.push(run);
    this.state.current = undefined;
    await this.emit();
  }

  sweepSeedsDone(r: number, w: number): number {
    return this.state.sweepLoss?.[r]?.[w]?.length ?? 0;
  }

  sweepLosses(r: number, w: number): number[] {
    return this.state.sweepLoss?.[r]?.[w] ?? [];
  }

  async sweepTrained(r: number, w: number, loss: number): Promise<void> {
    const all = (this.state.sweepLoss ??= []);
    ((all[r] ??= [])[w] ??= []).push(loss);
    this.state.current = undefined;
    await this.emit();
  }

  /** train()'s checkpoint and resume options for the training `key`. */
  trainOptions(key: string): { checkpoint?: { save: (cp: TrainCheckpoint) => Promise<void>; everyMs: number }; resume?: TrainCheckpoint } {
    if (!this.hooks.onState) return {};
    const current = this.state.current;
    const resume = current?.key === key ? checkpointFromJSON(current.checkpoint) : undefined;
    return {
      checkpoint: {
        everyMs: this.hooks.stateEveryMs ?? 60_000,
        save: async (cp) => {
          this.state.current = { key, checkpoint: checkpointToJSON(cp) };
          await this.emit();
        },
      },
      ...(resume ? { resume } : {}),
    };
  }

  private async emit(): Promise<void> {
    await this.hooks.onState?.(this.state);
  }
}
