// Progress on stderr: a redrawn bar when stderr is a terminal, plain log lines (at most one every
// few seconds per run) when it is a file or a pipe, nothing with --quiet. Text from settings (run
// names come from config files) is shown with its control characters escaped.

import type { TrainProgress } from '../training/train';
import { printable } from './printable';

const BAR = 24;
const LOG_EVERY_MS = 5000;

function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export class Progress {
  private label = '';
  private lastLog = 0;
  private readonly tty: boolean;

  constructor(private readonly stream: NodeJS.WriteStream, private readonly quiet: boolean) {
    this.tty = Boolean(stream.isTTY);
  }

  start(label: string): void {
    this.label = printable(label);
    this.lastLog = 0;
  }

  update(p: TrainProgress): void {
    if (this.quiet) return;
    const fraction = p.steps > 0 ? p.step / p.steps : 1;
    const perSecond = p.elapsedMs > 0 ? (p.step / p.elapsedMs) * 1000 : 0;
    const text = `${this.label}  step ${p.step}/${p.steps}  loss ${p.loss.toExponential(3)}  ${perSecond.toFixed(0)} steps/s  ETA ${duration(p.remainingMs)}`;
    if (this.tty) {
      const filled = Math.round(fraction * BAR);
      const line = `[${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}] ${text}`;
      const width = this.stream.columns ?? 120;
      this.stream.write(`\r${line.slice(0, width - 1).padEnd(Math.min(width - 1, line.length + 4))}`);
    } else if (p.elapsedMs - this.lastLog >= LOG_EVERY_MS) {
      this.lastLog = p.elapsedMs;
      this.stream.write(`${text}\n`);
    }
  }

  /** Ends the current bar with a final line. */
  finish(line: string): void {
    if (this.quiet) return;
    this.stream.write(this.tty ? `\r\x1b[K${printable(line)}\n` : `${printable(line)}\n`);
  }

  note(line: string): void {
    if (!this.quiet) this.stream.write(this.tty ? `\r\x1b[K${printable(line)}\n` : `${printable(line)}\n`);
  }
}
