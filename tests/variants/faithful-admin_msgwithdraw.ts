/** Faithful simulators for admin_msgwithdraw: each reads differently what its docs leave open, and the suite must find each conformant. */
import { withdrawPolicy } from './broken-admin_msgwithdraw.js';
import { fail } from '../../mocks/reply.js';
import { all, deferred, handler, type Customize } from './compose.js';
import type { FaithfulVariant } from './faithful.js';

/** Recalls that show `delayMs` late: until then the message is as it was, and may be recalled again. */
function lateRecalls(delayMs: number): Customize {
  const later = deferred();
  let now = 0;
  return all(
    withdrawPolicy(() => ({ recall: (_state, m) => later.at(now + delayMs, () => void (m.recalled = true)) })),
    handler('admin_msgwithdraw', (b, ctx, doc) => ((now = ctx.nowMs), doc(b, ctx)), later),
  );
}

export const faithfulAdminMsgwithdraw: Record<string, FaithfulVariant> = {
  'withdraw-older-code-list': {
    does: 'answers an unknown message with 90054, as the older list that has no 20022 reads (ledger DOC-WITHDRAW-CODES)',
    policies: withdrawPolicy(() => ({ unknownMessage: 90054 })),
  },
  'withdraw-older-list-throughout': {
    does: 'answers with the older list alone, which has neither 20022 nor 20023: 90054 for an unknown message and for one already recalled (ledger DOC-WITHDRAW-CODES)',
    policies: all(
      withdrawPolicy(() => ({ unknownMessage: 90054 })),
      handler('admin_msgwithdraw', (b, ctx, doc) => ((r) => (r.ErrorCode === 20023 ? fail(90054) : r))(doc(b, ctx))),
    ),
  },
  'withdraw-clears-unread': {
    does: "takes a recalled message out of the recipient's unread count (ledger AMB-WITHDRAW-UNREAD)",
    policies: withdrawPolicy((d) => ({ recall: (state, m) => (d.recall(state, m), state.readMessage(m.from, m.to, m.key)) })),
  },
  'withdraw-body-dropped': {
    does: "keeps a recalled message in the history without its body (ledger AMB-WITHDRAW-BODY-KEPT)",
    policies: withdrawPolicy((d) => ({ recall: (state, m) => (d.recall(state, m), (m.body = [])) })),
  },
  'withdraw-late': {
    does: 'shows a recall in the history three seconds late, and answers a second recall OK until then',
    policies: lateRecalls(3000),
  },
};
