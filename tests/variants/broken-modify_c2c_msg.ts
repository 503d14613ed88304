/** Broken simulators for modify_c2c_msg, each departing from one documented rule the way a sloppy server plausibly would. */
import { documentedModify, withModify, type ModifyPolicy } from '../../mocks/commands/modify_c2c_msg.js';
import { fail } from '../../mocks/reply.js';
import type { ImState, StoredMessage } from '../../mocks/state.js';
import { limitFaults, namingFaults, prefixed } from './broken-admin_msgwithdraw.js';
import type { BrokenVariant } from './broken.js';
import { handler, rebuilt } from './compose.js';

const M = 'modify_c2c_msg.';

/** modify_c2c_msg built again from its modify policy, parts of it replaced. */
export const modifyPolicy = rebuilt<ModifyPolicy>('modify_c2c_msg', 'modify', withModify, documentedModify);

/** The call's documented effect, then `after` on the message it named and the state, once it succeeded. */
const afterModify = (after: (m: StoredMessage, b: Record<string, unknown>, state: ImState, nowSeconds: number) => void) =>
  handler('modify_c2c_msg', (b, ctx, doc) => {
    const before = typeof b.From_Account === 'string' && typeof b.To_Account === 'string' && typeof b.MsgKey === 'string' ? ctx.state.message(b.From_Account, b.To_Account, b.MsgKey) : undefined;
    const r = doc(b, ctx);
    if (r.ErrorCode === 0 && before) after(before, b, ctx.state, ctx.nowSeconds);
    return r;
  });

export const brokenModifyC2cMsg: Record<string, BrokenVariant> = prefixed('modify', {
  ...namingFaults('modify_c2c_msg', M),
  ...limitFaults('modify_c2c_msg', M),
  'custom-data-only': {
    does: 'modifies CloudCustomData only, and refuses a MsgBody with 20001',
    breaks: [`${M}request.valid`],
    policies: handler('modify_c2c_msg', (b, ctx, doc) => (b.MsgBody === undefined ? doc(b, ctx) : fail(20001))),
  },
  'content-coerced': {
    does: 'takes a MsgBody of text as one text element and CloudCustomData of another type as its text',
    breaks: [`${M}request.content.types`],
    policies: handler('modify_c2c_msg', (b, ctx, doc) => {
      const body = b.MsgBody === undefined || Array.isArray(b.MsgBody) ? b.MsgBody : [{ MsgType: 'TIMTextElem', MsgContent: { Text: String(b.MsgBody) } }];
      const data = b.CloudCustomData === undefined ? undefined : String(b.CloudCustomData);
      return doc({ ...b, ...(body === undefined ? {} : { MsgBody: body }), ...(data === undefined ? {} : { CloudCustomData: data }) }, ctx);
    }),
  },
  'body-drops-custom-data': {
    does: 'clears CloudCustomData when MsgBody is sent alone',
    breaks: [`${M}effect.msg-body`],
    policies: afterModify((m, b) => void (b.CloudCustomData === undefined && b.MsgBody !== undefined && delete m.cloudCustomData)),
  },
  'custom-data-drops-body': {
    does: 'empties MsgBody when CloudCustomData is sent alone',
    breaks: [`${M}effect.cloud-custom-data`],
    policies: afterModify((m, b) => void (b.MsgBody === undefined && b.CloudCustomData !== undefined && (m.body = []))),
  },
  'new-key': {
    does: 'stores the modified message anew under a new MsgKey and leaves the old one as it was',
    breaks: [`${M}effect.msg-body`, `${M}effect.cloud-custom-data`],
    policies: handler('modify_c2c_msg', (b, ctx, doc) => {
      const m = typeof b.From_Account === 'string' && typeof b.To_Account === 'string' && typeof b.MsgKey === 'string' ? ctx.state.message(b.From_Account, b.To_Account, b.MsgKey) : undefined;
      const kept = m && { body: m.body, data: m.cloudCustomData };
      const r = doc(b, ctx);
      if (r.ErrorCode !== 0 || !m || !kept) return r;
      const extras = { body: m.body, ...(m.cloudCustomData === undefined ? {} : { cloudCustomData: m.cloudCustomData }) };
      ctx.state.send(m.from, m.to, ctx.nowSeconds + 1, false, m.random + 1, extras);
      m.body = kept.body;
      if (kept.data === undefined) delete m.cloudCustomData;
      else m.cloudCustomData = kept.data;
      return r;
    }),
  },
  'applies-to-conversation': {
    does: 'gives every message From_Account sent To_Account the new content, not only the one named',
    breaks: [`${M}effect.other-message-untouched`],
    policies: afterModify((m, b, state) => {
      for (const x of state.history(m.from, m.to, 0, Number.MAX_SAFE_INTEGER).filter((x) => x.from === m.from && x.to === m.to)) {
        if (Array.isArray(b.MsgBody)) x.body = b.MsgBody;
        if (typeof b.CloudCustomData === 'string') x.cloudCustomData = b.CloudCustomData;
      }
    }),
  },
});
