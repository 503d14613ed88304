/**
 * What changed since an earlier run (IM_BASELINE): each case's verdict, and what the target answered the cases that
 * record an answer, such as the open clauses and the ledger's points ("MsgReadTime as a JSON integer: accepted
 * before, now ErrorCode 90001"). Cases are matched by title; generated cases, drawn anew from each run's seed, are
 * compared only when the titles meet. A baseline of another host is still compared, and the changes say so first; one
 * of format 3 is compared as well, its results being of the same shape.
 */
import { ledgerOf } from '../core/spec.js';
import type { BaselineChanges, CaseResult, Change, ReportTarget } from '../../types/schemas.js';
import { READ_FORMATS, REPORT_SCHEMA, formatOf, readReport, reportViolations } from './formats.js';

const GENERATED = /^generated \d+: /;

/**
 * Why a parsed file cannot serve as a baseline, or undefined when it can. A report of a format this suite does not
 * read (an older suite wrote it) can: the changes say that nothing was compared. Anything else that is not a report,
 * or a report of a format it reads that breaks the schema, cannot: a wrong file would otherwise be compared as if it
 * were one.
 */
export function baselineProblem(value: unknown): string | undefined {
  const shaped = value !== null && typeof value === 'object' && !Array.isArray(value) && 'format' in value && 'target' in value && 'results' in value;
  if (!shaped) return 'is not a conformance report (it lacks format, target and results): give the conformance.json of an earlier run';
  if (!READ_FORMATS.includes(formatOf(value) as number)) return undefined;
  const bad = reportViolations(value);
  return bad.length ? `does not match schemas/${REPORT_SCHEMA}: ${bad.slice(0, 3).join('; ')}` : undefined;
}

/** Whether two reports judged the same target: the embedded mock is one target on whatever port it was served. */
const sameTarget = (a: ReportTarget, b: ReportTarget) => (a.kind === 'embedded-mock' && b.kind === 'embedded-mock') || (a.kind === b.kind && a.host === b.host);

/** The changes from a baseline to this run's results against `target`. */
export function compareWithBaseline(baseline: unknown, results: readonly CaseResult[], target: ReportTarget): BaselineChanges {
  const before = readReport(baseline);
  if (!before) {
    return { note: `the baseline is not a conformance report of a format this suite compares (${READ_FORMATS.join(' or ')}; an older suite wrote it?): nothing was compared`, items: [] };
  }
  const old = new Map(before.results.map((r) => [r.title, r]));
  const items: Change[] = [];
  const ledger = (clause: string) => ledgerOf(clause).map((l) => l.id);
  for (const r of results) {
    const was = old.get(r.title);
    old.delete(r.title);
    if (!was) {
      if (!GENERATED.test(r.title)) items.push({ kind: 'new', clause: r.clause, title: r.title, after: r.verdict, text: `${r.title}: new case, ${r.verdict}` });
      continue;
    }
    if (was.verdict !== r.verdict) {
      items.push({ kind: 'verdict', clause: r.clause, title: r.title, before: was.verdict, after: r.verdict, ledger: ledger(r.clause), text: `${r.title}: ${was.verdict} before, ${r.verdict} now` });
    }
    if (was.answer !== undefined && r.answer !== undefined && was.answer !== r.answer) {
      items.push({ kind: 'answer', clause: r.clause, title: r.title, before: was.answer, after: r.answer, ledger: ledger(r.clause), text: `${r.title}: ${was.answer} before, ${r.answer} now` });
    }
  }
  for (const was of old.values()) {
    if (!GENERATED.test(was.title)) items.push({ kind: 'gone', clause: was.clause, title: was.title, before: was.verdict, text: `${was.title}: not run this time (${was.verdict} before)` });
  }
  const otherTarget = sameTarget(before.target, target)
    ? {}
    : { otherTarget: `the baseline judged ${before.target.host}, this run ${target.host}: the changes compare two targets, not one target over time` };
  return { baseline: { startedAt: before.startedAt, verdict: before.verdict, seed: before.seed, host: before.target.host }, ...otherTarget, items };
}
