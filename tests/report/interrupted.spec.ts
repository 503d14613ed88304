/**
 * A run ended by a signal keeps what finished: the records file holds each result as its test ended, the report names
 * the signal and has no verdict unless a case failed, and every rendering says which cases did not run.
 */
import { expect, test } from '@playwright/test';
import type { TestCase, TestResult } from '@playwright/test/reporter';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RECORD_ATTACHMENT } from '../../src/core/record.js';
import { violations } from '../../src/core/validators.js';
import { buildReport, notRunReason } from '../../src/report/build.js';
import { renderHtml } from '../../src/report/render-html.js';
import { renderJunit } from '../../src/report/render-junit.js';
import { renderMarkdown } from '../../src/report/render-markdown.js';
import RecordsReporter, { readRecords } from '../../src/report/reporters/records.js';
import type { CaseResult } from '../../types/schemas.js';
import { REPORT_INPUT } from '../support/sample-report.js';

const result = (title: string, verdict: CaseResult['verdict'], reason?: string): CaseResult => ({
  command: 'admin_set_msg_read',
  clause: 'admin_set_msg_read.request.valid',
  title,
  strength: 'documented',
  verdict,
  expected: '',
  observed: '',
  exchanges: [],
  ...(reason === undefined ? {} : { reason }),
});

const input = REPORT_INPUT;

const notRun = [result('b', 'skip', notRunReason('SIGTERM')), result('c', 'skip', notRunReason('SIGTERM'))];

test.describe('the records file', () => {
  const testCase = { id: 't', title: 'a', annotations: [] } as unknown as TestCase;
  const ended = (status: TestResult['status'], record?: CaseResult) =>
    ({ status, duration: 5, errors: [], attachments: record ? [{ name: RECORD_ATTACHMENT, contentType: 'application/json', body: Buffer.from(JSON.stringify(record)) }] : [] }) as unknown as TestResult;

  test('holds each result as its test ends, so a run killed before its end keeps them', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'records-')), 'records.jsonl');
    const reporter = new RecordsReporter({ file });
    reporter.onTestEnd(testCase, ended('passed', result('a', 'pass')));
    // No onEnd: Playwright killed outright never calls it.
    expect(readRecords(file).map((r) => r.title)).toEqual(['a']);
  });

  test('a test that attached no result gets one with the command, clause and strength of its annotations, under its own title', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'records-')), 'records.jsonl');
    const annotations = [
      { type: 'command', description: 'admin_set_msg_read' },
      { type: 'clause', description: 'admin_set_msg_read.request.valid' },
      { type: 'strength', description: 'open' },
    ];
    // Declared in a describe block per command: the title path carries the command, the title does not.
    const inBlock = { id: 'u', title: 'a', titlePath: () => ['', 'conformance', 'cases.spec.ts', 'admin_set_msg_read', 'a'], annotations } as unknown as TestCase;
    new RecordsReporter({ file }).onTestEnd(inBlock, ended('timedOut'));
    expect(readRecords(file)).toEqual([expect.objectContaining({ title: 'a', command: 'admin_set_msg_read', clause: 'admin_set_msg_read.request.valid', strength: 'open', verdict: 'indeterminate' })]);
  });

  test('has no result for a test a signal stopped half-way', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'records-')), 'records.jsonl');
    new RecordsReporter({ file }).onTestEnd(testCase, ended('interrupted'));
    expect(readFileSync(file, 'utf8')).toBe('');
  });

  test('a line cut short by the end of the process is no result', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'records-')), 'records.jsonl');
    const reporter = new RecordsReporter({ file });
    reporter.onTestEnd(testCase, ended('passed', result('a', 'pass')));
    appendFileSync(file, JSON.stringify(result('b', 'pass')).slice(0, 40));
    expect(readRecords(file).map((r) => r.title)).toEqual(['a']);
    expect(readRecords(join(tmpdir(), 'no-such-records-file'))).toEqual([]);
  });
});

test.describe('the report of an interrupted run', () => {
  test('keeps what finished, names the signal and how many cases did not run, and has no verdict', () => {
    const report = buildReport({ ...input, results: [result('a', 'pass'), ...notRun], interrupted: 'SIGTERM' });
    expect(violations('report/conformance-report.schema.json', report)).toEqual([]);
    expect(report.interrupted).toEqual({ signal: 'SIGTERM', notRun: 2 });
    expect(report.summary).toMatchObject({ pass: 1, skip: 2, indeterminate: 0 });
    expect(report.verdict).toBe('no-verdict');
  });

  test('a failure found before the signal stands', () => {
    const failed = { ...result('a', 'fail'), violated: ['admin_set_msg_read.request.valid'] };
    expect(buildReport({ ...input, results: [failed, ...notRun], interrupted: 'SIGINT' }).verdict).toBe('non-conformant');
  });

  test('JUnit skips each case that did not run, saying why, and names the signal', () => {
    const junit = renderJunit(buildReport({ ...input, results: [result('a', 'pass'), ...notRun], interrupted: 'SIGTERM' }));
    expect(junit.match(/<skipped message="not run: interrupted by SIGTERM"\/>/g)).toHaveLength(2);
    expect(junit).toContain('<property name="interrupted" value="SIGTERM"/>');
    expect(junit).toMatch(/<testsuites [^>]*tests="3" failures="0" errors="0" skipped="2"/);
  });

  test('Markdown and HTML say the run was interrupted and list the cases that did not run', () => {
    const report = buildReport({ ...input, results: [result('a', 'pass'), ...notRun], interrupted: 'SIGTERM' });
    for (const [name, text] of [
      ['md', renderMarkdown(report)],
      ['html', renderHtml(report)],
    ] as const) {
      expect(text, name).toContain('SIGTERM ended the run: 2 selected cases did not run');
      expect(text.split('not run: interrupted by SIGTERM').length - 1, name).toBeGreaterThanOrEqual(2);
    }
  });

  test('a run not interrupted says nothing of it', () => {
    const report = buildReport({ ...input, results: [result('a', 'pass')] });
    expect(report.interrupted).toBeUndefined();
    expect(renderJunit(report)).not.toContain('interrupted');
    expect(renderMarkdown(report)).not.toContain('## Interrupted');
  });
});
