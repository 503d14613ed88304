/**
 * Turns a run's case results into its report: the verdict, the counts, how many documented clauses were checked, the
 * ledger with this target's answers, the rate-limit timeline, what became of the declared known departures, and what
 * changed since the baseline. A pure function of what it is given: nothing here reads the environment.
 */
import { clauses as registry, command, ledger } from '../core/spec.js';
import type { CaseResult, ConformanceReport, ExpectationItem, KnownDeparture, RateLimitCall, RunSetup, Selection, TimelineCall, Verdict } from '../../types/schemas.js';
import { compareWithBaseline } from './baseline.js';

export interface ReportInput {
  suite: { name: string; version: string };
  target: ConformanceReport['target'];
  startedAt: Date;
  finishedAt: Date;
  seed: number;
  runId: string;
  selection?: Selection;
  results: CaseResult[];
  setup: RunSetup;
  frequencyCodes: number[];
  /** IM_EXPECTATIONS. */
  declared?: readonly KnownDeparture[];
  /** IM_BASELINE, parsed. */
  baseline?: unknown;
}

const JUDGED: Verdict[] = ['pass', 'fail', 'known'];
const ANSWERED: Verdict[] = ['pass', 'fail', 'known', 'observed'];

/** Which documented clauses the results checked, and which they found broken. */
export function clauseCoverage(results: readonly CaseResult[]) {
  const documented = registry.filter((c) => c.strength === 'documented');
  const judged = new Set(results.filter((r) => JUDGED.includes(r.verdict)).map((r) => r.clause));
  for (const r of results) for (const v of r.violated ?? []) judged.add(v);
  const answered = results.some((r) => ANSWERED.includes(r.verdict));
  const checked = documented.filter((c) => judged.has(c.id) || (c.checkedOn === 'every-answer' && answered)).map((c) => c.id);
  const failed = [...new Set(results.filter((r) => r.verdict === 'fail').flatMap((r) => r.violated ?? []))];
  return { documented: documented.length, checked: checked.length, failed, unchecked: documented.map((c) => c.id).filter((id) => !checked.includes(id)) };
}

/** What became of each declared known departure. */
export function expectationOutcomes(declared: readonly KnownDeparture[], results: readonly CaseResult[], today: string, checked: ReadonlySet<string>): ExpectationItem[] {
  return declared.map((d) => {
    const base = { clause: d.clause, reason: d.reason, ...(d.tracking === undefined ? {} : { tracking: d.tracking }) };
    if (d.until !== undefined && today > d.until) return { ...base, outcome: 'expired' as const };
    const covers = (r: CaseResult) => d.cases === undefined || d.cases.includes(r.title);
    if (results.some((r) => r.verdict === 'known' && covers(r) && (r.violated ?? []).includes(d.clause))) return { ...base, outcome: 'happened' as const };
    return { ...base, outcome: checked.has(d.clause) ? ('gone' as const) : ('unchecked' as const) };
  });
}

export function buildReport(input: ReportInput): ConformanceReport {
  const order = new Map(registry.map((c, i) => [c.id, i]));
  const timeline: TimelineCall[] = input.results.flatMap((r) => r.timeline ?? []);
  const results = input.results
    .map(({ timeline: _t, ...r }) => r)
    .sort((a, b) => (order.get(a.clause) ?? 1e9) - (order.get(b.clause) ?? 1e9) || a.title.localeCompare(b.title));
  const count = (v: Verdict) => results.filter((r) => r.verdict === v).length;
  const summary = { pass: count('pass'), fail: count('fail'), known: count('known'), indeterminate: count('indeterminate'), observed: count('observed'), skip: count('skip'), total: results.length };
  const clauses = clauseCoverage(results);
  const checked = new Set(registry.map((c) => c.id).filter((id) => !clauses.unchecked.includes(id)));
  const items = expectationOutcomes(input.declared ?? [], results, input.finishedAt.toISOString().slice(0, 10), checked);
  const gone = items.filter((i) => i.outcome === 'gone');
  const verdict: ConformanceReport['verdict'] =
    summary.fail || gone.length ? 'non-conformant' : clauses.checked === 0 || summary.indeterminate ? 'no-verdict' : 'conformant';
  const loadCommand = results.find((r) => r.clause.includes('.rate-limit.'))?.clause.split('.')[0];
  const first = Math.min(...timeline.map((c) => c.atEpochMs));
  return {
    format: 2,
    suite: input.suite,
    target: input.target,
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    seed: input.seed,
    runId: input.runId,
    ...(input.selection ? { selection: input.selection } : {}),
    verdict,
    summary,
    clauses,
    results,
    ledger: ledger.map((l) => ({
      id: l.id,
      kind: l.kind,
      summary: l.summary,
      answers: results.filter((r) => l.clauses.includes(r.clause) && r.answer !== undefined).map((r) => ({ title: r.title, answer: r.answer! })),
    })),
    setup: input.setup,
    ...(input.declared?.length ? { expectations: { declared: input.declared.length, items } } : {}),
    ...(input.baseline === undefined ? {} : { changes: compareWithBaseline(input.baseline, results) }),
    ...(timeline.length && loadCommand
      ? {
          rateLimit: {
            limitPerSecond: command(loadCommand).callsPerSecond,
            refusalCodes: input.frequencyCodes,
            calls: timeline
              .sort((a, b) => a.atEpochMs - b.atEpochMs)
              .map((c): RateLimitCall => ({ phase: c.phase, at: c.atEpochMs - first, outcome: c.outcome, ...(c.code === undefined ? {} : { code: c.code }) })),
          },
        }
      : {}),
  };
}
