/**
 * What batchsendmsg does with its recipients, observed through get_c2c_unread_msg_num (docs/facts/batchsendmsg.md),
 * and its limit of 12,000 messages a minute. The batches come from the admin, so that a case's own accounts are the
 * recipients and nothing else writes to their conversations. A batch the command refuses when it is valid departs from
 * the clause that documents the call; a companion that refuses is a precondition that did not hold.
 */
import { UINT32_MAX } from '../../core/validators.js';
import { command as commandSpec } from '../../core/spec.js';
import { poolIds } from '../accounts.js';
import type { CaseRun } from '../case-run.js';
import { accepts, acceptedCodes, type Envelope } from '../checks.js';
import { poll, sharedPair, unread } from '../companions.js';
import { Departure, Indeterminate } from '../outcomes.js';
import type { Scenario } from '../scenario.js';

const VALID_CALL = 'batchsendmsg.request.valid';
const MAX_RECIPIENTS = 500;
/** The documented limit of messages a minute, counted per recipient. */
const PER_MINUTE = 12_000;
const MINUTE_MS = 60_000;
/** How long counts are watched once they reached what was expected, for a change that shows late. */
const SETTLE_MS = 3000;

/** A text batch from the admin to `to`, as the command under test; `extra` adds request fields. */
async function batch(run: CaseRun, to: readonly string[], extra: Record<string, unknown> = {}): Promise<Envelope> {
  const body = {
    ...extra,
    To_Account: to,
    MsgRandom: run.faker.number.int({ min: 0, max: UINT32_MAX }),
    MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: run.faker.lorem.sentence() } }],
  };
  const r = await run.send({ command: 'batchsendmsg', body: Buffer.from(JSON.stringify(body)) });
  // A batch asked again after its answer was lost may have reached its recipients twice.
  run.duplicates += r.unconfirmed;
  return run.envelope(r);
}

/** A count that grew by `n`, or by up to `run.duplicates` more, for batches asked again. */
const grewBy = (run: CaseRun, before: number, after: number, n: number) => after >= before + n && after <= before + n + run.duplicates;

/** A batch to existing accounts only: anything but success breaks the clause of a valid call. */
async function delivered(run: CaseRun, to: readonly string[], extra: Record<string, unknown> = {}): Promise<Envelope> {
  const env = await batch(run, to, extra);
  if (env.ErrorCode !== 0) throw new Departure(VALID_CALL, `batchsendmsg refused a batch to ${to.length} existing accounts with ErrorCode ${env.ErrorCode}`);
  return env;
}

/**
 * Accounts no run imports: the run's unknown ID with a tag and a number, so that they carry the run's own prefix, and
 * each scenario names its own (a server that creates recipients creates them once).
 */
const neverImported = (run: CaseRun, tag: string, n: number) => Array.from({ length: n }, (_, i) => `${run.ctx.pool.unknown[0]}_${tag}${i}`);

/**
 * Each reader's unread count from the admin, polled until it reached `expected` (or the poll timeout passed), and read
 * again a moment later, when a count that grows late would show it.
 */
async function settledCounts(run: CaseRun, readers: readonly string[], expected: readonly number[]): Promise<number[]> {
  const admin = run.target.adminIdentifier;
  const counts = () => Promise.all(readers.map((r) => unread(run, r, admin)));
  const reached = await poll(run, counts, (xs) => xs.every((x, i) => x >= expected[i]!));
  if (reached.some((x, i) => !grewBy(run, expected[i]!, x, 0))) return reached;
  await run.clock.sleep(Math.min(SETTLE_MS, run.target.pollTimeoutMs));
  return counts();
}

/** The reader's unread count from the admin, polled until it grew past `before` (or the poll timeout passed). */
const grownPast = (run: CaseRun, reader: string, before: number) =>
  poll(
    run,
    () => unread(run, reader, run.target.adminIdentifier),
    (x) => x > before,
  );

export const scenarios: Record<string, Scenario> = {
  /**
   * 501 recipients (a shared account and 500 never imported) are refused with 90011 and reach nobody;
   * 500 reach the existing one. The never-imported ones make the second batch a partial failure, whose envelope is
   * open (ledger SRC-BATCH-PARTIAL-STATUS): that it was accepted shows in the count, not in ActionStatus.
   */
  'batchsendmsg-recipient-limit': {
    kind: 'effect',
    // An account of its own: it counts what reached the existing recipient, which no request case may touch meanwhile.
    accounts: 1,
    partners: ['admin'],
    async run(run) {
      const [reader] = run.ownAccounts() as [string];
      const admin = run.target.adminIdentifier;
      const start = await unread(run, reader, admin);
      const over = await batch(run, [reader, ...neverImported(run, 'l', MAX_RECIPIENTS)]);
      run.refusedWith('batch-too-many-recipients', over, `a batch to ${MAX_RECIPIENTS + 1} recipients`);
      const at = await batch(run, [reader, ...neverImported(run, 'l', MAX_RECIPIENTS - 1)]);
      run.result.expected = `${MAX_RECIPIENTS + 1} recipients refused with 90011; ${MAX_RECIPIENTS} accepted, the existing one reached once`;
      run.result.observed = `${MAX_RECIPIENTS + 1}: ErrorCode ${over.ErrorCode}; ${MAX_RECIPIENTS}: ErrorCode ${at.ErrorCode}`;
      if (accepts(acceptedCodes('batch-too-many-recipients', run.target), at.ErrorCode)) throw new Departure(run.c.clause, `a batch to ${MAX_RECIPIENTS} recipients was refused with ErrorCode ${at.ErrorCode}`);
      const after = await grownPast(run, reader, start);
      run.result.observed += `, unread count ${start} before, ${after} after`;
      if (grewBy(run, start, after, 1)) return;
      // Refused for another reason (a recipient never imported, ledger SRC-BATCH-UNKNOWN-RECIPIENT): its size was not what counted.
      if (at.ErrorCode !== 0) throw new Indeterminate(`the batch to ${MAX_RECIPIENTS} recipients was refused with ErrorCode ${at.ErrorCode}, which is not for its size: whether ${MAX_RECIPIENTS} are accepted does not show`);
      throw new Departure(run.c.clause, `after a batch of ${MAX_RECIPIENTS + 1} and one of ${MAX_RECIPIENTS}, the existing recipient's unread count went from ${start} to ${after}, expected ${start + 1}`);
    },
  },
  /** One MsgKey for the whole batch: a string of at most 50 characters, not a list per recipient. */
  'batchsendmsg-msg-key': {
    kind: 'effect',
    accounts: 0,
    async run(run) {
      const reader = sharedPair(run).report;
      const env = await delivered(run, [reader]);
      const key = env.MsgKey;
      run.result.expected = 'MsgKey: a non-empty string of at most 50 characters';
      run.result.observed = `MsgKey ${JSON.stringify(key) ?? 'absent'}`;
      if (typeof key !== 'string' || key.length === 0 || key.length > 50) throw new Departure(run.c.clause, `the batch answered MsgKey ${JSON.stringify(key) ?? 'absent'}`);
    },
  },
  /**
   * A batch to an existing account and one never imported. Either reading is accepted for the missing one (ErrorList
   * with 70107, or no word of it: ledger SRC-BATCH-UNKNOWN-RECIPIENT); what must hold is that the existing one got the
   * message, that ErrorList does not name it, and that the missing one was not created on the way.
   */
  'batchsendmsg-unknown-recipient': {
    kind: 'effect',
    accounts: 1,
    partners: ['admin'],
    async run(run) {
      const [reader] = run.ownAccounts() as [string];
      const [missing] = neverImported(run, 'r', 1) as [string];
      const start = await unread(run, reader, run.target.adminIdentifier);
      const env = await batch(run, [reader, missing]);
      const list = env.ErrorList;
      const items = Array.isArray(list) ? (list as Array<Record<string, unknown>>) : [];
      const after = await grownPast(run, reader, start);
      const probe = run.envelope(await run.send({ command: 'get_c2c_unread_msg_num', body: Buffer.from(JSON.stringify({ To_Account: missing })) }));
      run.result.expected = `${reader} reached once; ${missing} in ErrorList with 70107 or not mentioned, and not created`;
      run.result.observed = `ErrorCode ${env.ErrorCode}, ErrorList ${JSON.stringify(list) ?? 'absent'}; unread count ${start} before, ${after} after; an unread count for ${missing} answered ErrorCode ${probe.ErrorCode}`;
      run.result.answer = list === undefined ? `ErrorCode ${env.ErrorCode}, no ErrorList` : `ErrorCode ${env.ErrorCode}, ErrorList`;
      if (!grewBy(run, start, after, 1)) throw new Departure(run.c.clause, `the existing recipient's unread count went from ${start} to ${after}, expected ${start + 1}`);
      if (list !== undefined && !Array.isArray(list)) throw new Departure(run.c.clause, `ErrorList is ${JSON.stringify(list)}, not an array`);
      if (items.some((x) => x?.To_Account === reader)) throw new Departure(run.c.clause, `ErrorList names ${reader}, which was reached`);
      const listed = items.find((x) => x?.To_Account === missing);
      if (listed && listed.ErrorCode !== 70107) throw new Departure(run.c.clause, `ErrorList gives ${missing} ErrorCode ${JSON.stringify(listed.ErrorCode)}, not 70107`);
      if (probe.ErrorCode === 0) throw new Departure(run.c.clause, `${missing}, never imported, has unread counts after the batch: the batch created it`);
    },
  },
  /**
   * Two batches: the first to both accounts, the second to one. Each recipient is counted once per batch it was in, so
   * a server that sends a batch to the recipients of an earlier one, or counts a batch once per recipient for all of
   * them, leaves other counts.
   */
  'batchsendmsg-delivers': {
    kind: 'effect',
    accounts: 2,
    partners: ['admin'],
    async run(run) {
      const [a, b] = run.ownAccounts() as [string, string];
      const admin = run.target.adminIdentifier;
      const before = [await unread(run, a, admin), await unread(run, b, admin)];
      await delivered(run, [a, b]);
      await delivered(run, [b]);
      const expected = [before[0]! + 1, before[1]! + 2];
      const after = await settledCounts(run, [a, b], expected);
      run.result.expected = `${a}: ${expected[0]}, ${b}: ${expected[1]} (one batch to both, one to ${b})`;
      run.result.observed = `${a}: ${before[0]} → ${after[0]}, ${b}: ${before[1]} → ${after[1]}`;
      const wrong = after.findIndex((x, i) => !grewBy(run, expected[i]!, x, 0));
      if (wrong >= 0) throw new Departure(run.c.clause, `${[a, b][wrong]}'s unread count from the admin is ${after[wrong]} after the batches, expected ${expected[wrong]}`);
    },
  },
  /**
   * A batch with NoUnread, then one without: the count grows by one, once the second shows. A server that counts the
   * first grows by two; one whose messages show late is waited for through the second.
   */
  'batchsendmsg-no-unread': {
    kind: 'effect',
    accounts: 1,
    partners: ['admin'],
    async run(run) {
      const [reader] = run.ownAccounts() as [string];
      const start = await unread(run, reader, run.target.adminIdentifier);
      await delivered(run, [reader], { SendMsgControl: ['NoUnread'] });
      await delivered(run, [reader]);
      const [after] = await settledCounts(run, [reader], [start + 1]);
      run.result.expected = `unread count ${start + 1}: the batch without NoUnread alone counted`;
      run.result.observed = `unread count ${start} before, ${after} after`;
      if (!grewBy(run, start, after!, 1)) throw new Departure(run.c.clause, `the unread count went from ${start} to ${after} after a NoUnread batch and a plain one`);
    },
  },
  /**
   * Batches from the admin to every account the run imported, paced under the per-second limit, until a call is
   * refused with 90057. Which recipients the limit counts and which minute it means are open (ledger
   * AMB-BATCH-MINUTE-COUNT), so every recipient is an existing account, and a departure is concluded only when more
   * than twice 12,000 messages were served within a minute: a limiter of calendar minutes serves at most that much.
   * Against a conformant target this stores 12,000 messages in the run's accounts (deleted with them); a target that
   * never refuses stores up to 24,000 before the case fails. It waits out the minute afterwards, so that the app's
   * next batches are not refused for this case's messages.
   */
  'batchsendmsg-per-minute': {
    kind: 'load',
    accounts: 0,
    async run(run, p) {
      // Not applicable when the run imported no accounts of its own: every recipient must exist.
      sharedPair(run);
      const recipients = poolIds(run.ctx.pool);
      const perSecond = Math.floor(commandSpec('batchsendmsg').callsPerSecond * 0.9);
      const bound = 2 * PER_MINUTE + recipients.length;
      const calls = Math.ceil(bound / recipients.length) + 1;
      // Beyond what the proof needs, a minute's worth of batches for those refused for calls per second.
      const budget = calls + Math.ceil(PER_MINUTE / recipients.length);
      // The calls must all go out within the minute, a few seconds kept for the round trips.
      if ((calls / perSecond) * 1000 > MINUTE_MS - 5000) {
        throw new Indeterminate(`${recipients.length} accounts are too few: ${calls} batches at ${perSecond}/s cannot go out within a minute`);
      }
      await run.clock.sleep((p.quietSeconds ?? 1.2) * 1000);
      const step = 1000 / perSecond;
      const inFlight = Math.min(64, Math.ceil((perSecond * 300) / 1000) + 8);
      const startMs = run.clock.now();
      let started = 0;
      let served = 0;
      let faults = 0;
      let firstRefusal: number | undefined;
      const other = new Map<number, number>();
      let frequency = 0;
      const minuteLimit = acceptedCodes('batch-minute-limit', run.target);
      const kinds = new Set<number>();
      // A MsgRandom of its own for each batch, so that no server takes one for a repeat of another.
      const bodyOf = (n: number) =>
        Buffer.from(JSON.stringify({ To_Account: recipients, MsgRandom: n, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'conformance: per-minute limit' } }] }));
      const done = () => firstRefusal !== undefined || served > bound || other.size > 0 || started >= budget;
      const worker = async () => {
        while (!done()) {
          const n = started++;
          const due = startMs + n * step;
          if (due > run.clock.now()) await run.clock.sleep(due - run.clock.now());
          const r = await run.client.call({ command: 'batchsendmsg', body: bodyOf(n), paced: false }, run.auth);
          if (r.fault) {
            faults++;
            continue;
          }
          const code = run.envelope(r).ErrorCode;
          if (code === 0) served += recipients.length;
          else if (accepts(minuteLimit, code)) firstRefusal ??= served;
          else if (run.target.frequencyCodes.includes(code)) frequency++;
          else other.set(code, (other.get(code) ?? 0) + 1);
          if (!kinds.has(code)) {
            kinds.add(code);
            for (const e of r.exchanges) run.keep(e);
          }
        }
      };
      await Promise.all(Array.from({ length: inFlight }, worker));
      const spanMs = run.clock.now() - startMs;
      run.result.expected = `a batch refused with 90057 before more than ${bound} messages (${2 * PER_MINUTE}, what a limiter of calendar minutes serves, and one batch) were served within a minute`;
      run.result.observed = `${started} batches to ${recipients.length} accounts in ${(spanMs / 1000).toFixed(1)} s: ${served} messages served${firstRefusal === undefined ? '' : `, 90057 after ${firstRefusal}`}${frequency ? `, ${frequency} refused for calls per second` : ''}${faults ? `, ${faults} without an answer` : ''}${other.size ? `, other: ${[...other].map(([c, n]) => `${n}× ${c}`).join(', ')}` : ''}`;
      // The minute is waited out so that the app's next batches are served, unless the target is the run's own
      // embedded mock, which no later run meets.
      const wait = startMs + MINUTE_MS - run.clock.now();
      if (wait > 0 && run.target.kind !== 'embedded-mock') await run.clock.sleep(wait);
      if (firstRefusal !== undefined) {
        run.result.answer = `refused with ErrorCode ${[...kinds].filter((c) => accepts(minuteLimit, c)).join(', ')} after ${firstRefusal} messages`;
        return;
      }
      if (other.size) throw new Indeterminate(`valid batches were refused with codes that are not the per-minute limit's: ${[...other.keys()].join(', ')}`);
      if (served > bound && spanMs < MINUTE_MS) throw new Departure(run.c.clause, `${served} messages were served within ${(spanMs / 1000).toFixed(1)} s and none refused with 90057`);
      throw new Indeterminate(`the batches were too slow or too often refused to prove the limit: ${run.result.observed}`);
    },
  },
};
