// ntk-dynamics: the public API. Everything a user imports comes from here.

export { ready, runtimeInfo } from './runtime/runtime';
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
export { gd, heavyBall, nesterov, twoMomentum, optimizerLabel } from './optim/optimizers';
export type { Optimizer } from './optim/optimizers';
export { predictResidual } from './dynamics/predict';
export type { PredictOptions, ResidualPrediction } from './dynamics/predict';
export { besselJ, besselScaled } from './dynamics/bessel';
export { integrate } from './dynamics/rk45';
export type { OdeFunction, IntegrateOptions, IntegrateResult } from './dynamics/rk45';
