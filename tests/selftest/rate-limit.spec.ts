/**
 * The rate-limit cases on the virtual clock, alone: they reach a verdict near the target and 300 ms away from it, a
 * server without a limit fails, refusals of calls under the limit that do not come back are another client's, and
 * no run sends more load calls than the budget.
 */
import { expect, test } from '@playwright/test';
import { OVER_LIMIT_BUDGET } from '../../src/suite/scenarios/load.js';
import type { ConformanceReport } from '../../types/schemas.js';
import { runInProcess, type InProcessOptions } from '../support/in-process.js';
import { broken } from '../variants/broken.js';
import { faithful, sharedApp } from '../variants/faithful.js';

const RATE_LIMIT = { clauses: ['admin_set_msg_read.rate-limit.*'] };
/** The paced phase's calls, and three over-limit phases at most. */
const MOST_LOAD_CALLS = 180 + 3 * OVER_LIMIT_BUDGET;

const verdicts = (r: ConformanceReport) => Object.fromEntries(r.results.map((x) => [x.title, `${x.verdict}${x.reason ? `: ${x.reason}` : ''}`]));
const loadCalls = (r: ConformanceReport) => r.rateLimits.reduce((n, s) => n + s.calls.length, 0);

for (const latencyMs of [0, 300]) {
  test.describe(`${latencyMs} ms from the target`, () => {
    test('a documented limiter passes every rate-limit case, within the budget', async () => {
      const { report } = await runInProcess({ selection: RATE_LIMIT, latencyMs });
      expect(report.results.filter((x) => x.verdict !== 'pass').map((x) => `${x.title}: ${x.reason}`)).toEqual([]);
      expect(report.verdict).toBe('conformant');
      expect(loadCalls(report)).toBeLessThanOrEqual(MOST_LOAD_CALLS);
    });

    for (const name of ['fixed-window-limiter', 'token-bucket-limiter'] as const) {
      test(`${name} passes`, async () => {
        const { report } = await runInProcess({ selection: RATE_LIMIT, latencyMs, policies: faithful[name]!.policies! });
        expect(report.verdict, JSON.stringify(verdicts(report), null, 1)).toBe('conformant');
      });
    }

    test('a server without a limit fails, and the report says how fast the calls went and what that proves', async () => {
      const { report } = await runInProcess({ selection: RATE_LIMIT, latencyMs, policies: broken['rate-limit-absent']!.policies! });
      expect(report.clauses.failed).toEqual(['admin_set_msg_read.rate-limit.refuses-over-limit']);
      const burst = report.results.find((x) => x.title.startsWith('a burst'))!;
      expect(burst.verdict).toBe('fail');
      expect(burst.observed).toMatch(/calls sent (at once|\d+\/s).*any 200\/s limiter had to refuse some of them from call \d+ on/);
      expect(loadCalls(report)).toBeLessThanOrEqual(MOST_LOAD_CALLS);
    });
  });
}

test('a limiter of 100 per second fails the paced case, its refusals coming back on each of three tries', async () => {
  const v = broken['rate-limit-100']!;
  const { report } = await runInProcess({ selection: RATE_LIMIT, config: v.config! });
  expect(report.clauses.failed).toEqual(v.breaks);
  const paced = report.results.find((x) => x.title.startsWith('calls paced at 180'))!;
  expect(paced.reason).toMatch(/on each of 3 tries/);
  expect(new Set(report.rateLimits[0]!.calls.map((c) => c.phase)).size).toBeGreaterThanOrEqual(3);
});

for (const [name, v] of Object.entries(sharedApp)) {
  test(`${name}: refusals under the limit that do not come back have no verdict, and say the limit appears shared`, async () => {
    const options: InProcessOptions = { selection: { grep: v.phase }, policies: v.policies! };
    const { report } = await runInProcess(options);
    expect(report.results).toHaveLength(1);
    const [only] = report.results;
    expect(only!.verdict, only!.reason).toBe('indeterminate');
    expect(only!.reason).toContain("the app's limit appears shared with another client");
    expect(report.verdict).toBe('no-verdict');
  });
}
