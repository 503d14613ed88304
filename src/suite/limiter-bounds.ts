/**
 * How many calls a limiter of `limit` per second could serve, whatever its design (ledger AMB-LIMITER-DESIGN): a
 * sliding one-second window, fixed one-second windows of any phase, or a token bucket that holds one second of calls.
 * A call reaches the target some time between when it was sent and when its answer came back; the bounds allow for
 * that span, so that they never fall below what a faithful limiter serves.
 */
export interface SentCall {
  sentAt: number;
  doneAt: number;
}

const WINDOW_MS = 1000;

/** The most a sliding window could serve: greedy acceptance in time order, windows shortened by the jitter. */
function sliding(times: readonly number[], limit: number, jitterMs: number): number {
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
 * The most fixed windows of any phase could serve, counting a call in every window its arrival could fall in (one or
 * two: the jitter is under a second). As the phase of the windows moves through a second, a call's first window moves
 * back by one just past its earliest arrival's place in the second, and its last window just past its latest one; so
 * the counts change only at those places, one count by one at each, and one sweep through them, in order, meets every
 * phase's total.
 */
export function fixed(times: readonly number[], limit: number, jitterMs: number): number {
  if (!times.length) return 0;
  // Times from a second before the first, so that every window index is positive.
  const origin = times[0]! - WINDOW_MS;
  const windows = Math.floor((times[times.length - 1]! + jitterMs - origin) / WINDOW_MS) + 3;
  const counts = new Int32Array(windows);
  const events: Array<{ at: number; window: number; add: 1 | -1 }> = [];
  for (const t of times) {
    const a = t - origin;
    const b = a + jitterMs;
    const first = Math.floor(a / WINDOW_MS);
    const last = Math.floor(b / WINDOW_MS);
    // At phase 0 the call counts in windows first + 1 .. last + 1.
    for (let k = first + 1; k <= last + 1; k++) counts[k]!++;
    events.push({ at: a - first * WINDOW_MS, window: first, add: 1 }, { at: b - last * WINDOW_MS, window: last + 1, add: -1 });
  }
  let total = 0;
  for (const n of counts) total += Math.min(limit, n);
  let best = total;
  events.sort((x, y) => x.at - y.at);
  for (let i = 0; i < events.length; ) {
    // The total at this very phase, before the calls whose window moves just past it.
    best = Math.max(best, total);
    const at = events[i]!.at;
    for (; i < events.length && events[i]!.at === at; i++) {
      const e = events[i]!;
      const before = counts[e.window]!;
      counts[e.window] = before + e.add;
      total += Math.min(limit, before + e.add) - Math.min(limit, before);
    }
  }
  return Math.max(best, total);
}

/** The most a token bucket of `limit` tokens refilled at `limit` per second serves, starting full; jitter adds tokens. */
function bucket(times: readonly number[], limit: number, jitterMs: number): number {
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

/** The most any design serves of calls each sent at one of `times` and arriving at most `jitterMs` later. */
function mostWithJitter(times: readonly number[], limit: number, jitterMs: number): number {
  if (jitterMs >= WINDOW_MS) return times.length;
  return Math.max(sliding(times, limit, jitterMs), fixed(times, limit, jitterMs), bucket(times, limit, jitterMs));
}

/** Shares of the calls, by span, whose longest span is tried as the jitter of the rest (1: every call, the plain bound). */
const SPAN_SHARES = [1, 0.99, 0.95, 0.9, 0.5];

/**
 * The most calls any of the admissible limiter designs could serve. One slow answer (a pause of the runner, a slow
 * connection) would widen every call's arrival span to its own and leave the bound saying nothing, so the bound is
 * also taken with the slowest calls counted as served whatever happened to them and the longest span of the others
 * as the jitter. That is safe: the calls a limiter serves among the others are calls it could serve of the others
 * alone (each design's condition on served calls holds for any part of them), each of the others arrived within that
 * jitter, and the slowest are all counted; so each such figure is at least what the limiter serves, and so is the
 * least of them.
 */
export function mostServable(calls: readonly SentCall[], limit: number): number {
  if (!calls.length) return 0;
  const bySpan = calls.map((c) => ({ sentAt: c.sentAt, span: Math.max(0, c.doneAt - c.sentAt) })).sort((a, b) => a.span - b.span);
  let best = calls.length;
  const tried = new Set<number>();
  for (const share of SPAN_SHARES) {
    const jitterMs = bySpan[Math.ceil(share * bySpan.length) - 1]!.span;
    if (tried.has(jitterMs) || jitterMs >= WINDOW_MS) continue;
    tried.add(jitterMs);
    const kept = bySpan.filter((c) => c.span <= jitterMs);
    const times = kept.map((c) => c.sentAt).sort((a, b) => a - b);
    best = Math.min(best, mostWithJitter(times, limit, jitterMs) + (calls.length - kept.length));
  }
  return best;
}

/**
 * The first call, in the order sent, by which every design had to refuse some of the calls sent so far; undefined
 * when none had to. Each call sent can add at most one to what a limiter serves, so the calls a limiter must refuse
 * never decrease as calls are added, and a binary search finds it.
 */
export function refusalForcedBy(calls: readonly SentCall[], limit: number): number | undefined {
  const sorted = [...calls].sort((a, b) => a.sentAt - b.sentAt);
  const forced = (n: number) => n - mostServable(sorted.slice(0, n), limit) > 0;
  if (!forced(sorted.length)) return undefined;
  let lo = 1;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (forced(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
