/**
 * v4/openim/admin_getroammsg: one page of the roaming history of a one-to-one conversation, as Operator_Account sees
 * it (https://cloud.tencent.com/document/product/598/42794, 2024-07-09; docs/facts/admin_getroammsg.md).
 *
 * A page walks backwards from MaxTime: it holds the newest messages of the window [MinTime, MaxTime] not yet returned,
 * listed oldest first; LastMsgTime and LastMsgKey name its oldest message, and Complete 0 asks the caller to go on
 * with MaxTime = LastMsgTime and that LastMsgKey, which leaves out the message it names and every later one. Operator
 * answers 90008 and peer 90003, the codes of their older names From_Account and To_Account.
 *
 * How the request's names are read, which messages a side sees, where a page is cut and what an item carries are
 * this command's roam policy: a variant builds the command from another one (`withRoam`).
 */
import { command } from '../../src/core/spec.js';
import type { Body, CommandHandler } from '../command.js';
import { fail, isRefusal, ok, type Refusal } from '../reply.js';
import type { ImState, StoredMessage } from '../state.js';

/** The doc's worked example cuts a page at 13 KB of messages, before MaxCnt is reached. */
export const PAGE_BYTES = 13 * 1024;
/** MsgFlagBits of a message as sent, and of one recalled. */
const NORMAL = 0;
const RECALLED = 8;

export interface RoamPolicy {
  /** The operator's and the peer's values, under whichever documented names the request uses. */
  names(b: Body): { operator: unknown; peer: unknown };
  /** Whether operator's side of the conversation shows the message. */
  shows(m: StoredMessage, operator: string): boolean;
  /** What is left of the window (history order, oldest first) once the messages up to LastMsgKey were returned. */
  before(window: readonly StoredMessage[], lastKey: string | undefined): readonly StoredMessage[];
  /** How many of the newest items (newest first) one page holds: at least one when any is left. */
  cut(newestFirst: readonly Record<string, unknown>[], maxCnt: number): number;
  /** One item of MsgList. */
  item(m: StoredMessage): Record<string, unknown>;
}

/** The current names win over the older ones when a request carries both. */
const either = (current: unknown, older: unknown) => (current === undefined ? older : current);

/** History order: by time, then MsgSeq. A key names a message, or else its own time and MsgSeq. */
function continuation(window: readonly StoredMessage[], lastKey: string | undefined): readonly StoredMessage[] {
  if (lastKey === undefined) return window;
  const at = window.findIndex((m) => m.key === lastKey);
  if (at >= 0) return window.slice(0, at);
  // A key from outside the window (or of a message gone since): the messages before the point it names.
  const parts = /^([0-9]+)_([0-9]+)_([0-9]+)$/.exec(lastKey);
  if (!parts) return window;
  const [seq, time] = [Number(parts[1]), Number(parts[3])];
  return window.filter((m) => m.time < time || (m.time === time && m.seq < seq));
}

const utf8Bytes = (x: unknown) => Buffer.byteLength(JSON.stringify(x));

export const documentedRoam: RoamPolicy = {
  // Operator_Account/Peer_Account, and the older page's From_Account/To_Account (ledger SRC-ROAM-NAMES).
  names: (b) => ({ operator: either(b.Operator_Account, b.From_Account), peer: either(b.Peer_Account, b.To_Account) }),
  // A message sent with SyncOtherMachine 2 is not in its sender's roaming history.
  shows: (m, operator) => !(m.hiddenFromSender && m.from === operator),
  before: continuation,
  cut(newestFirst, maxCnt) {
    let bytes = 0;
    let n = 0;
    for (const item of newestFirst) {
      if (n >= maxCnt) break;
      bytes += utf8Bytes(item) + 1;
      if (n > 0 && bytes > PAGE_BYTES) break;
      n++;
    }
    return n;
  },
  item: (m) => ({
    From_Account: m.from,
    To_Account: m.to,
    MsgSeq: m.seq,
    MsgRandom: m.random,
    MsgTimeStamp: m.time,
    MsgFlagBits: m.recalled ? RECALLED : NORMAL,
    // Only client read receipts set it; no REST command of the mock sends one.
    IsPeerRead: 0,
    MsgKey: m.key,
    MsgBody: m.body,
    ...(m.cloudCustomData === undefined ? {} : { CloudCustomData: m.cloudCustomData }),
  }),
};

/** An account field: the account it names, or its code when missing, not a string or never imported. */
function account(value: unknown, code: number, ctx: { fields: { account(v: unknown, c: number, s: ImState): string | Refusal }; state: ImState }): string | Refusal {
  if (value !== undefined && value !== null && typeof value !== 'string') return { code };
  return ctx.fields.account(value, code, ctx.state);
}

const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

/** The command with its roam policy, kept on the handler so that a variant can start from it. */
export type RoamHandler = CommandHandler & { readonly roam: RoamPolicy };

export function withRoam(roam: RoamPolicy): RoamHandler {
  const handler: CommandHandler = (b, ctx) => {
    const { operator: op, peer: pe } = roam.names(b);
    const operator = account(op, 90008, ctx);
    if (isRefusal(operator)) return fail(operator.code);
    const peer = account(pe, 90003, ctx);
    if (isRefusal(peer)) return fail(peer.code);
    const { MaxCnt: maxCnt, MinTime: minTime, MaxTime: maxTime, LastMsgKey: lastKey } = b;
    if (!isInteger(maxCnt) || !isInteger(minTime) || !isInteger(maxTime)) return fail(command('admin_getroammsg').codes.parse);
    if (lastKey !== undefined && typeof lastKey !== 'string') return fail(command('admin_getroammsg').codes.parse);
    // An empty or reversed window and a MaxCnt below 1 answer an empty, complete page: the docs give no answer.
    const window = maxCnt < 1 ? [] : ctx.state.history(operator, peer, minTime, maxTime).filter((m) => roam.shows(m, operator));
    const left = roam.before(window, lastKey);
    // A page holds at most MaxCnt messages: only those are made into items.
    const newestFirst = left.slice(left.length - Math.min(maxCnt, left.length)).map((m) => roam.item(m)).reverse();
    const n = roam.cut(newestFirst, maxCnt);
    const page = newestFirst.slice(0, n).reverse();
    const oldest = left[left.length - n];
    return ok({
      Complete: n < left.length ? 0 : 1,
      MsgCnt: page.length,
      LastMsgTime: oldest?.time ?? 0,
      LastMsgKey: oldest?.key ?? '',
      MsgList: page,
    });
  };
  return Object.assign(handler, { roam });
}

/** The roam policy a handler was built with, or the documented one for a handler built otherwise. */
export const roamPolicyOf = (handler: CommandHandler | undefined): RoamPolicy => (handler as Partial<RoamHandler> | undefined)?.roam ?? documentedRoam;

export const handle = withRoam(documentedRoam);
