/**
 * v4/openim/importmsg: imports one message From_Account → To_Account at its MsgTimeStamp. SyncFromOldSystem 2 is a
 * history import, not unread; 5 (1 on the page before 2022) a real-time one, unread (ledger SRC-IMPORTMSG-SYNC-VALUES).
 * A message whose conversation already holds one with its MsgSeq, MsgRandom and MsgTimeStamp is not stored again:
 * that is its MsgKey, so the store's index finds it (ledger SRC-IMPORTMSG-DEDUP-KEY). The answer is the envelope alone.
 */
import { conforms } from '../../src/core/validators.js';
import type { CommandHandler } from '../command.js';
import { fail, isRefusal, ok } from '../reply.js';
import { msgKeyOf } from '../state.js';
import { bodyRefusal } from './sendmsg.js';

/** Each documented value of SyncFromOldSystem: whether the import counts as unread. */
const COUNTS_AS_UNREAD: ReadonlyMap<unknown, boolean> = new Map([
  [2, false],
  [5, true],
  [1, true],
]);

export const handle: CommandHandler = (b, ctx) => {
  const unread = COUNTS_AS_UNREAD.get(b.SyncFromOldSystem);
  if (unread === undefined) return fail(90030);
  const from = ctx.fields.account(b.From_Account, 90008, ctx.state);
  if (isRefusal(from)) return fail(from.code);
  const to = ctx.fields.account(b.To_Account, 90003, ctx.state);
  if (isRefusal(to)) return fail(to.code);
  if (!conforms('common/uint32.schema.json', '', b.MsgRandom)) return fail(90005);
  if (!conforms('api/importmsg.request.schema.json', '/properties/MsgTimeStamp', b.MsgTimeStamp)) return fail(90006);
  const refused = bodyRefusal(b.MsgBody);
  if (refused !== undefined) return fail(refused);
  const seq = conforms('common/uint32.schema.json', '', b.MsgSeq) ? (b.MsgSeq as number) : undefined;
  const time = b.MsgTimeStamp as number;
  if (seq !== undefined && ctx.state.message(from, to, msgKeyOf(seq, b.MsgRandom as number, time))) return ok();
  ctx.state.send(from, to, time, unread, b.MsgRandom as number, {
    seq,
    body: b.MsgBody as unknown[],
    ...(typeof b.CloudCustomData === 'string' ? { cloudCustomData: b.CloudCustomData } : {}),
  });
  return ok();
};
