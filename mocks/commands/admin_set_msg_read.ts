/**
 * v4/openim/admin_set_msg_read: Report_Account answers 90008 and Peer_Account 90003 (ledger DOC-ACCOUNT-CODES). How
 * MsgReadTime is read and what marking read does belong to this command alone, as its read policy: a variant builds
 * the command from another policy (`withRead`) and every other command stays as it is.
 */
import { command } from '../../src/core/spec.js';
import type { CommandHandler } from '../command.js';
import { fail, isRefusal, ok, type Refusal } from '../reply.js';
import type { ImState } from '../state.js';

export interface ReadPolicy {
  /** MsgReadTime in Unix seconds, undefined when absent, or the refusal. */
  readTime(value: unknown): number | undefined | Refusal;
  /** The effect of the command: peer's messages to reader, up to upTo (all when undefined), become read. */
  markRead(state: ImState, reader: string, peer: string, upTo: number | undefined, nowMs: number): void;
  /** Called before every request, so that a policy whose effects show late applies those now due. */
  settle?(state: ImState, nowMs: number): void;
  /** Forgets effects not yet applied. */
  reset?(): void;
}

export const documentedRead: ReadPolicy = {
  // A string of digits and a whole number are both documented readings (ledger SRC-MSGREADTIME-TYPE).
  readTime(value) {
    if (value === undefined) return undefined;
    if (typeof value === 'string' && /^[0-9]+$/.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
    return { code: command('admin_set_msg_read').codes.parse };
  },
  markRead: (state, reader, peer, upTo) => state.markRead(reader, peer, upTo),
};

/** The command with its read policy, kept on the handler so that a variant can start from it. */
export type ReadHandler = CommandHandler & { readonly read: ReadPolicy };

export function withRead(read: ReadPolicy): ReadHandler {
  const handler: CommandHandler = (b, ctx) => {
    const report = ctx.fields.account(b.Report_Account, 90008, ctx.state);
    if (isRefusal(report)) return fail(report.code);
    const peer = ctx.fields.account(b.Peer_Account, 90003, ctx.state);
    if (isRefusal(peer)) return fail(peer.code);
    const upTo = read.readTime(b.MsgReadTime);
    if (isRefusal(upTo)) return fail(upTo.code);
    read.markRead(ctx.state, report, peer, upTo, ctx.nowMs);
    return ok();
  };
  return Object.assign(handler, {
    read,
    ...(read.settle ? { settle: (state: ImState, nowMs: number) => read.settle!(state, nowMs) } : {}),
    ...(read.reset ? { reset: () => read.reset!() } : {}),
  });
}

/** The read policy a handler was built with, or the documented one for a handler built otherwise. */
export const readPolicyOf = (handler: CommandHandler | undefined): ReadPolicy => (handler as Partial<ReadHandler> | undefined)?.read ?? documentedRead;

export const handle = withRead(documentedRead);
