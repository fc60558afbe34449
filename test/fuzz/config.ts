// The fuzz suite's settings, from the environment, so that one command line reproduces a run.
//
//   FUZZ_RUNS       how many cases: FUZZ_RUNS=100 runs each property's `npm test` share (the
//                   shares differ with the cost of the calls), FUZZ_RUNS=1000 ten times as many;
//                   `npm run fuzz` defaults to 1000
//   FUZZ_SEED       fast-check's seed (default: fixed under `npm test`, so the gate is
//                   deterministic; random under `npm run fuzz`); always printed
//   FUZZ_BUDGET_MS  time one call may take before it counts as a hang (default 1000 under
//                   `npm test`, 2000 under `npm run fuzz`; valid calls here take milliseconds)
//   FUZZ_SHRINK     0 to report the first failing case as found, without shrinking it
//   FUZZ_PATH       replay one case: the path a failure report prints (run that property alone,
//                   with vitest -t, and the same FUZZ_SEED)
//   FUZZ_SURVEY     1 to go on after a failure and report one example of every kind of failure

/** `npm run fuzz` sets npm_lifecycle_event to 'fuzz', and the vitest forks inherit it. */
export const LONG_RUN = process.env.npm_lifecycle_event === 'fuzz' || process.env.FUZZ_LONG === '1';

function integerFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer (got '${text}')`);
  return value;
}

/** Multiplies each property's own case count (the cheap ones run more cases than the costly ones). */
export const RUNS_SCALE = process.env.FUZZ_RUNS ? integerFromEnv('FUZZ_RUNS', 100) / 100 : LONG_RUN ? 10 : 1;

export const SEED = integerFromEnv('FUZZ_SEED', LONG_RUN ? Math.floor(Math.random() * 2 ** 31) : 20_240_917);

export const BUDGET_MS = integerFromEnv('FUZZ_BUDGET_MS', LONG_RUN ? 2000 : 1000);

export const SHRINK = process.env.FUZZ_SHRINK !== '0';

/** The number of cases a property runs: its share under `npm test`, scaled. */
export function runsFor(base: number): number {
  return Math.max(1, Math.round(base * RUNS_SCALE));
}

/** A vitest timeout for a property of `runs` cases: generous, since each hang costs a whole budget. */
export function timeoutFor(runs: number): number {
  return 60_000 + runs * (50 + 0.1 * BUDGET_MS);
}

export const PATH = process.env.FUZZ_PATH || undefined;

export const SURVEY = process.env.FUZZ_SURVEY === '1';
