/**
 * A rule checked on every answer is charged to one case: a server that breaks it on every answer fails that rule once,
 * and the other cases judge their own clause past it (or have no verdict when the answer cannot be read), so that a
 * target breaking the envelope costs a run no more failures than it has departures.
 */
import { expect, test } from '@playwright/test';
import { EVERY_ANSWER } from '../../src/suite/checks.js';
import { runInProcess } from '../support/in-process.js';
import { broken } from '../variants/broken.js';

for (const name of ['action-status-lower-case', 'error-code-as-string']) {
  test(`${name}: the broken rule fails once, and every other case says where it was charged`, async () => {
    const v = broken[name]!;
    const { report } = await runInProcess({ policies: v.policies! });
    expect(report.verdict).toBe('non-conformant');
    expect(report.clauses.failed).toEqual(v.breaks);
    const failing = report.results.filter((r) => r.violated?.some((c) => EVERY_ANSWER.has(c)));
    const charged = report.results.filter((r) => r.chargedElsewhere?.length);
    // The first case to meet the break is charged with it; cases running beside it may meet it too.
    expect(failing.length).toBeGreaterThan(0);
    expect(report.summary.fail).toBeLessThanOrEqual(2);
    expect(charged.length).toBeGreaterThan(0);
    for (const r of charged) expect(failing.map((f) => f.title)).toContain(r.chargedElsewhere![0]!.title);
  });
}

test('a break met by one case only is still charged to it', async () => {
  const { report } = await runInProcess({ policies: broken['error-http-400']!.policies! });
  expect(report.clauses.failed).toEqual(['rest.response.http-200']);
  expect(report.summary.fail).toBeGreaterThan(0);
});
