/**
 * Collects the result each test attached, one JSON line per test as it ends, for the runner, which builds the report.
 * Written as each test ends, not at the end of the run: a run ended by a signal (a cancelled CI job kills Playwright
 * without its end hooks) keeps every result that finished. A test that ended without a result (a timeout, a crash of
 * the harness) gets one that says so, redacted; a test that a signal stopped half-way has none, and the runner says it
 * did not run.
 */
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { RECORD_ATTACHMENT } from '../../core/record.js';
import { redact } from '../../core/redaction.js';
import type { CaseResult } from '../../../types/schemas.js';

/** The result of a test that attached none. */
export function fallbackResult(test: TestCase, result: TestResult): CaseResult {
  const note = (type: string) => test.annotations.find((a) => a.type === type)?.description ?? '';
  const error = redact(result.errors.map((e) => e.message ?? '').join(' ').split('\n')[0] ?? '', []);
  const timedOut = result.status === 'timedOut';
  return {
    command: note('command'),
    clause: note('clause'),
    title: test.title,
    strength: note('strength') === 'open' ? 'open' : 'documented',
    verdict: timedOut || result.status === 'skipped' ? 'indeterminate' : 'fail',
    expected: '',
    observed: '',
    reason: timedOut ? `the case did not end within its time limit (${result.duration} ms): the target is too slow to judge` : `the suite itself failed: ${error || result.status}`,
    exchanges: [],
  };
}

/** The result a test attached, the one that says it attached none, or undefined for a test a signal stopped. */
export function recordOf(test: TestCase, result: TestResult): CaseResult | undefined {
  const attachment = result.attachments.find((a) => a.name === RECORD_ATTACHMENT);
  if (attachment?.body) return JSON.parse(attachment.body.toString('utf8')) as CaseResult;
  return result.status === 'interrupted' ? undefined : fallbackResult(test, result);
}

/**
 * The results a records file holds. A line cut short by the process ending mid-write is no result; a case recorded
 * twice counts once, as last recorded.
 */
export function readRecords(file: string): CaseResult[] {
  if (!existsSync(file)) return [];
  const byTitle = new Map<string, CaseResult>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    try {
      const r = JSON.parse(line) as CaseResult;
      byTitle.set(r.title, r);
    } catch {
      continue;
    }
  }
  return [...byTitle.values()];
}

export default class RecordsReporter implements Reporter {
  constructor(private readonly options: { file: string }) {
    writeFileSync(this.options.file, '');
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const record = recordOf(test, result);
    // One write per line: a signal between two tests leaves whole lines only.
    if (record) appendFileSync(this.options.file, `${JSON.stringify(record)}\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
