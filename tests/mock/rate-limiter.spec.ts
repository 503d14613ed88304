/**
 * The sliding-window limiter behind the documented 200 calls per second, driven by plain millisecond numbers, and the
 * limit each command gets from the configuration.
 */
import { expect, test } from '@playwright/test';
import { commands } from '../../src/core/spec.js';
import { defaultConfig, type MockConfig } from '../../mocks/config.js';
import { createLimits } from '../../mocks/policies.js';
import { RateLimiter } from '../../mocks/rate-limiter.js';

/** Feeds call times in order; returns the times that were admitted. */
function admitted(limiter: RateLimiter, times: number[]): number[] {
  return times.filter((t) => limiter.tryAcquire(t));
}

/** The largest number of admitted calls inside any half-open window [t, t + windowMs). */
function busiestWindow(times: number[], windowMs = 1000): number {
  let best = 0;
  for (const start of times) best = Math.max(best, times.filter((t) => t >= start && t < start + windowMs).length);
  return best;
}

const repeat = (n: number, t: number) => Array.from({ length: n }, () => t);

test('exactly limit calls are admitted within one window', () => {
  const limiter = new RateLimiter(200);
  expect(admitted(limiter, repeat(200, 0))).toHaveLength(200);
  expect(admitted(limiter, [0, 1, 500, 999])).toHaveLength(0);
});

test('a limit of one admits one call per window', () => {
  const limiter = new RateLimiter(1);
  expect(admitted(limiter, [0, 10, 999, 1000, 1500, 1999, 2000])).toEqual([0, 1000, 2000]);
});

test('refused calls take no slot', () => {
  const limiter = new RateLimiter(3);
  expect(admitted(limiter, [0, 100, 200])).toHaveLength(3);
  expect(admitted(limiter, Array.from({ length: 50 }, (_, i) => 300 + i * 10))).toHaveLength(0);
  // Had the refusals taken slots, these would still be refused.
  expect(admitted(limiter, [1000, 1100, 1200])).toEqual([1000, 1100, 1200]);
});

test('a slot frees exactly 1000 ms after the call that took it', () => {
  const limiter = new RateLimiter(2);
  expect(admitted(limiter, [0, 400])).toHaveLength(2);
  expect(limiter.tryAcquire(999)).toBe(false);
  expect(limiter.tryAcquire(1000)).toBe(true);
  expect(limiter.tryAcquire(1000)).toBe(false);
  expect(limiter.tryAcquire(1399)).toBe(false);
  expect(limiter.tryAcquire(1400)).toBe(true);
});

test('slots free in the order they were taken', () => {
  const limiter = new RateLimiter(3);
  expect(admitted(limiter, [0, 300, 600])).toHaveLength(3);
  expect(admitted(limiter, [1000, 1000, 1300, 1300, 1600, 1600])).toEqual([1000, 1300, 1600]);
});

test('a burst straddling a second boundary passes at most the limit', () => {
  const limiter = new RateLimiter(200);
  // A per-calendar-second counter would admit both halves: 200 just before t = 1000 and 200 just after.
  const times = Array.from({ length: 400 }, (_, i) => 900 + i / 2);
  const ok = admitted(limiter, times);
  expect(ok).toHaveLength(200);
  expect(busiestWindow(ok)).toBe(200);
});

test('no 1000 ms window ever holds more than the limit', () => {
  const limiter = new RateLimiter(50);
  // Deterministic bursty traffic: clusters of 40 calls every 137 ms for 5 s.
  const times = Array.from({ length: 37 }, (_, k) => k * 137).flatMap((t) => repeat(40, t));
  const ok = admitted(limiter, times);
  expect(busiestWindow(ok)).toBeLessThanOrEqual(50);
  expect(ok.length).toBeGreaterThan(200);
});

test('180 evenly spaced calls over one second all pass', () => {
  const limiter = new RateLimiter(200);
  const times = Array.from({ length: 180 }, (_, i) => (i * 1000) / 180);
  expect(admitted(limiter, times)).toHaveLength(180);
});

test('an even rate of exactly the limit is sustained for five seconds', () => {
  const limiter = new RateLimiter(200);
  const times = Array.from({ length: 1000 }, (_, i) => i * 5);
  expect(admitted(limiter, times)).toHaveLength(1000);
});

test('a custom window length is honoured', () => {
  const limiter = new RateLimiter(1, 250);
  expect(admitted(limiter, [0, 249, 250, 499, 500])).toEqual([0, 250, 500]);
});

test('a limit below one call is refused at construction', () => {
  for (const bad of [0, -5, 1.5]) expect(() => new RateLimiter(bad), String(bad)).toThrow(RangeError);
});

test.describe('the limit of each command', () => {
  /** The calls per second each command's limiter was made with; a command without a limiter is absent. */
  function limitsMade(rateLimit: MockConfig['rateLimit']): Record<string, number> {
    const made: Record<string, number> = {};
    let next = '';
    const policy = createLimits(defaultConfig({ rateLimit }), (perSecond) => ({ tryAcquire: () => ((made[next] = perSecond), false) }));
    for (const c of commands) policy.admit((next = c.command), 0);
    return made;
  }
  const documented = Object.fromEntries(commands.map((c) => [c.command, c.callsPerSecond]));

  const cases: Array<{ rateLimit: MockConfig['rateLimit']; limits: Record<string, number> }> = [
    { rateLimit: undefined, limits: documented },
    { rateLimit: 0, limits: {} },
    { rateLimit: { admin_set_msg_read: 5 }, limits: { ...documented, admin_set_msg_read: 5 } },
    { rateLimit: { sendmsg: 1, account_check: 0 }, limits: (({ account_check: _, ...rest }) => ({ ...rest, sendmsg: 1 }))(documented) },
  ];
  for (const c of cases) {
    test(`rateLimit ${JSON.stringify(c.rateLimit)}`, () => {
      expect(limitsMade(c.rateLimit)).toEqual(c.limits);
    });
  }

  test('a name that is no command is refused', () => {
    expect(() => limitsMade({ sendmsgs: 5 })).toThrow(/sendmsgs/);
  });
});
