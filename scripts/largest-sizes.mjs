// The largest problems the package accepts, found and run in one fresh Node process: a network's
// width, the empirical NTK's n, and eigh with vectors at its largest order; each size is the last
// one that works, and the next is refused up front with an OutOfMemoryError (wasm32 addresses 4 GiB).
//
//   npm run build && node --max-old-space-size=16384 scripts/largest-sizes.mjs [network|ntk|eigh …] [--skip-eigh]
//
// Each workload should be measured in a process of its own (the limits are those of a fresh
// process): name one per run, e.g. `… largest-sizes.mjs eigh`; results are merged into
// test-artifacts/largest-sizes.json. eigh at n = 11,579 takes several minutes; values only
// (eigvalsh) fits up to n = 23,151, whose run (about an hour) this script does not attempt: it
// checks that 23,151 is accepted by the up-front check and 23,152 refused.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ready, runtimeInfo, Matrix, TwoLayerReLU, eigh, eigvalsh, OutOfMemoryError, Random } from '../dist/index.mjs';

await ready();
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const wanted = (name) => only.length === 0 || only.includes(name);
const dir = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const file = `${dir}largest-sizes.json`;
const out = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { results: {} };
Object.assign(out, { node: process.version, backend: runtimeInfo().backend });
const log = (line) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

/** Whether `fn(size)` succeeds (true), or is refused with an OutOfMemoryError (false). */
function fits(fn, size) {
  try {
    fn(size);
    return true;
  } catch (e) {
    if (e instanceof OutOfMemoryError) return false;
    throw e;
  }
}

/** The largest size in [lo, hi) for which `fn` works, by bisection (fn(lo) works, fn(hi) is refused). */
function largest(name, fn, lo, hi) {
  if (!fits(fn, lo)) throw new Error(`${name}: ${lo} should fit`);
  if (fits(fn, hi)) throw new Error(`${name}: ${hi} should be refused`);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(fn, mid)) lo = mid;
    else hi = mid;
    log(`${name}: between ${lo} and ${hi}`);
  }
  let message = '';
  try {
    fn(hi);
  } catch (e) {
    message = e.message;
  }
  return { largest: lo, refused: hi, refusal: message };
}

// A network of input dimension 784 (MNIST): the largest width that can be made and used (its
// predictions on 4 points need scratch memory beside the weights). The bracket [400,000, 700,000]
// saves probes: each draws up to 5·10⁸ normal deviates.
if (wanted('network')) {
  const d = 784;
  const X = new Matrix(4, d, new Random(2).fillNormal(new Float64Array(4 * d)));
  const finiteAt = new Map(); // width → whether its predictions were finite
  const started = performance.now();
  const r = largest('network width (d = 784), made and predicting', (m) => {
    const net = TwoLayerReLU.init({ inputDim: d, width: m, seed: 1 });
    try {
      finiteAt.set(m, Array.from(net.predict(X)).every(Number.isFinite));
    } finally {
      net.dispose();
    }
  }, 400_000, 700_000);
  out.results.network = { measuredAt: new Date().toISOString(), inputDim: d, ...r, predictFinite: finiteAt.get(r.largest), seconds: (performance.now() - started) / 1000 };
  log(`network: width ${r.largest} works, ${r.refused} refused: ${r.refusal}`);
}

// The empirical NTK of a width-1024 network on inputs of dimension 10: the largest n.
if (wanted('ntk')) {
  const d = 10, m = 1024;
  const net = TwoLayerReLU.init({ inputDim: d, width: m, seed: 1 });
  const rows = (n) => new Matrix(n, d, new Random(3).fillNormal(new Float64Array(n * d)));
  const started = performance.now();
  const r = largest(`empiricalNtk (d = ${d}, m = ${m})`, (n) => { net.empiricalNtk(rows(n)); }, 100, 30_000);
  const H = net.empiricalNtk(rows(r.largest));
  const n = r.largest;
  let asym = 0;
  for (let i = 0; i < n; i += 97) for (let j = 0; j < n; j += 89) asym = Math.max(asym, Math.abs(H.data[i * n + j] - H.data[j * n + i]));
  net.dispose();
  out.results.empiricalNtk = { measuredAt: new Date().toISOString(), inputDim: d, width: m, ...r, sampledAsymmetry: asym, seconds: (performance.now() - started) / 1000 };
  log(`empiricalNtk: n = ${r.largest} works, ${r.refused} refused: ${r.refusal}`);
}

// eigh: values only is checked at its limit (refused one above); with vectors, run at the limit.
if (wanted('eigh')) {
  const refusal = (fn) => {
    try {
      fn();
      return 'accepted';
    } catch (e) {
      return e instanceof OutOfMemoryError ? e.message : `unexpected ${e.name}: ${e.message}`;
    }
  };
  // A 1×1 stand-in cannot test the size check; the size check is what refuses 23,152 before any
  // copy, so the refusal is measured on a real 23,152 × 23,152 matrix (4 GiB of JavaScript memory).
  const big = new Matrix(23_152, 23_152);
  out.results.eigvalsh = { refused: 23_152, refusal: refusal(() => eigvalsh(big)) };
  log(`eigvalsh n = 23152: ${out.results.eigvalsh.refusal}`);
  const n = 11_579;
  const A = new Matrix(n + 1, n + 1);
  out.results.eigh = { n, refused: n + 1, refusal: refusal(() => eigh(A)) };
  log(`eigh n = ${n + 1}: ${out.results.eigh.refusal}`);
  // With a thread pool, its pinned buffers take a few MiB of the 4 GiB: 11,579 is then refused up
  // front (the check counts them), and the run below is on one thread, where nothing is pinned.
  if (runtimeInfo().threads > 1) {
    out.results.eigh.withPool = { threads: runtimeInfo().threads, refusalAt11579: refusal(() => eigh(new Matrix(n, n))) };
    log(`eigh n = ${n} on ${runtimeInfo().threads} threads: ${out.results.eigh.withPool.refusalAt11579}`);
    await ready({ threads: 1 });
  }
  if (!process.argv.includes('--skip-eigh')) {
    // A random symmetric matrix with a known trace, to check what comes back.
    const S = new Matrix(n, n);
    const rnd = new Random(4);
    let trace = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        const v = rnd.uniform() - 0.5;
        S.data[i * n + j] = v;
        S.data[j * n + i] = v;
      }
      trace += S.data[i * n + i];
    }
    log(`eigh n = ${n} with vectors: starting`);
    const started = performance.now();
    const { values, vectors } = eigh(S);
    const seconds = (performance.now() - started) / 1000;
    let sum = 0;
    for (const v of values) sum += v;
    // ‖A v₀ − λ₀ v₀‖ for the first eigenpair (vectors are the columns)
    let res = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += S.data[i * n + j] * vectors.data[j * n];
      res = Math.max(res, Math.abs(s - values[0] * vectors.data[i * n]));
    }
    out.results.eigh = { ...out.results.eigh, seconds, traceError: Math.abs(sum - trace) / Math.abs(trace || 1), firstPairResidual: res, memoryBytes: runtimeInfo().memoryBytes };
    log(`eigh n = ${n} with vectors: ${seconds.toFixed(0)} s, trace error ${out.results.eigh.traceError.toExponential(2)}, residual ${res.toExponential(2)}`);
  }
}

mkdirSync(dir, { recursive: true });
writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
log(`wrote ${file}`);
