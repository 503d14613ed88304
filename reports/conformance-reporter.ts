/**
 * Turns the run into reports/conformance.json, .md and .html. Each test attached its case record; this reporter adds
 * the verdict from how the test ended, the ledger answers and the rate-limit timeline. Nothing here reads a credential.
 */
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { redact } from '../src/redaction';
import { ROOT } from '../src/schema-files';
import { clauses, ledger } from '../src/spec';
import { RECORD_ATTACHMENT, type CaseRecord } from '../src/harness/record';
import { resolveTarget, targetHost } from '../src/target';
import { violations } from '../src/validators';
import type { CaseResult, ConformanceReport, RateLimitCall, Verdict } from '../types/schemas';
import { renderHtml } from './render-html';
import { renderMarkdown } from './render-markdown';

const RATE_LIMIT_CLAUSE_PREFIX = 'rate-limit.';

/** The verdict of one case from how its test ended and what its record says. */
function verdictOf(record: CaseRecord, status: TestResult['status']): Verdict {
  if (record.verdict) return record.verdict;
  if (status === 'passed') return record.strength === 'open' ? 'observed' : 'pass';
  if (status === 'skipped') return 'skip';
  return 'fail';
}

/** A record for a test that ended before attaching one (a timeout, a crash in a fixture). */
function fallbackRecord(test: TestCase): CaseRecord {
  const note = (type: string) => test.annotations.find((a) => a.type === type)?.description ?? '';
  return {
    clause: note('clause'),
    strength: note('strength') === 'open' ? 'open' : 'documented',
    title: test.title,
    expected: '',
    observed: '',
    exchanges: [],
    exchangesOmitted: 0,
    violated: [],
  };
}

export default class ConformanceReporter implements Reporter {
  private readonly dir: string;
  private readonly started = new Date();
  private readonly results = new Map<string, { record: CaseRecord; result: TestResult }>();

  constructor(options: { dir?: string } = {}) {
    this.dir = options.dir ?? 'reports';
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const attachment = result.attachments.find((a) => a.name === RECORD_ATTACHMENT);
    const record: CaseRecord = attachment?.body ? (JSON.parse(attachment.body.toString('utf8')) as CaseRecord) : fallbackRecord(test);
    this.results.set(test.id, { record, result });
  }

  onEnd(_result: FullResult): void {
    const target = resolveTarget();
    const secrets = [target.secretKey];
    const order = new Map(clauses.map((c, i) => [c.id, i]));
    const entries = [...this.results.values()].sort(
      (a, b) => (order.get(a.record.clause) ?? 1e9) - (order.get(b.record.clause) ?? 1e9) || a.record.title.localeCompare(b.record.title),
    );
    const results: CaseResult[] = entries.map(({ record, result }) => {
      const verdict = verdictOf(record, result.status);
      const error = result.errors.map((e) => e.message ?? '').join('\n');
      const reason = record.reason ?? (verdict === 'fail' ? error : undefined);
      return {
        clause: record.clause,
        title: record.title,
        strength: record.strength,
        verdict,
        expected: record.expected,
        observed: record.observed,
        ...(reason ? { reason: redact(reason, secrets) } : {}),
        ...(record.violated.length ? { violated: record.violated } : verdict === 'fail' && record.clause ? { violated: [record.clause] } : {}),
        exchanges: record.exchanges,
        ...(record.exchangesOmitted ? { exchangesOmitted: record.exchangesOmitted } : {}),
        durationMs: result.duration,
      };
    });
    const count = (v: Verdict) => results.filter((r) => r.verdict === v).length;
    const summary = { pass: count('pass'), fail: count('fail'), skip: count('skip'), indeterminate: count('indeterminate'), observed: count('observed'), total: results.length };
    const byTitle = new Map(entries.map((e) => [e.record.title, e.record]));
    const timeline = entries.flatMap((e) => (e.record.clause.startsWith(RATE_LIMIT_CLAUSE_PREFIX) ? (e.record.timeline ?? []) : []));
    const first = Math.min(...timeline.map((c) => c.atEpochMs));
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
    const report: ConformanceReport = {
      suite: { name: pkg.name, version: pkg.version },
      target: { kind: target.kind, host: targetHost(target), ...(target.variant ? { variant: target.variant } : {}) },
      startedAt: this.started.toISOString(),
      finishedAt: new Date().toISOString(),
      seed: target.seed,
      verdict: summary.fail ? 'non-conformant' : summary.indeterminate ? 'no-verdict' : 'conformant',
      summary,
      results,
      ledger: ledger.map((l) => ({
        id: l.id,
        kind: l.kind,
        summary: l.summary,
        answers: results
          .filter((r) => l.clauses.includes(r.clause) && byTitle.get(r.title)?.answer)
          .map((r) => ({ title: r.title, answer: byTitle.get(r.title)!.answer! })),
      })),
      ...(timeline.length
        ? {
            rateLimit: {
              limitPerSecond: 200,
              refusalCodes: target.frequencyCodes,
              calls: timeline
                .sort((a, b) => a.atEpochMs - b.atEpochMs)
                .map((c): RateLimitCall => ({ phase: c.phase, at: c.atEpochMs - first, outcome: c.outcome, ...(c.code === undefined ? {} : { code: c.code }) })),
            },
          }
        : {}),
    };
    const bad = violations('report/conformance-report.schema.json', report);
    if (bad.length) console.error(`conformance report does not match its schema:\n  ${bad.join('\n  ')}`);
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(join(this.dir, 'conformance.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(this.dir, 'conformance.md'), renderMarkdown(report));
    writeFileSync(join(this.dir, 'conformance.html'), renderHtml(report));
    console.log(
      `conformance: ${report.verdict} against ${report.target.host} (${report.target.kind}${target.variant ? `, variant ${target.variant}` : ''}); ` +
        `pass ${summary.pass}, fail ${summary.fail}, observed ${summary.observed}, skip ${summary.skip}, indeterminate ${summary.indeterminate}; ` +
        `seed ${target.seed}; reports in ${relative(process.cwd(), this.dir) || '.'}/`,
    );
  }

  printsToStdio(): boolean {
    return true;
  }
}
