/**
 * v4/openim/sendmsg: From_Account (the admin when absent) sends To_Account a message that counts as unread unless
 * SendMsgControl says NoUnread, and is stored with its MsgSeq (the app's count when absent) and MsgBody. Codes from
 * the openim service's table (spec/commands/sendmsg.json).
 */
import { conforms } from '../../src/core/validators.js';
import type { CommandHandler } from '../command.js';
import { fail, isRefusal, ok } from '../reply.js';

const ELEMENT = 'common/msg-element.schema.json';

/** 90010 for an element that is no TIMMsgElement at all, 90002 for one whose content does not match its type. */
function bodyRefusal(body: unknown): number | undefined {
  if (!Array.isArray(body)) return 90007;
  if (body.length === 0) return 90002;
  for (const e of body) {
    if (!conforms(ELEMENT, '', e)) return conforms(ELEMENT, '/properties/MsgType', (e as { MsgType?: unknown } | null)?.MsgType) ? 90002 : 90010;
  }
  return undefined;
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
  const time = (stamp as number | undefined) ?? ctx.nowSeconds;
  const control = Array.isArray(b.SendMsgControl) ? b.SendMsgControl : [];
  // A MsgSeq that is no uint32 is not refused: the service's answer to one is not documented.
  const seq = conforms('common/uint32.schema.json', '', b.MsgSeq) ? (b.MsgSeq as number) : undefined;
  const key = ctx.state.send(from, to, time, !control.includes('NoUnread'), b.MsgRandom as number, {
    seq,
    body: b.MsgBody as unknown[],
    // SyncOtherMachine 2 keeps the message out of the sender's roaming history; 1 or absent keeps it there.
    hiddenFromSender: b.SyncOtherMachine === 2,
    ...(typeof b.CloudCustomData === 'string' ? { cloudCustomData: b.CloudCustomData } : {}),
  });
  return ok({ MsgTime: time, MsgKey: key });
};
