// Its own file, so that no backend has been compiled yet when it starts.
import { expect, it } from 'vitest';
import { NotReadyError, matmul, Matrix, ready, runtimeInfo } from '../../src/index';

it('before ready(): NotReadyError with a stable code', () => {
  expect(() => matmul(Matrix.zeros(1, 1), Matrix.zeros(1, 1))).toThrow(NotReadyError);
  expect(() => runtimeInfo()).toThrow(expect.objectContaining({ code: 'NTK_NOT_READY', name: 'NotReadyError' }));
});

it('of concurrent ready() calls the last one made wins, whatever order the compiles finish in', async () => {
  await ready({ backend: 'simd' }); // simd compiled: a later simd call resolves before a relaxed compile
  const relaxed = ready({ backend: 'relaxed' });
  const simd = ready({ backend: 'simd' });
  const [a, b] = await Promise.all([relaxed, simd]);
  expect(runtimeInfo().backend).toBe('simd');
  expect(b.backend).toBe('simd');
  expect(a.backend).toBe('simd'); // each promise reports the backend actually active
  const again = ready({ backend: 'relaxed' });
  expect((await again).backend).toBe('relaxed');
});
