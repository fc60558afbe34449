// Code that browser-mode specs run in the Node process of the same vitest run, through the
// `commands` of vitest.config.ts. cross-engine.browser.test.ts uses `nodeMatmulBits` to compare
// Chromium's results with Node's, bit for bit, for the same inputs and backend.
import { Matrix, Random, TwoLayerReLU, analyticNtk, eigh, matmul, gram, ready, sphereData } from '../src/index';
import { randomSymmetric } from './helpers/matrices';
import { randomMatrix } from './helpers/random';

export interface MatmulSpec {
  m: number; n: number; k: number; transA: boolean; transB: boolean; alpha: number; beta: number; seed: number;
}

/** The inputs of a cross-engine case, generated identically on both sides. */
export function crossEngineOperands(spec: MatmulSpec): { a: Matrix; b: Matrix; c: Matrix } {
  const { m, n, k, transA, transB, seed } = spec;
  return {
    a: transA ? randomMatrix(k, m, seed) : randomMatrix(m, k, seed),
    b: transB ? randomMatrix(n, k, seed + 1) : randomMatrix(k, n, seed + 1),
    c: randomMatrix(m, n, seed + 2),
  };
}

/** The bytes of a Float64Array as a hex string (exact, unlike decimal formatting). */
export function hexBits(data: Float64Array): string {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let s = '';
  for (const byte of bytes) s += byte.toString(16).padStart(2, '0');
  return s;
}

/** Runs the SIMD backend's matmul and gram in Node on the spec's inputs; returns their bits. */
export async function nodeMatmulBits(spec: MatmulSpec): Promise<EngineBits> {
  await ready({ backend: 'simd' });
  const { a, b, c } = crossEngineOperands(spec);
  return engineBits(a, b, c, spec);
}

export interface EngineBits { matmul: string; gram: string }

/** The bits of C ← α·op(A)·op(B) + β·C and of gram(A), computed on the active backend. */
export function engineBits(a: Matrix, b: Matrix, c: Matrix, spec: MatmulSpec): EngineBits {
  const { transA, transB, alpha, beta } = spec;
  matmul(a, b, { transA, transB, alpha, beta, out: c });
  return { matmul: hexBits(c.data), gram: hexBits(gram(a).data) };
}

/** The bits of eigh's values and vectors for randomSymmetric(n, seed) on the active backend. */
export function eighBits(n: number, seed: number): { values: string; vectors: string } {
  const { values, vectors } = eigh(randomSymmetric(n, seed));
  return { values: hexBits(values), vectors: hexBits(vectors!.data) };
}

/** eighBits computed in Node on the SIMD backend. */
export async function nodeEighBits(n: number, seed: number): Promise<{ values: string; vectors: string }> {
  await ready({ backend: 'simd' });
  return eighBits(n, seed);
}

export interface NetworkBits { normals: string; weights: string; predictions: string; gradient: string; empiricalNtk: string; analyticNtk: string }

/** Bits of seeded draws, a network's weights, outputs, gradient and kernels, on the active backend. */
export function networkBits(seed: number): NetworkBits {
  const rng = new Random(seed);
  const normals = rng.fillNormal(new Float64Array(64));
  const { X, y } = sphereData({ n: 20, d: 6, seed });
  const net = TwoLayerReLU.init({ inputDim: 6, width: 300, seed, bias: true, trainOutputLayer: true });
  const g = net.gradient(X, y, { loss: 'mean' });
  const bits = {
    normals: hexBits(normals),
    weights: hexBits(net.W.data) + hexBits(net.a) + hexBits(net.b!),
    predictions: hexBits(net.predict(X)),
    gradient: hexBits(g.W.data) + hexBits(g.a!) + hexBits(g.b!),
    empiricalNtk: hexBits(net.empiricalNtk(X).data),
    analyticNtk: hexBits(analyticNtk(X, undefined, { layers: 'both' }).data),
  };
  net.dispose();
  return bits;
}

/** networkBits computed in Node on the SIMD backend. */
export async function nodeNetworkBits(seed: number): Promise<NetworkBits> {
  await ready({ backend: 'simd' });
  return networkBits(seed);
}

declare module 'vitest/browser' {
  interface BrowserCommands {
    nodeMatmulBits: (spec: MatmulSpec) => Promise<EngineBits>;
    nodeEighBits: (n: number, seed: number) => Promise<{ values: string; vectors: string }>;
    nodeNetworkBits: (seed: number) => Promise<NetworkBits>;
  }
}
