/**
 * v4/openim/sendmsg: From_Account (the admin when absent) sends To_Account a message that counts as unread unless
 * SendMsgControl says NoUnread, and is stored with its MsgSeq (the app's count when absent), MsgBody and
 * CloudCustomData, out of the sender's roaming history when SyncOtherMachine is 2. A repeat within 120 s is answered
 * as the first send and not stored again. Codes from the openim service's table (spec/commands/sendmsg.json);
 * checks in the order the fields are documented.
 */
import { crc32 } from 'node:zlib';
import { conforms } from '../../src/core/validators.js';
import type { CommandHandler } from '../command.js';
import { fail, isRefusal, ok } from '../reply.js';

const ELEMENT = 'common/msg-element.schema.json';
/** The longest MsgLifeTime the page documents, seven days; longer ones are still kept seven days (ledger SRC-SENDMSG-LIFETIME-MAX). */
export const MAX_LIFE_TIME = 604_800;
/** How long a repeated send is recognised as the message already sent (docs/facts/sendmsg.md#duplicates). */
export const RESEND_WINDOW_MS = 120_000;

/** 90007 for a MsgBody that is no array, 90002 for an empty one or an element whose content does not fit its type, 90010 for an element of no documented type. */
export function bodyRefusal(body: unknown): number | undefined {
  if (!Array.isArray(body)) return 90007;
  if (body.length === 0) return 90002;
  for (const e of body) {
    if (!conforms(ELEMENT, '', e)) return conforms(ELEMENT, '/properties/MsgType', (e as { MsgType?: unknown } | null)?.MsgType) ? 90002 : 90010;
  }
  return undefined;
}

/**
 * What a repeat is recognised by: the page names the sender, MsgSeq, MsgRandom and a CRC32 of the content. The
 * recipient is part of it too, so that one text sent to two peers is two messages. Without MsgSeq the service picks
 * one at random, so no two sends share it.
 */
export function resendKey(from: string, to: string, seq: number | undefined, random: number, body: unknown): string | undefined {
  return seq === undefined ? undefined : JSON.stringify([from, to, seq, random, crc32(JSON.stringify(body))]);
}

export const handle: CommandHandler = (b, ctx) => {
  const from = b.From_Account === undefined ? ctx.config.adminIdentifier : ctx.fields.account(b.From_Account, 90008, ctx.state);
  if (isRefusal(from)) return fail(from.code);
  const to = ctx.fields.account(b.To_Account, 90003, ctx.state);
  if (isRefusal(to)) return fail(to.code);
  if (!conforms('common/uint32.schema.json', '', b.MsgRandom)) return fail(90005);
  const refused = bodyRefusal(b.MsgBody);
  if (refused !== undefined) return fail(refused);
  const stamp = b.MsgTimeStamp;
  if (stamp !== undefined && !conforms('api/sendmsg.request.schema.json', '/properties/MsgTimeStamp', stamp)) return fail(90006);
  const life = b.MsgLifeTime;
  // Above the maximum the message is kept (for seven days, which outlasts any run); a value of no number type is wrong.
  if (life !== undefined && !(Number.isSafeInteger(life) && (life as number) >= 0)) return fail(90026);
  const control = Array.isArray(b.SendMsgControl) ? b.SendMsgControl : [];
  // A MsgSeq that is no uint32 is not refused: the service's answer to one is not documented.
  const seq = conforms('common/uint32.schema.json', '', b.MsgSeq) ? (b.MsgSeq as number) : undefined;
  const resend = resendKey(from, to, seq, b.MsgRandom as number, b.MsgBody);
  const first = resend === undefined ? undefined : ctx.state.rememberedAs(resend, ctx.nowMs - RESEND_WINDOW_MS);
  if (first) return ok({ MsgTime: first.time, MsgKey: first.key });
  const time = (stamp as number | undefined) ?? ctx.nowSeconds;
  const key = ctx.state.send(from, to, time, !control.includes('NoUnread'), b.MsgRandom as number, {
    seq,
    body: b.MsgBody as unknown[],
    // SyncOtherMachine 2 keeps the message out of the sender's roaming history; 1 or absent keeps it there.
    hiddenFromSender: b.SyncOtherMachine === 2,
    ...(typeof b.CloudCustomData === 'string' ? { cloudCustomData: b.CloudCustomData } : {}),
  });
  const stored = resend === undefined ? undefined : ctx.state.message(from, to, key);
  if (stored) ctx.state.rememberAs(resend!, stored, ctx.nowMs, RESEND_WINDOW_MS);
  return ok({ MsgTime: time, MsgKey: key });
};
