/**
 * Simulators that read get_c2c_unread_msg_num's open points otherwise than the mock does: the suite must find them
 * conformant.
 */
import type { Reply } from '../../mocks/reply.js';
import type { FaithfulVariant } from './faithful.js';
import { handler } from './compose.js';

export const faithfulGetC2cUnreadMsgNum: Record<string, FaithfulVariant> = {
  'unread-peers-without-total': {
    does: 'answers a call with Peer_Account with the counts alone, as the doc sample does',
    policies: handler('get_c2c_unread_msg_num', (b, ctx, doc) => {
      const r = doc(b, ctx);
      if (b.Peer_Account === undefined || r.ErrorCode !== 0) return r;
      const { AllC2CUnreadMsgNum: _total, ...counts } = r;
      return counts as Reply;
    }),
  },
  'unread-quiet-peers-omitted': {
    does: 'leaves out of C2CUnreadMsgNumList the peers with nothing unread',
    policies: handler('get_c2c_unread_msg_num', (b, ctx, doc) => {
      const r = doc(b, ctx);
      const list = r.C2CUnreadMsgNumList as Array<{ C2CUnreadMsgNum: number }> | undefined;
      return list ? { ...r, C2CUnreadMsgNumList: list.filter((x) => x.C2CUnreadMsgNum > 0) } : r;
    }),
  },
};
