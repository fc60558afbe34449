// Threads: a kernel call split over a pool of workers that share this module's memory.
//
// The TypeScript runtime starts the workers (Node worker_threads or Web Workers); each
// instantiates this module over the same shared WebAssembly.Memory and calls worker_loop, where it
// sleeps until there is a job. The calling thread takes part as worker 0: a kernel that is worth
// splitting writes its arguments into the control block, wakes the others (memory.atomic.notify),
// does its own part, and waits (memory.atomic.wait32) until every part is done. Each part writes
// its own block of the output, and no sum is ever split between parts, so every entry is computed
// by one thread in the same order whatever the number of threads: results are bit-identical for
// every thread count (the GEMM splits the columns of C, never its k loop).
//
// The control block, in shared memory at `ctrl` (allocated by the runtime, 64-byte aligned):
//   +0   generation   i32, incremented for each job: the workers wait on it
//   +4   pending      i32, parts not yet done: the caller waits on it
//   +8   kind         i32, the job
//   +12  threads      i32, parts in this job
//   +16  error        i32, set by a worker whose part trapped (then read by the runtime)
//   +64  arguments    32 f64 slots (sizes and pointers fit exactly in an f64)
//   +320 workspaces   one u32 byte pointer per worker: its own GEMM packing space
//   +576 seen         one i32 per worker: the last generation it took up (so that a worker that
//                     re-enters worker_loop after a failed part misses no job)
//   +832 message      256 bytes where a worker's runtime writes why its part failed
// Globals are per instance: only the caller's instance has `ctrl` set (parallel_configure), so a
// part that runs a kernel never splits it again.

import { at, put } from './elements';

const GENERATION: usize = 0;
const PENDING: usize = 4;
const KIND: usize = 8;
const THREADS: usize = 12;
const ERROR: usize = 16;
const ARGS: usize = 64;
const WORKSPACES: usize = 320;
const SEEN: usize = 576;
const MESSAGE: usize = 832;
const MESSAGE_BYTES: usize = 256;
/** Workers the control block has room for (threads beyond are not used). */
export const MAX_THREADS: i32 = 64;

/** Bytes of the control block (the runtime allocates it, zeroed, 64-byte aligned). */
export function parallel_control_bytes(): usize {
  return MESSAGE + MESSAGE_BYTES;
}

/** Byte offset in the control block of the 256 bytes where a worker's failure is described (UTF-8, 0-terminated). */
export function parallel_message_offset(): usize {
  return MESSAGE;
}

/** The most threads a pool may have. */
export function parallel_max_threads(): i32 {
  return MAX_THREADS;
}

export const JOB_QUIT: i32 = 0;
export const JOB_GEMM: i32 = 1;
export const JOB_RELU_FORWARD: i32 = 2;
export const JOB_RELU_BACKWARD: i32 = 3;
export const JOB_POPCOUNT: i32 = 4;
export const JOB_ARCCOS: i32 = 5;
export const JOB_SELF_TEST: i32 = 6;
export const JOB_SPARSE: i32 = 7;
export const JOB_TRANSPOSE: i32 = 8;

/** Loads of the generation word a waiting thread makes before it sleeps: a job that follows at once finds it awake. */
const SPINS: i32 = 20000;

let ctrl: usize = 0;
let threads: i32 = 1;
let inJob: bool = false;

/**
 * Sets this instance (the calling thread's) to split work over `count` threads through the
 * control block at `control` (parallel_control_bytes() bytes; workers 1 … count − 1 running
 * worker_loop on it); count ≤ 1 switches splitting off.
 */
export function parallel_configure(control: usize, count: i32): void {
  ctrl = count > 1 ? control : 0;
  threads = count > 1 ? min(count, MAX_THREADS) : 1;
  if (ctrl != 0) {
    atomic.store<i32>(ctrl + ERROR, 0);
    atomic.store<i32>(ctrl + PENDING, 0);
  }
}

/** The threads a split uses now: 1 when there is no pool, inside a part, or in a worker's instance. */
export function parallelThreads(): i32 {
  return ctrl != 0 && !inJob ? threads : 1;
}

/** Job argument slot i. */
// @ts-ignore: decorator
@inline export function setArg(i: i32, v: f64): void {
  store<f64>(ctrl + ARGS + (<usize>i << 3), v);
}

// @ts-ignore: decorator
@inline function arg(c: usize, i: i32): f64 {
  return load<f64>(c + ARGS + (<usize>i << 3));
}

// @ts-ignore: decorator
@inline export function argI32(c: usize, i: i32): i32 {
  return <i32>arg(c, i);
}

// @ts-ignore: decorator
@inline export function argPtr(c: usize, i: i32): usize {
  return <usize>arg(c, i);
}

// @ts-ignore: decorator
@inline export function argF64(c: usize, i: i32): f64 {
  return arg(c, i);
}

/** Worker `id`'s GEMM packing space (worker 0, the caller, uses the space the call was given). */
export function workspaceOf(c: usize, id: i32): usize {
  return load<u32>(c + WORKSPACES + (<usize>id << 2));
}

/** Sets worker id's GEMM packing space (gemm_workspace_f64 of the largest blocks, bytes). */
export function parallel_set_workspace(control: usize, id: i32, ptr: usize): void {
  store<u32>(control + WORKSPACES + (<usize>id << 2), <u32>ptr);
}

/**
 * Runs job `kind` (its arguments already in the control block) on every thread: wakes the
 * workers, does part 0, then waits until the other parts are done.
 */
export function runJob(kind: i32): void {
  const c = ctrl;
  const t = threads;
  store<i32>(c + KIND, kind);
  store<i32>(c + THREADS, t);
  atomic.store<i32>(c + PENDING, t - 1);
  atomic.add<i32>(c + GENERATION, 1);
  atomic.notify(c + GENERATION, t - 1);
  inJob = true;
  runPart(kind, c, 0, t);
  inJob = false;
  let spins = 0;
  for (;;) {
    const left = atomic.load<i32>(c + PENDING);
    if (left == 0) break;
    if (spins < SPINS) {
      spins++;
      continue;
    }
    memory.atomic.wait32(c + PENDING, left, -1);
  }
}

/** Part `id` of `count` of a job. */
function runPart(kind: i32, c: usize, id: i32, count: i32): void {
  switch (kind) {
    case JOB_GEMM: gemmPart(c, id, count); break;
    case JOB_RELU_FORWARD: reluForwardPart(c, id, count); break;
    case JOB_RELU_BACKWARD: reluBackwardPart(c, id, count); break;
    case JOB_POPCOUNT: popcountPart(c, id, count); break;
    case JOB_ARCCOS: arccosPart(c, id, count); break;
    case JOB_SELF_TEST: selfTestPart(c, id, count); break;
    case JOB_SPARSE: sparsePart(c, id, count); break;
    case JOB_TRANSPOSE: transposePart(c, id, count); break;
    default: break;
  }
}

/**
 * A worker's life: sleeps until a job comes, runs its part, says it is done; returns when the
 * job is JOB_QUIT. Called by each worker thread (id ≥ 1) with the control block the runtime made.
 */
export function worker_loop(control: usize, id: i32): i32 {
  const seenSlot = control + SEEN + (<usize>id << 2);
  let seen = atomic.load<i32>(seenSlot);
  while (true) {
    let spins = 0;
    let now = atomic.load<i32>(control + GENERATION);
    while (now == seen) {
      if (spins < SPINS) {
        spins++;
      } else {
        memory.atomic.wait32(control + GENERATION, seen, -1);
      }
      now = atomic.load<i32>(control + GENERATION);
    }
    seen = now;
    atomic.store<i32>(seenSlot, seen);
    const kind = load<i32>(control + KIND);
    if (kind == JOB_QUIT) break;
    const count = load<i32>(control + THREADS);
    if (id < count) runPart(kind, control, id, count);
    finishPart(control);
  }
  return 0;
}

/** A part is done: the last one wakes the caller. */
function finishPart(control: usize): void {
  if (atomic.sub<i32>(control + PENDING, 1) == 1) atomic.notify(control + PENDING, 1);
}

/**
 * Called by a worker's runtime after its part trapped: records the failure and counts the part
 * as done, so that the caller's wait ends and its runtime reports the error.
 */
export function worker_failed(control: usize): void {
  atomic.store<i32>(control + ERROR, 1);
  finishPart(control);
}

/** Whether a worker's part failed since the last check; clears the flag. */
export function parallel_take_error(control: usize): i32 {
  return atomic.xchg<i32>(control + ERROR, 0);
}

/** Sends JOB_QUIT: every worker returns from worker_loop (the runtime then ends the threads). */
export function parallel_quit(control: usize, count: i32): void {
  store<i32>(control + KIND, JOB_QUIT);
  atomic.add<i32>(control + GENERATION, 1);
  atomic.notify(control + GENERATION, count);
}

/**
 * out[i] ← i·(i + 1) for i in [0, n) split over the threads, and, with trap ≠ 0, an out-of-bounds
 * access in the last part: a job for the runtime's own tests (every thread ran, a failing worker
 * becomes an error of the call) and for warming the workers up.
 */
export function parallel_self_test(n: i32, out: usize, trap: i32): void {
  if (parallelThreads() <= 1) {
    for (let i = 0; i < n; i++) put(out, i, <f64>i * <f64>(i + 1));
    return;
  }
  setArg(0, <f64>n);
  setArg(1, <f64>out);
  setArg(2, <f64>trap);
  runJob(JOB_SELF_TEST);
}

function selfTestPart(c: usize, id: i32, count: i32): void {
  const n = argI32(c, 0);
  const out = argPtr(c, 1);
  const lo = splitEven(n, count, id), hi = splitEven(n, count, id + 1);
  for (let i = lo; i < hi; i++) put(out, i, <f64>i * <f64>(i + 1));
  if (argI32(c, 2) != 0 && id == count - 1 && id > 0) {
    // far beyond any memory a module can have: the access traps
    store<f64>(<usize>0xfffffff0, at(out, 0));
  }
}

/** The start of part `id` of `count` equal parts of [0, n). */
export function splitEven(n: i32, count: i32, id: i32): i32 {
  return <i32>((<i64>n * id) / count);
}

// The parts of the kernels that split; they live beside their kernels.
import { gemmPart } from './gemm';
import { reluBackwardPart, reluForwardPart } from './relu';
import { arccosPart, popcountPart } from './kernels';
import { sparsePart, transposePart } from './sparse';
