/**
 * The documented call frequency limit, for any command: its case's request is sent unpaced, and the answers are
 * judged against what every admissible limiter design allows (limiter-bounds.ts). These run after every other case,
 * alone, so that no other call of this run shares their seconds.
 *
 * The over-limit phases adapt to the runner and the target: the first calls measure the round trip, enough calls are
 * then kept in flight to send at OVERDRIVE times the limit, and the phase goes on until every admissible limiter had
 * to refuse some of the calls sent so far, or its budget is spent. A slow runner or a distant target then costs more
 * calls, not the verdict; a conformant target nearby costs fewer.
 */
import { command as commandSpec } from '../../core/spec.js';
import type { ScenarioParams, TimelineCall } from '../../../types/schemas.js';
import type { CaseRun } from '../case-run.js';
import { accepts, acceptedCodes, answerOf } from '../checks.js';
import { errorCodeOf, type CallResult } from '../client.js';
import { mostServable, refusalForcedBy, type SentCall } from '../limiter-bounds.js';
import { Departure, Indeterminate } from '../outcomes.js';
import { fill, mentioned } from '../placeholders.js';
import type { Scenario } from '../scenario.js';

/**
 * The most calls one over-limit phase sends (burst, sustained, and the load before recovery). With the 180 paced
 * calls that makes at most 1,980 load calls a run (2,080 before the phases adapted); against a conformant target the
 * burst and sustained phases stop once every design had to refuse (about 420 to 600 calls over loopback, busy or
 * not), and the load before recovery at its first refusal, about 1,400 load calls in all.
 */
export const OVER_LIMIT_BUDGET = 600;
/**
 * The rate the over-limit phases aim for, in multiples of the limit. The bound for fixed windows of any phase allows
 * two seconds of calls in a short burst and one more second per second after, and a round trip of 300 ms shortens
 * the window the bound can rely on to 700 ms: at three times the limit every design must refuse within the budget.
 */
const OVERDRIVE = 3;
/** Calls sent first, a few at a time, to measure the round trip before the rest are sized on it. */
const PROBE_CALLS = 8;
const PROBE_IN_FLIGHT = 4;
/** Calls in flight beyond what the round trip needs: a busy runner sends more per second with more in flight (bench/load-phases.ts). */
const CPU_SLACK = 32;
/** More in flight only adds to each call's span once the runner itself is the bottleneck. */
const MAX_IN_FLIGHT = 200;
/** How often, in answers, a phase asks whether every design must have refused by now. */
const CHECK_EVERY = 16;
/** Tries of a phase whose calls stay under the limit and yet are refused for frequency: the first and two more. */
const TRIES = 3;
/** A share of calls whose answers may be lost before a load's outcome says nothing. */
const MAX_FAULT_SHARE = 0.1;

/** How the calls of a phase go out: as many as `inFlight` allows, at a steady rate, or spread evenly over a time. */
type Shape = { closed: true } | { callsPerSecond: number } | { spreadMs: number };

interface Load {
  results: CallResult[];
  calls: SentCall[];
  startMs: number;
  endMs: number;
  /** Calls kept in flight after the probe, for a closed phase. */
  inFlight?: number;
}

function limitOf(run: CaseRun): number {
  return commandSpec(run.c.command).callsPerSecond;
}

/** Served calls a bound may be short of: timestamps of a few milliseconds, and a limiter that admits one early. */
function toleranceOf(limit: number): number {
  return Math.max(2, Math.ceil(limit / 100));
}

/**
 * Whether an answer shows the call got past the limiter: success, or for a call that cannot succeed twice (a recall,
 * an edit) a refusal of the case's `served` code set, such as the one for an unknown message. The documented limit
 * counts calls, whatever they answer.
 */
const isServed = (run: CaseRun, code: unknown) => {
  const set = run.c.params?.served;
  return code === 0 || (set !== undefined && typeof code === 'number' && accepts(acceptedCodes(set, run.target), code));
};

const isFrequency = (run: CaseRun, r: CallResult) => {
  const code = errorCodeOf(r.json);
  return !r.fault && typeof code === 'number' && run.target.frequencyCodes.includes(code);
};

/**
 * A quiet moment for the command's limiter: `quietSeconds` since this client last called the command, all of it when
 * the client never did (another client may have). The limit is each command's own, so the load of another command
 * just before takes none of it.
 */
async function quietFor(run: CaseRun, p: ScenarioParams): Promise<void> {
  const quietMs = (p.quietSeconds ?? 1.2) * 1000;
  const last = run.client.lastCallOf(run.c.command);
  const left = last === undefined ? quietMs : last + quietMs - run.clock.now();
  if (left > 0) await run.clock.sleep(left);
}

/**
 * The case's request body, and the bodies it rotates with, filled, after a quiet moment that lets any limiter forget
 * earlier calls. The documented limit is the app's: calls for other accounts and conversations count alike.
 */
async function prepare(run: CaseRun, p: ScenarioParams): Promise<Buffer[]> {
  const req = run.c.request;
  if (!req || req.body === undefined) throw new Error(`load case "${run.c.title}" needs a request with a body`);
  const templates = [req.body, ...(p.rotate ?? [])];
  const values = run.values(new Set(templates.flatMap((t) => [...mentioned({ body: t })])));
  const bodies = templates.map((t) => Buffer.from(JSON.stringify(fill(t, values))));
  await quietFor(run, p);
  return bodies;
}

/** A load none of whose calls was served, some refused otherwise than for frequency: the call itself is refused, which the request cases judge. */
function notServedAtAll(served: number, other: Map<number, number>): void {
  if (served === 0 && other.size > 0) {
    throw new Indeterminate(`precondition did not hold: every call was refused with ErrorCode ${[...other.keys()].join(', ')}, so the call the load repeats is not served at all`);
  }
}

/** Calls to keep in flight for `callsPerSecond` over a round trip of `rttMs`. */
export function inFlightFor(rttMs: number, callsPerSecond: number): number {
  return Math.min(MAX_IN_FLIGHT, Math.ceil((callsPerSecond * rttMs) / 1000) + CPU_SLACK);
}

/**
 * Whether a phase has sent enough, asked of the answers so far: true to stop, or how many more answers to wait for
 * before asking again (at least CHECK_EVERY).
 */
type Enough = (calls: SentCall[], results: CallResult[]) => true | number;

/**
 * Sends up to `max` calls in `shape`, stopping early once `enough` says so. A closed or steady phase first sends a few
 * calls to measure the round trip, then keeps at most inFlightFor(it) in flight. Calls already sent are awaited and kept.
 */
async function fire(run: CaseRun, phase: string, bodies: readonly Buffer[], max: number, shape: Shape, enough?: Enough): Promise<Load> {
  const results: CallResult[] = [];
  const sent: SentCall[] = [];
  const timeline = (run.result.timeline ??= []);
  let started = 0;
  let active = 0;
  let stopped = false;
  let askAt = CHECK_EVERY;
  let freed: (() => void) | undefined;
  const one = async () => {
    const body = bodies[started % bodies.length]!;
    started++;
    active++;
    const sentAt = run.clock.now();
    const r = await run.client.call({ command: run.c.command, body, paced: false }, run.auth);
    active--;
    sent.push({ sentAt, doneAt: run.clock.now() });
    results.push(r);
    const code = errorCodeOf(r.json);
    const entry: TimelineCall = {
      phase,
      atEpochMs: sentAt,
      outcome: r.fault ? 'fault' : isServed(run, code) ? 'served' : isFrequency(run, r) ? 'refused' : 'other',
    };
    if (!r.fault && typeof code === 'number' && code !== 0) entry.code = code;
    timeline.push(entry);
    if (enough && !stopped && sent.length >= askAt) {
      const answer = enough(sent, results);
      if (answer === true) stopped = true;
      else askAt = sent.length + Math.max(CHECK_EVERY, answer);
    }
    freed?.();
  };
  const more = () => !stopped && started < max;
  const startMs = run.clock.now();
  if ('spreadMs' in shape) {
    const step = shape.spreadMs / max;
    await Promise.all(Array.from({ length: max }, (_, i) => run.clock.sleep(i * step).then(one)));
    return { results, calls: sent, startMs, endMs: run.clock.now() };
  }
  const pending: Promise<void>[] = [];
  const probe = Math.min(PROBE_CALLS, max);
  await Promise.all(
    Array.from({ length: PROBE_IN_FLIGHT }, async () => {
      while (started < probe) await one();
    }),
  );
  const spans = sent.map((c) => c.doneAt - c.sentAt).sort((a, b) => a - b);
  const inFlight = inFlightFor(spans[Math.floor(spans.length / 2)] ?? 0, OVERDRIVE * limitOf(run));
  const slot = () => new Promise<void>((r) => (freed = r));
  if ('closed' in shape) {
    while (more()) {
      while (more() && active < inFlight) pending.push(one());
      if (more()) await slot();
    }
  } else {
    // Every call whose time has come goes out at each wake-up, so a late timer costs evenness, not rate; a runner
    // that cannot keep up sends as its free slots allow, rather than piling up calls whose spans say nothing.
    const step = 1000 / shape.callsPerSecond;
    const paceFrom = run.clock.now();
    let paced = 0;
    const dueAt = () => paceFrom + paced * step;
    while (more()) {
      // A microsecond early counts as due, so that rounding never leaves a wake-up with nothing to send.
      while (more() && active < inFlight && run.clock.now() >= dueAt() - 1e-3) {
        paced++;
        pending.push(one());
      }
      if (!more()) break;
      if (active >= inFlight) await slot();
      else await run.clock.sleep(dueAt() - run.clock.now());
    }
  }
  await Promise.all(pending);
  return { results, calls: sent, startMs, endMs: run.clock.now(), inFlight };
}

/** Calls per second over a span of time, or "at once" when no time passed. */
function rate(n: number, ms: number): string {
  return ms > 0 ? `${Math.round((n * 1000) / ms)}/s` : 'at once';
}

/** Sorts the answers; the envelope rules hold for each, and one exchange of each kind of answer is kept. */
function tally(run: CaseRun, load: Load) {
  let served = 0;
  let faults = 0;
  const refused = new Map<number, number>();
  const other = new Map<number, number>();
  const kinds = new Set<string>();
  for (const r of load.results) {
    const kind = r.fault ? 'fault' : String(errorCodeOf(r.json));
    if (!kinds.has(kind)) {
      kinds.add(kind);
      for (const e of r.exchanges) run.keep(e);
    }
    if (r.fault) {
      faults++;
      continue;
    }
    const env = run.envelope(r);
    if (isServed(run, env.ErrorCode)) served++;
    else {
      const bucket = run.target.frequencyCodes.includes(env.ErrorCode) ? refused : other;
      bucket.set(env.ErrorCode, (bucket.get(env.ErrorCode) ?? 0) + 1);
    }
  }
  if (faults > load.results.length * MAX_FAULT_SHARE) throw new Indeterminate(`${faults} of ${load.results.length} calls got no answer of the API's own`);
  const refusedCount = [...refused.values()].reduce((a, x) => a + x, 0);
  notServedAtAll(served, other);
  const describe = (m: Map<number, number>) => [...m].map(([c, k]) => `${k}× ${c}`).join(', ');
  const n = load.results.length;
  const ms = load.endMs - load.startMs;
  const sentMs = n ? Math.max(...load.calls.map((c) => c.sentAt)) - Math.min(...load.calls.map((c) => c.sentAt)) : 0;
  const pace = `${n} calls sent ${rate(n - 1, sentMs)}${load.inFlight ? ` (${load.inFlight} in flight)` : ''}, ${served} served ${rate(served, ms)}`;
  const words = `${served} served, refused: ${describe(refused) || 'none'}${other.size ? `, other: ${describe(other)}` : ''}${faults ? `, ${faults} without an answer of the API's own` : ''}, in ${(Math.max(ms, 1) / 1000).toFixed(2)} s; ${pace}`;
  return { served, faults, refused, refusedCount, other, describe, words };
}

/** What the calls prove of any limiter of `limit` per second, in words. */
function proof(calls: readonly SentCall[], limit: number): string {
  const by = refusalForcedBy(calls, limit);
  return by === undefined ? `no ${limit}/s limiter had to refuse any of them` : `any ${limit}/s limiter had to refuse some of them from call ${by} on`;
}

/**
 * Enough once every design must have refused more of the calls than the tolerance, so that a server serving them all
 * fails. Each further call adds at most one to what a limiter can serve, so the shortfall says how many more answers
 * cannot be enough, and the bound is not computed again before them.
 */
const forced =
  (limit: number): Enough =>
  (calls) => {
    const short = mostServable(calls, limit) + toleranceOf(limit) + 1 - calls.length;
    return short <= 0 ? true : short;
  };

/** Over the limit: some calls refused with a frequency code, none with another code, no more served than any limiter allows. */
async function overLimit(run: CaseRun, p: ScenarioParams, shape: Shape): Promise<void> {
  const bodies = await prepare(run, p);
  const limit = limitOf(run);
  const budget = p.calls ?? OVER_LIMIT_BUDGET;
  const load = await fire(run, run.c.title, bodies, budget, shape, forced(limit));
  const t = tally(run, load);
  const n = load.results.length;
  const most = mostServable(load.calls, limit);
  run.result.expected = `part of the calls (at most ${budget}) refused with ErrorCode in ${run.target.frequencyCodes.join(', ')}; at most ${most} of ${n} served (the most a ${limit}/s limiter of any design serves of these calls)`;
  run.result.observed = `${t.words}; ${proof(load.calls, limit)}`;
  if (t.refusedCount) run.result.answer = `refused with ${[...t.refused.keys()].map((c) => `ErrorCode ${c}`).join(', ')}`;
  if (t.other.size) throw new Departure(run.c.clause, `valid calls over the limit were refused with codes that are not frequency codes: ${t.describe(t.other)}`);
  if (t.served > most + toleranceOf(limit)) {
    throw new Departure(run.c.clause, `${t.served} of ${n} calls were served; a ${limit}/s limiter of any design serves at most ${most} of them (${t.words})`);
  }
  if (t.refusedCount === 0) throw new Indeterminate(`none of ${n} calls was refused, but the load was too slow to prove a ${limit}/s limit: ${t.words}, and any design could serve ${most}`);
}

/**
 * A phase whose calls no admissible limiter would refuse, tried again after a quiet pause while it meets frequency
 * refusals. The app's limit is shared with every other client of the app: refusals that do not come back on another
 * try are another client's calls, not this target's limiter; refusals on every try are the target's own. `attempt`
 * runs one try and says whether it met frequency refusals its calls alone do not explain.
 */
async function underLimit(run: CaseRun, attempt: (phase: string, tryNo: number) => Promise<{ refused: boolean; words: string }>): Promise<void> {
  const seen: string[] = [];
  for (let tryNo = 1; tryNo <= TRIES; tryNo++) {
    const r = await attempt(tryNo === 1 ? run.c.title : `${run.c.title} (try ${tryNo})`, tryNo);
    if (!r.refused) {
      if (tryNo === 1) return;
      throw new Indeterminate(`the app's limit appears shared with another client: calls under the limit were refused for frequency (${seen.join('; ')}), and not again on try ${tryNo} (${r.words})`);
    }
    seen.push(`try ${tryNo}: ${r.words}`);
  }
  throw new Departure(run.c.clause, `calls under the limit were refused for frequency on each of ${TRIES} tries after a quiet pause: ${seen.join('; ')}`);
}

export const scenarios: Record<string, Scenario> = {
  /** Calls spread evenly under the limit: every design serves them all. */
  paced: {
    kind: 'load',
    accounts: 0,
    run: (run, p) =>
      underLimit(run, async (phase) => {
        const bodies = await prepare(run, p);
        const calls = p.calls ?? 180;
        const load = await fire(run, phase, bodies, calls, { spreadMs: (p.overSeconds ?? 1) * 1000 });
        const t = tally(run, load);
        const most = mostServable(load.calls, limitOf(run));
        run.result.expected = `all ${calls} calls served`;
        run.result.observed = `${t.words}; ${proof(load.calls, limitOf(run))}`;
        if (t.served === calls) return { refused: false, words: t.words };
        if (t.faults) throw new Indeterminate(`${t.faults} calls got no answer of the API's own; the rest: ${t.words}`);
        if (most < calls) throw new Indeterminate(`the calls arrived too unevenly to say a limit must serve them all (${t.words})`);
        if (t.other.size) throw new Departure(run.c.clause, `${calls - t.served} of ${calls} calls paced under the limit were not served (${t.words})`);
        return { refused: true, words: t.words };
      }),
  },
  /** As many calls in flight as outpace the limit threefold at the measured round trip. */
  burst: { kind: 'load', accounts: 0, run: (run, p) => overLimit(run, p, { closed: true }) },
  /** An even load at three times the limit, for as long as it takes even a full token bucket to run dry. */
  sustained: { kind: 'load', accounts: 0, run: (run, p) => overLimit(run, p, { callsPerSecond: OVERDRIVE * limitOf(run) }) },
  /** Over the limit until refused, then quiet for a moment: the next call is served. */
  recovery: {
    kind: 'load',
    accounts: 0,
    run: (run, p) =>
      underLimit(run, async (phase) => {
        const bodies = await prepare(run, p);
        // Until the target refuses, whatever the bound says: a limiter looser than documented has its own recovery to show.
        const refused: Enough = (_calls, results) => results.some((r) => isFrequency(run, r)) || CHECK_EVERY;
        const load = await fire(run, phase, bodies, p.calls ?? OVER_LIMIT_BUDGET, { closed: true }, refused);
        const t = tally(run, load);
        if (t.refusedCount === 0) throw new Indeterminate(`the load before the quiet period was never refused (${t.words}), so nothing was recovered from`);
        await quietFor(run, p);
        const r = await run.send({ command: run.c.command, body: bodies[0]!, paced: false });
        const env = run.envelope(r);
        run.result.expected = `served after ${p.quietSeconds ?? 1.2} s without calls`;
        run.result.observed = `${answerOf(env)} (the load before it: ${t.words})`;
        if (isServed(run, env.ErrorCode)) return { refused: false, words: answerOf(env) };
        if (!isFrequency(run, r)) throw new Departure(run.c.clause, `a call after a quiet period answered ErrorCode ${env.ErrorCode}`);
        return { refused: true, words: `the call after ${p.quietSeconds ?? 1.2} s without calls answered ${answerOf(env)}` };
      }),
  },
};
