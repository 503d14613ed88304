/**
 * The documented call frequency limit, for any command: its case's request is sent unpaced, and the answers are
 * judged against what every admissible limiter design allows (limiter-bounds.ts). These run after every other case,
 * alone, so that no other call shares their seconds.
 */
import { command as commandSpec } from '../../core/spec.js';
import type { ScenarioParams, TimelineCall } from '../../../types/schemas.js';
import type { CaseRun } from '../case-run.js';
import { answerOf } from '../checks.js';
import { errorCodeOf, type CallResult } from '../client.js';
import { mostServable, type SentCall } from '../limiter-bounds.js';
import { Departure, Indeterminate } from '../outcomes.js';
import { fill, mentioned } from '../placeholders.js';
import type { Scenario } from '../scenario.js';

/** A share of calls whose answers may be lost before a load's outcome says nothing. */
const MAX_FAULT_SHARE = 0.1;

interface Load {
  results: CallResult[];
  calls: SentCall[];
  startMs: number;
  endMs: number;
}

function limitOf(run: CaseRun): number {
  return commandSpec(run.c.command).callsPerSecond;
}

/** The case's request, filled, after a quiet moment that lets any limiter forget earlier calls. */
async function prepare(run: CaseRun, p: ScenarioParams): Promise<Buffer> {
  const req = run.c.request;
  if (!req || req.body === undefined) throw new Error(`load case "${run.c.title}" needs a request with a body`);
  const body = Buffer.from(JSON.stringify(fill(req.body, run.values(mentioned(req)))));
  await run.clock.sleep((p.quietSeconds ?? 1.2) * 1000);
  return body;
}

/** A load none of whose calls was served, some refused otherwise than for frequency: the call itself is refused, which the request cases judge. */
function notServedAtAll(served: number, other: Map<number, number>): void {
  if (served === 0 && other.size > 0) {
    throw new Indeterminate(`precondition did not hold: every call was refused with ErrorCode ${[...other.keys()].join(', ')}, so the call the load repeats is not served at all`);
  }
}

/** Sends `calls` calls unpaced, `concurrency` at a time, or each at its offset in `spreadMs`. */
async function fire(run: CaseRun, body: Buffer, calls: number, opts: { concurrency?: number; spreadMs?: number }): Promise<Load> {
  const results: CallResult[] = new Array(calls);
  const sent: SentCall[] = new Array(calls);
  const timeline = (run.result.timeline ??= []);
  const frequency = run.target.frequencyCodes;
  const one = async (i: number) => {
    const sentAt = run.clock.now();
    const r = await run.client.call({ command: run.c.command, body, paced: false }, run.auth);
    sent[i] = { sentAt, doneAt: run.clock.now() };
    results[i] = r;
    const code = errorCodeOf(r.json);
    const entry: TimelineCall = {
      phase: run.c.title,
      atEpochMs: sentAt,
      outcome: r.fault ? 'fault' : code === 0 ? 'served' : typeof code === 'number' && frequency.includes(code) ? 'refused' : 'other',
    };
    if (!r.fault && typeof code === 'number' && code !== 0) entry.code = code;
    timeline.push(entry);
  };
  const startMs = run.clock.now();
  if (opts.spreadMs !== undefined) {
    const step = opts.spreadMs / calls;
    await Promise.all(Array.from({ length: calls }, (_, i) => run.clock.sleep(i * step).then(() => one(i))));
  } else {
    let next = 0;
    const worker = async () => {
      while (next < calls) await one(next++);
    };
    await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 32, calls) }, worker));
  }
  return { results, calls: sent, startMs, endMs: run.clock.now() };
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
    if (env.ErrorCode === 0) served++;
    else {
      const bucket = run.target.frequencyCodes.includes(env.ErrorCode) ? refused : other;
      bucket.set(env.ErrorCode, (bucket.get(env.ErrorCode) ?? 0) + 1);
    }
  }
  if (faults > load.results.length * MAX_FAULT_SHARE) throw new Indeterminate(`${faults} of ${load.results.length} calls got no answer of the API's own`);
  const refusedCount = [...refused.values()].reduce((a, x) => a + x, 0);
  notServedAtAll(served, other);
  const describe = (m: Map<number, number>) => [...m].map(([c, k]) => `${k}× ${c}`).join(', ');
  const seconds = (Math.max(load.endMs - load.startMs, 1) / 1000).toFixed(2);
  const words = `${served} served, refused: ${describe(refused) || 'none'}${other.size ? `, other: ${describe(other)}` : ''}${faults ? `, ${faults} without an answer of the API's own` : ''}, in ${seconds} s`;
  return { served, faults, refused, refusedCount, other, describe, words };
}

/** Over the limit: some calls refused with a frequency code, none with another code, no more served than any limiter allows. */
async function overLimit(run: CaseRun, p: ScenarioParams, shape: { concurrency?: number; spreadMs?: number }): Promise<void> {
  const body = await prepare(run, p);
  const calls = p.calls ?? 600;
  const load = await fire(run, body, calls, shape);
  const t = tally(run, load);
  const limit = limitOf(run);
  const most = mostServable(load.calls, limit);
  const tolerance = Math.max(2, Math.ceil(limit / 100));
  run.result.expected = `part of ${calls} calls refused with ErrorCode in ${run.target.frequencyCodes.join(', ')}; at most ${most} served (the most a ${limit}/s limiter of any design serves of these calls)`;
  run.result.observed = t.words;
  if (t.refusedCount) run.result.answer = `refused with ${[...t.refused.keys()].map((c) => `ErrorCode ${c}`).join(', ')}`;
  if (t.other.size) throw new Departure(run.c.clause, `valid calls over the limit were refused with codes that are not frequency codes: ${t.describe(t.other)}`);
  if (t.served > most + tolerance) {
    throw new Departure(run.c.clause, `${t.served} of ${calls} calls were served; a ${limit}/s limiter of any design serves at most ${most} of them`);
  }
  if (t.refusedCount === 0) throw new Indeterminate(`none of ${calls} calls was refused, but the load was too slow to prove a ${limit}/s limit (any design could serve ${most})`);
}

export const scenarios: Record<string, Scenario> = {
  /** Calls spread evenly under the limit: every design serves them all. */
  paced: {
    kind: 'load',
    accounts: 0,
    async run(run, p) {
      const body = await prepare(run, p);
      const calls = p.calls ?? 180;
      const load = await fire(run, body, calls, { spreadMs: (p.overSeconds ?? 1) * 1000 });
      const t = tally(run, load);
      const most = mostServable(load.calls, limitOf(run));
      run.result.expected = `all ${calls} calls served`;
      run.result.observed = t.words;
      if (t.served === calls) return;
      if (t.faults) throw new Indeterminate(`${t.faults} calls got no answer of the API's own; the rest: ${t.words}`);
      if (most < calls) throw new Indeterminate(`the calls arrived too unevenly to say a limit must serve them all (${t.words})`);
      throw new Departure(run.c.clause, `${calls - t.served} of ${calls} calls paced under the limit were not served (${t.words})`);
    },
  },
  /** A burst well over the limit. */
  burst: { kind: 'load', accounts: 0, run: (run, p) => overLimit(run, p, { concurrency: p.concurrency ?? 64 }) },
  /** An even load above the limit for long enough that even a full token bucket runs dry. */
  sustained: { kind: 'load', accounts: 0, run: (run, p) => overLimit(run, p, { spreadMs: (p.overSeconds ?? 3) * 1000 }) },
  /** Over the limit, then quiet for a moment: the next call is served. */
  recovery: {
    kind: 'load',
    accounts: 0,
    async run(run, p) {
      const body = await prepare(run, p);
      tally(run, await fire(run, body, p.calls ?? 400, { concurrency: p.concurrency ?? 64 }));
      await run.clock.sleep((p.quietSeconds ?? 1.2) * 1000);
      const r = await run.send({ command: run.c.command, body, paced: false });
      const env = run.envelope(r);
      run.result.expected = `served after ${p.quietSeconds ?? 1.2} s without calls`;
      run.result.observed = answerOf(env);
      if (env.ErrorCode !== 0) throw new Departure(run.c.clause, `a call after a quiet period answered ErrorCode ${env.ErrorCode}`);
    },
  },
};
