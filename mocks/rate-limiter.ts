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

/**
 * At most `limit` units in any window of `windowMs`, where one call may count several (a batch counts each of its
 * recipients). A call that would cross the limit takes nothing. Memory is one entry per admitted call of weight one or
 * more, so at most `limit` entries.
 */
export class WeightedWindow {
  private readonly admitted: Array<{ at: number; weight: number }> = [];
  private head = 0;
  private total = 0;

  constructor(
    readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Takes `weight` units at time `now` (ms) when the window has room for all of them. */
  tryAcquire(now: number, weight: number): boolean {
    while (this.head < this.admitted.length && now - this.admitted[this.head]!.at >= this.windowMs) this.total -= this.admitted[this.head++]!.weight;
    if (this.head > 1024 && this.head * 2 > this.admitted.length) this.admitted.splice(0, this.head), (this.head = 0);
    if (this.total + weight > this.limit) return false;
    if (weight > 0) this.admitted.push({ at: now, weight });
    this.total += weight;
    return true;
  }
}
