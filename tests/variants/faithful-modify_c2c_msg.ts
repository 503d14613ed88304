/** Faithful simulators for modify_c2c_msg: each reads differently what its docs leave open, and the suite must find each conformant. */
import { fail } from '../../mocks/reply.js';
import { modifyPolicy } from './broken-modify_c2c_msg.js';
import { deferred, handler, type Customize } from './compose.js';
import type { FaithfulVariant } from './faithful.js';

/** Modifications that show `delayMs` late: until then the message keeps its content. */
function lateModifications(delayMs: number): Customize {
  const later = deferred();
  return handler(
    'modify_c2c_msg',
    (b, ctx, doc) => {
      const m = typeof b.From_Account === 'string' && typeof b.To_Account === 'string' && typeof b.MsgKey === 'string' ? ctx.state.message(b.From_Account, b.To_Account, b.MsgKey) : undefined;
      const before = m && { body: m.body, data: m.cloudCustomData, edited: m.edited };
      const r = doc(b, ctx);
      if (!m || !before || r.ErrorCode !== 0) return r;
      const after = { body: m.body, data: m.cloudCustomData };
      Object.assign(m, { body: before.body, cloudCustomData: before.data, edited: before.edited });
      later.at(ctx.nowMs + delayMs, () => void Object.assign(m, { body: after.body, cloudCustomData: after.data, edited: true }));
      return r;
    },
    later,
  );
}

export const faithfulModifyC2cMsg: Record<string, FaithfulVariant> = {
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
  'modify-wrong-types-ignored': {
    does: "ignores a MsgBody that is no array and a CloudCustomData that is no string, as an optional field of another type may be on sendmsg (ledger AMB-SENDMSG-OPTIONAL-TYPES), and answers the rest of the call",
    policies: handler('modify_c2c_msg', (b, ctx, doc) =>
      doc({ ...b, MsgBody: Array.isArray(b.MsgBody) ? b.MsgBody : undefined, CloudCustomData: typeof b.CloudCustomData === 'string' ? b.CloudCustomData : undefined }, ctx),
    ),
  },
  'modify-late': {
    does: 'shows a modification in the history three seconds late',
    policies: lateModifications(3000),
  },
};
