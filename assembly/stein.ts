// Eigenvectors of a symmetric tridiagonal matrix for given eigenvalues, by inverse iteration
// (Wilkinson, "The Algebraic Eigenvalue Problem", 1965, §5.54; LAPACK dstein and its
// factorization dlagtf/dlagts): each vector is a few solves with T − λI, factored once by
// Gaussian elimination with partial pivoting, starting from a pseudo-random vector. Vectors whose
// eigenvalues lie within 10⁻³·‖T‖₁ of each other are re-orthogonalised against each other after
// every solve (modified Gram–Schmidt), as dstein does, so that clusters come out orthogonal.

import { axpy, dot, nrm2, scal } from './blas1';
import { PRECISION } from './dlamch';
import { at, colMajor, put } from './elements';
/** Inverse-iteration steps per vector: the first solve already amplifies the wanted direction by
 * about gap/(ε‖T‖); the later ones make a vector within a tight cluster converge as well. */
const ITERATIONS: i32 = 5;

/** Bytes of workspace stein_f64 needs for order n, exactly, as an f64 (computed in 64 bits). */
export function stein_workspace_f64(n: i32): f64 {
  return <f64>((<u64>n * 6) << 3);
}

/**
 * Unit eigenvectors of a symmetric tridiagonal T for k eigenvalues, by inverse iteration (LAPACK dstein).
 *
 * T has diagonal d (n values) and sub-diagonal e (n − 1); w holds the k eigenvalues ascending; all
 * three are read only. Writes the vectors to the columns of Z (n × k, column-major, leading
 * dimension ldz), which overlaps neither them nor `work` (stein_workspace_f64(n) bytes).
 */
export function stein_f64(n: i32, d: usize, e: usize, k: i32, w: usize, z: usize, ldz: i32, work: usize): void {
  if (n <= 0 || k <= 0) return;
  const u0 = work, u1 = u0 + (<usize>n << 3), u2 = u1 + (<usize>n << 3);
  const mult = u2 + (<usize>n << 3), piv = mult + (<usize>n << 3), x = piv + (<usize>n << 3);
  let tnorm = 0.0; // ‖T‖₁
  for (let i = 0; i < n; i++) {
    tnorm = max(tnorm, abs(at(d, i)) + (i > 0 ? abs(at(e, i - 1)) : 0.0) + (i < n - 1 ? abs(at(e, i)) : 0.0));
  }
  if (tnorm == 0.0) tnorm = 1.0;
  const ortol = 1e-3 * tnorm;
  const tiny = PRECISION * tnorm;
  let clusterStart = 0;
  let prevLambda = 0.0;
  for (let j = 0; j < k; j++) {
    let lambda = at(w, j);
    if (j > 0 && lambda - at(w, j - 1) > ortol) clusterStart = j;
    // Equal shifts would give equal vectors: separate them by a few ulps of ‖T‖ (as dstein).
    if (j > 0 && lambda - prevLambda < 10.0 * tiny) lambda = prevLambda + 10.0 * tiny;
    prevLambda = lambda;
    factor(n, d, e, lambda, tiny, u0, u1, u2, mult, piv);
    // Pseudo-random start in (−1, 1): a fixed LCG per vector, so results are reproducible.
    let seed: u32 = 0x9e3779b9 ^ (<u32>j * 2654435761);
    for (let i = 0; i < n; i++) {
      seed = seed * 1664525 + 1013904223;
      put(x, i, <f64>(seed >>> 8) / 8388608.0 - 1.0);
    }
    for (let it = 0; it < ITERATIONS; it++) {
      solve(n, u0, u1, u2, mult, piv, x);
      for (let c = clusterStart; c < j; c++) {
        const col = colMajor(z, 0, c, ldz);
        axpy(n, -dot(n, col, x), col, x);
      }
      const norm = nrm2(n, x);
      scal(n, 1.0 / norm, x);
    }
    memory.copy(colMajor(z, 0, j, ldz), x, <usize>n << 3);
  }
}

/**
 * T − λI = P·L·U with partial pivoting (L unit lower bidiagonal with multipliers `mult`, U upper
 * with two super-diagonals u1, u2; piv[i] = 1 where rows i and i+1 were swapped). Pivots smaller
 * than `tiny`, swapped or not, are replaced by ±tiny, which only perturbs T by O(ε‖T‖).
 */
function factor(n: i32, d: usize, e: usize, lambda: f64, tiny: f64, u0: usize, u1: usize, u2: usize, mult: usize, piv: usize): void {
  let p = at(d, 0) - lambda;
  let q = n > 1 ? at(e, 0) : 0.0;
  for (let i = 0; i < n - 1; i++) {
    const b = at(e, i);
    const a = at(d, i + 1) - lambda;
    const c = i + 1 < n - 1 ? at(e, i + 1) : 0.0;
    if (abs(p) >= abs(b)) {
      if (abs(p) < tiny) p = p < 0.0 ? -tiny : tiny;
      const l = b / p;
      put(piv, i, 0.0);
      put(u0, i, p); put(u1, i, q); put(u2, i, 0.0);
      put(mult, i, l);
      p = a - l * q;
      q = c;
    } else {
      // The swapped row's pivot is b; when both candidates are below `tiny` (an off-diagonal of
      // 5e-324 against a zero pivot), b is perturbed to ±tiny like any small pivot (dlagts does so
      // in its solve), or the solve divides by a subnormal and overflows to Inf and then NaN.
      const pivot = abs(b) < tiny ? (b < 0.0 ? -tiny : tiny) : b;
      const l = p / pivot;
      put(piv, i, 1.0);
      put(u0, i, pivot); put(u1, i, a); put(u2, i, c);
      put(mult, i, l);
      p = q - l * a;
      q = -l * c;
    }
  }
  if (abs(p) < tiny) p = p < 0.0 ? -tiny : tiny;
  put(u0, n - 1, p);
}

/** x ← (T − λI)⁻¹·x with the factors of factor(). */
function solve(n: i32, u0: usize, u1: usize, u2: usize, mult: usize, piv: usize, x: usize): void {
  for (let i = 0; i < n - 1; i++) {
    if (at(piv, i) != 0.0) {
      const t = at(x, i);
      put(x, i, at(x, i + 1));
      put(x, i + 1, t);
    }
    put(x, i + 1, at(x, i + 1) - at(mult, i) * at(x, i));
  }
  // Back substitution, rescaling if the solution grows toward overflow.
  let xi2 = 0.0, xi1 = at(x, n - 1) / at(u0, n - 1);
  put(x, n - 1, xi1);
  for (let i = n - 2; i >= 0; i--) {
    const v = (at(x, i) - at(u1, i) * xi1 - at(u2, i) * xi2) / at(u0, i);
    put(x, i, v);
    xi2 = xi1;
    xi1 = v;
    if (abs(v) > 1e150) {
      scal(n, 1e-150, x);
      xi1 *= 1e-150;
      xi2 *= 1e-150;
    }
  }
}
