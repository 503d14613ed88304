/** v4/openim/admin_set_msg_read: Report_Account answers 90008 and Peer_Account 90003 (ledger DOC-ACCOUNT-CODES). */
import type { CommandHandler } from '../command.js';
import { fail, isRefusal, ok } from '../reply.js';

export const handle: CommandHandler = (b, ctx) => {
  const report = ctx.fields.account(b.Report_Account, 90008, ctx.state);
  if (isRefusal(report)) return fail(report.code);
  const peer = ctx.fields.account(b.Peer_Account, 90003, ctx.state);
  if (isRefusal(peer)) return fail(peer.code);
  const upTo = ctx.fields.msgReadTime(b.MsgReadTime);
  if (isRefusal(upTo)) return fail(upTo.code);
  ctx.read.markRead(ctx.state, report, peer, upTo, ctx.nowMs);
  return ok();
};
