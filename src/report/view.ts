/**
 * What the Markdown and HTML renderings of a conformance report share: results grouped by command, then by clause in
 * the order of spec/, the verdict in words, and each command's rate-limit run reduced to per-phase counts and a time
 * series.
 */
import { REDACTED_SIG, redact } from '../core/redaction.js';
import { clauses as specClauses, endpoints } from '../core/spec.js';
import { judges } from './build.js';
import type { CaseResult, Clause, CommandVerdict, ConformanceReport, RateLimitCall, RateLimitRun, Verdict, VerdictCounts } from '../../types/schemas.js';

export const VERDICTS: readonly Verdict[] = ['pass', 'fail', 'known', 'indeterminate', 'observed', 'skip'];

/** The one closing line of a run: every verdict counted apart, in the order CI reads ("N passed, N failed"). */
export function closingLine(s: VerdictCounts): string {
  return `${s.pass} passed, ${s.fail} failed, ${s.known} known, ${s.indeterminate} indeterminate, ${s.observed} observed, ${s.skip} skipped`;
}

export interface ClauseGroup {
  id: string;
  strength: 'documented' | 'open';
  /** Undefined for a clause that spec/clauses.json does not know, so that a stale report still renders. */
  statement: string | undefined;
  results: CaseResult[];
  /** Cases of other clauses that found this one broken (`violated`), such as an envelope rule every case checks. */
  brokenBy: CaseResult[];
  /** A rule checked on every answer, which has no case of its own. */
  everyAnswer: boolean;
  /** A documented clause that no result of the run checked. */
  unchecked: boolean;
}

/** What a rule of every answer that no case broke says: checked only when some answer of the API came. */
export function everyAnswerWords(g: ClauseGroup): string {
  return g.unchecked ? 'checked on every answer, but no answer of the API came: not checked' : 'checked on every answer; no case broke it';
}

/**
 * Every clause of the registry, in its order, with the results that name it, then any clause that results name but
 * the registry lacks. A clause may have no case of its own: the envelope rules are checked inside every case and are
 * named (in `violated`) only when broken.
 */
export function groupByClause(report: ConformanceReport, registry: readonly Clause[] = specClauses): ClauseGroup[] {
  const groups = new Map<string, ClauseGroup>();
  const unchecked = new Set(report.clauses.unchecked);
  const group = (id: string, strength: ClauseGroup['strength']) => {
    let g = groups.get(id);
    if (!g) {
      g = { id, strength, statement: undefined, results: [], brokenBy: [], everyAnswer: false, unchecked: unchecked.has(id) };
      groups.set(id, g);
    }
    return g;
  };
  for (const c of registry)
    groups.set(c.id, { id: c.id, strength: c.strength, statement: c.statement, results: [], brokenBy: [], everyAnswer: c.checkedOn === 'every-answer', unchecked: unchecked.has(c.id) });
  for (const r of report.results) group(r.clause, r.strength).results.push(r);
  for (const r of report.results) {
    for (const id of new Set(r.violated ?? [])) if (id !== r.clause) group(id, 'documented').brokenBy.push(r);
  }
  return [...groups.values()];
}

export const VERDICT_WORDS: Record<ConformanceReport['verdict'], string> = {
  conformant: 'Conformant: every documented expectation checked held.',
  'non-conformant': 'Non-conformant: a documented expectation failed, or a declared known departure no longer happens.',
  'no-verdict': 'No verdict: nothing failed, but some results are indeterminate, no documented clause was checked, or the run was interrupted.',
};

/** The verdict's name alone, as a line per command shows it. */
export const verdictName = (v: ConformanceReport['verdict']) => VERDICT_WORDS[v].split(':')[0]!;

/** One command's verdict in a line: "admin_set_msg_read: Conformant, 29 of 29 documented clauses checked". */
export function commandLine(c: CommandVerdict): string {
  return `${c.command}: ${verdictName(c.verdict)}, ${c.clauses.checked} of ${c.clauses.documented} documented clauses checked`;
}

/** A command group's heading in the md and html reports: its verdict line, or that it has none of its own. */
export function commandHeading(g: { command: string; verdict?: CommandVerdict | undefined }): string {
  return g.verdict ? commandLine(g.verdict) : `${g.command}: no verdict of its own`;
}

export interface CommandGroup {
  command: string;
  /** Undefined for a command that only results name, so that a report edited by hand still renders. */
  verdict: CommandVerdict | undefined;
  /** The clauses that judge the command, its own and the shared ones, each with the command's own cases. */
  clauses: ClauseGroup[];
}

/**
 * The results by command, then by clause: every command the report judged, or, when it judged none (no case ran),
 * every command under test, so that the clauses still show unchecked.
 */
export function groupByCommand(report: ConformanceReport, registry: readonly Clause[] = specClauses): CommandGroup[] {
  const named = [...report.commands.map((c) => c.command), ...report.results.map((r) => r.command)];
  const names = [...new Set(named.length ? named : endpoints().map((e) => e.command))].sort();
  return names.map((name) => {
    const verdict = report.commands.find((c) => c.command === name);
    const own = { ...report, results: report.results.filter((r) => r.command === name), clauses: verdict?.clauses ?? report.clauses };
    return { command: name, verdict, clauses: groupByClause(own, registry.filter((c) => judges(name, c.id))) };
  });
}

export const TARGET_WORDS: Record<ConformanceReport['target']['kind'], string> = {
  'embedded-mock': 'the mock served by the run on loopback',
  loopback: 'a server on this machine (IM_BASE_URL)',
  remote: 'a remote service (IM_BASE_URL)',
};

/** Free text as one line, redacted again in case a producer missed something, cut so that a table stays a table. */
export function oneLine(text: string, max = 160): string {
  const flat = clean(text).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

const REPEATED_MARKS = new RegExp(`(?:${REDACTED_SIG.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}){2,}`, 'g');
/** Colour codes that Playwright leaves in error messages; shown raw they are noise. */
const ANSI_SEQUENCE = /\u001b\[[0-9;?]*[ -\/]*[@-~]/g;
/** Controls other than tab and line breaks, which no reader can see and HTML forbids. */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * Redaction without a key: renderers never see the key, but a UserSig shape or usersig parameter is recognisable.
 * redact() adds a second mark after `usersig=<redacted-usersig>` (its parameter pattern matches an empty value), so
 * runs of marks are folded back into one and text already redacted by the producer reads the same.
 */
export function clean(text: string): string {
  return redact(text.replace(ANSI_SEQUENCE, ''), []).replace(REPEATED_MARKS, REDACTED_SIG).replace(CONTROL_CHARACTER, '\uFFFD');
}

/** The line a reader wants beside a verdict: why, for the verdicts that have a reason; what happened, otherwise. */
export function gist(r: CaseResult): string {
  if (r.verdict === 'known') return oneLine(`known departure: ${r.known ?? ''} (${r.reason ?? r.observed})`);
  const why = r.verdict === 'fail' || r.verdict === 'skip' || r.verdict === 'indeterminate' ? r.reason : undefined;
  const also = r.verdict === 'indeterminate' ? [] : (r.chargedElsewhere ?? []).map((x) => `; also broke ${x.clause}, charged to "${x.title}"`);
  return oneLine(`${why ? `${why} (observed: ${r.observed})` : r.observed}${also.join('')}`);
}

/** The replay command for a seed. */
export function replayCommand(seed: number): string {
  return `IM_SEED=${seed} npm run conformance`;
}

/** Seconds between two ISO times, or undefined when either does not parse. */
export function durationSeconds(startedAt: string, finishedAt: string): number | undefined {
  const a = Date.parse(startedAt);
  const b = Date.parse(finishedAt);
  return Number.isFinite(a) && Number.isFinite(b) ? (b - a) / 1000 : undefined;
}

/** What heads a command's rate-limit run: the command, and the limit its calls are judged and drawn against. */
export function rateLimitHeading(run: RateLimitRun): string {
  return `${run.command}: limit ${run.limitPerSecond} calls per second`;
}

/** Said in place of the rate-limit runs when no load case called any command. */
export const NO_RATE_LIMIT_RUN = 'The rate-limit scenarios did not run.';

export interface PhaseSummary {
  phase: string;
  calls: number;
  served: number;
  refused: number;
  other: number;
  /** Milliseconds since the command's first load call. */
  firstAt: number;
  lastAt: number;
  /** The most calls served in any one-second window inside the phase. */
  peakServedPerSecond: number;
}

/** The outcomes a picture shows: a call without an answer of the API's own is shown with the other answers. */
export type ShownOutcome = Exclude<RateLimitCall['outcome'], 'fault'>;
export const shownAs = (outcome: RateLimitCall['outcome']): ShownOutcome => (outcome === 'fault' ? 'other' : outcome);

/** Calls in time order; equal times keep the producer's order, so the picture does not depend on sort stability. */
export function callsInOrder(run: RateLimitRun): RateLimitCall[] {
  return run.calls
    .map((c, i) => ({ c, i }))
    .sort((x, y) => x.c.at - y.c.at || x.i - y.i)
    .map((x) => x.c);
}

/** Per phase, in the order each phase first called. */
export function phaseSummaries(run: RateLimitRun): PhaseSummary[] {
  const byPhase = new Map<string, RateLimitCall[]>();
  for (const c of callsInOrder(run)) {
    const list = byPhase.get(c.phase) ?? [];
    list.push(c);
    byPhase.set(c.phase, list);
  }
  return [...byPhase.entries()].map(([phase, calls]) => ({
    phase,
    calls: calls.length,
    served: calls.filter((c) => c.outcome === 'served').length,
    refused: calls.filter((c) => c.outcome === 'refused').length,
    other: calls.filter((c) => shownAs(c.outcome) === 'other').length,
    firstAt: calls[0]?.at ?? 0,
    lastAt: calls[calls.length - 1]?.at ?? 0,
    peakServedPerSecond: peakInWindow(
      calls.filter((c) => c.outcome === 'served').map((c) => c.at),
      1000,
    ),
  }));
}

/** The largest number of sorted times that fit in a half-open window [t, t + windowMs). */
export function peakInWindow(sortedTimes: readonly number[], windowMs: number): number {
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < sortedTimes.length; hi++) {
    while (sortedTimes[hi]! - sortedTimes[lo]! >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

/** Codes that came back on refused and on other calls, each with how often, in ascending order. */
export function codesSeen(run: RateLimitRun, outcome: ShownOutcome): Array<{ code: number | undefined; count: number }> {
  const counts = new Map<number | undefined, number>();
  // Calls that got no answer of the API's own count with the other answers, without a code.
  for (const c of run.calls) if (shownAs(c.outcome) === outcome) counts.set(c.code, (counts.get(c.code) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => (a ?? -1) - (b ?? -1)).map(([code, count]) => ({ code, count }));
}

/** "60007 ×412, no code ×3", or "none". */
export function codesInWords(seen: Array<{ code: number | undefined; count: number }>): string {
  return seen.length ? seen.map((s) => `${s.code ?? 'no code'} ×${s.count}`).join(', ') : 'none';
}

export interface RateSeries {
  /** Milliseconds since the command's first load call, one sample per step. */
  t: number[];
  /** Calls of each outcome in the one-second window that ends at each sample. */
  served: number[];
  refused: number[];
  other: number[];
  stepMs: number;
  endMs: number;
}

/**
 * Calls per second in a sliding one-second window (t - 1 s, t], sampled every 50 ms (coarser for long runs, so a
 * picture never holds more than about 2000 samples). The window is what a per-second limit speaks of.
 */
export function rateSeries(run: RateLimitRun): RateSeries {
  const calls = callsInOrder(run);
  const last = calls[calls.length - 1]?.at ?? 0;
  const endMs = Math.max(0, last) + 1000;
  const stepMs = Math.max(50, Math.ceil(endMs / 2000 / 50) * 50);
  const times = (o: ShownOutcome) => calls.filter((c) => shownAs(c.outcome) === o).map((c) => c.at);
  const sampled = (ts: number[]) => {
    const out: number[] = [];
    let lo = 0;
    let hi = 0;
    for (let t = 0; t <= endMs; t += stepMs) {
      while (hi < ts.length && ts[hi]! <= t) hi++;
      while (lo < hi && ts[lo]! <= t - 1000) lo++;
      out.push(hi - lo);
    }
    return out;
  };
  const t: number[] = [];
  for (let x = 0; x <= endMs; x += stepMs) t.push(x);
  return {
    t,
    served: sampled(times('served')),
    refused: sampled(times('refused')),
    other: sampled(times('other')),
    stepMs,
    endMs,
  };
}

/** The parts of a report that are about the run rather than a case, as lines of plain text, for both renderings. */
export function runNotes(report: ConformanceReport): { title: string; lines: string[] }[] {
  const sections: { title: string; lines: string[] }[] = [];
  const cut = report.interrupted;
  if (cut) {
    sections.push({
      title: 'Interrupted',
      lines: [`${cut.signal} ended the run: ${cut.notRun} selected cases did not run (skip, "not run"). The results that finished are kept; an interrupted run has no verdict unless a case failed.`],
    });
  }
  if (report.commands.length) sections.push({ title: 'By command', lines: report.commands.map((c) => `${commandLine(c)}; ${closingLine(c.summary)}.`) });
  const c = report.clauses;
  sections.push({
    title: 'Clauses checked',
    lines: [
      `${c.checked} of ${c.documented} documented clauses checked.`,
      ...(c.failed.length ? [`Broken: ${c.failed.join(', ')}.`] : []),
      ...(c.unchecked.length ? [`Not checked: ${c.unchecked.join(', ')}.`] : []),
      ...(report.selection ? [`Selection: ${JSON.stringify(report.selection)}.`] : []),
    ],
  });
  const a = report.setup.accounts;
  sections.push({
    title: 'Setup',
    lines: [
      ...(report.setup.unreachable ? [`No case was run: the credential check got no answer of the API: ${report.setup.unreachable}. Check IM_BASE_URL and that the service is reachable.`] : []),
      ...(report.setup.credentials ? [`Credentials accepted (${report.setup.credentials}).`] : []),
      ...(a ? [`Accounts: ${a.imported} imported, ${a.deleted} deleted${a.kept ? ' (kept: IM_KEEP_ACCOUNTS=1)' : ''}${a.ids?.length ? `; left on the target: ${a.ids.join(', ')}` : ''}.`] : []),
      ...report.setup.notes,
      `Run ID ${report.runId}: the run's accounts are named ct${report.runId}_...`,
    ],
  });
  if (report.expectations) {
    const words = { happened: 'happened, reported as known', gone: 'NO LONGER HAPPENS: remove it from IM_EXPECTATIONS', unchecked: 'not checked by this run', expired: 'past its until date, not applied' };
    sections.push({
      title: 'Known departures (IM_EXPECTATIONS)',
      lines: report.expectations.items.map((i) => `${i.clause}: ${words[i.outcome]}. Reason: ${i.reason}${i.tracking ? ` (${i.tracking})` : ''}`),
    });
  }
  if (report.changes) {
    const ch = report.changes;
    sections.push({
      title: 'Changes since the baseline',
      lines: [
        ...(ch.otherTarget ? [`Another target: ${ch.otherTarget}.`] : []),
        ...(ch.baseline ? [`Baseline: the run of ${ch.baseline.startedAt} (${ch.baseline.verdict}).`] : []),
        ...(ch.note ? [ch.note] : []),
        ...(ch.items.length ? ch.items.map((i) => i.text + (i.ledger?.length ? ` (ledger ${i.ledger.join(', ')})` : '')) : ch.note ? [] : ['Nothing changed.']),
      ],
    });
  }
  return sections;
}
