// How the worker makes one kind of call and judges what it returned.

export interface CallSpec {
  /** Makes the call on the built arguments (a promise is awaited, within the time budget). */
  run(args: unknown[]): unknown;
  /** Runs just before the call; what it returns is given to check (e.g. a copy of `out`). */
  before?(args: unknown[]): unknown;
  /**
   * Judges a returned result, for a case whose inputs are valid: undefined when it is right,
   * else what is wrong with it (compared with a plain-TypeScript reference, or an invariant).
   * Called only when the result was expected; for an invalid input any result is wrong.
   */
  check?(args: unknown[], result: unknown, before: unknown): string | undefined | Promise<string | undefined>;
  /** Frees what run() made beyond its result (e.g. a scenario's networks); after check. */
  cleanup?(args: unknown[], result: unknown): void;
  /** Labels of built arrays and networks the call may change when it succeeds ('arg2.out', 'arg0'). */
  mayWrite?: string[];
}

export type CallTable = Record<string, CallSpec>;
