// The drawn target: y(x) on a grid of x in [−1, 1], edited by dragging on a canvas that fills its
// box at the screen's pixel density; the n sample points and, after a run, each optimizer's fit.
import { defaultTarget, drawnPositions } from './data';

const GRID = 400;
const DOT = 7;

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

export class TargetDrawing {
  private drawn = TargetDrawing.initial();
  private fits: { color: string; values: number[] }[] = [];
  private drawing = false;

  /** `points()` gives how many sample points to mark (the form's n, when valid). */
  constructor(private readonly canvas: HTMLCanvasElement, private readonly points: () => number) {
    canvas.addEventListener('pointerdown', (e) => {
      this.drawing = true;
      canvas.setPointerCapture(e.pointerId);
      this.paint(e);
    });
    canvas.addEventListener('pointermove', (e) => this.drawing && this.paint(e));
    canvas.addEventListener('pointerup', () => (this.drawing = false));
    new ResizeObserver(() => this.redraw()).observe(canvas);
  }

  private static initial(): number[] {
    return Array.from({ length: GRID }, (_, i) => defaultTarget(-1 + (2 * i) / (GRID - 1)));
  }

  /** The drawn curve at x ∈ [−1, 1], interpolated linearly on the grid. */
  targetAt(x: number): number {
    const t = ((x + 1) / 2) * (GRID - 1);
    const i = Math.max(0, Math.min(GRID - 2, Math.floor(t)));
    return this.drawn[i] + (t - i) * (this.drawn[i + 1] - this.drawn[i]);
  }

  /** Back to the default curve, without fits. */
  reset(): void {
    this.drawn = TargetDrawing.initial();
    this.fits = [];
    this.redraw();
  }

  setFits(fits: { color: string; values: number[] }[]): void {
    this.fits = fits;
    this.redraw();
  }

  private paint(event: PointerEvent): void {
    // the inverse of redraw()'s px and py
    const rect = this.canvas.getBoundingClientRect();
    const x = ((event.clientX - rect.left - DOT) / (rect.width - 2 * DOT)) * 2 - 1;
    const y = Math.max(-1, Math.min(1, (rect.height / 2 - (event.clientY - rect.top)) / (rect.height / 2 - DOT)));
    const i = Math.round(((x + 1) / 2) * (GRID - 1));
    for (let j = Math.max(0, i - 3); j <= Math.min(GRID - 1, i + 3); j++) this.drawn[j] = y;
    this.fits = [];
    this.redraw();
  }

  redraw(): void {
    const canvas = this.canvas;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth, height = canvas.clientHeight;
    if (!width || !height) return;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const ctx = canvas.getContext('2d')!;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const fg = cssVar('--fg') || '#1d1d1f';
    const px = (x: number) => DOT + ((x + 1) / 2) * (width - 2 * DOT);
    const py = (y: number) => height / 2 - y * (height / 2 - DOT);
    ctx.strokeStyle = cssVar('--grid') || 'rgba(128, 128, 128, 0.25)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(0, py(0));
    ctx.lineTo(width, py(0));
    ctx.stroke();
    ctx.strokeStyle = fg;
    ctx.lineWidth = 2;
    ctx.beginPath();
    this.drawn.forEach((y, i) => {
      const x = px(-1 + (2 * i) / (GRID - 1));
      if (i) ctx.lineTo(x, py(y));
      else ctx.moveTo(x, py(y));
    });
    ctx.stroke();
    for (const fit of this.fits) {
      ctx.strokeStyle = fit.color;
      ctx.beginPath();
      drawnPositions(fit.values.length).forEach((x, i) => (i ? ctx.lineTo(px(x), py(fit.values[i])) : ctx.moveTo(px(x), py(fit.values[i]))));
      ctx.stroke();
    }
    ctx.fillStyle = fg;
    for (const x of drawnPositions(this.points())) {
      ctx.beginPath();
      ctx.arc(px(x), py(this.targetAt(x)), DOT / 2, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
}
