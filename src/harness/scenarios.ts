/**
 * Named sequences of calls for the clauses that one request cannot show: the effect of marking read, observed through
 * sendmsg and get_c2c_unread_msg_num, and the 200 calls/second limit. Parameters come from the case files.
 */
import { UINT32_MAX } from '../settings';
import type { ScenarioParams } from '../../types/schemas';
import type { CallResult } from '../client';
import { violations } from '../validators';
import type { CaseRun } from './case-run';
import { answerOf, envelopeOf } from './checks';
import { ConformanceFailure, Indeterminate } from './failures';
import { keep, type TimelineCall } from './record';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const LIMIT = 200;

type Scenario = (run: CaseRun, p: ScenarioParams) => Promise<void>;

/** Sends `n` text messages from → to; returns their times in Unix seconds (MsgTime, or the local clock without it). */
async function sendBatch(run: CaseRun, from: string, to: string, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const env = await run.companion('sendmsg', {
      SyncOtherMachine: 2,
      From_Account: from,
      To_Account: to,
      MsgRandom: run.faker.number.int({ min: 0, max: UINT32_MAX }),
      MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: run.faker.lorem.sentence() } }],
    });
    times.push(typeof env.MsgTime === 'number' ? env.MsgTime : Math.floor(Date.now() / 1000));
  }
  return times;
}

/** Unread messages of reader from peer, as get_c2c_unread_msg_num reports them. */
async function unread(run: CaseRun, reader: string, peer: string): Promise<number> {
  const env = await run.companion('get_c2c_unread_msg_num', { To_Account: reader, Peer_Account: [peer] });
  const bad = violations('api/get_c2c_unread_msg_num.response.schema.json', env);
  const entry = Array.isArray(env.C2CUnreadMsgNumList)
    ? (env.C2CUnreadMsgNumList as Array<{ Peer_Account: string; C2CUnreadMsgNum: number }>).find((x) => x.Peer_Account === peer)
    : undefined;
  if (bad.length || !entry) {
    throw new ConformanceFailure(run.c.clause, `precondition: get_c2c_unread_msg_num gave no count for the peer (${bad.join('; ') || 'peer missing'})`);
  }
  return entry.C2CUnreadMsgNum;
}

/** Asks until `done` holds or the target's poll timeout passes; remote targets may show effects late. */
async function poll(run: CaseRun, ask: () => Promise<number>, done: (n: number) => boolean): Promise<number> {
  const deadline = Date.now() + run.target.pollTimeoutMs;
  for (;;) {
    const n = await ask();
    if (done(n) || Date.now() >= deadline) return n;
    await sleep(250);
  }
}

/** admin_set_msg_read itself, which every effect scenario needs to succeed. */
async function markRead(run: CaseRun, report: string, peer: string, msgReadTime?: string): Promise<void> {
  const body = { Report_Account: report, Peer_Account: peer, ...(msgReadTime === undefined ? {} : { MsgReadTime: msgReadTime }) };
  const r = await run.send({ command: 'admin_set_msg_read', body: Buffer.from(JSON.stringify(body)) });
  const env = envelopeOf(r);
  if (env.ErrorCode !== 0) throw new ConformanceFailure(run.c.clause, `admin_set_msg_read refused a valid call with ErrorCode ${env.ErrorCode}`);
}

/** Peer sends messages; they are unread until the call, and none are after it. */
async function markReadScenario(run: CaseRun, p: ScenarioParams): Promise<void> {
  const n = p.messages ?? 3;
  const [report, peer] = (await run.accounts(2)) as [string, string];
  const before = await unread(run, report, peer);
  await sendBatch(run, peer, report, n);
  const sent = await poll(run, () => unread(run, report, peer), (x) => x === before + n);
  if (sent !== before + n) throw new ConformanceFailure(run.c.clause, `precondition: ${n} messages sent, unread count went from ${before} to ${sent}`);
  await markRead(run, report, peer);
  const after = await poll(run, () => unread(run, report, peer), (x) => x === 0);
  run.record.observed = `unread count ${sent} before the call, ${after} after`;
  run.record.expected = 'unread count 0 after the call';
  if (after !== 0) throw new ConformanceFailure(run.c.clause, `unread count is ${after} after marking the conversation read, expected 0`);
}

/**
 * Marking report's conversation with peer read leaves a bystander conversation's unread messages alone: either the
 * reverse direction (peer's messages from report) or report's messages from a third account.
 */
function leavesUntouched(bystander: 'reverse' | 'third-peer'): Scenario {
  return async (run, p) => {
    const n = p.messages ?? 2;
    const [report, peer, third] = (await run.accounts(bystander === 'reverse' ? 2 : 3)) as [string, string, string];
    const [from, to] = bystander === 'reverse' ? [report, peer] : [third, report];
    const before = await unread(run, to, from);
    await sendBatch(run, peer, report, n);
    await sendBatch(run, from, to, n);
    await poll(run, () => unread(run, to, from), (x) => x === before + n);
    await markRead(run, report, peer);
    await poll(run, () => unread(run, report, peer), (x) => x === 0);
    const after = await unread(run, to, from);
    run.record.expected = `${to}'s unread count from ${from} stays ${before + n}`;
    run.record.observed = `it is ${after} after the call`;
    if (after !== before + n) throw new ConformanceFailure(run.c.clause, `${to}'s unread count from ${from} changed from ${before + n} to ${after}`);
  };
}

/**
 * Two batches at least gapSeconds apart on the target's own clock (MsgTime), and MsgReadTime one second after the
 * first: both an inclusive and an exclusive reading of "before" then agree (ledger AMB-MSGREADTIME-BOUNDARY).
 */
async function readTimeBoundaryScenario(run: CaseRun, p: ScenarioParams): Promise<void> {
  const n = p.messages ?? 2;
  const gap = p.gapSeconds ?? 2;
  const [report, peer] = (await run.accounts(2)) as [string, string];
  const first = await sendBatch(run, peer, report, n);
  const t1 = Math.max(...first);
  // The target's clock may differ from ours: wait on our clock by the offset its MsgTime showed.
  const offset = t1 - Date.now() / 1000;
  const waitMs = (t1 + gap - (Date.now() / 1000 + offset)) * 1000 + 150;
  if (waitMs > 0) await sleep(waitMs);
  const second = await sendBatch(run, peer, report, n);
  if (Math.min(...second) < t1 + gap) {
    throw new Indeterminate(`the second batch has MsgTime ${Math.min(...second)}, less than ${gap} s after the first (${t1})`);
  }
  const before = await poll(run, () => unread(run, report, peer), (x) => x === 2 * n);
  if (before !== 2 * n) throw new ConformanceFailure(run.c.clause, `precondition: ${2 * n} messages sent, unread count is ${before}`);
  await markRead(run, report, peer, String(t1 + 1));
  const after = await poll(run, () => unread(run, report, peer), (x) => x !== 2 * n);
  run.record.expected = `MsgReadTime ${t1 + 1}: the ${n} messages at ${t1} or earlier read, the ${n} from ${Math.min(...second)} on unread`;
  run.record.observed = `unread count ${after} after the call`;
  if (after !== n) throw new ConformanceFailure(run.c.clause, `unread count is ${after} after MsgReadTime between the batches, expected ${n}`);
}

interface Burst {
  results: CallResult[];
  /** When each call was sent, in order. */
  sentAt: number[];
  startMs: number;
  endMs: number;
}

/** Calls a limiter of LIMIT per second must refuse some of, with a margin for the network's jitter. */
const PROVABLY_OVER = 1.2 * LIMIT;

/**
 * The fewest calls sent in any one second inside the load: every whole second of the target's own clock that falls
 * inside the load received at least that many, whatever second boundaries a fixed-window limiter uses.
 */
function fewestInASecond(sentAt: number[]): number {
  const last = sentAt[sentAt.length - 1]!;
  let fewest = Infinity;
  let j = 0;
  for (let i = 0; i < sentAt.length && sentAt[i]! + 1000 <= last; i++) {
    while (j < sentAt.length && sentAt[j]! <= sentAt[i]! + 1000) j++;
    fewest = Math.min(fewest, j - i - 1);
  }
  // A load sent within one second touched at most two of the target's seconds.
  return fewest === Infinity ? sentAt.length / 2 : fewest;
}

/** Calls admin_set_msg_read `calls` times, unpaced, `concurrency` at a time, or at fixed offsets when spread is given. */
async function fire(run: CaseRun, body: Buffer, calls: number, opts: { concurrency?: number; spreadMs?: number }): Promise<Burst> {
  const results: CallResult[] = new Array(calls);
  const sentAt: number[] = [];
  const timeline = (run.record.timeline ??= []);
  const phase = run.c.title;
  const one = async (i: number) => {
    const at = Date.now();
    sentAt.push(at);
    const r = await run.im.call({ command: 'admin_set_msg_read', body, paced: false }, run.auth);
    results[i] = r;
    const env = r.json as { ErrorCode?: unknown } | undefined;
    const code = typeof env?.ErrorCode === 'number' ? env.ErrorCode : undefined;
    const call: TimelineCall = {
      phase,
      atEpochMs: at,
      outcome: code === 0 ? 'served' : code !== undefined && run.target.frequencyCodes.includes(code) ? 'refused' : 'other',
    };
    if (code !== undefined && code !== 0) call.code = code;
    timeline.push(call);
  };
  const startMs = Date.now();
  if (opts.spreadMs !== undefined) {
    const step = opts.spreadMs / calls;
    await Promise.all(Array.from({ length: calls }, (_, i) => sleep(i * step).then(() => one(i))));
  } else {
    let next = 0;
    const worker = async () => {
      while (next < calls) await one(next++);
    };
    await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 32, calls) }, worker));
  }
  return { results, sentAt, startMs, endMs: Date.now() };
}

/** Checks every envelope of a burst and sorts the answers; keeps one exchange of each kind in the record. */
function tally(run: CaseRun, b: Burst) {
  let served = 0;
  const refused = new Map<number, number>();
  const other = new Map<number, number>();
  const seen = new Set<string>();
  for (const r of b.results) {
    const env = envelopeOf(r);
    const kind = answerOf(r);
    if (!seen.has(kind)) {
      seen.add(kind);
      keep(run.record, r.exchange);
    }
    if (env.ErrorCode === 0) served++;
    else {
      const bucket = run.target.frequencyCodes.includes(env.ErrorCode) ? refused : other;
      bucket.set(env.ErrorCode, (bucket.get(env.ErrorCode) ?? 0) + 1);
    }
  }
  const refusedCount = [...refused.values()].reduce((a, x) => a + x, 0);
  const describe = (m: Map<number, number>) => [...m].map(([c, k]) => `${k}× ${c}`).join(', ');
  return { served, refused, refusedCount, other, describe };
}

async function prepareRateLimit(run: CaseRun, p: ScenarioParams): Promise<Buffer> {
  const [report, peer] = (await run.accounts(2)) as [string, string];
  await sleep((p.quietSeconds ?? 1.2) * 1000);
  return Buffer.from(JSON.stringify({ Report_Account: report, Peer_Account: peer }));
}

/** 180 calls spread evenly over one second: all served. */
async function pacedScenario(run: CaseRun, p: ScenarioParams): Promise<void> {
  const body = await prepareRateLimit(run, p);
  const calls = p.calls ?? 180;
  const b = await fire(run, body, calls, { spreadMs: (p.overSeconds ?? 1) * 1000 });
  const t = tally(run, b);
  run.record.expected = `all ${calls} calls served`;
  run.record.observed = `${t.served} served in ${b.endMs - b.startMs} ms${t.refusedCount ? `, refused: ${t.describe(t.refused)}` : ''}${t.other.size ? `, other: ${t.describe(t.other)}` : ''}`;
  if (t.served !== calls) throw new ConformanceFailure(run.c.clause, `${calls - t.served} of ${calls} calls paced under the limit were not served (${run.record.observed})`);
}

/**
 * An even load above the limit for two seconds: whatever window a 200/s limiter uses (sliding, or fixed seconds that
 * the load straddles), it must refuse some of 300/s; a limiter set well above 200/s refuses none.
 */
async function sustainedScenario(run: CaseRun, p: ScenarioParams): Promise<void> {
  const body = await prepareRateLimit(run, p);
  const calls = p.calls ?? 600;
  const b = await fire(run, body, calls, { spreadMs: (p.overSeconds ?? 2) * 1000 });
  const t = tally(run, b);
  run.record.expected = `part of ${calls} calls over ${p.overSeconds ?? 2} s refused with ErrorCode in ${run.target.frequencyCodes.join(', ')}`;
  run.record.observed = `${t.served} served, refused: ${t.describe(t.refused) || 'none'}${t.other.size ? `, other: ${t.describe(t.other)}` : ''}, in ${b.endMs - b.startMs} ms`;
  if (t.other.size) throw new ConformanceFailure(run.c.clause, `valid calls over the limit were refused with codes that are not frequency codes: ${t.describe(t.other)}`);
  if (t.refusedCount === 0) {
    const fewest = fewestInASecond(b.sentAt);
    if (fewest <= PROVABLY_OVER) throw new Indeterminate(`only ${fewest} calls went out in the quietest second: too few to prove a ${LIMIT}/s limit`);
    throw new ConformanceFailure(run.c.clause, `all ${calls} calls were served, at least ${fewest} in every second`);
  }
}

/** A burst well over the limit: part refused with a frequency code, nothing else refused, no more than the limit served. */
async function burstScenario(run: CaseRun, p: ScenarioParams): Promise<void> {
  const body = await prepareRateLimit(run, p);
  const calls = p.calls ?? 600;
  const b = await fire(run, body, calls, { concurrency: p.concurrency ?? 64 });
  const t = tally(run, b);
  const seconds = Math.max(b.endMs - b.startMs, 1) / 1000;
  const ceiling = LIMIT * (Math.ceil(seconds) + 1);
  run.record.expected = `part of ${calls} calls refused with ErrorCode in ${run.target.frequencyCodes.join(', ')}, at most ${ceiling} served in ${seconds.toFixed(2)} s`;
  run.record.observed = `${t.served} served, refused: ${t.describe(t.refused) || 'none'}${t.other.size ? `, other: ${t.describe(t.other)}` : ''}, in ${seconds.toFixed(2)} s`;
  run.record.answer = t.refusedCount ? `refused with ${[...t.refused.keys()].map((c) => `ErrorCode ${c}`).join(', ')}` : `no refusal; other codes: ${t.describe(t.other) || 'none'}`;
  if (t.other.size) throw new ConformanceFailure(run.c.clause, `valid calls over the limit were refused with codes that are not frequency codes: ${t.describe(t.other)}`);
  if (t.refusedCount === 0) {
    // The burst touched at most ceil(seconds) + 1 of the target's seconds: one of them received this many calls.
    const busiest = calls / (Math.ceil(seconds) + 1);
    if (busiest <= PROVABLY_OVER) throw new Indeterminate(`${calls} calls took ${seconds.toFixed(2)} s: too slow to prove a ${LIMIT}/s limit`);
    throw new ConformanceFailure(run.c.clause, `none of ${calls} calls in ${seconds.toFixed(2)} s was refused`);
  }
  if (t.served > ceiling) throw new ConformanceFailure(run.c.clause, `${t.served} calls served in ${seconds.toFixed(2)} s, more than ${LIMIT}/s allows`);
}

/** Over the limit, then quiet for a moment: the next call is served. */
async function recoveryScenario(run: CaseRun, p: ScenarioParams): Promise<void> {
  const body = await prepareRateLimit(run, p);
  await fire(run, body, p.calls ?? 400, { concurrency: p.concurrency ?? 64 });
  await sleep((p.quietSeconds ?? 1.2) * 1000);
  const r = await run.send({ command: 'admin_set_msg_read', body, paced: false });
  const env = envelopeOf(r);
  run.record.expected = `served after ${p.quietSeconds ?? 1.2} s without calls`;
  run.record.observed = answerOf(r);
  if (env.ErrorCode !== 0) throw new ConformanceFailure(run.c.clause, `a call after a quiet period answered ErrorCode ${env.ErrorCode}`);
}

export const scenarios: Record<string, Scenario> = {
  'mark-read': markReadScenario,
  'other-direction': leavesUntouched('reverse'),
  'other-conversations': leavesUntouched('third-peer'),
  'read-time-boundary': readTimeBoundaryScenario,
  paced: pacedScenario,
  sustained: sustainedScenario,
  burst: burstScenario,
  recovery: recoveryScenario,
};
