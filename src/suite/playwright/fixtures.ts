/**
 * Where a case becomes a Playwright test: one paced client per worker, and one test per selected case that runs the
 * case through the engine, attaches its result as the test's record, and ends the way the verdict says (a failure
 * with one line, a skip that says why).
 */
import { test as base, type TestDetails } from '@playwright/test';
import { systemClock } from '../../core/clock.js';
import { RECORD_ATTACHMENT } from '../../core/record.js';
import { loadCases, type Case } from '../cases.js';
import { ImClient } from '../client.js';
import { runCase, type SuiteContext } from '../engine.js';
import { Pacer } from '../pacer.js';
import { readRunContext } from '../run-context.js';
import { resolveTarget } from '../target.js';
import { nodeHttpTransport } from '../transport.js';
import { playwrightTransport } from './transport.js';

export const context = readRunContext(process.env);
const target = resolveTarget(process.env, context.kind);
const selected = new Set(context.selected);

/** The selected cases of one kind, in file order. */
export const casesOf = (load: boolean): Case[] => loadCases(context.seed).filter((c) => selected.has(c.title) && (c.kind === 'load') === load);

export const test = base.extend<object, { suite: SuiteContext }>({
  suite: [
    async ({ playwright }, use, workerInfo) => {
      const request = await playwright.request.newContext();
      // All workers together stay under the target's pace.
      const pacer = new Pacer(target.callsPerSecond / Math.max(workerInfo.config.workers, 1), systemClock);
      // The rate-limit cases must outpace a 200/s limit from a busy runner: their calls go through the leanest transport.
      const lean = workerInfo.project.name === 'rate-limit' ? nodeHttpTransport() : undefined;
      const client = new ImClient(lean ?? playwrightTransport(request), target, pacer, systemClock);
      await use({ client, seed: context.seed, pool: context.pool, declared: context.declared, ...(context.poolProblem ? { poolProblem: context.poolProblem } : {}) });
      lean?.close();
      await request.dispose();
    },
    { scope: 'worker' },
  ],
});

/** Tags and annotations a case's test carries. */
export function details(c: Case): TestDetails {
  return { tag: [`@${c.strength}`], annotation: [{ type: 'clause', description: c.clause }, { type: 'strength', description: c.strength }] };
}

/** Declares the test of each case. */
export function declare(cases: readonly Case[]): void {
  for (const c of cases) {
    test(c.title, details(c), async ({ suite }, testInfo) => {
      const result = await runCase(c, suite);
      await testInfo.attach(RECORD_ATTACHMENT, { body: JSON.stringify(result), contentType: 'application/json' });
      if (result.verdict === 'fail') {
        const failure = new Error(`[${result.violated?.join(', ')}] ${result.reason ?? ''}`);
        failure.stack = failure.message;
        throw failure;
      }
      if (result.verdict === 'skip' || result.verdict === 'indeterminate') testInfo.skip(true, `${result.verdict}: ${result.reason ?? ''}`);
    });
  }
}
