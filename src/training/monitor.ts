// When a run stops early: divergence (the loss above divergenceFactor × its start, non-finite, or
// weights that overflowed) and convergence (the loss at or below a tolerance).

export type Verdict = 'diverged' | 'converged' | undefined;

export class Monitor {
  constructor(readonly initialLoss: number, private readonly tolerance: number, private readonly divergenceFactor: number) {}

  /** The verdict on the loss after a step (weightsBroken: the weight drift became non-finite). */
  check(loss: number, weightsBroken: boolean): Verdict {
    if (weightsBroken || !Number.isFinite(loss) || loss > this.divergenceFactor * Math.max(this.initialLoss, Number.MIN_VALUE)) return 'diverged';
    if (this.tolerance > 0 && loss <= this.tolerance) return 'converged';
    return undefined;
  }
}
