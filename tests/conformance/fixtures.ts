/**
 * The suite's fixtures: the target, one paced client per worker, the in-process mock when that is the target, and
 * `caseDetails` and `caseBody`, the one place where a case becomes a Playwright test with its clause, strength and record.
 */
import { Faker, en } from '@faker-js/faker';
import { test as base, type TestInfo } from '@playwright/test';
import { setupServer } from 'msw/node';
import { createHash } from 'node:crypto';
import { credentialsFromEnv, defaultConfig } from '../../mocks/config';
import { createHandlers } from '../../mocks/handlers';
import { makeSimulator } from '../../mocks/variants';
import { ImClient } from '../../src/client';
import { CaseRun } from '../../src/harness/case-run';
import { RECORD_ATTACHMENT } from '../../src/harness/record';
import { Pacer } from '../../src/pacer';
import { IN_PROCESS_BASE_URL, resolveTarget, type Target } from '../../src/target';
import type { ConformanceCase } from '../../types/schemas';

export const target = resolveTarget();

export const test = base.extend<object, { im: ImClient; inProcessMock: void }>({
  inProcessMock: [
    async ({}, use) => {
      if (target.kind !== 'in-process-mock') return use();
      const sim = makeSimulator(defaultConfig(credentialsFromEnv()), target.variant);
      const server = setupServer(...createHandlers(sim, IN_PROCESS_BASE_URL));
      server.listen({ onUnhandledRequest: 'error' });
      await use();
      server.close();
    },
    { scope: 'worker', auto: true },
  ],
  im: [
    async ({ playwright, inProcessMock }, use, workerInfo) => {
      void inProcessMock;
      const ctx = await playwright.request.newContext();
      // All workers together stay under the target's pace.
      await use(new ImClient(ctx, target, new Pacer(target.callsPerSecond / Math.max(workerInfo.config.workers, 1))));
      await ctx.dispose();
    },
    { scope: 'worker' },
  ],
});

/** Same seed and title, same data: a case replays exactly with IM_SEED. */
function seedFor(t: Target, title: string): number[] {
  return [t.seed, createHash('sha256').update(title).digest().readUInt32BE(0)];
}

/** The details a case's test carries: its strength as a tag, its clause and strength as annotations. */
export function caseDetails(c: ConformanceCase) {
  return { tag: [`@${c.strength}`], annotation: [{ type: 'clause', description: c.clause }, { type: 'strength', description: c.strength }] };
}

type CaseBody = (args: { im: ImClient }, testInfo: TestInfo) => Promise<void>;

/**
 * The test function of a case: seeds its data, runs it, and attaches its record whatever the outcome. `gate` returns
 * a reason when the case must not run against this target.
 */
export function caseBody(c: ConformanceCase, body: (run: CaseRun) => Promise<void>, gate?: () => string | undefined): CaseBody {
  return async ({ im }, testInfo) => {
    const faker = new Faker({ locale: [en] });
    faker.seed(seedFor(target, c.title));
    const run = new CaseRun(im, c, faker);
    try {
      const closed = gate?.();
      if (closed) {
        run.record.verdict = 'skip';
        run.record.reason = closed;
        testInfo.skip(true, closed);
      }
      await run.settle(() => body(run), (reason) => testInfo.skip(true, reason));
    } finally {
      await testInfo.attach(RECORD_ATTACHMENT, { body: JSON.stringify(run.record), contentType: 'application/json' });
    }
  };
}
