// Every optimizer the package knows, one descriptor each (descriptor.ts), and the lookups the
// trainer, the dynamics and the command line use. Adding an optimizer: its module, one member of
// the Optimizer union and one entry of OPTIMIZERS here; the compiler then demands every method.

import { describe, requireOptions } from '../args';
import { factoryNaming, optionNames } from './checks';
import type { Naming, OptimizerDescriptor } from './descriptor';
import { GD, type GdOptimizer } from './gd';
import { HEAVY_BALL, type HeavyBallOptimizer } from './heavy-ball';
import { NESTEROV, type NesterovOptimizer } from './nesterov';
import { NESTEROV_SC, type NesterovScOptimizer } from './nesterov-sc';
import { QHM, type QhmOptimizer } from './qhm';
import { TWO_MOMENTUM, type TwoMomentumOptimizer } from './two-momentum';

/** An optimizer: an immutable, validated description made by one of the factories. */
export type Optimizer = GdOptimizer | HeavyBallOptimizer | NesterovOptimizer | NesterovScOptimizer | TwoMomentumOptimizer | QhmOptimizer;
export type OptimizerKind = Optimizer['kind'];

export const OPTIMIZERS = {
  gd: GD,
  'heavy-ball': HEAVY_BALL,
  nesterov: NESTEROV,
  'nesterov-sc': NESTEROV_SC,
  'two-momentum': TWO_MOMENTUM,
  qhm: QHM,
} as const satisfies { readonly [K in OptimizerKind]: OptimizerDescriptor<Extract<Optimizer, { kind: K }>> };

/** The names of the command line and config files ('hb', 'nag', …), one per kind. */
export type OptimizerAlias = (typeof OPTIMIZERS)[OptimizerKind]['alias'];

/** The hyperparameters beside lr, over all optimizers ('momentum', 'damping', …). */
export type HyperparameterName = Optimizer extends infer O ? (O extends Optimizer ? Exclude<keyof O, 'kind' | 'lr'> : never) : never;

const DESCRIPTORS: readonly OptimizerDescriptor<Optimizer>[] = Object.values(OPTIMIZERS);

/** Every descriptor, in the registry's order. */
export function optimizerDescriptors(): readonly OptimizerDescriptor<Optimizer>[] {
  return DESCRIPTORS;
}

/**
 * The descriptor of an optimizer (already checked by requireOptimizer). The cast is the one place
 * where the kind of `o` is matched to its descriptor's type parameter, which TypeScript cannot
 * correlate through an index.
 */
export function descriptorOf<O extends Optimizer>(o: O): OptimizerDescriptor<O> {
  return OPTIMIZERS[o.kind as OptimizerKind] as unknown as OptimizerDescriptor<O>;
}

/** The descriptor with this command-line alias, or undefined. */
export function descriptorByAlias(alias: string): OptimizerDescriptor<Optimizer> | undefined {
  return DESCRIPTORS.find((d) => d.alias === alias);
}

function factories(): string {
  const names = [...new Set(DESCRIPTORS.map((d) => `${d.factory}()`))];
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/**
 * Checks that a value is one of the optimizer descriptions, validating its fields again (it may
 * have been built by hand or parsed from JSON), and returns a checked copy.
 */
export function requireOptimizer(fn: string, value: unknown): Optimizer {
  const v = value as Record<string, unknown> | null;
  const refuse = () => new TypeError(`${fn}: optimizer must come from ${factories()} (got ${describe(value)})`);
  if (v === null || typeof v !== 'object') throw refuse();
  const { kind, ...rest } = v;
  if (typeof kind !== 'string' || !Object.hasOwn(OPTIMIZERS, kind)) throw refuse();
  const d = OPTIMIZERS[kind as OptimizerKind] as OptimizerDescriptor<Optimizer>;
  try {
    return d.parse(requireOptions(d.factory, rest, optionNames(d)), factoryNaming(d.factory));
  } catch (error) {
    throw new (error instanceof RangeError ? RangeError : TypeError)(`${fn}: invalid optimizer: ${(error as Error).message}`);
  }
}

/** A short label, as the reports print it: "GD η=0.1", "HB η=0.1 β=0.9", "NAG η=0.1 ρ=3". */
export function optimizerLabel(o: Optimizer): string {
  const checked = requireOptimizer('optimizerLabel', o);
  return descriptorOf(checked).label(checked);
}

/**
 * The optimizer named by a command-line alias with step lr and the given hyperparameters (each
 * missing one at its descriptor's default), checked with messages worded by `naming`.
 */
export function optimizerFromSettings(alias: string, lr: number, settings: { readonly [K in HyperparameterName]?: number }, naming?: Naming): Optimizer {
  const d = descriptorByAlias(alias);
  if (!d) throw new RangeError(`unknown optimizer '${alias}' (known: ${DESCRIPTORS.map((x) => x.alias).join(', ')})`);
  const fields: Record<string, unknown> = { lr };
  for (const h of d.hyperparameters) fields[h.name] = (settings as Readonly<Record<string, number | undefined>>)[h.name] ?? h.default;
  return d.parse(fields, naming ?? factoryNaming(d.factory));
}
