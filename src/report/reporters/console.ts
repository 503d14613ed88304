/**
 * What a person reads while a run goes: one line per case, and for a failed or indeterminate one the clause and what
 * was expected and observed, or why. Never source code or stack traces: the report holds every detail.
 */
import type { Reporter, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import { oneLine } from '../view.js';
import type { CaseResult } from '../../../types/schemas.js';
import { recordOf } from './records.js';

const MARKS: Record<CaseResult['verdict'], string> = {
  pass: 'pass    ',
  fail: 'FAIL    ',
  known: 'known   ',
  indeterminate: 'INDETERM',
  observed: 'observed',
  skip: 'skip    ',
};

/** The line a case gets. */
export function caseLine(r: CaseResult): string {
  const head = `  ${MARKS[r.verdict]} ${r.title}`;
  if (r.verdict === 'fail') return `${head}\n           [${(r.violated ?? [r.clause]).join(', ')}] expected ${oneLine(r.expected, 200)}; observed ${oneLine(r.observed || r.reason || '', 300)}`;
  if (r.verdict === 'indeterminate' || r.verdict === 'skip') return `${head}: ${oneLine(r.reason ?? '', 300)}`;
  if (r.verdict === 'known') return `${head}: known departure (${oneLine(r.known ?? '', 200)})`;
  return head;
}

export default class ConsoleReporter implements Reporter {
  onTestEnd(test: TestCase, result: TestResult): void {
    const record = recordOf(test, result);
    // A case a signal stopped half-way has no line: the runner names the signal once, and the report lists it as not run.
    if (record) console.log(caseLine(record));
  }

  onError(error: TestError): void {
    console.error(`  error: ${oneLine(error.message ?? String(error.value ?? 'unknown'), 400)}`);
  }

  printsToStdio(): boolean {
    return true;
  }
}
