/** The most a 200/s limiter of any admissible design serves, against limiters of each design run on the same calls. */
import { expect, test } from '@playwright/test';
import { fixed, mostServable, refusalForcedBy, type SentCall } from '../../src/suite/limiter-bounds.js';

const at = (times: number[], rtt = 0): SentCall[] => times.map((t) => ({ sentAt: t, doneAt: t + rtt }));
const even = (n: number, overMs: number, from = 0) => Array.from({ length: n }, (_, i) => from + (i * overMs) / n);

test('an instant burst: one second of calls', () => {
  expect(mostServable(at(Array(600).fill(1000)), 200)).toBe(200);
});

test('a burst that straddles a second: a fixed-window limiter may serve two seconds of calls', () => {
  expect(mostServable(at(even(600, 300, 800)), 200)).toBe(400);
});

test('a burst of a few milliseconds across a second: fixed windows of that very phase serve two seconds of calls', () => {
  expect(mostServable(at(even(600, 6, 10_997.3)), 200)).toBe(400);
});

test('calls under the limit: all of them', () => {
  expect(mostServable(at(even(180, 1000)), 200)).toBe(180);
});

test('three seconds at 300/s: a full token bucket and three refills, and no more', () => {
  const most = mostServable(at(even(900, 3000)), 200);
  expect(most).toBeGreaterThanOrEqual(799);
  expect(most).toBeLessThan(900);
});

test('slow answers widen the bound, and a second of them lifts it', () => {
  expect(mostServable(at(Array(600).fill(1000), 100), 200)).toBeGreaterThan(200);
  expect(mostServable(at(Array(600).fill(1000), 1000), 200)).toBe(600);
});

test('one answer slower than a second does not lift the bound of all the others', () => {
  const calls = at(Array(600).fill(1000));
  calls.push({ sentAt: 1000, doneAt: 3500 });
  expect(mostServable(calls, 200)).toBe(201);
});

test('the call by which every design had to refuse: the first past two seconds of calls of an instant burst', () => {
  expect(refusalForcedBy(at(Array(600).fill(1000)), 200)).toBe(201);
  expect(refusalForcedBy(at(even(180, 1000)), 200)).toBeUndefined();
  expect(refusalForcedBy(at(even(600, 300, 800)), 200)).toBe(401);
});

/** A limiter of each design, fed arrivals in time order. */
const designs: Record<string, () => (now: number) => boolean> = {
  sliding: () => {
    const served: number[] = [];
    return (now) => (served.filter((t) => t > now - 1000).length < 200 ? (served.push(now), true) : false);
  },
  'fixed, phase 0.37 s': () => {
    const counts = new Map<number, number>();
    return (now) => {
      const k = Math.floor((now - 370) / 1000);
      const n = counts.get(k) ?? 0;
      return n < 200 ? (counts.set(k, n + 1), true) : false;
    };
  },
  bucket: () => {
    let tokens = 200;
    let last: number | undefined;
    return (now) => {
      tokens = Math.min(200, tokens + ((now - (last ?? now)) * 200) / 1000);
      last = now;
      return tokens >= 1 ? (tokens--, true) : false;
    };
  },
};

test('the bound is never below what a limiter of any design serves, whenever each call arrived within its own span', () => {
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let round = 0; round < 30; round++) {
    const n = 200 + Math.floor(random() * 500);
    const overMs = random() * 3000;
    const calls = Array.from({ length: n }, (_, i) => {
      const sentAt = (i * overMs) / n;
      // Mostly short spans, a few long ones: a runner that paused now and then.
      const span = random() < 0.05 ? random() * 1500 : random() * 40;
      return { sentAt, doneAt: sentAt + span, arrives: sentAt + random() * span };
    });
    const most = mostServable(calls, 200);
    const arrivals = calls.map((c) => c.arrives).sort((a, b) => a - b);
    for (const [name, make] of Object.entries(designs)) {
      const admit = make();
      const served = arrivals.filter((t) => admit(t)).length;
      expect(served, `${name}, round ${round}`).toBeLessThanOrEqual(most);
    }
  }
});

/** Fixed windows tried at every phase where a count can change, each counted from scratch. */
function fixedByEveryPhase(times: number[], limit: number, jitterMs: number): number {
  let best = 0;
  for (const t0 of times) {
    for (const at of [t0, t0 + jitterMs, t0 + jitterMs + 1e-6]) {
      const phase = ((at % 1000) + 1000) % 1000;
      const counts = new Map<number, number>();
      for (const t of times) for (let k = Math.floor((t - phase) / 1000); k <= Math.floor((t + jitterMs - phase) / 1000); k++) counts.set(k, (counts.get(k) ?? 0) + 1);
      best = Math.max(best, [...counts.values()].reduce((a, n) => a + Math.min(limit, n), 0));
    }
  }
  return best;
}

test('the sweep over phases of fixed windows finds what trying every phase finds', () => {
  let seed = 777;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let round = 0; round < 40; round++) {
    const n = 1 + Math.floor(random() * 120);
    const start = 10_000 + random() * 3000;
    const times = Array.from({ length: n }, () => start + Math.floor(random() * 2500 * (round % 2 ? 1 : 0.1))).sort((a, b) => a - b);
    const jitterMs = round % 3 ? Math.floor(random() * 900) : 0;
    const limit = 1 + Math.floor(random() * 40);
    expect(fixed(times, limit, jitterMs), `round ${round}`).toBe(fixedByEveryPhase(times, limit, jitterMs));
  }
});
