// The fuzz worker: builds each case's values from their recipes, makes the call, judges the
// result, checks that the inputs it had no right to change are unchanged, gives back the case's
// networks, and runs the canary. The main thread only watches the clock (a synchronous call
// cannot be interrupted from inside its own thread) and replaces a worker that overran it.

import { parentPort } from 'node:worker_threads';
import * as api from '../../src/index';
import { Matrix, TwoLayerReLU } from '../../src/index';
import { trustedMatrix } from '../../src/linalg/matrix';
import { CALLS } from './calls/index';
import { canaryDigest, compareDigests, createLongLived, type Digest } from './canary';
import { FuzzSentinel, HarnessError, build, disposeBuilt, intrinsicLength, rememberOriginal, concatWeights, type BuildContext } from './recipes';
import { expectationAfterLies, type CaseMessage, type CaseReport, type InitMessage, type ThrownInfo, type WorkerMessage } from './protocol';

const port = parentPort!;
const NAMED_ERRORS = ['NotReadyError', 'DisposedError', 'BusyError', 'OutOfMemoryError', 'MnistUnavailableError'];

let baseline: { digest: Digest; liveBytes: Record<string, number> } | undefined;

function send(message: WorkerMessage): void {
  port.postMessage(message);
}

function describeThrown(error: unknown): ThrownInfo {
  const isError = error instanceof Error;
  const info: ThrownInfo = {
    name: isError ? error.name : typeof error,
    message: isError ? error.message : safeString(error),
    isTypeError: error instanceof TypeError,
    isRangeError: error instanceof RangeError,
    sentinel: error instanceof FuzzSentinel,
    nonError: !isError,
    stack: isError ? error.stack?.split('\n').slice(0, 6).join('\n') : undefined,
  };
  for (const name of NAMED_ERRORS) {
    const ctor = (api as Record<string, unknown>)[name];
    if (typeof ctor === 'function' && error instanceof (ctor as new () => Error)) info.namedClass = name;
  }
  const code = isError ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string') info.code = code;
  return info;
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

interface Snapshot {
  label: string;
  bits: BigUint64Array;
  read: () => Float64Array | undefined;
}

/** Copies of every honest array and every live network's weights, to compare after the call. */
function snapshot(ctx: BuildContext): Snapshot[] {
  const out: Snapshot[] = [];
  for (const { label, array } of ctx.arrays) {
    // The real entries, whatever the array's own `length` claims (and even if it has shrunk).
    const read = () => Float64Array.prototype.slice.call(array, 0, intrinsicLength(array));
    out.push({ label, bits: bitsOf(read()), read });
  }
  for (const { label, net } of ctx.nets) {
    const read = () => {
      try {
        const b = net.b;
        return concatWeights(net.W.data, net.a, b);
      } catch {
        return undefined; // disposed
      }
    };
    const now = read();
    if (now) out.push({ label, bits: bitsOf(now), read });
  }
  return out;
}

function bitsOf(values: Float64Array): BigUint64Array {
  return new BigUint64Array(values.slice().buffer);
}

function changed(snapshots: Snapshot[], allowed: string[]): string | undefined {
  for (const s of snapshots) {
    if (allowed.some((prefix) => s.label === prefix || s.label.startsWith(`${prefix}.`) || s.label.startsWith(`${prefix} `))) continue;
    const now = s.read();
    if (!now) continue;
    const bits = bitsOf(now);
    if (bits.length !== s.bits.length) return `${s.label} now has ${bits.length} entries instead of ${s.bits.length}`;
    for (let i = 0; i < bits.length; i++) {
      if (bits[i] !== s.bits[i]) return `${s.label}[${i}] changed to ${now[i]}`;
    }
  }
  return undefined;
}

/** A matrix (also one level inside an options object) as the library's trusted view of it. */
function honestView(value: unknown): unknown {
  const honest = (v: unknown) => {
    if (!(Matrix.isMatrix(v) && Object.getPrototypeOf(v) !== Matrix.prototype)) return v;
    const view = trustedMatrix('fuzz', 'arg', v);
    rememberOriginal(view, v as object); // so that "returns out" is judged against the real out
    return view;
  };
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const d = Object.getOwnPropertyDescriptor(value, key)!;
      if ('get' in d && d.get) return value; // a throwing getter: leave the object as it is
      out[key] = honest(d.value);
    }
    return out;
  }
  return honest(value);
}

async function runCase({ id, fuzzCase }: CaseMessage): Promise<CaseReport> {
  const started = performance.now();
  const spec = CALLS[fuzzCase.call];
  if (!spec) return { outcome: 'harness-error', message: `no call named ${fuzzCase.call}`, elapsedMs: 0 };
  const ctx: BuildContext = { arrays: [], nets: [], lies: [], built: [] };
  const report: CaseReport = { outcome: 'returned', elapsedMs: 0 };
  let snapshots: Snapshot[] = [];
  let result: unknown;
  let args: unknown[] = [];
  let prepared: unknown;
  let checkArgs: unknown[] = [];
  try {
    fuzzCase.args.forEach((recipe, i) => ctx.built.push(build(recipe, ctx, `arg${i}`)));
    args = ctx.built;
    snapshots = snapshot(ctx);
    // The references see every matrix as the library does (its own shape, whatever a subclass's
    // getters claim): a lie the library does not believe leaves an honest case to check.
    checkArgs = args.map(honestView);
    try {
      prepared = spec.before?.(checkArgs);
    } catch {
      prepared = undefined; // a hostile argument; the check is only used on valid ones
    }
    result = spec.run(args);
    if (result instanceof Promise) result = await result;
  } catch (error) {
    if (error instanceof HarnessError) return { outcome: 'harness-error', message: error.message, elapsedMs: 0 };
    report.outcome = 'threw';
    report.thrown = describeThrown(error);
  }
  report.elapsedMs = performance.now() - started;
  send({ type: 'called', id });
  if (ctx.lies.length > 0) report.lied = ctx.lies.some((l) => l.took);
  if (report.outcome === 'returned') {
    const expected = expectationAfterLies(fuzzCase, report.lied);
    // A check only makes sense on valid input; on invalid input the result is wrong as such.
    if (expected !== 'error' && spec.check) {
      try {
        report.wrong = await spec.check(checkArgs, Matrix.isMatrix(result) ? honestView(result) : result, prepared);
      } catch (error) {
        // A hostile getter the call never read (it had no need to) cannot be read by the check
        // either: the result cannot be judged, which is no failure of the library's.
        if (!(error instanceof FuzzSentinel)) report.wrong = `the correctness check could not read the result: ${describeThrown(error).message}`;
      }
    }
  }
  // A call may write what it owns when it succeeds, or when the caller's own callback or getter
  // threw in the middle (train's onProgress at the end of a run); never when it refuses its input.
  const wrote = report.outcome === 'returned' || report.thrown?.sentinel === true;
  report.mutated = changed(snapshots, wrote ? spec.mayWrite ?? [] : []);
  if (result instanceof TwoLayerReLU) ctx.nets.push({ label: 'result', net: result });
  try {
    if (report.outcome === 'returned') spec.cleanup?.(args, result);
  } catch (error) {
    return { ...report, outcome: 'harness-error', message: `cleanup failed: ${describeThrown(error).message}` };
  }
  disposeBuilt(ctx);
  send({ type: 'checked', id });
  if (baseline) {
    try {
      const now = await canaryDigest();
      report.corrupted = compareDigests(baseline.digest, now.digest);
      const leaks = Object.keys(baseline.liveBytes).filter((b) => now.liveBytes[b] !== baseline!.liveBytes[b]);
      if (leaks.length > 0) report.leaked = leaks.map((b) => `${b}: ${now.liveBytes[b] - baseline!.liveBytes[b]} bytes`).join(', ');
    } catch (error) {
      report.corrupted = `the canary itself failed: ${describeThrown(error).name}: ${describeThrown(error).message}`;
    }
  }
  return report;
}

async function init({ mode }: InitMessage): Promise<void> {
  if (mode === 'ready') {
    await api.ready();
    // The first loadMnist imports the optional `mnist` package (a few hundred ms): a one-time cost
    // of the worker, not of any call being timed.
    await api.loadMnist({ n: 1 }).catch(() => undefined);
    createLongLived();
    baseline = await canaryDigest();
  }
  send({ type: 'ready', baseline: baseline?.digest ?? null });
}

// One message at a time: the next case starts only after the previous report (the main thread
// waits for it), so async calls cannot overlap.
port.on('message', (message: InitMessage | CaseMessage) => {
  const work = message.type === 'init'
    ? init(message)
    : runCase(message).then((report) => send({ type: 'report', id: message.id, report }));
  work.catch((error) => send({ type: 'fatal', message: `${describeThrown(error).name}: ${describeThrown(error).message}\n${describeThrown(error).stack ?? ''}` }));
});
