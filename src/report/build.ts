/**
 * Turns a run's case results into its report: the verdict, the counts, how many documented clauses were checked, the
 * ledger with this target's answers, each command's rate-limit timeline, what became of the declared known
 * departures, and what changed since the baseline. A pure function of what it is given: nothing here reads the
 * environment.
 */
import { clauses as registry, command, ledger } from '../core/spec.js';
import type { CaseResult, CommandVerdict, ConformanceReport, ExpectationItem, Interruption, KnownDeparture, RateLimitCall, RateLimitRun, RunSetup, Selection, Verdict } from '../../types/schemas.js';
import { covers, inForce } from '../core/expectations.js';
import { compareWithBaseline } from './baseline.js';
import { FORMAT } from './formats.js';

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
  /** The signal that ended the run before every case ran; the cases that did not run are among the results. */
  interrupted?: Interruption['signal'];
}

/** The reason of a selected case that a signal kept from running. */
export const notRunReason = (signal: Interruption['signal']) => `not run: interrupted by ${signal}`;

/** Verdicts that come of an answer of the API: the rules checked on every answer were checked on it. */
const ANSWERED: Verdict[] = ['pass', 'fail', 'known', 'observed'];
const everyAnswer = new Set(registry.filter((c) => c.checkedOn === 'every-answer').map((c) => c.id));

const broke = (r: CaseResult, clause: string) => (r.violated ?? []).includes(clause) || (r.knownViolated ?? []).includes(clause);

/**
 * Whether a result checked a clause and found it kept: a rule of every answer held on its answers, or its own clause
 * passed. A known result judged its own clause when it ran to the end past a declared departure; one that a declared
 * departure stopped says why in its reason, and judged nothing more.
 */
function kept(r: CaseResult, clause: string): boolean {
  if (broke(r, clause)) return false;
  if (everyAnswer.has(clause)) return ANSWERED.includes(r.verdict);
  return r.clause === clause && (r.verdict === 'pass' || (r.verdict === 'known' && r.reason === undefined));
}

/** Whether a command is judged by a clause: its own clauses, and the rules every command shares (rest.*). */
export const judges = (name: string, clauseId: string) => clauseId.startsWith('rest.') || clauseId.startsWith(`${name}.`);

/** The documented clauses a command is judged by; all of them when no command is named. */
function documentedOf(name?: string): string[] {
  return registry.filter((c) => c.strength === 'documented' && (name === undefined || judges(name, c.id))).map((c) => c.id);
}

/**
 * Which documented clauses the results checked (found kept or broken), and which they found broken; of one command's
 * clauses when `name` is given (its results are then that command's cases).
 */
export function clauseCoverage(results: readonly CaseResult[], name?: string) {
  const documented = documentedOf(name);
  const checked = documented.filter((id) => results.some((r) => broke(r, id) || kept(r, id)));
  const failed = [...new Set(results.filter((r) => r.verdict === 'fail').flatMap((r) => r.violated ?? []))];
  return { documented: documented.length, checked: checked.length, failed, unchecked: documented.filter((id) => !checked.includes(id)) };
}

/** Whether a case a declaration covers checked its clause and found it kept. */
const keptUnder = (d: KnownDeparture, results: readonly CaseResult[]) => results.some((r) => covers(d, r.title) && kept(r, d.clause));

/**
 * What became of each declared known departure: it happened, or a case it covers checked the clause and found it
 * kept (gone: the run fails, so that the declaration is removed), or no case it covers checked the clause.
 */
export function expectationOutcomes(declared: readonly KnownDeparture[], results: readonly CaseResult[], today: string): ExpectationItem[] {
  return declared.map((d) => {
    const base = { clause: d.clause, reason: d.reason, ...(d.tracking === undefined ? {} : { tracking: d.tracking }) };
    if (!inForce(d, today)) return { ...base, outcome: 'expired' as const };
    const covered = results.filter((r) => covers(d, r.title));
    if (covered.some((r) => (r.knownViolated ?? []).includes(d.clause))) return { ...base, outcome: 'happened' as const };
    return { ...base, outcome: keptUnder(d, covered) ? ('gone' as const) : ('unchecked' as const) };
  });
}

type Coverage = ReturnType<typeof clauseCoverage>;
type Summary = ConformanceReport['summary'];

function summaryOf(results: readonly CaseResult[]): Summary {
  const count = (v: Verdict) => results.filter((r) => r.verdict === v).length;
  return { pass: count('pass'), fail: count('fail'), known: count('known'), indeterminate: count('indeterminate'), observed: count('observed'), skip: count('skip'), total: results.length };
}

/** The verdict rule, for the run and for each command alike. */
function verdictOf(summary: Summary, clauses: Coverage, gone: number, interrupted: boolean): ConformanceReport['verdict'] {
  // A failure found before a signal stands; anything else of an interrupted run is no verdict, whatever finished.
  return summary.fail || gone ? 'non-conformant' : clauses.checked === 0 || summary.indeterminate || interrupted ? 'no-verdict' : 'conformant';
}

/**
 * The run by command: every command under test that had a case selected, in name order. A declared departure that no
 * longer happens (`gone`, the declarations themselves) counts against the commands whose cases it covers that found
 * the clause kept.
 */
function byCommand(results: readonly CaseResult[], gone: readonly KnownDeparture[], interrupted: boolean): CommandVerdict[] {
  const names = [...new Set(results.map((r) => r.command))].sort();
  return names.map((name) => {
    const own = results.filter((r) => r.command === name);
    const summary = summaryOf(own);
    const clauses = clauseCoverage(own, name);
    const goneHere = gone.filter((d) => keptUnder(d, own)).length;
    return { command: name, verdict: verdictOf(summary, clauses, goneHere, interrupted), summary, clauses };
  });
}

export function buildReport(input: ReportInput): ConformanceReport {
  const order = new Map(registry.map((c, i) => [c.id, i]));
  const results = input.results
    .map(({ timeline: _t, ...r }) => r)
    .sort((a, b) => (order.get(a.clause) ?? 1e9) - (order.get(b.clause) ?? 1e9) || a.title.localeCompare(b.title));
  const summary = summaryOf(results);
  const clauses = clauseCoverage(results);
  const items = expectationOutcomes(input.declared ?? [], results, input.finishedAt.toISOString().slice(0, 10));
  const gone = items.filter((i) => i.outcome === 'gone');
  const verdict = verdictOf(summary, clauses, gone.length, input.interrupted !== undefined);
  const interrupted = input.interrupted && { signal: input.interrupted, notRun: results.filter((r) => r.verdict === 'skip' && r.reason === notRunReason(input.interrupted!)).length };
  return {
    format: FORMAT,
    suite: input.suite,
    target: input.target,
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    seed: input.seed,
    runId: input.runId,
    ...(input.selection ? { selection: input.selection } : {}),
    verdict,
    ...(interrupted ? { interrupted } : {}),
    summary,
    clauses,
    commands: byCommand(
      results,
      (input.declared ?? []).filter((_, i) => items[i]!.outcome === 'gone'),
      input.interrupted !== undefined,
    ),
    results,
    ledger: ledger.map((l) => ({
      id: l.id,
      kind: l.kind,
      summary: l.summary,
      answers: results.filter((r) => l.clauses.includes(r.clause) && r.answer !== undefined).map((r) => ({ title: r.title, answer: r.answer! })),
    })),
    setup: input.setup,
    ...(input.declared?.length ? { expectations: { declared: input.declared.length, items } } : {}),
    ...(input.baseline === undefined ? {} : { changes: compareWithBaseline(input.baseline, results, input.target) }),
    rateLimits: rateLimitSections(input.results, input.frequencyCodes),
  };
}

/**
 * One rate-limit section per command whose load cases called it, in name order: each command's calls against its own
 * documented limit, timed from its own first load call. A load case's command is the one its result names, whatever
 * its clause (a shared rule's load case is sent to every command).
 */
function rateLimitSections(results: readonly CaseResult[], refusalCodes: number[]): RateLimitRun[] {
  const loaded = results.filter((r) => r.timeline?.length);
  return [...new Set(loaded.map((r) => r.command))].sort().map((name) => {
    const timeline = loaded.filter((r) => r.command === name).flatMap((r) => r.timeline!).sort((a, b) => a.atEpochMs - b.atEpochMs);
    const first = timeline[0]!.atEpochMs;
    return {
      command: name,
      limitPerSecond: command(name).callsPerSecond,
      refusalCodes,
      calls: timeline.map((c): RateLimitCall => ({ phase: c.phase, at: c.atEpochMs - first, outcome: c.outcome, ...(c.code === undefined ? {} : { code: c.code }) })),
    };
  });
}
