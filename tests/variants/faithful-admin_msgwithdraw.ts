/**
 * Faithful simulators for admin_msgwithdraw and modify_c2c_msg: each reads differently what their docs leave open, and
 * the suite must find each conformant.
 */
import { fail } from '../../mocks/reply.js';
import { withdrawPolicy } from './broken-admin_msgwithdraw.js';
import { modifyPolicy } from './broken-modify_c2c_msg.js';
import { handler } from './compose.js';
import type { FaithfulVariant } from './faithful.js';

export const faithfulAdminMsgwithdraw: Record<string, FaithfulVariant> = {
  'withdraw-older-code-list': {
    does: 'answers an unknown message with 90054, as the older list that has no 20022 reads (ledger DOC-WITHDRAW-CODES)',
    policies: withdrawPolicy(() => ({ unknownMessage: 90054 })),
  },
  'withdraw-clears-unread': {
    does: "takes a recalled message out of the recipient's unread count (ledger AMB-WITHDRAW-UNREAD)",
    policies: withdrawPolicy((d) => ({ recall: (state, m) => (d.recall(state, m), state.readMessage(m.from, m.to, m.key)) })),
  },
  'withdraw-body-dropped': {
    does: "keeps a recalled message in the history without its body (ledger AMB-WITHDRAW-BODY-KEPT)",
    policies: withdrawPolicy((d) => ({ recall: (state, m) => (d.recall(state, m), (m.body = [])) })),
  },
  'modify-error-info-empty': {
    does: 'answers a modification with ErrorInfo "", as every other openim page shows (ledger DOC-MODIFY-ERRORINFO)',
    policies: modifyPolicy(() => ({ successInfo: '' })),
  },
  'modify-unknown-key-20001': {
    does: 'answers a MsgKey of no message with 20001, an illegal request (ledger AMB-MODIFY-UNKNOWN-KEY)',
    policies: modifyPolicy(() => ({ unknownMessage: 20001 })),
  },
  'modify-recalled-allowed': {
    does: 'modifies a recalled message as any other (ledger AMB-MODIFY-RECALLED)',
    policies: modifyPolicy(() => ({ recalled: undefined })),
  },
  'modify-neither-refused': {
    does: 'refuses a call with neither MsgBody nor CloudCustomData with 20001 (ledger AMB-MODIFY-NEITHER)',
    policies: handler('modify_c2c_msg', (b, ctx, doc) => (b.MsgBody === undefined && b.CloudCustomData === undefined ? fail(20001) : doc(b, ctx))),
  },
};
