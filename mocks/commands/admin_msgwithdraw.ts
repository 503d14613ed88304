/**
 * v4/openim/admin_msgwithdraw: the admin recalls the message From_Account sent To_Account under MsgKey. The message
 * stays in the conversation, flagged recalled (admin_getroammsg shows MsgFlagBits 8); a second recall answers 20023.
 * Codes from the page's table (spec/commands/admin_msgwithdraw.json): 90008 From_Account, 90003 To_Account, 90054 a
 * MsgKey not of the form {MsgSeq}_{MsgRandom}_{MsgTime}, 20022 a key of no message of that conversation. What the docs
 * leave open (the older list's code for an unknown message, what a recall does to the unread count) is this command's
 * withdraw policy: a variant builds the command from another one (`withWithdraw`).
 */
import type { Body, CommandContext, CommandHandler } from '../command.js';
import { fail, isRefusal, ok, type Refusal } from '../reply.js';
import type { ImState, StoredMessage } from '../state.js';

/** Every MsgKey the pages and recorded answers show; no page states it as a rule (ledger AMB-WITHDRAW-MSGKEY-FORM). */
const MSG_KEY_FORM = /^[0-9]+_[0-9]+_[0-9]+$/;
/** The current list's codes; the older list had neither (ledger DOC-WITHDRAW-CODES). */
export const MESSAGE_NOT_FOUND = 20022;
export const ALREADY_RECALLED = 20023;
const INVALID_MSG_KEY = 90054;

/** The codes a command answers for each field that names a message. */
export interface MessageCodes {
  from: number;
  to: number;
  /** A well-formed MsgKey of no message that From_Account sent To_Account. */
  unknown: number;
}

/**
 * The message a call names by From_Account, To_Account and MsgKey, or the refusal, checked in that order (ledger
 * AMB-WITHDRAW-CHECK-ORDER). The message must be one From_Account sent To_Account: a key of the conversation's other
 * direction, or of another conversation, names no message here.
 */
export function namedMessage(b: Body, ctx: CommandContext, codes: MessageCodes): StoredMessage | Refusal {
  const from = ctx.fields.account(b.From_Account, codes.from, ctx.state);
  if (isRefusal(from)) return from;
  const to = ctx.fields.account(b.To_Account, codes.to, ctx.state);
  if (isRefusal(to)) return to;
  if (typeof b.MsgKey !== 'string' || !MSG_KEY_FORM.test(b.MsgKey)) return { code: INVALID_MSG_KEY };
  const m = ctx.state.message(from, to, b.MsgKey);
  return m && m.from === from && m.to === to ? m : { code: codes.unknown };
}

export interface WithdrawPolicy {
  /** The code for a well-formed MsgKey of no message: 20022 on the current list, 90054 on the older one. */
  unknownMessage: number;
  /** The recall itself: the message flagged recalled, and whatever else the service does to it. */
  recall(state: ImState, m: StoredMessage): void;
}

/** The current list's code; a recall leaves the unread count as it was (ledger AMB-WITHDRAW-UNREAD). */
export const documentedWithdraw: WithdrawPolicy = {
  unknownMessage: MESSAGE_NOT_FOUND,
  recall: (_state, m) => void (m.recalled = true),
};

/** The command with its withdraw policy, kept on the handler so that a variant can start from it. */
export type WithdrawHandler = CommandHandler & { readonly withdraw: WithdrawPolicy };

export function withWithdraw(withdraw: WithdrawPolicy): WithdrawHandler {
  const handler: CommandHandler = (b, ctx) => {
    const m = namedMessage(b, ctx, { from: 90008, to: 90003, unknown: withdraw.unknownMessage });
    if (isRefusal(m)) return fail(m.code);
    if (m.recalled) return fail(ALREADY_RECALLED);
    withdraw.recall(ctx.state, m);
    return ok();
  };
  return Object.assign(handler, { withdraw });
}


export const handle = withWithdraw(documentedWithdraw);
