// The Euclidean norm of a vector of any magnitude: the largest |xᵢ| is factored out before
// squaring (the two-pass scaled sum of squares of LAPACK's dnrm2), so entries near 1e200 or
// 1e-200 neither overflow nor underflow to a wrong answer.

export function euclideanNorm(x: ArrayLike<number>, start = 0, end = x.length): number {
  let scale = 0;
  for (let i = start; i < end; i++) scale = Math.max(scale, Math.abs(x[i]));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let sum = 0;
  for (let i = start; i < end; i++) {
    const t = x[i] / scale;
    sum += t * t;
  }
  return scale * Math.sqrt(sum);
}
