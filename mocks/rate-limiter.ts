/**
 * At most `limit` calls in any window of `windowMs` (a sliding window), so that a burst straddling a second boundary
 * cannot get twice the limit through. Refused calls take no slot. Memory is one timestamp per allowed call.
 */
export class RateLimiter {
  private readonly stamps: Float64Array;
  private head = 0;
  private count = 0;

  constructor(
    readonly limit: number,
    private readonly windowMs = 1000,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`a rate limit is a whole number of calls, at least 1 (got ${limit})`);
    this.stamps = new Float64Array(limit);
  }

  /** Takes a slot at time `now` (ms) when one is free. */
  tryAcquire(now: number): boolean {
    if (this.count < this.limit) {
      this.stamps[(this.head + this.count) % this.limit] = now;
      this.count++;
      return true;
    }
    if (now - this.stamps[this.head]! >= this.windowMs) {
      this.stamps[this.head] = now;
      this.head = (this.head + 1) % this.limit;
      return true;
    }
    return false;
  }
}
