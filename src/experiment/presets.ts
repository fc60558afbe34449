// The authors' experiments (docs/theory.md#experiments): the first 600 MNIST digits, raw pixels, the digit as a
// real target; the standard parameterization (both layers and a bias trained, no 1/√m), mean
// loss; one full-batch step per epoch. `--steps` shortens any of them.

import { DEFAULT_CONFIG, type ExperimentConfig, type RunSpec } from './config';

// The loss-curve presets also evaluate every network on the 100 digits that follow the 600
// training ones: a forward pass of 100 digits per recorded step, about 1 % more time over 5000
// steps (recorded every 10th) and 8 % when --steps 500 or fewer records every step. A width
// sweep has no test split.
const MNIST: Partial<ExperimentConfig> = {
  dataset: 'mnist', n: 600, dim: 784, width: 3000, loss: 'mean', parameterization: 'standard', trainOutputLayer: true, bias: true,
  gapWidths: [], testN: 100,
};

const hb = (momentum: number, lr: number): RunSpec =>
  momentum === 0 ? { name: 'GD', optimizer: 'gd', lr } : { name: `HB β=${momentum}`, optimizer: 'hb', lr, momentum };
const nag = (damping: number, lr: number): RunSpec => ({ name: `NAG ρ=${damping}`, optimizer: 'nag', lr, damping });
const range = (from: number, to: number, step: number) => Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

export const PRESETS: Record<string, Partial<ExperimentConfig>> = {
  'hb-epoch': {
    ...MNIST, steps: 5000, runs: [0, 0.2, 0.5, 0.8].map((b) => hb(b, 1e-4)),
    description: 'Heavy ball against GD on MNIST (m = 3000, η = 10⁻⁴): the HB curves lie below GD, lower for larger β.',
  },
  'nag-epoch': {
    ...MNIST, steps: 5000, runs: [{ name: 'GD', optimizer: 'gd', lr: 1e-4 }, ...[2, 3, 6, 8].map((d) => nag(d, 1e-4))],
    description: 'Nesterov (NAG-C) against GD on MNIST (m = 3000, η = 10⁻⁴): on log–log axes the NAG curves are roughly straight, steeper for larger ρ.',
  },
  'hb-width': {
    ...MNIST, steps: 200, widths: range(2000, 8000, 500), testN: 0, runs: [0, 0.6, 0.9].map((b) => hb(b, 5e-5)),
    description: 'The loss at the end of heavy-ball training against the width m (2000 … 8000, η = 5·10⁻⁵): U-shaped, with the best width shrinking as β grows.',
  },
  'nag-width': {
    ...MNIST, steps: 200, widths: range(1000, 8000, 1000), seeds: 10, testN: 0, runs: [2, 4, 10].map((d) => nag(d, 5e-5)),
    description: 'The loss at the end of NAG-C training against the width m (1000 … 8000, η = 5·10⁻⁵, the mean over network seeds).',
  },
  'two-momentum': {
    ...MNIST, steps: 5000,
    runs: [
      { name: 'GD', optimizer: 'gd', lr: 1e-4 },
      { name: 'HB β=0.2', optimizer: 'hb', lr: 1e-4, momentum: 0.2 },
      { name: 'β₁=0.2, β₂=0.2', optimizer: 'two-momentum', lr: 1e-4, beta1: 0.2, beta2: 0.2 },
      { name: 'β₁=0.2, β₂=0.5', optimizer: 'two-momentum', lr: 1e-4, beta1: 0.2, beta2: 0.5 },
    ],
    description: 'Two momentum terms against heavy ball and GD on MNIST (m = 3000, η = 10⁻⁴).',
  },
};

export function presetConfig(name: string): ExperimentConfig {
  const preset = PRESETS[name];
  if (!preset) throw new RangeError(`unknown preset '${name}' (known: ${Object.keys(PRESETS).join(', ')})`);
  return { ...DEFAULT_CONFIG, ...preset } as ExperimentConfig;
}
