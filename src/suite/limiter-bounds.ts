/**
 * How many calls a limiter of `limit` per second could serve, whatever its design (ledger AMB-LIMITER-DESIGN): a
 * sliding one-second window, fixed one-second windows of any phase, or a token bucket that holds one second of calls.
 * A call reaches the target some time between when it was sent and when its answer came back; the bounds allow for
 * the longest such span (`jitterMs`), so that they never fall below what a faithful limiter serves.
 */
export interface SentCall {
  sentAt: number;
  doneAt: number;
}

const WINDOW_MS = 1000;

/** The most a sliding window could serve: greedy acceptance in time order, windows shortened by the jitter. */
function sliding(times: number[], limit: number, jitterMs: number): number {
  const w = Math.max(1, WINDOW_MS - jitterMs);
  const accepted: number[] = [];
  let head = 0;
  for (const t of times) {
    while (head < accepted.length && accepted[head]! <= t - w) head++;
    if (accepted.length - head < limit) accepted.push(t);
  }
  return accepted.length;
}

/**
 * The most fixed windows of any phase could serve, counting a call in every window its arrival could fall in. The
 * counts change only where a window starts at a call's earliest or latest arrival, so those phases are the ones tried.
 */
function fixed(times: number[], limit: number, jitterMs: number): number {
  let best = 0;
  const phases = new Set<number>();
  for (const t of times) for (const at of [t, t + jitterMs, t + jitterMs + 1e-6]) phases.add(((at % WINDOW_MS) + WINDOW_MS) % WINDOW_MS);
  for (const phase of phases) {
    const counts = new Map<number, number>();
    for (const t of times) {
      const first = Math.floor((t - phase) / WINDOW_MS);
      const last = Math.floor((t + jitterMs - phase) / WINDOW_MS);
      for (let k = first; k <= last; k++) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    let served = 0;
    for (const n of counts.values()) served += Math.min(limit, n);
    best = Math.max(best, served);
  }
  return best;
}

/** The most a token bucket of `limit` tokens refilled at `limit` per second serves, starting full; jitter adds tokens. */
function bucket(times: number[], limit: number, jitterMs: number): number {
  const cap = limit * (1 + jitterMs / WINDOW_MS);
  let tokens = cap;
  let last = times[0] ?? 0;
  let served = 0;
  for (const t of times) {
    tokens = Math.min(cap, tokens + ((t - last) * limit) / WINDOW_MS);
    last = t;
    if (tokens >= 1) {
      tokens -= 1;
      served++;
    }
  }
  return served;
}

/** The most calls any of the admissible limiter designs could serve; every call when the jitter reaches a second. */
export function mostServable(calls: readonly SentCall[], limit: number): number {
  const jitterMs = Math.max(0, ...calls.map((c) => c.doneAt - c.sentAt));
  if (jitterMs >= WINDOW_MS) return calls.length;
  const times = calls.map((c) => c.sentAt).sort((a, b) => a - b);
  return Math.max(sliding(times, limit, jitterMs), fixed(times, limit, jitterMs), bucket(times, limit, jitterMs));
}
