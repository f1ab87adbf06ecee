/**
 * Where progress goes. On a terminal: one live line, rewritten in place (\r + clear-line), with
 * events printed above it. Elsewhere (CI logs): a timestamped line per change, never a
 * repeated one, and no control characters.
 */
import type { OutputStream } from '../io';

const CLEAR_LINE = '\r\x1b[2K';

export class ProgressReporter {
  private last: string | undefined;
  private liveLineShown = false;

  constructor(
    private readonly out: OutputStream,
    private readonly tty: boolean,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The current state; printed only when it differs from the previous one. */
  update(line: string): void {
    // On a terminal a note may have scrolled the live line away: then it is drawn again.
    if (line === this.last && (!this.tty || this.liveLineShown)) return;
    this.last = line;
    if (this.tty) {
      this.out.write(`${CLEAR_LINE}${line}`);
      this.liveLineShown = true;
    } else this.out.write(`${this.stamp()} ${line}\n`);
  }

  /** A line that stays (an event): on a terminal it replaces the live line, redrawn by the next update. */
  note(line: string): void {
    if (this.tty) {
      this.out.write(`${this.liveLineShown ? CLEAR_LINE : ''}${line}\n`);
      this.liveLineShown = false;
    } else this.out.write(`${this.stamp()} ${line}\n`);
  }

  /** Ends the live line so what follows starts on a fresh one. */
  finish(): void {
    if (this.tty && this.liveLineShown) this.out.write('\n');
    this.liveLineShown = false;
  }

  private stamp(): string {
    return this.now()
      .toISOString()
      .replace(/\.\d+Z$/, 'Z');
  }
}
