/**
 * Broken simulators for admin_msgwithdraw, each departing from one documented rule of the recall the way a sloppy
 * server plausibly would; and the ways of departing that modify_c2c_msg shares with it (how the fields naming a message
 * are read, the call limit), made for either command.
 */
import { command as commandSpec } from '../../src/core/spec.js';
import type { Body, CommandContext } from '../../mocks/command.js';
import { documentedWithdraw, namedMessage, withWithdraw, type WithdrawPolicy } from '../../mocks/commands/admin_msgwithdraw.js';
import { fail, isRefusal, ok, type Reply } from '../../mocks/reply.js';
import type { ImState } from '../../mocks/state.js';
import type { BrokenVariant } from './broken.js';
import { fields, handler, rebuilt, stickyLimit, type Customize } from './compose.js';

const W = 'admin_msgwithdraw.';

/** admin_msgwithdraw built again from its withdraw policy, parts of it replaced. */
export const withdrawPolicy = rebuilt<WithdrawPolicy>('admin_msgwithdraw', 'withdraw', withWithdraw, documentedWithdraw);

/** The call read after `rewrite` changed its body. */
const rewritten = (command: string, rewrite: (b: Body) => Body): Customize => handler(command, (b, ctx, doc) => doc(rewrite(b), ctx));

const withField = (b: Body, name: string, value: unknown): Body => ({ ...b, [name]: value });

/** An account field of another JSON type read as its text: ["alice"] names alice. */
const coerced = (v: unknown) => (v === undefined || v === null || typeof v === 'string' ? v : String(v));

/** The answer a server gives when the message named is looked for before the accounts are: none is found. */
const NOT_FOUND = 20022;

/** The departures of how a call naming a message by From_Account, To_Account and MsgKey reads those fields. */
export const namingFaults = (command: string, clauses: string) => ({
  'from-account-defaults-to-admin': {
    does: 'reads a call without From_Account as sent by the admin, as sendmsg does',
    breaks: [`${clauses}request.from-account.required`],
    policies: handler(command, (b, ctx, doc) => doc(b.From_Account === undefined ? withField(b, 'From_Account', ctx.config.adminIdentifier) : b, ctx)),
  },
  'to-account-optional': {
    does: "without To_Account, looks the MsgKey up among From_Account's conversations and finds none",
    breaks: [`${clauses}request.to-account.required`],
    policies: handler(command, (b, ctx, doc) => (b.To_Account === undefined && typeof b.From_Account === 'string' && ctx.state.hasAccount(b.From_Account) ? fail(NOT_FOUND) : doc(b, ctx))),
  },
  'account-type-coerced': {
    does: 'turns an account of another JSON type into a string',
    breaks: [`${clauses}request.account.string`],
    policies: rewritten(command, (b) => ({ ...b, From_Account: coerced(b.From_Account), To_Account: coerced(b.To_Account) })),
  },
  'accounts-looked-up-late': {
    does: 'looks the message up before checking that the accounts exist, and answers an unknown account as no message',
    breaks: [`${clauses}request.account.exists`],
    policies: handler(command, (b, ctx, doc) =>
      [b.From_Account, b.To_Account].some((a) => typeof a === 'string' && a !== '' && !ctx.state.hasAccount(a)) ? fail(NOT_FOUND) : doc(b, ctx),
    ),
  },
  'msg-key-optional': {
    does: 'answers OK to a call without a MsgKey string, naming nothing to change',
    breaks: [`${clauses}request.msg-key.required`],
    policies: handler(command, (b, ctx, doc) => (typeof b.MsgKey !== 'string' || b.MsgKey === '' ? ok() : doc(b, ctx))),
  },
  'parse-failure-as-fields-missing': {
    does: 'reads a body that does not parse as an empty object',
    breaks: [`${clauses}request.body.json`],
    policies: fields((d) => ({ decodeBody: (bytes) => d.decodeBody(bytes) ?? {} })),
  },
  'array-body-unwrapped': {
    does: 'reads a JSON array body as its first element',
    breaks: [`${clauses}request.body.object`],
    policies: fields((d) => ({ decodeBody: (bytes) => ((v) => (Array.isArray(v) ? v[0] : v))(d.decodeBody(bytes)) })),
  },
});

/** The call limit of one command departing as a sloppy limiter would; the others keep theirs. */
export const limitFaults = (command: string, clauses: string) => {
  const limit = commandSpec(command).callsPerSecond;
  return {
    'rate-limit-halved': { does: `limits ${command} to ${limit / 2} calls per second`, breaks: [`${clauses}rate-limit.accepts-under-limit`], config: { rateLimit: { [command]: limit / 2 } } },
    'rate-limit-doubled': { does: `limits ${command} to ${limit * 2} calls per second`, breaks: [`${clauses}rate-limit.refuses-over-limit`], config: { rateLimit: { [command]: limit * 2 } } },
    'rate-limit-sticky': {
      does: `refuses every call of ${command} for five seconds after a refusal`,
      breaks: [`${clauses}rate-limit.recovers`],
      policies: stickyLimit(command),
    },
  } satisfies Record<string, BrokenVariant>;
};

/** Names of one command's variants, prefixed so that each is told apart in the matrix. */
export const prefixed = (prefix: string, variants: Record<string, BrokenVariant>): Record<string, BrokenVariant> =>
  Object.fromEntries(Object.entries(variants).map(([name, v]) => [`${prefix}-${name}`, v]));

/** The message a recall names, as the documented command finds it. */
const named = (b: Body, ctx: CommandContext) => namedMessage(b, ctx, { from: 90008, to: 90003, unknown: NOT_FOUND });

/** The conversation's messages From_Account sent To_Account. */
const sentBetween = (state: ImState, from: string, to: string) =>
  state.history(from, to, 0, Number.MAX_SAFE_INTEGER).filter((m) => m.from === from && m.to === to);

/** An item of admin_getroammsg's answer rewritten. */
const roamItems = (rewrite: (item: Record<string, unknown>, operator: unknown) => Record<string, unknown> | undefined): Customize =>
  handler('admin_getroammsg', (b, ctx, doc) => {
    const r = doc(b, ctx);
    if (!Array.isArray(r.MsgList)) return r;
    const operator = b.Operator_Account ?? b.From_Account;
    const list = (r.MsgList as Array<Record<string, unknown>>).flatMap((item) => rewrite(item, operator) ?? []);
    return { ...r, MsgCnt: list.length, MsgList: list } as Reply;
  });

export const brokenAdminMsgwithdraw: Record<string, BrokenVariant> = prefixed('withdraw', {
  ...namingFaults('admin_msgwithdraw', W),
  ...limitFaults('admin_msgwithdraw', W),
  'admin-messages-only': {
    does: 'recalls only messages the admin sent; any other sender has no such message (20022)',
    breaks: [`${W}request.valid`],
    policies: handler('admin_msgwithdraw', (b, ctx, doc) => ((m) => (!isRefusal(m) && m.from !== ctx.config.adminIdentifier ? fail(NOT_FOUND) : doc(b, ctx)))(named(b, ctx))),
  },
  'malformed-key-ok': {
    does: 'answers OK to a MsgKey not of the form sendmsg answers, finding nothing to recall',
    breaks: [`${W}request.msg-key.malformed`],
    policies: handler('admin_msgwithdraw', (b, ctx, doc) => (typeof b.MsgKey === 'string' && b.MsgKey !== '' && !/^[0-9]+_[0-9]+_[0-9]+$/.test(b.MsgKey) ? ok() : doc(b, ctx))),
  },
  'unknown-message-ok': {
    does: 'answers OK to a well-formed MsgKey of no message',
    breaks: [`${W}request.message.exists`],
    policies: handler('admin_msgwithdraw', (b, ctx, doc) => ((r) => (r.ErrorCode === NOT_FOUND ? ok() : r))(doc(b, ctx))),
  },
  'recall-deletes': {
    does: 'deletes a recalled message from the roaming history instead of flagging it',
    breaks: [`${W}effect.flagged-in-history`],
    policies: roamItems((item) => (item.MsgFlagBits === 8 ? undefined : item)),
  },
  'recall-flagged-for-recipient-only': {
    does: "flags the recall in the recipient's history; the sender's still shows MsgFlagBits 0",
    breaks: [`${W}effect.flagged-in-history`],
    policies: roamItems((item, operator) => (item.MsgFlagBits === 8 && item.From_Account === operator ? { ...item, MsgFlagBits: 0 } : item)),
  },
  'second-recall-ok': {
    does: 'answers OK to the recall of a message already recalled',
    breaks: [`${W}effect.once`],
    policies: handler('admin_msgwithdraw', (b, ctx, doc) => ((m) => (!isRefusal(m) && m.recalled ? ok() : doc(b, ctx)))(named(b, ctx))),
  },
  'second-recall-not-found': {
    does: 'answers the recall of a message already recalled as no message (20022)',
    breaks: [`${W}effect.once`],
    policies: handler('admin_msgwithdraw', (b, ctx, doc) => ((m) => (!isRefusal(m) && m.recalled ? fail(NOT_FOUND) : doc(b, ctx)))(named(b, ctx))),
  },
  'second-recall-older-code': {
    does: 'answers the recall of a message already recalled with 90054, the older list\'s code, while answering an unknown message with 20022 of the current list',
    breaks: [`${W}effect.once`],
    policies: handler('admin_msgwithdraw', (b, ctx, doc) => ((r) => (r.ErrorCode === 20023 ? fail(90054) : r))(doc(b, ctx))),
  },
  'recalls-conversation': {
    does: 'recalls every message From_Account sent To_Account, not only the one named',
    breaks: [`${W}effect.other-message-untouched`],
    policies: withdrawPolicy(() => ({ recall: (state, m) => sentBetween(state, m.from, m.to).forEach((x) => void (x.recalled = true)) })),
  },
  'key-alone': {
    does: "looks the MsgKey up in every conversation of From_Account, whoever To_Account names",
    breaks: [`${W}effect.other-conversation-untouched`],
    policies: handler('admin_msgwithdraw', (b, ctx, doc) => {
      const r = doc(b, ctx);
      if (r.ErrorCode !== NOT_FOUND || typeof b.From_Account !== 'string' || typeof b.MsgKey !== 'string') return r;
      for (const peer of ctx.state.snapshot().accounts) {
        const m = ctx.state.message(b.From_Account, peer, b.MsgKey);
        if (m && m.from === b.From_Account && !m.recalled) return (m.recalled = true), ok();
      }
      return r;
    }),
  },
});
