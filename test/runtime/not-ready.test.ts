// Its own file: the module state here has never seen ready().
import { expect, it } from 'vitest';
import { Matrix, gram, matmul, runtimeInfo } from '../../src/index';

it('calling a kernel before ready() resolves throws a clear error', () => {
  const message = 'ntk-dynamics is not initialised: `await ready()` once before calling its functions';
  expect(() => matmul(Matrix.zeros(1, 1), Matrix.zeros(1, 1))).toThrow(message);
  expect(() => gram(Matrix.zeros(1, 1))).toThrow(message);
  expect(() => runtimeInfo()).toThrow(message);
});
