/**
 * v4/openim/batchsendmsg: From_Account (the admin when absent) sends one message to each of 1 to 500 accounts, under
 * one MsgKey. Recipients never imported are listed in ErrorList with 70107 and the call still succeeds, as the page
 * documents (ledger SRC-BATCH-UNKNOWN-RECIPIENT). To_Account is checked first, then the fields sendmsg checks (ledger
 * AMB-BATCH-CHECK-ORDER). Besides its calls per second, the command has a limit of 12,000 messages a minute counted
 * per recipient reached (ledger AMB-BATCH-MINUTE-COUNT), off when the simulator's limits are.
 */
import { conforms } from '../../src/core/validators.js';
import type { CommandContext, CommandHandler } from '../command.js';
import { WeightedWindow } from '../rate-limiter.js';
import { fail, isRefusal, ok } from '../reply.js';
import { bodyRefusal } from './sendmsg.js';

export const MAX_RECIPIENTS = 500;
export const MESSAGES_PER_MINUTE = 12_000;
const MINUTE_MS = 60_000;

/** The distinct recipients named, or the code refusing To_Account. */
function recipients(value: unknown): string[] | number {
  if (!Array.isArray(value)) return 90028;
  if (value.length === 0) return 90029;
  if (value.length > MAX_RECIPIENTS) return 90011;
  if (!value.every((v) => typeof v === 'string')) return 60015;
  return [...new Set(value as string[])];
}

/** Whether the per-minute limit has room for `messages` more, taking it when it does. */
function admitted(ctx: CommandContext, messages: number): boolean {
  const limits = ctx.config.rateLimit;
  if (limits === 0 || limits?.batchsendmsg === 0) return true;
  let window = ctx.state.messageWindows.get('batchsendmsg');
  if (!window) ctx.state.messageWindows.set('batchsendmsg', (window = new WeightedWindow(MESSAGES_PER_MINUTE, MINUTE_MS)));
  return window.tryAcquire(ctx.nowMs, messages);
}

/** The MsgSeq part of a MsgKey ("{MsgSeq}_{MsgRandom}_{MsgTime}"), so that every copy of a batch shares its key. */
const seqOf = (key: string) => Number(key.slice(0, key.indexOf('_')));

export const handle: CommandHandler = (b, ctx) => {
  const named = recipients(b.To_Account);
  if (typeof named === 'number') return fail(named);
  const from = b.From_Account === undefined ? ctx.config.adminIdentifier : ctx.fields.account(b.From_Account, 90008, ctx.state);
  if (isRefusal(from)) return fail(from.code);
  if (!conforms('common/uint32.schema.json', '', b.MsgRandom)) return fail(90005);
  const refused = bodyRefusal(b.MsgBody);
  if (refused !== undefined) return fail(refused);
  const reached = named.filter((a) => ctx.state.hasAccount(a));
  const unknown = named.filter((a) => !ctx.state.hasAccount(a));
  if (!admitted(ctx, reached.length)) return fail(90057);
  const control = Array.isArray(b.SendMsgControl) ? b.SendMsgControl : [];
  // The page's ways to send a batch that counts as no unread message (ledger SRC-BATCH-NO-UNREAD-SWITCH).
  const counts = !control.includes('NoUnread') && b.OnlineOnlyFlag !== 1 && b.MsgLifeTime !== 0;
  let seq = conforms('common/uint32.schema.json', '', b.MsgSeq) ? (b.MsgSeq as number) : undefined;
  let key: string | undefined;
  // As sendmsg keeps them: the sender's side hidden under SyncOtherMachine 2, and CloudCustomData.
  const data = typeof b.CloudCustomData === 'string' ? b.CloudCustomData : undefined;
  const body = b.MsgBody as unknown[];
  // Every copy holds the request's one body and CloudCustomData, which count once against the mock's bound.
  const extras = { hiddenFromSender: b.SyncOtherMachine === 2, body, ...(data === undefined ? {} : { cloudCustomData: data }), shared: ctx.state.sharedContent(body, data) };
  for (const to of reached) {
    key = ctx.state.send(from, to, ctx.nowSeconds, counts, b.MsgRandom as number, { seq, ...extras });
    seq ??= seqOf(key);
  }
  return ok({
    ...(key === undefined ? {} : { MsgKey: key }),
    ...(unknown.length ? { ErrorList: unknown.map((a) => ({ To_Account: a, ErrorCode: 70107 })) } : {}),
  });
};
