/**
 * The roaming history of admin_getroammsg, observed after messages sent through sendmsg (docs/facts/admin_getroammsg.md).
 * admin_getroammsg is the command under test here: its refusal of a valid call departs from the clause of the valid
 * call; a sendmsg that refuses is a precondition that did not hold. Messages may show late, so a scenario reads the
 * history until every message it sent shows (or the poll timeout passes) before it judges.
 *
 * No scenario judges where a page is cut below MaxCnt, nor the fields whose presence the sources disagree on.
 */
import { errorsAt } from '../../core/validators.js';
import type { CaseRun } from '../case-run.js';
import type { Envelope } from '../checks.js';
import { poll, sendText, withAdmin, type RoamMessage, type Sent } from '../companions.js';
import { Departure, Indeterminate } from '../outcomes.js';
import type { Scenario } from '../scenario.js';

const X = 'admin_getroammsg.';
const VALID_CALL = `${X}request.valid`;
const RESPONSE = 'api/admin_getroammsg.response.schema.json';
/** The fields a page adds to the envelope. */
const PAGE_FIELDS = ['Complete', 'MsgCnt', 'LastMsgTime', 'LastMsgKey', 'MsgList'];
/** The page size of a pull that pages: small enough that a handful of messages takes several pages. */
const SMALL_PAGE = 2;
const WHOLE_PAGE = 100;
/** Pages asked at most in one pull: a target that never says Complete 1 is judged on what these gave. */
const MAX_PAGES = 20;
/** The window around the messages a case sent, in seconds either side of their MsgTime. */
const MARGIN_S = 5;
/** How long a side that must not show a message is watched again, for a message that shows late. */
const SETTLE_MS = 3000;

interface Window {
  operator: string;
  peer: string;
  minTime: number;
  maxTime: number;
}

/** One page: the body asked and the answer. */
interface Page {
  body: Record<string, unknown>;
  env: Envelope;
  list: RoamMessage[];
}

/** A pull followed while Complete is 0, then the page asked on from the last one (its `after`), when it had any message. */
interface Pull {
  pages: Page[];
  after?: Page;
}

/** One call of the command under test, which must succeed. */
async function page(run: CaseRun, body: Record<string, unknown>): Promise<Page> {
  const env = run.envelope(await run.send({ command: 'admin_getroammsg', body: Buffer.from(JSON.stringify(body)) }));
  if (env.ErrorCode !== 0) throw new Departure(VALID_CALL, `admin_getroammsg refused a valid call with ErrorCode ${env.ErrorCode}`);
  const list = Array.isArray(env.MsgList) ? (env.MsgList as RoamMessage[]) : [];
  return { body, env, list: list.filter((m) => m !== null && typeof m === 'object') };
}

/** The body of the page that goes on from `p`, or undefined when `p` gives nothing to go on from. */
function next(p: Page): Record<string, unknown> | undefined {
  const { LastMsgTime: time, LastMsgKey: key } = p.env;
  if (typeof time !== 'number' || typeof key !== 'string' || p.list.length === 0) return undefined;
  return { ...p.body, MaxTime: time, LastMsgKey: key };
}

/** Every page of the window, following Complete 0 with MaxTime = LastMsgTime and LastMsgKey, as a client does. */
async function pull(run: CaseRun, w: Window, maxCnt: number, askAfter = false): Promise<Pull> {
  const pages: Page[] = [];
  let body: Record<string, unknown> | undefined = { Operator_Account: w.operator, Peer_Account: w.peer, MaxCnt: maxCnt, MinTime: w.minTime, MaxTime: w.maxTime };
  while (body && pages.length < MAX_PAGES) {
    const p = await page(run, body);
    pages.push(p);
    if (p.env.Complete !== 0) {
      const on = askAfter ? next(p) : undefined;
      return on ? { pages, after: await page(run, on) } : { pages };
    }
    body = next(p);
  }
  return { pages };
}

/** The messages of a pull in history order: pages go back in time, and each lists its messages oldest first. */
const messagesOf = (p: Pull) => [...p.pages].reverse().flatMap((x) => x.list);
const keysOf = (ms: RoamMessage[]) => ms.map((m) => m.MsgKey);
const sentKeys = (sent: Sent[]) => sent.map((s) => s.key).join(' ');
const showsAll = (ms: RoamMessage[], sent: Sent[]) => sent.every((s) => ms.some((m) => m.MsgKey === s.key));

/** Messages are identified by MsgKey: without one on every item, what a scenario judges by it cannot be told. */
function needKeys(ms: RoamMessage[]): void {
  if (ms.some((m) => typeof m.MsgKey !== 'string')) {
    throw new Indeterminate(`precondition did not hold: admin_getroammsg answered messages without a MsgKey (${X}response.fields judges that)`);
  }
}

/** The window around the sent messages' times, on the target's clock. */
function around(operator: string, peer: string, sent: Sent[]): Window {
  const times = sent.map((s) => s.time);
  return { operator, peer, minTime: Math.min(...times) - MARGIN_S, maxTime: Math.max(...times) + MARGIN_S };
}

/** `n` messages from → to, each with the MsgKey sendmsg answered, which the target must have given. */
async function sendMany(run: CaseRun, from: string, to: string, n: number, extra: (i: number) => Record<string, unknown> = () => ({})): Promise<Sent[]> {
  const sent: Sent[] = [];
  for (let i = 0; i < n; i++) sent.push(await sendText(run, from, to, extra(i)));
  if (sent.some((s) => s.key === undefined)) throw new Indeterminate('precondition did not hold: sendmsg answered no MsgKey');
  return sent;
}

/** Pulls until every sent message shows (or the poll timeout passes); the last pull. */
const untilShown = (run: CaseRun, w: Window, maxCnt: number, sent: Sent[], askAfter = false) =>
  poll(run, () => pull(run, w, maxCnt, askAfter), (p) => showsAll(messagesOf(p), sent));

/** History order: by time, then by MsgSeq within a second. */
const inHistoryOrder = (ms: RoamMessage[]) =>
  ms.every((m, i) => {
    const prev = ms[i - 1];
    if (!prev) return true;
    const [t0, t1] = [Number(prev.MsgTimeStamp), Number(m.MsgTimeStamp)];
    // Items without MsgSeq (Tencent's OpenAPI description has none) are ordered by time alone.
    const seqs = [prev.MsgSeq, m.MsgSeq];
    return t0 < t1 || (t0 === t1 && (!seqs.every(Number.isInteger) || Number(prev.MsgSeq) <= Number(m.MsgSeq)));
  });

/** The message first in history order. */
const oldestOf = (ms: RoamMessage[]) => ms.reduce<RoamMessage | undefined>((a, m) => (a && !inHistoryOrder([m, a]) ? a : m), undefined);

const textOf = (m: RoamMessage) => {
  const first = Array.isArray(m.MsgBody) ? (m.MsgBody[0] as { MsgContent?: { Text?: unknown } } | undefined) : undefined;
  return first?.MsgContent?.Text;
};

/** Messages admin → mine, read from mine's side in pages of SMALL_PAGE; `judge` is given the pull once they all show. */
function paging(judge: (run: CaseRun, pull: Pull, sent: Sent[], maxCnt: number) => void): Scenario {
  return {
    kind: 'effect',
    accounts: 1,
    partners: ['admin'],
    async run(run, p) {
      const { own: mine, admin } = withAdmin(run);
      const sent = await sendMany(run, admin, mine, p.messages ?? 5);
      const got = await untilShown(run, around(mine, admin, sent), SMALL_PAGE, sent, true);
      needKeys(messagesOf(got));
      run.result.observed = got.pages.map((x, i) => `page ${i + 1}: Complete ${String(x.env.Complete)}, ${keysOf(x.list).join(' ')}`).join('; ');
      judge(run, got, sent, SMALL_PAGE);
    },
  };
}

export const scenarios: Record<string, Scenario> = {
  /**
   * Messages admin → mine show on mine's side in one page, under the keys sendmsg answered, with their sender,
   * recipient, text and MsgFlagBits 0, oldest first.
   */
  'admin_getroammsg-shows-sent': {
    kind: 'effect',
    accounts: 1,
    partners: ['admin'],
    async run(run, p) {
      const { own: mine, admin } = withAdmin(run);
      const sent = await sendMany(run, admin, mine, p.messages ?? 3);
      const got = messagesOf(await untilShown(run, around(mine, admin, sent), WHOLE_PAGE, sent));
      run.result.expected = `${sent.length} messages from ${admin}, oldest first: ${sentKeys(sent)}`;
      run.result.observed = `keys ${keysOf(got).join(' ')}`;
      for (const s of sent) {
        const m = got.find((x) => x.MsgKey === s.key);
        if (!m) throw new Departure(run.c.clause, `the message sendmsg answered with MsgKey ${s.key} is not in ${mine}'s history`);
        const wrong = [
          m.From_Account !== admin && `From_Account ${JSON.stringify(m.From_Account)}`,
          m.To_Account !== mine && `To_Account ${JSON.stringify(m.To_Account)}`,
          textOf(m) !== s.text && 'another text',
          m.MsgFlagBits !== 0 && `MsgFlagBits ${JSON.stringify(m.MsgFlagBits)}`,
        ].filter(Boolean);
        if (wrong.length) throw new Departure(run.c.clause, `message ${s.key} shows with ${wrong.join(', ')}`);
      }
      if (!inHistoryOrder(got)) throw new Departure(run.c.clause, `the messages are not oldest first: ${got.map((m) => `${String(m.MsgTimeStamp)}/${String(m.MsgSeq)}`).join(', ')}`);
    },
  },

  /**
   * Every page of a pull has the documented fields and types, and the message sent with CloudCustomData carries it.
   * Whether messages carry IsPeerRead and MsgClientTime is recorded: the sources disagree (ledger SRC-ROAM-ITEM-FIELDS).
   */
  'admin_getroammsg-fields': {
    kind: 'effect',
    accounts: 1,
    partners: ['admin'],
    async run(run, p) {
      const { own: mine, admin } = withAdmin(run);
      const custom = run.faker.lorem.word();
      const sent = await sendMany(run, admin, mine, p.messages ?? 2, (i) => (i === 0 ? { CloudCustomData: custom } : {}));
      const w = around(mine, admin, sent);
      const got = await poll(run, () => pull(run, w, WHOLE_PAGE), (x) => messagesOf(x).length >= sent.length);
      run.result.expected = 'Complete 0 or 1, MsgCnt as many as MsgList holds, LastMsgTime, LastMsgKey, and each message with its documented fields';
      for (const [i, x] of got.pages.entries()) {
        // What a page without messages says of its last message is not documented (response.empty-window).
        const required = x.list.length ? PAGE_FIELDS : PAGE_FIELDS.filter((k) => !k.startsWith('Last'));
        const missing = required.filter((k) => x.env[k] === undefined);
        // The envelope's own fields are rest.response.envelope's to judge, on every answer.
        const typed = PAGE_FIELDS.filter((k) => x.env[k] !== undefined).flatMap((k) => errorsAt(RESPONSE, `/properties/${k}`, x.env[k]).map((e) => `${k}${e.instancePath} ${e.message ?? e.keyword}`));
        const broken = [...missing.map((k) => `${k} missing`), ...typed];
        if (Array.isArray(x.env.MsgList) && x.env.MsgCnt !== x.env.MsgList.length) broken.push(`MsgCnt ${String(x.env.MsgCnt)} with ${x.env.MsgList.length} messages`);
        if (broken.length) throw new Departure(run.c.clause, `page ${i + 1}: ${broken.join('; ')}`);
      }
      const all = messagesOf(got);
      if (all.length < sent.length) throw new Departure(run.c.clause, `${sent.length} messages sent, ${all.length} in the history`);
      const first = all.find((m) => m.MsgKey === sent[0]!.key);
      const shown = (k: string) => (first && k in first ? `${k} ${JSON.stringify(first[k])}` : `no ${k}`);
      run.result.observed = `${got.pages.length} page(s), ${all.length} messages; ${['CloudCustomData', 'IsPeerRead', 'MsgClientTime'].map(shown).join(', ')}`;
      if (first && first.CloudCustomData !== custom) throw new Departure(run.c.clause, `the message sent with CloudCustomData ${JSON.stringify(custom)} shows ${JSON.stringify(first.CloudCustomData)}`);
    },
  },

  /**
   * Two messages at least gapSeconds apart on the target's clock: a window ending the second before the later one
   * leaves it out, and one starting the second after the earlier one leaves that out.
   */
  'admin_getroammsg-window': {
    kind: 'effect',
    accounts: 1,
    partners: ['admin'],
    async run(run, p) {
      const gap = p.gapSeconds ?? 2;
      const { own: mine, admin } = withAdmin(run);
      const [early] = await sendMany(run, admin, mine, 1);
      // The target's clock may differ from ours: wait on our clock by the offset its MsgTime showed.
      const offset = early!.time - run.clock.now() / 1000;
      const waitMs = (early!.time + gap - (run.clock.now() / 1000 + offset)) * 1000 + 150;
      if (waitMs > 0) await run.clock.sleep(waitMs);
      const [late] = await sendMany(run, admin, mine, 1);
      if (late!.time < early!.time + gap) throw new Indeterminate(`the second message has MsgTime ${late!.time}, less than ${gap} s after the first (${early!.time})`);
      const both = around(mine, admin, [early!, late!]);
      const shown = messagesOf(await untilShown(run, both, WHOLE_PAGE, [early!, late!]));
      needKeys(shown);
      if (!showsAll(shown, [early!, late!])) throw new Indeterminate(`the two messages sent did not both show in ${mine}'s history`);
      // The window is judged against the stamps the history itself shows: whether sendmsg's MsgTime matches them is
      // not this command's clause.
      const [first, second] = [early!, late!].map((s) => ({ ...s, time: Number(shown.find((m) => m.MsgKey === s.key)?.MsgTimeStamp) }));
      if (!Number.isSafeInteger(first!.time) || !(second!.time > first!.time)) {
        throw new Indeterminate(`the history stamps the two messages ${String(first!.time)} and ${String(second!.time)}, not the later one after the earlier`);
      }
      const windows: Array<[what: string, w: Window, left: Sent]> = [
        [`MaxTime ${second!.time - 1}`, { ...both, maxTime: second!.time - 1 }, second!],
        [`MinTime ${first!.time + 1}`, { ...both, minTime: first!.time + 1 }, first!],
      ];
      run.result.expected = `message ${second!.key} (at ${second!.time}) out of a window to ${second!.time - 1}; ${first!.key} (at ${first!.time}) out of one from ${first!.time + 1}`;
      const observed: string[] = [];
      for (const [what, w, left] of windows) {
        const got = messagesOf(await pull(run, w, WHOLE_PAGE));
        needKeys(got);
        observed.push(`${what}: ${keysOf(got).join(' ') || 'none'}`);
        run.result.observed = observed.join('; ');
        if (got.some((m) => m.MsgKey === left.key)) throw new Departure(run.c.clause, `the window with ${what} returned message ${left.key}, stamped ${left.time}`);
      }
    },
  },

  'admin_getroammsg-paging-max-cnt': paging((run, got, _sent, maxCnt) => {
    run.result.expected = `at most ${maxCnt} messages a page`;
    const over = got.pages.findIndex((x) => x.list.length > maxCnt);
    if (over >= 0) throw new Departure(run.c.clause, `page ${over + 1} holds ${got.pages[over]!.list.length} messages with MaxCnt ${maxCnt}`);
  }),

  'admin_getroammsg-paging-last-msg': paging((run, got) => {
    run.result.expected = "each page's LastMsgTime and LastMsgKey those of its oldest message";
    for (const [i, x] of got.pages.entries()) {
      const oldest = oldestOf(x.list);
      if (!oldest) continue;
      if (x.env.LastMsgKey !== oldest.MsgKey || x.env.LastMsgTime !== oldest.MsgTimeStamp) {
        throw new Departure(run.c.clause, `page ${i + 1} says LastMsgTime ${String(x.env.LastMsgTime)}, LastMsgKey ${String(x.env.LastMsgKey)}; its oldest message is ${String(oldest.MsgKey)} at ${String(oldest.MsgTimeStamp)}`);
      }
    }
  }),

  'admin_getroammsg-paging-every-once': paging((run, got, sent) => {
    run.result.expected = `each of ${sent.length} messages once: ${sentKeys(sent)}`;
    const keys = keysOf(messagesOf(got));
    const twice = keys.filter((k, i) => keys.indexOf(k) !== i);
    if (twice.length) throw new Departure(run.c.clause, `message ${String(twice[0])} came on more than one page`);
    const lost = sent.filter((s) => !keys.includes(s.key));
    if (lost.length) throw new Departure(run.c.clause, `the pages left out ${lost.map((s) => s.key).join(', ')}`);
  }),

  'admin_getroammsg-paging-complete': paging((run, got, sent) => {
    run.result.expected = 'no message of the window after the page that says Complete 1';
    const seen = new Set(keysOf(messagesOf(got)));
    const more = (got.after?.list ?? []).filter((m) => !seen.has(m.MsgKey) && sent.some((s) => s.key === m.MsgKey));
    if (more.length) throw new Departure(run.c.clause, `asking on from the page that said Complete 1 returned ${keysOf(more).join(', ')}`);
  }),

  /** Sent with SyncOtherMachine 2: on the recipient's side, then not on the sender's, now or a moment later. */
  'admin_getroammsg-sync-hidden': {
    kind: 'effect',
    accounts: 1,
    partners: ['admin'],
    async run(run, p) {
      const { own: mine, admin } = withAdmin(run);
      const sent = await sendMany(run, admin, mine, p.messages ?? 1, () => ({ SyncOtherMachine: 2 }));
      run.result.expected = `in ${mine}'s history (the recipient), not in ${admin}'s (the sender)`;
      const shown = messagesOf(await untilShown(run, around(mine, admin, sent), WHOLE_PAGE, sent));
      needKeys(shown);
      if (!showsAll(shown, sent)) throw new Departure(run.c.clause, `a message sent with SyncOtherMachine 2 is not in its recipient ${mine}'s history`);
      const senderSide = async () => messagesOf(await pull(run, around(admin, mine, sent), WHOLE_PAGE));
      const soon = await senderSide();
      await run.clock.sleep(Math.min(SETTLE_MS, run.target.pollTimeoutMs));
      const later = await senderSide();
      for (const got of [soon, later]) needKeys(got);
      run.result.observed = `sender's side: ${keysOf(soon).join(' ') || 'none'}, then ${keysOf(later).join(' ') || 'none'}`;
      const leaked = sent.find((s) => [...soon, ...later].some((m) => m.MsgKey === s.key));
      if (leaked) throw new Departure(run.c.clause, `message ${leaked.key}, sent with SyncOtherMachine 2, is in its sender ${admin}'s history`);
    },
  },

  /** Messages with SyncOtherMachine 1 and without it: all on the sender's side. */
  'admin_getroammsg-sync-kept': {
    kind: 'effect',
    accounts: 1,
    partners: ['admin'],
    async run(run, p) {
      const { own: mine, admin } = withAdmin(run);
      const n = p.messages ?? 1;
      const sent = [
        ...(await sendMany(run, mine, admin, n, () => ({ SyncOtherMachine: 1 }))),
        // undefined leaves the field out of the JSON body.
        ...(await sendMany(run, mine, admin, n, () => ({ SyncOtherMachine: undefined }))),
      ];
      run.result.expected = `${sent.length} messages in their sender ${mine}'s history: ${sentKeys(sent)}`;
      const shown = messagesOf(await untilShown(run, around(mine, admin, sent), WHOLE_PAGE, sent));
      needKeys(shown);
      run.result.observed = `sender's side: ${keysOf(shown).join(' ') || 'none'}`;
      const missing = sent.find((s) => !shown.some((m) => m.MsgKey === s.key));
      if (missing) throw new Departure(run.c.clause, `message ${missing.key}, sent ${sent.indexOf(missing) < n ? 'with SyncOtherMachine 1' : 'without SyncOtherMachine'}, is not in its sender ${mine}'s history`);
    },
  },
};
