// Calls of the network (TwoLayerReLU: init, fromParams, every method and getter) and of the
// analytic NTK, and how their results are checked against network-reference.ts.

import { Matrix, OutOfMemoryError, TwoLayerReLU, analyticNtk } from '../../../src/index';
import { analyticEntry, forward, jacobian, timesTransposed } from '../network-reference';
import { checkMatrix, firstMismatch } from '../references';
import type { CallTable } from './types';
import { concatWeights } from '../recipes';

const EPS = 2 ** -52;
const proto = TwoLayerReLU.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
const getter = (name: string) => Object.getOwnPropertyDescriptor(TwoLayerReLU.prototype, name)!.get!;

/** Relative bound for sums of about `terms` products whose absolute values add up to `magnitude`. */
function bound(terms: number, magnitude: number): number {
  return 8 * (terms + 4) * EPS * magnitude + 1e3 * Number.MIN_VALUE;
}

function weightsOf(net: TwoLayerReLU): Float64Array {
  return concatWeights(net.W.data, net.a, net.b);
}

function residualOf(u: Float64Array, y: ArrayLike<number>): Float64Array {
  return u.map((v, i) => v - y[i]);
}

function lossOf(r: Float64Array, convention: unknown): number {
  const sq = r.reduce((s, v) => s + v * v, 0);
  return convention === 'mean' ? sq / Math.max(1, r.length) : 0.5 * sq;
}

function checkPredict(net: TwoLayerReLU, X: Matrix, result: unknown): string | undefined {
  const f = forward(net, X);
  if (!(result instanceof Float64Array)) return 'not a Float64Array';
  if (f.nearTie) return undefined; // a pattern bit decided by rounding: nothing sure to compare
  return firstMismatch(result, f.u, (i) => bound(net.inputDim + net.width, f.uMagnitude[i]), 'predict');
}

export const NN_CALLS: CallTable = {
  'TwoLayerReLU.init': {
    run: ([o]) => TwoLayerReLU.init(o as never),
    check: ([o], result) => {
      const opts = o as { inputDim: number; width: number; bias?: boolean };
      if (!(result instanceof TwoLayerReLU)) return 'not a TwoLayerReLU';
      if (result.inputDim !== opts.inputDim || result.width !== opts.width) return `inputDim ${result.inputDim}, width ${result.width}`;
      const w = weightsOf(result);
      if (!w.every(Number.isFinite)) return 'a non-finite initial weight';
      if (result.hasBias !== !!opts.bias) return 'bias presence differs from the option';
      let again: TwoLayerReLU;
      try {
        again = TwoLayerReLU.init(o as never);
      } catch (error) {
        // A second network of that size may not fit beside the first (width 10⁸): the check's own
        // limit, not the call's; the weights were checked finite above.
        if (error instanceof OutOfMemoryError) return undefined;
        throw error;
      }
      try {
        return firstMismatch(weightsOf(again), w, () => 0, 'weights of a second init with the same seed');
      } finally {
        again.dispose();
      }
    },
  },
  'TwoLayerReLU.fromParams': {
    run: ([p]) => TwoLayerReLU.fromParams(p as never),
    check: ([p], result) => {
      const params = p as { W: ArrayLike<ArrayLike<number>>; a: ArrayLike<number>; b?: ArrayLike<number> };
      if (!(result instanceof TwoLayerReLU)) return 'not a TwoLayerReLU';
      const back = result.toParams();
      return firstMismatch(back.W.flat(), Array.from(params.W).flatMap((row) => Array.from(row)), () => 0, 'W') ??
        firstMismatch(back.a, Array.from(params.a), () => 0, 'a') ??
        (params.b ? firstMismatch(back.b ?? [], Array.from(params.b), () => 0, 'b') : back.b ? 'a b appeared' : undefined);
    },
  },
  'TwoLayerReLU#predict': {
    run: ([net, X]) => proto.predict.call(net, X),
    check: ([net, X], result) => checkPredict(net as TwoLayerReLU, X as Matrix, result),
  },
  'TwoLayerReLU#loss': {
    run: ([net, X, y, o]) => proto.loss.call(net, X, y, o),
    check: ([net, X, y, o], result) => {
      const f = forward(net as TwoLayerReLU, X as Matrix);
      if (typeof result !== 'number') return 'not a number';
      if (f.nearTie) return undefined;
      const expected = lossOf(residualOf(f.u, y as ArrayLike<number>), (o as { loss?: string } | undefined)?.loss);
      return Math.abs(result - expected) <= 1e-9 * Math.max(expected, 1e-300) + 1e-300 ? undefined : `loss ${result}, expected ${expected}`;
    },
  },
  'TwoLayerReLU#gradient': {
    run: ([net, X, y, o]) => proto.gradient.call(net, X, y, o),
    check: ([n, X, y, o], result) => {
      const net = n as TwoLayerReLU, x = X as Matrix;
      const f = forward(net, x);
      if (f.nearTie) return undefined;
      const r = residualOf(f.u, y as ArrayLike<number>);
      const mean = (o as { loss?: string } | undefined)?.loss === 'mean';
      const g = r.map((v) => (mean ? (2 / Math.max(1, r.length)) * v : v));
      const J = jacobian(net, x, f);
      // ∇L = Jᵀg, laid out as W (m × d), then a, then b
      const grad = new Float64Array(J.cols), magnitude = new Float64Array(J.cols);
      for (let i = 0; i < x.rows; i++) for (let p = 0; p < J.cols; p++) {
        grad[p] += J.data[i * J.cols + p] * g[i];
        magnitude[p] += Math.abs(J.data[i * J.cols + p] * g[i]);
      }
      const res = result as { W?: unknown; a?: unknown; b?: unknown; loss?: unknown };
      if (!(res.W instanceof Matrix) || res.W.rows !== net.width || res.W.cols !== net.inputDim) return 'gradient W has the wrong shape';
      const md = net.width * net.inputDim;
      const parts: [string, unknown, number][] = [['W', res.W.data, 0]];
      if (net.trainOutputLayer) parts.push(['a', res.a, md]);
      else if (res.a !== undefined) return 'a gradient for an untrained a';
      if (net.hasBias) parts.push(['b', res.b, md + (net.trainOutputLayer ? net.width : 0)]);
      for (const [name, got, offset] of parts) {
        if (!(got instanceof Float64Array)) return `gradient ${name} is not a Float64Array`;
        const mismatch = firstMismatch(got, grad.subarray(offset, offset + got.length), (i) => bound(x.rows + net.inputDim + net.width, magnitude[offset + i] + Math.abs(grad[offset + i])), `gradient ${name}`);
        if (mismatch) return mismatch;
      }
      const expectedLoss = lossOf(r, mean ? 'mean' : 'half-sum');
      if (typeof res.loss !== 'number' || !(Math.abs(res.loss - expectedLoss) <= 1e-9 * expectedLoss + 1e-300)) return `loss ${String(res.loss)}, expected ${expectedLoss}`;
      return undefined;
    },
  },
  'TwoLayerReLU#jacobian': {
    run: ([net, X]) => proto.jacobian.call(net, X),
    check: ([net, X], result) => {
      const f = forward(net as TwoLayerReLU, X as Matrix);
      if (f.nearTie) return result instanceof Matrix ? undefined : 'not a Matrix';
      const J = jacobian(net as TwoLayerReLU, X as Matrix, f);
      // σ(z) entries carry the rounding of z's dot product: bound by the row's largest entry.
      const rowMax = Array.from({ length: J.rows }, (_, i) => J.data.slice(i * J.cols, (i + 1) * J.cols).reduce((m, v) => Math.max(m, Math.abs(v)), 0));
      return checkMatrix(result, J, (i) => bound((net as TwoLayerReLU).inputDim, rowMax[Math.floor(i / J.cols)]), 'jacobian');
    },
  },
  'TwoLayerReLU#empiricalNtk': {
    run: ([net, X, Y]) => proto.empiricalNtk.call(net, X, Y),
    check: ([n, X, Y], result) => {
      const net = n as TwoLayerReLU;
      const fx = forward(net, X as Matrix), fy = Y ? forward(net, Y as Matrix) : fx;
      if (fx.nearTie || fy.nearTie) return result instanceof Matrix ? undefined : 'not a Matrix';
      const { value, magnitude } = timesTransposed(jacobian(net, X as Matrix, fx), jacobian(net, (Y ?? X) as Matrix, fy));
      const P = net.width * (net.inputDim + 2);
      return checkMatrix(result, value, (i) => bound(P, magnitude.data[i]), 'empiricalNtk');
    },
  },
  'TwoLayerReLU#clone': {
    run: ([net]) => proto.clone.call(net),
    check: ([net], result) => {
      if (!(result instanceof TwoLayerReLU) || result === net) return 'not a new TwoLayerReLU';
      return firstMismatch(weightsOf(result), weightsOf(net as TwoLayerReLU), () => 0, 'clone weights');
    },
  },
  'TwoLayerReLU#toParams': {
    run: ([net]) => proto.toParams.call(net),
    check: ([net], result) => {
      const p = result as { W: number[][]; a: number[]; b?: number[] };
      const flat = [...p.W.flat(), ...p.a, ...(p.b ?? [])];
      return firstMismatch(flat, weightsOf(net as TwoLayerReLU), () => 0, 'toParams');
    },
  },
  'TwoLayerReLU#W': { run: ([net]) => getter('W').call(net), check: ([net], r) => (r instanceof Matrix && r.rows === (net as TwoLayerReLU).width ? undefined : 'W has the wrong shape') },
  'TwoLayerReLU#a': { run: ([net]) => getter('a').call(net), check: ([net], r) => (r instanceof Float64Array && r.length === (net as TwoLayerReLU).width ? undefined : 'a has the wrong length') },
  'TwoLayerReLU#b': { run: ([net]) => getter('b').call(net) },
  'TwoLayerReLU#parameterCount': {
    run: ([net]) => getter('parameterCount').call(net),
    check: ([n], r) => {
      if (!(n instanceof TwoLayerReLU)) return undefined; // a forgery's count is whatever it claims
      const net = n as TwoLayerReLU;
      const expected = net.width * net.inputDim + (net.trainOutputLayer ? net.width : 0) + (net.hasBias ? net.width : 0);
      return r === expected ? undefined : `got ${String(r)}, expected ${expected}`;
    },
  },
  'TwoLayerReLU#dispose': { run: ([net]) => proto.dispose.call(net) },
  analyticNtk: {
    run: ([X, Y, o]) => analyticNtk(X as Matrix, Y as Matrix | undefined, o as never),
    check: ([X, Y, o], result) => {
      const x = X as Matrix, y = (Y ?? X) as Matrix;
      const both = (o as { layers?: string } | undefined)?.layers === 'both';
      if (!(result instanceof Matrix) || result.rows !== x.rows || result.cols !== y.rows) return `not an ${x.rows}×${y.rows} Matrix`;
      for (let i = 0; i < x.rows; i++) {
        for (let j = 0; j < y.rows; j++) {
          const { value, scale } = analyticEntry(x, i, y, j, both);
          const got = result.data[i * y.rows + j];
          if (Object.is(got, value) || got === value) continue;
          if (!Number.isFinite(value)) return `H(${i}, ${j}) is ${got}, expected ${value} (the exact value overflows)`;
          if (!(Math.abs(got - value) <= 1e-9 * scale + 1e3 * Number.MIN_VALUE)) return `H(${i}, ${j}) is ${got}, expected ${value} (scale ${scale.toExponential(3)})`;
        }
      }
      if (Y === undefined) {
        for (let i = 0; i < x.rows; i++) for (let j = 0; j < i; j++) if (!Object.is(result.data[i * x.rows + j], result.data[j * x.rows + i])) return `not exactly symmetric at (${i}, ${j})`;
      }
      return undefined;
    },
  },
};
