/**
 * Where a case becomes a Playwright test: one test per selected case that asks the run's case service (the global
 * setup, case-service.ts) to run it, attaches its result as the test's record, lists its calls as steps, and ends the
 * way the verdict says (a failure with one line, a skip that says why), grouped by command. Playwright starts a new worker after every
 * failed test, so this file and what it imports stay light: the run context, and no engine, schema or case file.
 */
import { test, type TestDetails } from '@playwright/test';
import { request } from 'node:http';
import { RECORD_ATTACHMENT } from '../../core/record.js';
import type { CaseResult } from '../../../types/schemas.js';
import { CASE_SERVICE_VAR, readRunContext, type SelectedCase } from '../run-context.js';
import type { CaseService } from './case-service.js';

const context = readRunContext(process.env);

/** The selected cases of one kind, in file order. */
export const casesOf = (load: boolean): SelectedCase[] => context.selected.filter((c) => (c.kind === 'load') === load);

/** Tags and annotations a case's test carries. */
export function details(c: SelectedCase): TestDetails {
  return { tag: [`@${c.strength}`], annotation: [{ type: 'command', description: c.command }, { type: 'clause', description: c.clause }, { type: 'strength', description: c.strength }] };
}

/** The result of one case, as the case service ran it: its JSON text. */
function runByService(title: string): Promise<string> {
  const raw = process.env[CASE_SERVICE_VAR];
  if (!raw) throw new Error(`${CASE_SERVICE_VAR} is not set: the cases run in the global setup of the run's Playwright configuration`);
  const service = JSON.parse(raw) as CaseService;
  return new Promise((resolve, reject) => {
    const req = request(service.url, { method: 'POST', headers: { authorization: `Bearer ${service.token}`, 'content-type': 'text/plain' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`the case service answered ${res.statusCode}: ${text}`))));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(title);
  });
}

/**
 * Declares the test of each case, in a describe block per command, so that Playwright's own reports group them the way
 * the run's reports do. A test's own title stays the case's title: the reporters find results by it.
 */
export function declare(cases: readonly SelectedCase[]): void {
  for (const command of new Set(cases.map((c) => c.command))) test.describe(command, () => declareEach(cases.filter((c) => c.command === command)));
}

function declareEach(cases: readonly SelectedCase[]): void {
  for (const c of cases) {
    test(c.title, details(c), async ({}, testInfo) => {
      const record = await runByService(c.title);
      await testInfo.attach(RECORD_ATTACHMENT, { body: record, contentType: 'application/json' });
      const result = JSON.parse(record) as CaseResult;
      // The calls were made by the case service: each is listed as a step, path only (the record holds the rest).
      for (const e of result.exchanges) {
        const answer = e.status === undefined ? e.fault : `HTTP ${e.status}`;
        await test.step(`${e.command}: ${e.method} ${e.url.split('?')[0]}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''} -> ${answer}`, () => {});
      }
      if (result.verdict === 'fail') {
        const failure = new Error(`[${result.violated?.join(', ')}] ${result.reason ?? ''}`);
        failure.stack = failure.message;
        throw failure;
      }
      if (result.verdict === 'skip' || result.verdict === 'indeterminate') testInfo.skip(true, `${result.verdict}: ${result.reason ?? ''}`);
    });
  }
}
