// The package's named errors. Invalid arguments are plain TypeErrors (wrong kind of value) and
// RangeErrors (right kind, bad value); these classes name the states a program may want to catch
// and handle: each has a stable `code` to test instead of the message.

/** A function that needs the WebAssembly kernels was called before `await ready()` resolved. */
export class NotReadyError extends Error {
  /** Stable identifier of this error, to test instead of the message. */
  readonly code = 'NTK_NOT_READY' as const;
  /** The error with `message`; by default one that tells to `await ready()` first. */
  constructor(message = 'ntk-dynamics is not initialised: `await ready()` once before calling its functions') {
    super(message);
    this.name = 'NotReadyError';
  }
}

/** An object whose WebAssembly memory was released (by `dispose()` or `using`) was used again. */
export class DisposedError extends Error {
  /** Stable identifier of this error, to test instead of the message. */
  readonly code = 'NTK_DISPOSED' as const;
  /** The error for `what`, the object used after dispose() as the message names it (e.g. 'TwoLayerReLU'). */
  constructor(what: string) {
    super(`${what} has been disposed: its WebAssembly memory was released, so it cannot be used any more`);
    this.name = 'DisposedError';
  }
}

/** A second `train()` (or a `dispose()`) on a network while a `train()` on it is still running. */
export class BusyError extends Error {
  /** Stable identifier of this error, to test instead of the message. */
  readonly code = 'NTK_BUSY' as const;
  /** The error with `message`: which call found the network busy, and with what. */
  constructor(message: string) {
    super(message);
    this.name = 'BusyError';
  }
}

/**
 * A request for more memory than can be had: WebAssembly memory beyond its 4 GiB address space
 * (or what the engine grants), or a JavaScript result larger than the package's limit. Nothing
 * was allocated or changed when it is thrown.
 */
export class OutOfMemoryError extends RangeError {
  /** Stable identifier of this error, to test instead of the message. */
  readonly code = 'NTK_OUT_OF_MEMORY' as const;
  /** The error with `message`: how much was asked for, by what, and the limit it exceeds. */
  constructor(message: string) {
    super(message);
    this.name = 'OutOfMemoryError';
  }
}
