// The canary: fixed computations whose bits must not change while the fuzz runs. A call that
// writes outside its blocks of Wasm memory, frees a block twice, leaves the arena inconsistent or
// breaks a backend shows up here as a changed bit, even when its own result looked fine.
//
// On each backend: a fixed matmul, a fixed eigh (values and vectors), a short training run (its
// losses and final weights); then the weights and the predictions of a network created when the
// worker started and kept alive since. runtimeInfo() must keep answering. The digest is compared
// bit for bit (Float64Array → BigUint64Array), so −0 vs 0 and NaN payloads count as changes.

import { Matrix, TwoLayerReLU, eigh, gd, matmul, ready, runtimeInfo, sphereData, train } from '../../src/index';
import { runtime } from '../../src/runtime/runtime';
import { randomMatrix } from '../helpers/random';
import { randomSymmetric } from '../helpers/matrices';

export type Digest = Record<string, Float64Array>;

const BACKENDS = ['simd', 'relaxed'] as const;

/** The network created when the worker starts and kept for its whole life. */
let longLived: { net: TwoLayerReLU; X: Matrix } | undefined;

/** The long-lived network (for the harness's self-check, which corrupts it on purpose). */
export function longLivedNetwork(): TwoLayerReLU | undefined {
  return longLived?.net;
}

export function createLongLived(): void {
  longLived = { net: TwoLayerReLU.init({ inputDim: 6, width: 40, seed: 11, bias: true }), X: randomMatrix(5, 6, 31) };
}

function computationsOnActiveBackend(): Digest {
  const out: Digest = {};
  out.matmul = matmul(randomMatrix(13, 9, 1), randomMatrix(9, 7, 2)).data;
  const e = eigh(randomSymmetric(9, 3));
  out.eighValues = e.values;
  out.eighVectors = e.vectors!.data;
  return out;
}

async function shortTrain(): Promise<Digest> {
  const { X, y } = sphereData({ n: 6, d: 4, seed: 5 });
  const net = TwoLayerReLU.init({ inputDim: 4, width: 24, seed: 7 });
  try {
    const r = await train(net, X, y, { optimizer: gd({ lr: 0.5 }), steps: 4 });
    return { trainLoss: Float64Array.from(r.loss), trainWeights: net.W.data };
  } finally {
    net.dispose();
  }
}

/** The canary's digest on both backends, ending with the backend that was active before. */
export async function canaryDigest(): Promise<{ digest: Digest; liveBytes: Record<string, number> }> {
  if (!longLived) throw new Error('canary: createLongLived() first');
  const before = runtimeInfo();
  if (before.backend !== 'simd' && before.backend !== 'relaxed') throw new Error(`canary: runtimeInfo().backend is ${String(before.backend)}`);
  if (!(before.memoryBytes > 0)) throw new Error(`canary: runtimeInfo().memoryBytes is ${String(before.memoryBytes)}`);
  const digest: Digest = {};
  const liveBytes: Record<string, number> = {};
  for (const backend of BACKENDS) {
    await ready({ backend });
    if (runtimeInfo().backend !== backend) throw new Error(`canary: ready({ backend: '${backend}' }) left ${runtimeInfo().backend} active`);
    for (const [key, value] of Object.entries({ ...computationsOnActiveBackend(), ...(await shortTrain()) })) digest[`${backend}.${key}`] = value;
    liveBytes[backend] = runtime().arena.liveBytes;
  }
  await ready({ backend: before.backend });
  const { net, X } = longLived;
  digest['longLived.W'] = net.W.data;
  digest['longLived.a'] = net.a;
  digest['longLived.b'] = net.b!;
  digest['longLived.predict'] = net.predict(X);
  return { digest, liveBytes };
}

/** The first difference between two digests, in words, or undefined when they agree bit for bit. */
export function compareDigests(expected: Digest, actual: Digest): string | undefined {
  for (const key of Object.keys(expected)) {
    const a = expected[key], b = actual[key];
    if (!b) return `${key} is missing`;
    if (a.length !== b.length) return `${key} has ${b.length} entries instead of ${a.length}`;
    const ab = new BigUint64Array(a.buffer, a.byteOffset, a.length);
    const bb = new BigUint64Array(b.buffer, b.byteOffset, b.length);
    for (let i = 0; i < ab.length; i++) {
      if (ab[i] !== bb[i]) return `${key}[${i}] is ${b[i]} instead of ${a[i]}`;
    }
  }
  return undefined;
}
