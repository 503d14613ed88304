/**
 * Collects the result each test attached and writes them all to one file for the runner, which builds the report. A
 * test that ended without a result (a timeout, a crash of the harness) gets one that says so, redacted.
 */
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { writeFileSync } from 'node:fs';
import { RECORD_ATTACHMENT } from '../../core/record.js';
import { redact } from '../../core/redaction.js';
import type { CaseResult } from '../../../types/schemas.js';

/** The result of a test that attached none. */
export function fallbackResult(test: TestCase, result: TestResult): CaseResult {
  const note = (type: string) => test.annotations.find((a) => a.type === type)?.description ?? '';
  const error = redact(result.errors.map((e) => e.message ?? '').join(' ').split('\n')[0] ?? '', []);
  const timedOut = result.status === 'timedOut';
  return {
    clause: note('clause'),
    title: test.title,
    strength: note('strength') === 'open' ? 'open' : 'documented',
    verdict: timedOut || result.status === 'skipped' || result.status === 'interrupted' ? 'indeterminate' : 'fail',
    expected: '',
    observed: '',
    reason: timedOut ? `the case did not end within its time limit (${result.duration} ms): the target is too slow to judge` : `the suite itself failed: ${error || result.status}`,
    exchanges: [],
  };
}

/** The result a test attached, or the one that says it attached none. */
export function recordOf(test: TestCase, result: TestResult): CaseResult {
  const attachment = result.attachments.find((a) => a.name === RECORD_ATTACHMENT);
  return attachment?.body ? (JSON.parse(attachment.body.toString('utf8')) as CaseResult) : fallbackResult(test, result);
}

export default class RecordsReporter implements Reporter {
  private readonly results = new Map<string, CaseResult>();

  constructor(private readonly options: { file: string }) {}

  onTestEnd(test: TestCase, result: TestResult): void {
    this.results.set(test.id, recordOf(test, result));
  }

  onEnd(_result: FullResult): void {
    writeFileSync(this.options.file, JSON.stringify([...this.results.values()]));
  }

  printsToStdio(): boolean {
    return false;
  }
}
