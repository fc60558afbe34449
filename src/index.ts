// ntk-dynamics: the public API. Everything a user imports comes from here.

export { ready, runtimeInfo, shutdown } from './runtime/runtime';
export { NotReadyError, DisposedError, BusyError, OutOfMemoryError } from './errors';
export type { Backend, ReadyOptions, RuntimeInfo } from './runtime/runtime';
export { Matrix } from './linalg/matrix';
export { matmul } from './linalg/matmul';
export type { MatmulOptions } from './linalg/matmul';
export { gram } from './linalg/gram';
export type { GramOptions } from './linalg/gram';
export { eigh, eigvalsh, SYMMETRY_TOLERANCE } from './linalg/eigh';
export type { EighOptions, EighResult } from './linalg/eigh';
export { Random } from './random';
export { TwoLayerReLU } from './nn/two-layer-relu';
export type { TwoLayerReLUOptions, TwoLayerReLUParams, NetworkGradient, Parameterization, LossConvention } from './nn/two-layer-relu';
export { analyticNtk } from './ntk/analytic';
export type { AnalyticNtkOptions } from './ntk/analytic';
export { lambdaMin, lambdaMax, spectrum } from './ntk/spectrum';
export { sphereData, normalizeRows } from './data/sphere';
export type { SphereDataOptions } from './data/sphere';
export { loadMnist, MnistUnavailableError } from './data/mnist';
export { gd } from './optimizers/gd';
export { heavyBall } from './optimizers/heavy-ball';
export { nesterov } from './optimizers/nesterov';
export { twoMomentum } from './optimizers/two-momentum';
export { qhm } from './optimizers/qhm';
export { optimizerLabel } from './optimizers/registry';
export type { Optimizer } from './optimizers/registry';
export { predictResidual } from './dynamics/predict';
export type { PredictOptions, ResidualPrediction } from './dynamics/predict';
export { predictOutputs } from './dynamics/outputs';
export type { OutputPredictOptions, OutputPrediction, OutputTestSet } from './dynamics/outputs';
export type { DynamicsOptions } from './dynamics/prediction';
export { besselJ, besselScaled } from './math/bessel';
export { integrate } from './math/rk45';
export type { OdeFunction, IntegrateOptions, IntegrateResult } from './math/rk45';
export { train, checkpointFromJSON, checkpointToJSON } from './training/train';
export type { TrainOptions, TrainResult, TrainProgress, RecordOptions, TrainCheckpoint, TrainTestSet } from './training/train';
export { fitRate, fitPowerLaw, theoreticalRate, maxLearningRate, criticalMomentum } from './dynamics/rates';
export type { RateFit, PowerLawFit, TheoreticalRate } from './dynamics/rates';
export { linearizationGap, GAP_THRESHOLD } from './dynamics/linearization-gap';
export type { LinearizationGap, RecordedRun } from './dynamics/linearization-gap';
export { toNpy, fromNpy } from './io/npy';
export type {
  ExperimentResult, RunResult, SweepResult, Curve, OdeCurve, FittedRate, TheoryRate, TrainingRecord, TestCurves,
} from './experiment/results';
export type { ExperimentConfig, RunSpec, OptimizerName } from './experiment/config';
export { VERSION } from './version';
