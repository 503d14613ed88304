/**
 * A clock whose time moves only when every task waits on it: the pending sleep that ends first is woken once nothing
 * else can run (after the microtasks, on setImmediate), and time jumps to its end. Time-dependent behaviour, such as
 * rate limits, effects that show late and MsgReadTime, then runs in milliseconds of real time, in a replayable order.
 */
import type { Clock } from '../../src/core/clock.js';

interface Timer {
  at: number;
  seq: number;
  wake: () => void;
}

export class VirtualClock implements Clock {
  private t: number;
  private seq = 0;
  private readonly timers: Timer[] = [];
  private scheduled = false;

  // It starts at the real time: the official library signs UserSigs with the real clock, the simulator checks them on this one.
  constructor(startMs = Date.now()) {
    this.t = startMs;
  }

  now = (): number => this.t;

  sleep = (ms: number): Promise<void> =>
    new Promise((wake) => {
      const timer = { at: this.t + Math.max(0, ms), seq: this.seq++, wake };
      let i = this.timers.length;
      while (i > 0 && (this.timers[i - 1]!.at > timer.at || (this.timers[i - 1]!.at === timer.at && this.timers[i - 1]!.seq > timer.seq))) i--;
      this.timers.splice(i, 0, timer);
      this.schedule();
    });

  /** Moves time forward by `ms` at once, as a test's own step. */
  advance(ms: number): void {
    this.t += ms;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const next = this.timers.shift();
      if (!next) return;
      this.t = Math.max(this.t, next.at);
      next.wake();
      if (this.timers.length) this.schedule();
    });
  }
}
