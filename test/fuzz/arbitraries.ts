// Generators (fast-check arbitraries) of arguments: valid ones, valid but extreme ones, and hostile
// ones (wrong types, NaN/±Infinity/−0, negative, fractional and huge sizes, lying and forged
// matrices, throwing getters, unknown options, options that are not objects). Each argument says
// whether it is invalid in itself, so that a case knows what a correct library must do with it.

import fc from 'fast-check';
import type { FuzzCase } from './protocol';
import type { MatrixForgery, MatrixLie, Recipe } from './recipes';

export interface Arg {
  r: Recipe;
  /** What is hostile about it; empty for a plain valid argument. */
  tags: string[];
  /** Invalid whatever the other arguments are. */
  bad: boolean;
  /** A lying matrix: invalid if the lie takes effect, the honest original if it is refused. */
  lie?: boolean;
  /** Valid, but a typed error is an acceptable answer too (extreme sizes, throwing getters). */
  either?: boolean;
}

export const value = (v: unknown): Recipe => ({ k: 'value', v });
export const ok = (r: Recipe, ...tags: string[]): Arg => ({ r, tags, bad: false });
export const bad = (r: Recipe, ...tags: string[]): Arg => ({ r, tags, bad: true });
export const either = (r: Recipe, ...tags: string[]): Arg => ({ r, tags, bad: false, either: true });

/** A case from its arguments: invalid if any argument is, or if `contextValid` (shapes that do not fit) says so. */
export function makeCase(call: string, args: Arg[], contextValid = true, extra: { either?: boolean; tags?: string[] } = {}): FuzzCase {
  const invalid = !contextValid || args.some((a) => a.bad);
  const honest: FuzzCase['expect'] = invalid ? 'error' : extra.either || args.some((a) => a.either) ? 'either' : 'result';
  const lies = args.some((a) => a.lie);
  const tags = [...new Set([...args.flatMap((a) => a.tags), ...(extra.tags ?? []), ...(contextValid ? [] : ['mismatch'])])];
  return { call, args: args.map((a) => a.r), expect: lies ? 'error' : honest, ...(lies ? { expectIfLiesRefused: honest } : {}), tags };
}

// ---------------------------------------------------------------------------------------------
// Values of the wrong type

const WRONG_TYPES: Arg[] = [
  bad(value('3'), 'string'),
  bad(value(''), 'string'),
  bad(value('abc'), 'string'),
  bad(value(null), 'null'),
  bad(value(true), 'boolean'),
  bad(value(false), 'boolean'),
  bad(value(3n), 'bigint'),
  bad({ k: 'symbol', description: 'fuzz' }, 'symbol'),
  bad({ k: 'function', throws: false }, 'function'),
  bad({ k: 'object', entries: [] }, 'plainObject'),
  bad({ k: 'array', items: [] }, 'emptyArray'),
  bad({ k: 'array', items: [value('1'), value('2')] }, 'arrayOfStrings'),
  bad({ k: 'numberLike', v: 3 }, 'numberLike'),
  bad({ k: 'hostileProxy' }, 'hostileProxy'),
];

/** Anything but a number (undefined excluded: it means "the default" for optional parameters). */
export const wrongType: fc.Arbitrary<Arg> = fc.constantFrom(...WRONG_TYPES);

/** Numbers that break careless code: non-finite, signed zero, fractions, extremes. */
export const SPECIAL_NUMBERS = [NaN, Infinity, -Infinity, -0, 0, 1, -1, 0.5, 2.5, -2.5, 1e-300, 5e-324, -Number.MAX_VALUE];

/** Huge values: as sizes they ask for more memory than there is, as counts for more time. */
export const HUGE_NUMBERS = [1e300, Number.MAX_VALUE, 1e6, 1e8, 1e9, 2 ** 31, 2 ** 32, 2 ** 53, 2 ** 53 + 2, 1e21];

export function numberTags(x: number): string[] {
  if (Number.isNaN(x)) return ['nan'];
  if (!Number.isFinite(x)) return ['infinity'];
  const tags: string[] = [];
  if (Object.is(x, -0)) tags.push('negativeZero');
  if (x < 0) tags.push('negative');
  if (!Number.isInteger(x)) tags.push('fraction');
  if (Math.abs(x) >= 1e6) tags.push('huge');
  if (x !== 0 && Math.abs(x) < 1e-100) tags.push('tiny');
  return tags;
}

/**
 * A number parameter: valid values from `valid` (hostile = false), or special numbers (judged by
 * `classify`: 'ok', 'bad', or 'either' for valid-but-extreme) and values of the wrong type.
 */
export function numberArg(valid: fc.Arbitrary<number>, classify: (x: number) => 'ok' | 'bad' | 'either', opts: { optional?: boolean; hostile?: boolean; huge?: boolean } = {}): fc.Arbitrary<Arg> {
  const fromNumber = (x: number): Arg => {
    const c = classify(x);
    const tags = numberTags(x);
    return c === 'ok' ? ok(value(x), ...tags) : c === 'bad' ? bad(value(x), ...tags) : either(value(x), ...tags);
  };
  if (!opts.hostile) {
    return fc.oneof({ weight: 6, arbitrary: valid.map(fromNumber) }, ...(opts.optional ? [{ weight: 1, arbitrary: fc.constant(ok(value(undefined))) }] : []));
  }
  // Special values are judged by classify (some, like 0 or 1, may be valid); the rest are not numbers.
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_NUMBERS).map(fromNumber) },
    // huge: false for counts whose size is the caller's business (a training of 1e9 steps is
    // meant to run long, and can be aborted)
    { weight: opts.huge === false ? 0 : 1, arbitrary: fc.constantFrom(...HUGE_NUMBERS).map(fromNumber) },
    { weight: 2, arbitrary: wrongType },
    ...(opts.optional ? [] : [{ weight: 1, arbitrary: fc.constant(bad(value(undefined), 'undefined')) }]),
  );
}

/**
 * A size or count: valid integers in [min, max]; integers above max are valid in principle but
 * may be refused (or run out of memory): 'either'.
 */
export function sizeArg(min: number, max: number, opts: { optional?: boolean; hugeIsValid?: boolean; hostile?: boolean; huge?: boolean } = {}): fc.Arbitrary<Arg> {
  return numberArg(fc.integer({ min, max }), (x) => {
    if (!Number.isInteger(x) || x < min) return 'bad';
    if (x > max) return opts.hugeIsValid === false ? 'bad' : 'either';
    return 'ok';
  }, opts);
}

/** A boolean option: true/false (hostile = false), or truthy and falsy stand-ins. */
export function booleanArg(opts: { optional?: boolean; hostile?: boolean } = {}): fc.Arbitrary<Arg> {
  if (!opts.hostile) {
    return fc.oneof({ weight: 4, arbitrary: fc.boolean().map((b) => ok(value(b))) }, ...(opts.optional ? [{ weight: 1, arbitrary: fc.constant(ok(value(undefined))) }] : []));
  }
  return fc.constantFrom(bad(value(1), 'truthyNumber'), bad(value(0), 'falsyNumber'), bad(value('true'), 'string'), bad(value('false'), 'string'), bad(value(null), 'null'), bad({ k: 'object', entries: [] }, 'plainObject'));
}

/** One of the given strings (hostile = false), or a near miss or a wrong type. */
export function enumArg(values: readonly string[], opts: { optional?: boolean; hostile?: boolean } = {}): fc.Arbitrary<Arg> {
  if (!opts.hostile) {
    return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...values).map((v) => ok(value(v))) }, ...(opts.optional ? [{ weight: 1, arbitrary: fc.constant(ok(value(undefined))) }] : []));
  }
  const nearMisses = values.flatMap((v) => [v.toUpperCase(), ` ${v}`, v.slice(0, -1)]).filter((v) => !values.includes(v));
  return fc.oneof(
    fc.constantFrom(...nearMisses).map((v) => bad(value(v), 'unknownName')),
    wrongType,
    ...(opts.optional ? [] : [fc.constant(bad(value(undefined), 'undefined'))]),
  );
}

// ---------------------------------------------------------------------------------------------
// Options objects

export interface OptionsArg extends Arg {
  /** The fields as generated (empty when the options are not an object). */
  fields: Record<string, Arg>;
  /** Whether the fields reached the call as an object (so that they mean something). */
  isObject: boolean;
}

/**
 * An options object with a random subset of the known fields (the `required` ones nearly always),
 * or a hostile variant: an unknown key, a throwing getter, null, an array, a string, a Proxy.
 */
export function optionsArg(fields: Record<string, fc.Arbitrary<Arg>>, opts: { required?: string[]; optional?: boolean; hostile?: boolean } = {}): fc.Arbitrary<OptionsArg> {
  const required = opts.required ?? [];
  const keys = Object.keys(fields);
  // Required fields are nearly always present (always, for valid options), the others half the time.
  const record = fc.record(
    Object.fromEntries(keys.map((k) => [k, required.includes(k) && !opts.hostile ? fields[k] : fc.option(fields[k], { nil: undefined, freq: required.includes(k) ? 20 : 2 })])),
  ) as fc.Arbitrary<Record<string, Arg | undefined>>;
  const asObject = (present: Record<string, Arg>, extraTags: string[], extra: Partial<Arg> = {}, throwing: string[] = [], unknown?: [string, Arg]): OptionsArg => {
    const args = Object.values(present);
    const missing = required.filter((k) => !(k in present));
    const entries: [string, Recipe][] = Object.entries(present).filter(([k]) => !throwing.includes(k)).map(([k, a]) => [k, a.r]);
    if (unknown) entries.push([unknown[0], unknown[1].r]);
    return {
      r: { k: 'object', entries, ...(throwing.length ? { throwing } : {}) },
      tags: [...new Set([...args.flatMap((a) => a.tags), ...extraTags, ...(missing.length ? ['missingOption'] : [])])],
      bad: args.some((a) => a.bad) || missing.length > 0 || !!unknown || !!extra.bad,
      lie: args.some((a) => a.lie),
      either: args.some((a) => a.either) || throwing.length > 0,
      fields: present,
      isObject: true,
    };
  };
  const present = record.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as Record<string, Arg>);
  // Valid: every required field, any of the others (the fields themselves may still be hostile).
  const complete = present.map((p) => asObject(p, [])).filter((o) => !o.tags.includes('missingOption'));
  if (!opts.hostile) return complete;
  const choices: fc.WeightedArbitrary<OptionsArg>[] = [
    { weight: 2, arbitrary: present.map((p) => asObject(p, [])) },
    {
      weight: 1,
      arbitrary: fc.tuple(present, fc.constantFrom('unknownKey', 'Steps', 'lr ', '__proto__x', 'constructor')).map(([p, key]) => asObject(p, ['unknownOption'], {}, [], [key, ok(value(1))])),
    },
  ];
  if (keys.length > 0) {
    choices.push({
      weight: 1,
      arbitrary: fc.tuple(present, fc.constantFrom(...keys)).map(([p, key]) => asObject({ ...p, [key]: p[key] ?? ok(value(1)) }, ['throwingGetter'], {}, [key])),
    });
  }
  const notAnObject = (a: Arg): OptionsArg => ({ ...a, fields: {}, isObject: false });
  choices.push({
    weight: 1,
    arbitrary: fc.constantFrom(
      bad(value(null), 'nullOptions'),
      bad({ k: 'array', items: [] }, 'arrayOptions'),
      bad(value('options'), 'string'),
      bad(value(1), 'numberOptions'),
      bad({ k: 'hostileProxy' }, 'hostileProxy'),
      ...(opts.optional ? [] : [bad(value(undefined), 'undefined')]),
    ).map(notAnObject),
  });
  return fc.oneof(...choices);
}

/** The plain value of a field if it was generated as a primitive (else undefined). */
export function fieldValue(o: OptionsArg, key: string): unknown {
  const a = o.fields[key];
  return a && a.r.k === 'value' ? a.r.v : undefined;
}

// ---------------------------------------------------------------------------------------------
// Matrices

/** Finite entries: mostly modest, sometimes signed zeros, integers, or extreme magnitudes. */
export function entry(range: 'modest' | 'wide' = 'modest'): fc.Arbitrary<number> {
  const modest = fc.oneof(
    { weight: 6, arbitrary: fc.double({ min: -4, max: 4, noNaN: true, noDefaultInfinity: true }) },
    { weight: 2, arbitrary: fc.integer({ min: -8, max: 8 }) },
    { weight: 1, arbitrary: fc.constantFrom(0, -0, 1, -1) },
  );
  if (range === 'modest') return modest;
  const magnitude = fc.tuple(fc.integer({ min: -300, max: 300 }), fc.double({ min: 1, max: 9.99, noNaN: true }), fc.boolean())
    .map(([e, m, negative]) => (negative ? -1 : 1) * m * 10 ** e);
  return fc.oneof({ weight: 3, arbitrary: modest }, { weight: 2, arbitrary: magnitude }, { weight: 1, arbitrary: fc.constantFrom(5e-324, -5e-324, 2.2e-308, 1.7e308, -1.7e308) });
}

export function values(count: number, range: 'modest' | 'wide' = 'modest'): fc.Arbitrary<number[]> {
  return fc.array(entry(range), { minLength: count, maxLength: count });
}

export interface MatrixArg extends Arg {
  /** The honest shape (what the matrix is before any lie). */
  rows: number;
  cols: number;
  /** An honest or lying Matrix made by the constructor (not a forgery, not another type). */
  isMatrix: boolean;
  /** All entries finite (false when a NaN or ±Infinity was planted). */
  finite: boolean;
  /** The honest entries, row-major. */
  entries: number[];
}

function lieFor(rows: number, cols: number): fc.Arbitrary<{ lie: MatrixLie; tag: string; isLie: boolean }> {
  const n = rows * cols;
  const other = (x: number) => fc.constantFrom(x + 1, Math.max(0, x - 1), 0, 2 * x + 3, -1, NaN, 1e9).filter((v) => !Object.is(v, x));
  const fewer = fc.integer({ min: 0, max: Math.max(0, n - 1) });
  const choices: fc.Arbitrary<{ lie: MatrixLie; tag: string; isLie: boolean }>[] = [
    other(rows).map((v) => ({ lie: { how: 'assignRows', value: v }, tag: 'lie:assignRows', isLie: true })),
    other(cols).map((v) => ({ lie: { how: 'assignCols', value: v }, tag: 'lie:assignCols', isLie: true })),
    fc.constantFrom(0, n + 1, 2 * n + 5).filter((l) => l !== n).map((l) => ({ lie: { how: 'assignData', length: l }, tag: 'lie:assignData', isLie: true })),
    fc.constant({ lie: { how: 'honestProxy' } as MatrixLie, tag: 'proxyData', isLie: false }),
    fc.tuple(other(rows), other(cols)).filter(([r, c]) => r >= 0 && c >= 0 && Number.isInteger(r) && Number.isInteger(c))
      .map(([r, c]) => ({ lie: { how: 'subclassGetters', rows: r, cols: c }, tag: 'lie:subclassGetters', isLie: true })),
  ];
  if (n > 0) {
    choices.push(
      fewer.map((a) => ({ lie: { how: 'lyingLength', actual: a }, tag: 'lie:lyingLength', isLie: true })),
      fewer.map((a) => ({ lie: { how: 'proxyLength', actual: a }, tag: 'lie:proxyLength', isLie: true })),
      fewer.map((a) => ({ lie: { how: 'shrunkBuffer', actual: a }, tag: 'lie:shrunkBuffer', isLie: true })),
    );
  }
  return fc.oneof(...choices);
}

const FORGERIES: MatrixForgery[] = ['createFromPrototype', 'plainLiteral', 'throwingGetters'];

export interface MatrixArgOptions {
  range?: 'modest' | 'wide';
  /** Entries from this instead (e.g. symmetric matrices), given the shape. */
  entries?: (rows: number, cols: number) => fc.Arbitrary<number[]>;
  /** Also values that are not matrix-like at all (wrong types, nested arrays); default true. */
  otherTypes?: boolean;
  /** false (default): honest matrices only; true: hostile stand-ins only. */
  hostile?: boolean;
}

function honestMatrix(rows: number, cols: number, entries: number[], tags: string[] = []): MatrixArg {
  const finite = entries.every(Number.isFinite);
  return { r: { k: 'matrix', rows, cols, values: entries }, tags, bad: false, rows, cols, isMatrix: true, finite, entries };
}

/** A matrix argument of the given shape (or a hostile stand-in for one). */
export function matrixOfShape(rows: number, cols: number, o: MatrixArgOptions = {}): fc.Arbitrary<MatrixArg> {
  const entriesArb = o.entries ? o.entries(rows, cols) : values(rows * cols, o.range);
  const honest = entriesArb.map((e) => honestMatrix(rows, cols, e));
  if (!o.hostile) return honest;
  const n = rows * cols;
  const choices: fc.WeightedArbitrary<MatrixArg>[] = [];
  if (n > 0) {
    choices.push({
      weight: 1,
      arbitrary: fc.tuple(entriesArb, fc.nat({ max: n - 1 }), fc.constantFrom(NaN, Infinity, -Infinity))
        .map(([e, i, x]) => honestMatrix(rows, cols, e.map((v, j) => (j === i ? x : v)), ['nonFiniteEntry'])),
    });
  }
  choices.push(
    {
      weight: 2,
      arbitrary: fc.tuple(entriesArb, lieFor(rows, cols)).map(([e, { lie, tag, isLie }]) => ({
        ...honestMatrix(rows, cols, e, [tag]),
        r: { k: 'matrix', rows, cols, values: e, lie } as Recipe,
        lie: isLie,
        either: !isLie, // an honest Proxy may be accepted or refused
      })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(entriesArb, fc.constantFrom(...FORGERIES), fc.constantFrom(0, 1, -1)).map(([e, how, skew]) => ({
        ...honestMatrix(rows, cols, e, [`forged:${how}`, ...(skew ? ['forged:inconsistent'] : [])]),
        r: { k: 'forgedMatrix', how, rows: Math.max(0, rows + skew), cols, values: e } as Recipe,
        bad: true,
        isMatrix: false,
      })),
    },
  );
  if (o.otherTypes === false) return fc.oneof(...choices);
  choices.push(
    {
      weight: 1,
      arbitrary: fc.oneof(
        wrongType,
        fc.constant(bad({ k: 'array', items: Array.from({ length: rows }, () => ({ k: 'array', items: Array.from({ length: cols }, () => value(1)) }) as Recipe) }, 'nestedArray')),
        fc.constant(bad({ k: 'f64', values: Array.from({ length: n }, () => 1) }, 'float64Array')),
      ).map((a) => ({ ...a, rows, cols, isMatrix: false, finite: true, entries: [] })),
    },
  );
  return fc.oneof(...choices);
}

/** Symmetric entries B/2 + Bᵀ/2 (exactly symmetric, and no overflow at the extremes). */
export function symmetricEntries(range: 'modest' | 'wide' = 'modest'): (rows: number, cols: number) => fc.Arbitrary<number[]> {
  return (rows, cols) => values(rows * cols, range).map((b) => {
    if (rows !== cols) return b;
    const n = rows;
    return b.map((_, idx) => {
      const i = Math.floor(idx / n), j = idx % n;
      return i === j ? b[idx] : b[i * n + j] * 0.5 + b[j * n + i] * 0.5;
    });
  });
}

/** A small shape: dimensions in [min, max]. */
export function dim(min = 0, max = 6): fc.Arbitrary<number> {
  return fc.integer({ min, max });
}

// ---------------------------------------------------------------------------------------------
// Networks and optimizers

/** Valid TwoLayerReLU.init options for a small network. */
export function netOptions(inputDim?: number): fc.Arbitrary<Record<string, unknown>> {
  return fc.record({
    inputDim: inputDim === undefined ? dim(1, 4) : fc.constant(inputDim),
    width: dim(1, 12),
    seed: fc.integer({ min: -5, max: 1_000_000 }),
    scale: fc.constantFrom(0.5, 1, 2),
    bias: fc.boolean(),
    parameterization: fc.constantFrom('ntk', 'standard'),
    trainOutputLayer: fc.option(fc.boolean(), { nil: undefined }),
  }).map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
}

export interface NetArg extends Arg {
  inputDim: number;
  width: number;
  /** A live network made by the library (not disposed, not forged, not another type). */
  isNet: boolean;
}

/** A network argument: live (hostile = false), or disposed, forged, or not a network at all. */
export function netArg(inputDim?: number, hostile = false): fc.Arbitrary<NetArg> {
  return netOptions(inputDim).chain((options) => {
    const inputDim = options.inputDim as number, width = options.width as number;
    const base = { inputDim, width };
    if (!hostile) return fc.constant<NetArg>({ ...ok({ k: 'net', options }), ...base, isNet: true });
    return fc.oneof(
      { weight: 1, arbitrary: fc.constant<NetArg>({ ...bad({ k: 'net', options, disposed: true }, 'disposed'), ...base, isNet: false }) },
      { weight: 1, arbitrary: fc.constant<NetArg>({ ...bad({ k: 'forgedNet', inputDim, width }, 'forged:net'), ...base, isNet: false }) },
      { weight: 1, arbitrary: wrongType.map((w) => ({ ...w, ...base, isNet: false })) },
      { weight: 1, arbitrary: fc.constant<NetArg>({ ...bad(value(undefined), 'undefined'), ...base, isNet: false }) },
    );
  });
}

/** Valid optimizers (small steps, so that short runs stay finite). */
export const optimizerRecipe: fc.Arbitrary<Recipe> = fc.oneof(
  fc.double({ min: 0.01, max: 1, noNaN: true }).map((lr) => ({ k: 'optimizer', factory: 'gd', options: { lr } }) as Recipe),
  fc.tuple(fc.double({ min: 0.01, max: 1, noNaN: true }), fc.double({ min: 0, max: 0.95, noNaN: true })).map(([lr, momentum]) => ({ k: 'optimizer', factory: 'heavyBall', options: { lr, momentum } }) as Recipe),
  fc.tuple(fc.double({ min: 0.01, max: 1, noNaN: true }), fc.integer({ min: 1, max: 6 })).map(([lr, damping]) => ({ k: 'optimizer', factory: 'nesterov', options: { lr, damping } }) as Recipe),
  fc.tuple(fc.double({ min: 0.01, max: 1, noNaN: true }), fc.double({ min: 0, max: 0.95, noNaN: true })).map(([lr, momentum]) => ({ k: 'optimizer', factory: 'nesterov', options: { lr, momentum } }) as Recipe),
  fc.tuple(fc.double({ min: 0.01, max: 1, noNaN: true }), fc.double({ min: -0.4, max: 0.4, noNaN: true }), fc.double({ min: -0.4, max: 0.4, noNaN: true }))
    .map(([lr, beta1, beta2]) => ({ k: 'optimizer', factory: 'twoMomentum', options: { lr, beta1, beta2 } }) as Recipe),
  fc.tuple(fc.double({ min: 0.01, max: 1, noNaN: true }), fc.double({ min: 0, max: 0.95, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
    .map(([lr, momentum, nu]) => ({ k: 'optimizer', factory: 'qhm', options: { lr, momentum, nu } }) as Recipe),
);

/** An optimizer argument: from a factory or hand-made (valid), or a hostile stand-in. */
export function optimizerArg(hostile = false): fc.Arbitrary<Arg> {
  if (!hostile) {
    return fc.oneof(
      { weight: 8, arbitrary: optimizerRecipe.map((r) => ok(r)) },
      // hand-made descriptions are accepted when valid (they may come from JSON)
      { weight: 1, arbitrary: fc.double({ min: 0.01, max: 1, noNaN: true }).map((lr) => ok({ k: 'object', entries: [['kind', value('gd')], ['lr', value(lr)]] }, 'handMadeOptimizer')) },
    );
  }
  return fc.oneof(
    fc.constantFrom(
      bad({ k: 'object', entries: [['kind', value('gd')], ['lr', value(-1)]] }, 'badOptimizer'),
      bad({ k: 'object', entries: [['kind', value('gd')], ['lr', value(NaN)]] }, 'badOptimizer', 'nan'),
      bad({ k: 'object', entries: [['kind', value('gd')], ['lr', value('0.1')]] }, 'badOptimizer', 'string'),
      bad({ k: 'object', entries: [['kind', value('adam')], ['lr', value(0.1)]] }, 'badOptimizer'),
      bad({ k: 'object', entries: [['kind', value('heavy-ball')], ['lr', value(0.1)], ['momentum', value(1)]] }, 'badOptimizer'),
      bad({ k: 'object', entries: [['kind', value('gd')], ['lr', value(0.1)], ['extra', value(1)]] }, 'badOptimizer', 'unknownOption'),
      either({ k: 'object', entries: [['kind', value('gd')]], throwing: ['lr'] }, 'throwingGetter'),
    ),
    wrongType,
  );
}

/** y: n finite targets (Float64Array or array), or a hostile stand-in. */
export function targetsArg(n: number, hostile = false): fc.Arbitrary<Arg> {
  const valid = fc.tuple(values(n), fc.boolean()).map(([v, typed]) => ok(typed ? { k: 'f64', values: v } : { k: 'array', items: v.map(value) }));
  if (!hostile) return valid;
  const choices: fc.WeightedArbitrary<Arg>[] = [
    { weight: 1, arbitrary: values(n + 1).map((v) => bad({ k: 'f64', values: v }, 'wrongLength')) },
    { weight: 1, arbitrary: wrongType.map((w) => (n === 0 && w.tags.includes('emptyArray') ? ok(w.r) : w)) },
    { weight: 1, arbitrary: fc.constant(bad({ k: 'arrayLike', length: n }, 'arrayLikeTargets')) },
  ];
  if (n > 0) {
    choices.push({
      weight: 1,
      arbitrary: fc.tuple(values(n), fc.nat({ max: n - 1 }), fc.constantFrom<unknown>(NaN, Infinity, '1', null, undefined, true))
        .map(([v, i, x]) => bad({ k: 'array', items: v.map((e, j) => value(j === i ? x : e)) }, 'badTarget', ...(typeof x === 'number' ? numberTags(x) : [x === null ? 'null' : typeof x]))),
    });
  }
  return fc.oneof(...choices);
}

// ---------------------------------------------------------------------------------------------
// Which arguments of a case are hostile

/** Whether the argument (or option field) in a slot is generated hostile. */
export type Hostility = (slot: string) => boolean;

/**
 * Cases with no hostile argument (a third: their results are checked), with exactly one hostile
 * slot (most: so that each refusal is the one being tested, not an earlier one), and with every
 * slot hostile at once (a few).
 */
export function hostileSlots<T>(slots: readonly string[], build: (hostile: Hostility) => fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof(
    { weight: 3, arbitrary: build(() => false) },
    { weight: 6, arbitrary: fc.constantFrom(...slots).chain((slot) => build((s) => s === slot)) },
    { weight: 1, arbitrary: build(() => true) },
  );
}
