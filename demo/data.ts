// The demo's drawn 1-D regression data: n points x evenly spread over [−1, 1], each put on the
// unit circle as (cos φ, sin φ), φ = 0.45π·(x + 1) (so the inputs are unit vectors, as the
// theory assumes, and no two are parallel or opposite), with targets read off the user's drawing.
import { Matrix } from '../src/index';

export const ANGLE_SPAN = 0.9 * Math.PI;

/** The x positions of the n points. */
export function drawnPositions(n: number): number[] {
  return Array.from({ length: n }, (_, i) => (n === 1 ? 0 : -1 + (2 * i) / (n - 1)));
}

/** The n × 2 unit-vector inputs for positions x. */
export function drawnInputs(xs: number[]): Matrix {
  const X = new Matrix(xs.length, 2);
  xs.forEach((x, i) => {
    const phi = (ANGLE_SPAN / 2) * (x + 1);
    X.set(i, 0, Math.cos(phi));
    X.set(i, 1, Math.sin(phi));
  });
  return X;
}

/** The curve the drawing starts from: y = 0.8·sin(2πx). */
export function defaultTarget(x: number): number {
  return 0.8 * Math.sin(2 * Math.PI * x);
}
