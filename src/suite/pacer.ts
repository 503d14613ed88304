import type { Clock } from '../core/clock.js';

/** Spaces calls evenly so that a worker never exceeds its share of the calls per second the target allows. */
export class Pacer {
  private next = 0;

  constructor(
    private readonly callsPerSecond: number,
    private readonly clock: Clock,
  ) {}

  /** Resolves when the next call may go out. */
  async wait(): Promise<void> {
    const now = this.clock.now();
    const at = Math.max(now, this.next);
    this.next = at + 1000 / this.callsPerSecond;
    if (at > now) await this.clock.sleep(at - now);
  }
}
