/** v4/openim/get_c2c_unread_msg_num: To_Account's unread total, and per asked peer a count or 70107. */
import { command } from '../../src/core/spec.js';
import type { CommandHandler } from '../command.js';
import { fail, isRefusal, ok } from '../reply.js';

export const handle: CommandHandler = (b, ctx) => {
  const reader = ctx.fields.account(b.To_Account, 90003, ctx.state);
  if (isRefusal(reader)) return fail(reader.code);
  const peers = b.Peer_Account;
  if (peers === undefined) return ok({ AllC2CUnreadMsgNum: ctx.state.unreadTotal(reader) });
  if (!Array.isArray(peers) || peers.length > 10 || !peers.every((p) => typeof p === 'string')) return fail(command('get_c2c_unread_msg_num').codes.parse);
  const known = peers.filter((p) => ctx.state.hasAccount(p));
  const unknown = peers.filter((p) => !ctx.state.hasAccount(p));
  return ok({
    AllC2CUnreadMsgNum: ctx.state.unreadTotal(reader),
    C2CUnreadMsgNumList: known.map((p) => ({ Peer_Account: p, C2CUnreadMsgNum: ctx.state.unreadFrom(reader, p) })),
    ...(unknown.length ? { ErrorList: unknown.map((p) => ({ Peer_Account: p, ErrorCode: 70107 })) } : {}),
  });
};
