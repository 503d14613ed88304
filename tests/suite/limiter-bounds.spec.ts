/** The most a 200/s limiter of any admissible design serves, against limiters of each design run on the same calls. */
import { expect, test } from '@playwright/test';
import { mostServable, type SentCall } from '../../src/suite/limiter-bounds.js';

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
