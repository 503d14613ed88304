/**
 * Calls that set up and observe the one-to-one family's effects, shared by every command's scenarios: sending,
 * unread counts, roaming history, and polling for effects that show late. Each goes through `run.companion`, so a
 * companion that refuses a valid call is a precondition that did not hold, never a departure of the case's clause.
 */
import { command as commandSpec } from '../core/spec.js';
import { UINT32_MAX } from '../core/validators.js';
import type { CaseRun } from './case-run.js';
import type { Envelope } from './checks.js';
import { Departure, Indeterminate, NotApplicable } from './outcomes.js';
import type { Scenario } from './scenario.js';

const POLL_MS = 250;
/** Roaming history pages asked at most, for one conversation's window: a case's own conversation holds few messages. */
const MAX_ROAM_PAGES = 20;

/** A message a case sent: the handle the target gave it and what it holds. */
export interface Sent {
  /** MsgKey as the target answered it; undefined when the answer had none. */
  key: string | undefined;
  /** MsgTime in Unix seconds, or the local clock when the answer had none. */
  time: number;
  random: number;
  text: string;
}

/**
 * The conversation of a case whose scenario declares one account and the admin as its partner: the account imported
 * for the case, whose conversation with the admin holds nothing but the case's messages, and the admin.
 */
export function withAdmin(run: CaseRun): { own: string; admin: string } {
  const [own] = run.ownAccounts() as [string];
  return { own, admin: run.target.adminIdentifier };
}

/** Sends one text message from → to through sendmsg; `extra` adds or overrides request fields. */
export async function sendText(run: CaseRun, from: string, to: string, extra: Record<string, unknown> = {}): Promise<Sent> {
  const random = run.faker.number.int({ min: 0, max: UINT32_MAX });
  const text = run.faker.lorem.sentence();
  const env = await run.companion('sendmsg', {
    SyncOtherMachine: 2,
    From_Account: from,
    To_Account: to,
    MsgRandom: random,
    MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }],
    ...extra,
  });
  return {
    key: typeof env.MsgKey === 'string' ? env.MsgKey : undefined,
    time: typeof env.MsgTime === 'number' ? env.MsgTime : Math.floor(run.clock.now() / 1000),
    random,
    text,
  };
}

/** Sends `n` text messages from → to; returns their times in Unix seconds (MsgTime, or the local clock without it). */
export async function sendBatch(run: CaseRun, from: string, to: string, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push((await sendText(run, from, to)).time);
  return times;
}

/** A count as the docs give it, an integer or a string of digits (ledger SRC-UNREAD-COUNT-TYPE); undefined otherwise. */
export function countOf(x: unknown): number | undefined {
  const n = typeof x === 'string' && /^[0-9]+$/.test(x) ? Number(x) : x;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/**
 * A peer's count in an answer of get_c2c_unread_msg_num: its item's count, or 0 for a peer left out of
 * C2CUnreadMsgNumList and not in ErrorList, one reading for a peer with nothing unread (ledger
 * AMB-UNREAD-FIELDS-TOGETHER); `{ unreadable }` when the item's count is neither an integer nor digits.
 */
export function countFor(env: Envelope, peer: string): number | { unreadable: unknown } {
  const listed = (field: string) => (Array.isArray(env[field]) ? (env[field] as Array<Record<string, unknown> | null>) : []).find((x) => x?.Peer_Account === peer);
  const item = listed('C2CUnreadMsgNumList');
  if (!item) return listed('ErrorList') ? { unreadable: 'the peer in ErrorList' } : 0;
  return countOf(item.C2CUnreadMsgNum) ?? { unreadable: item.C2CUnreadMsgNum };
}

/** Unread messages of reader from peer, as get_c2c_unread_msg_num gives them (countFor). */
export async function unread(run: CaseRun, reader: string, peer: string): Promise<number> {
  const env = await run.companion('get_c2c_unread_msg_num', { To_Account: reader, Peer_Account: [peer] });
  const count = countFor(env, peer);
  if (typeof count !== 'number') throw new Indeterminate(`precondition did not hold: get_c2c_unread_msg_num gave no count for the peer (${JSON.stringify(count.unreadable)})`);
  return count;
}

/** Asks until `done` holds or the target's poll timeout (or a shorter `timeoutMs`) passes; remote targets may show effects late. */
export async function poll<T>(run: CaseRun, ask: () => Promise<T>, done: (x: T) => boolean, timeoutMs = run.target.pollTimeoutMs): Promise<T> {
  const deadline = run.clock.now() + Math.min(timeoutMs, run.target.pollTimeoutMs);
  for (;;) {
    const x = await ask();
    if (done(x) || run.clock.now() >= deadline) return x;
    await run.clock.sleep(POLL_MS);
  }
}

/** Polls until `n` more messages show than `before`: up to `run.duplicates` more, for sends that were asked twice. */
export async function arrived(run: CaseRun, reader: string, peer: string, before: number, n: number): Promise<number> {
  const inRange = (x: number) => x >= before + n && x <= before + n + run.duplicates;
  const count = await poll(run, () => unread(run, reader, peer), inRange);
  if (!inRange(count)) throw new Indeterminate(`precondition did not hold: ${n} messages sent to ${reader}, its unread count from ${peer} went from ${before} to ${count}`);
  return count;
}

/** One message of admin_getroammsg's MsgList, as far as the docs type it. */
export type RoamMessage = Record<string, unknown> & { MsgKey?: unknown; MsgFlagBits?: unknown; MsgBody?: unknown };

/**
 * The conversation of operator with peer between minTime and maxTime (Unix seconds, inclusive), as admin_getroammsg
 * gives it from operator's side, following its pages (Complete 0: ask again with MaxTime = LastMsgTime and
 * LastMsgKey), oldest first: pages go back in time and each lists its messages oldest first. The documented field
 * names are used (Operator_Account, Peer_Account). A message sent with SyncOtherMachine 2, as sendText sends, is not
 * on its sender's side: read it from its recipient's.
 */
export async function roam(run: CaseRun, operator: string, peer: string, minTime: number, maxTime: number): Promise<RoamMessage[]> {
  const out: RoamMessage[] = [];
  let max = maxTime;
  let lastKey: string | undefined;
  for (let page = 0; page < MAX_ROAM_PAGES; page++) {
    const env = await run.companion('admin_getroammsg', {
      Operator_Account: operator,
      Peer_Account: peer,
      MaxCnt: 100,
      MinTime: minTime,
      MaxTime: max,
      ...(lastKey === undefined ? {} : { LastMsgKey: lastKey }),
    });
    const list = Array.isArray(env.MsgList) ? (env.MsgList as RoamMessage[]) : [];
    out.unshift(...list.filter((m) => m !== null && typeof m === 'object'));
    if (env.Complete !== 0 || list.length === 0) return out;
    if (typeof env.LastMsgTime !== 'number' || typeof env.LastMsgKey !== 'string') {
      throw new Indeterminate('precondition did not hold: admin_getroammsg said Complete 0 without LastMsgTime and LastMsgKey to go on from');
    }
    max = env.LastMsgTime;
    lastKey = env.LastMsgKey;
  }
  throw new Indeterminate(`precondition did not hold: admin_getroammsg gave more than ${MAX_ROAM_PAGES} pages for one conversation`);
}

/**
 * The message of a conversation's history with a MsgKey, polled until it shows (or its poll timeout passes). The
 * operator is the side read: the recipient for a message of sendText (SyncOtherMachine 2 keeps it off the sender's).
 */
export async function roamed(run: CaseRun, operator: string, peer: string, sent: Sent, done: (m: RoamMessage | undefined) => boolean = (m) => m !== undefined): Promise<RoamMessage | undefined> {
  const find = async () => (await roam(run, operator, peer, sent.time - 1, sent.time + 1)).find((m) => m.MsgKey === sent.key);
  return poll(run, find, done);
}

/** A message a case sent and found in its recipient's roaming history: one it can act on by MsgKey. */
export type Stored = Sent & { key: string };

/**
 * Sends one text message from → to and waits until to's roaming history shows it, so that a call naming it by MsgKey
 * never runs ahead of a target whose effects show late.
 */
export async function sendStored(run: CaseRun, from: string, to: string, extra: Record<string, unknown> = {}): Promise<Stored> {
  const sent = await sendText(run, from, to, extra);
  const { key } = sent;
  if (key === undefined) throw new Indeterminate('precondition did not hold: sendmsg answered no MsgKey');
  if (!(await roamed(run, to, from, sent))) throw new Indeterminate(`precondition did not hold: ${to}'s roaming history does not show the message just sent (MsgKey ${key})`);
  return { ...sent, key };
}

/**
 * An effect scenario on `count` messages: two accounts of the case's own, the first sends the second text messages
 * (`extra` adds request fields), and once the history shows each, `act` acts on them by their MsgKeys.
 */
export function onStoredMessages(count: number, act: (run: CaseRun, sender: string, recipient: string, sent: Stored[]) => Promise<void>, extra: Record<string, unknown> = {}): Scenario {
  return {
    kind: 'effect',
    accounts: 2,
    async run(run) {
      const [sender, recipient] = run.ownAccounts() as [string, string];
      const sent: Stored[] = [];
      for (let i = 0; i < count; i++) sent.push(await sendStored(run, sender, recipient, extra));
      await act(run, sender, recipient, sent);
    },
  };
}

/** An effect scenario on one message the case sent and found in the history (onStoredMessages). */
export const onStoredMessage = (act: (run: CaseRun, sender: string, recipient: string, sent: Stored) => Promise<void>, extra: Record<string, unknown> = {}): Scenario =>
  onStoredMessages(1, (run, sender, recipient, [sent]) => act(run, sender, recipient, sent!), extra);

/** How long a bystander is watched after the call took effect, for a change that shows late. */
const SETTLE_MS = 3000;

/** What `ask` gives, asked until it shows a change or a moment has passed, for a change that shows late. */
export const watched = <T>(run: CaseRun, ask: () => Promise<T>, changed: (x: T) => boolean): Promise<T> => poll(run, ask, changed, SETTLE_MS);

/** The text of a history entry's first TIMTextElem, if it has one. */
export function textOf(m: RoamMessage | undefined): string | undefined {
  const body = Array.isArray(m?.MsgBody) ? (m.MsgBody as Array<Record<string, unknown> | null>) : [];
  const content = body.find((e) => e?.MsgType === 'TIMTextElem')?.MsgContent as Record<string, unknown> | undefined;
  return typeof content?.Text === 'string' ? content.Text : undefined;
}

/**
 * A call of the command under test that the docs say succeeds: a refusal departs from `clause` (the clause that
 * documents the call), where a companion's refusal would only be a precondition that did not hold.
 */
export async function succeeds(run: CaseRun, command: string, body: Record<string, unknown>, clause: string): Promise<Envelope> {
  const r = await run.send({ command, body: Buffer.from(JSON.stringify(body)) });
  const env = run.envelope(r);
  const repeatable = commandSpec(command).idempotent;
  if (env.ErrorCode !== 0 && !repeatable && r.unconfirmed > 0) {
    // The attempt whose answer was lost may have taken effect: a refusal of the repeat (a recall already done, an
    // import already stored) says nothing of the call.
    throw new Indeterminate(`${command} was asked again after an answer was lost, and the repeat was refused with ErrorCode ${env.ErrorCode}: the first attempt may have taken effect`);
  }
  if (env.ErrorCode !== 0) throw new Departure(clause, `${command} refused a valid call with ErrorCode ${env.ErrorCode}`);
  run.duplicates += repeatable ? 0 : r.unconfirmed;
  return env;
}

/**
 * reader's unread count from peer as a call made just before left it, for a call that must not count: peer then sends
 * a marker message, and once the marker shows (effects show in the order of the calls) the count less the marker is
 * returned. A marker that never shows is a precondition that did not hold.
 */
export async function unreadBeforeMarker(run: CaseRun, reader: string, peer: string, before: number): Promise<number> {
  const duplicates = run.duplicates;
  await sendText(run, peer, reader);
  const count = await poll(run, () => unread(run, reader, peer), (x) => x >= before + 1);
  if (count < before + 1) throw new Indeterminate(`precondition did not hold: a message sent to ${reader} did not show in its unread count from ${peer} (${before} before, ${count} after)`);
  // A marker sent twice (its answer lost) may have counted twice.
  return count - 1 - Math.min(count - 1 - before, run.duplicates - duplicates);
}

/**
 * The accounts the run's request cases share ({{report}}, {{peer}}), for a scenario that needs existing accounts but
 * counts only what it does itself between two reads: cases run one at a time, so no other case writes in between.
 */
export function sharedPair(run: CaseRun): { report: string; peer: string } {
  const v = run.values(new Set(['report', 'peer']));
  if (typeof v.report !== 'string' || typeof v.peer !== 'string') throw new NotApplicable('the run imported no shared accounts: no selected request case names them');
  return { report: v.report, peer: v.peer };
}
