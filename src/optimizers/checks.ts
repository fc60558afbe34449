// The checks the optimizer descriptions share: option objects, steps, momenta, and the wording of
// a factory's messages ("heavyBall: momentum must be in [0, 1) (got 1)").

import { describe, requireOptions } from '../args';
import type { Naming, OptimizerDescriptor, OptimizerFields } from './descriptor';

/** Messages of the factory `fn`: 'heavyBall: momentum', 'twoMomentum: (beta1, beta2) = (0.2, 0.8)'. */
export function factoryNaming(fn: string): Naming {
  return {
    param: (name) => `${fn}: ${name}`,
    values: (entries) => `${fn}: (${entries.map(([name]) => name).join(', ')}) = (${entries.map(([, v]) => v).join(', ')})`,
  };
}

/** The option names of a descriptor: lr and its hyperparameters. */
export function optionNames(d: OptimizerDescriptor<OptimizerFields>): string[] {
  return ['lr', ...d.hyperparameters.map((h) => h.name)];
}

/** The options object of a factory call, checked to be an object with only the descriptor's options. */
export function factoryOptions(d: OptimizerDescriptor<OptimizerFields>, fn: string, opts: unknown): Record<string, unknown> {
  return requireOptions(fn, opts as object, optionNames(d)) as Record<string, unknown>;
}

/** A positive finite number. */
export function positive(naming: Naming, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0)) throw new RangeError(`${naming.param(name)} must be a positive finite number (got ${describe(v)})`);
  return v;
}

/** A number in [0, 1). */
export function inUnitInterval(naming: Naming, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v >= 1) throw new RangeError(`${naming.param(name)} must be in [0, 1) (got ${describe(v)})`);
  return v;
}

/** A finite number. */
export function finite(naming: Naming, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${naming.param(name)} must be a finite number (got ${describe(v)})`);
  return v;
}
