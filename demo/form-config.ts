// The form's fields as a run configuration: every number is checked here, before anything reaches
// the worker, and a bad one is reported by the label the user sees ("points n"), not by the name
// of the library option it would have become.
import type { DemoConfig } from './protocol';

type OptimizerName = DemoConfig['optimizers'][number];

interface NumberField {
  name: 'n' | 'dim' | 'width' | 'steps' | 'lr' | 'momentum' | 'damping' | 'seed';
  /** The label on the page. */
  label: string;
  integer: boolean;
  min: number;
  max: number;
  /** The bounds that are not allowed themselves: η > 0, β < 1. */
  minExcluded?: boolean;
  maxExcluded?: boolean;
  /** The symbol in the label, for messages such as "0 ≤ β < 1". */
  symbol?: string;
  /** Only checked when this optimizer runs (β for HB, ρ for NAG) or for this data. */
  onlyFor?: OptimizerName;
  onlyForData?: DemoConfig['data'];
}

export const FIELDS: readonly NumberField[] = [
  { name: 'n', label: 'points n', integer: true, min: 2, max: 500 },
  { name: 'dim', label: 'dimension d', integer: true, min: 1, max: 100, onlyForData: 'sphere' },
  { name: 'width', label: 'width m', integer: true, min: 8, max: 65536 },
  { name: 'steps', label: 'steps', integer: true, min: 1, max: 100_000 },
  { name: 'lr', label: 'learning rate η', integer: false, min: 0, max: Number.MAX_VALUE, minExcluded: true },
  { name: 'momentum', label: 'momentum β (HB)', integer: false, min: 0, max: 1, maxExcluded: true, symbol: 'β', onlyFor: 'hb' },
  { name: 'damping', label: 'damping ρ (NAG)', integer: false, min: 1, max: 20, onlyFor: 'nag' },
  { name: 'seed', label: 'seed', integer: true, min: 0, max: 2 ** 32 - 1 },
];

/** What a form control holds: its text, and whether the browser could not read it as a number. */
export interface FieldValue {
  value: string;
  badInput?: boolean;
}

export type ConfigResult =
  | { ok: true; config: DemoConfig }
  | { ok: false; field: string; message: string };

function rangeText(f: NumberField): string {
  const kind = f.integer ? 'a whole number' : 'a number';
  if (f.max === Number.MAX_VALUE) return `${kind} ${f.minExcluded ? 'above' : 'of at least'} ${f.min}`;
  if (f.symbol) return `${kind} with ${f.min} ${f.minExcluded ? '<' : '≤'} ${f.symbol} ${f.maxExcluded ? '<' : '≤'} ${f.max}`;
  return `${kind} from ${f.min} to ${f.max}`;
}

function check(f: NumberField, v: FieldValue): { value: number } | { message: string } {
  const text = v.value.trim();
  if (v.badInput) return { message: `${f.label} is not a number: enter ${rangeText(f)}.` };
  if (text === '') return { message: `${f.label} is empty: enter ${rangeText(f)}.` };
  const x = Number(text);
  const inRange = Number.isFinite(x) && (f.minExcluded ? x > f.min : x >= f.min) && (f.maxExcluded ? x < f.max : x <= f.max);
  if (!inRange || (f.integer && !Number.isInteger(x))) return { message: `${f.label} must be ${rangeText(f)} (got ${text}).` };
  return { value: x };
}

/**
 * The run configuration the form describes, or the first field that is wrong and why. `read`
 * gives a control's content by its name; `targetsFor(n)` gives the drawn curve's n targets.
 */
export function readConfig(read: (name: string) => FieldValue, targetsFor: (n: number) => number[]): ConfigResult {
  const data: DemoConfig['data'] = read('data').value === 'drawn' ? 'drawn' : 'sphere';
  const optimizers = (['gd', 'hb', 'nag'] as const).filter((k) => read(k).value === 'on');
  if (!optimizers.length) return { ok: false, field: 'gd', message: 'Pick at least one optimizer (GD, HB or NAG).' };
  const values: Partial<Record<NumberField['name'], number>> = {};
  for (const f of FIELDS) {
    if ((f.onlyFor && !optimizers.includes(f.onlyFor)) || (f.onlyForData && f.onlyForData !== data)) continue;
    const r = check(f, read(f.name));
    if ('message' in r) return { ok: false, field: f.name, message: r.message };
    values[f.name] = r.value;
  }
  const n = values.n!;
  return {
    ok: true,
    config: {
      data,
      targets: data === 'drawn' ? targetsFor(n) : undefined,
      n,
      // the drawn inputs are points on the unit circle
      dim: data === 'drawn' ? 2 : values.dim!,
      width: values.width!,
      steps: values.steps!,
      lr: values.lr!,
      // unused by the optimizers that were not picked; any valid value will do
      momentum: values.momentum ?? 0,
      damping: values.damping ?? 3,
      seed: values.seed!,
      optimizers,
    },
  };
}
