// The trainer's clock: progress reports about every 100 ms, and a yield to the event loop every
// 50 ms so that a page stays responsive and an abort signal (or a timer) gets its turn.

import type { TrainProgress } from './options';

const PROGRESS_MS = 100;
const YIELD_MS = 50;

export class Clock {
  readonly started = performance.now();
  private lastYield = this.started;
  private lastProgress = this.started;

  constructor(private readonly steps: number, private readonly onProgress?: (p: TrainProgress) => void) {}

  /**
   * After update k: reports progress when due, and yields when due. `loss` is the loss at θ_k,
   * measured before the update, so it is reported as step k (as the recorded curves label it).
   */
  async tick(k: number, loss: number): Promise<void> {
    const now = performance.now();
    if (this.onProgress && now - this.lastProgress >= PROGRESS_MS) {
      this.lastProgress = now;
      const elapsed = now - this.started;
      this.onProgress({ step: k, steps: this.steps, loss, elapsedMs: elapsed, remainingMs: (elapsed / (k + 1)) * (this.steps - k - 1) });
    }
    if (now - this.lastYield >= YIELD_MS) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      this.lastYield = performance.now();
    }
  }

  elapsed(): number {
    return performance.now() - this.started;
  }

  /** The last report, at the end of the run. */
  finish(step: number, loss: number): void {
    this.onProgress?.({ step, steps: this.steps, loss, elapsedMs: this.elapsed(), remainingMs: 0 });
  }
}
