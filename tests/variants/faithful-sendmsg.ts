/**
 * Faithful simulators of sendmsg that read the docs another way where they leave a point open: MsgLifeTime over
 * seven days refused, repeats answered otherwise, an empty From_Account read as absent, MsgKeys of another format.
 */
import { MAX_LIFE_TIME, RESEND_WINDOW_MS, resendKey } from '../../mocks/commands/sendmsg.js';
import { fail } from '../../mocks/reply.js';
import { all, handler } from './compose.js';
import type { FaithfulVariant } from './faithful.js';

/** A MsgKey of another format: opaque to a client, as the docs say, and at most 50 characters. */
const KEY_PREFIX = 'c2c-';
const encodeKey = (k: unknown) => (typeof k === 'string' && k !== '' ? `${KEY_PREFIX}${Buffer.from(k).toString('base64url')}` : k);
const decodeKey = (k: unknown) => (typeof k === 'string' && k.startsWith(KEY_PREFIX) ? Buffer.from(k.slice(KEY_PREFIX.length), 'base64url').toString() : k);

export const faithfulSendmsg: Record<string, FaithfulVariant> = {
  'sendmsg-life-time-refused': {
    does: 'refuses a MsgLifeTime over seven days with 90026, the error table\'s reading of SRC-SENDMSG-LIFETIME-MAX',
    policies: handler('sendmsg', (b, ctx, doc) => (typeof b.MsgLifeTime === 'number' && b.MsgLifeTime > MAX_LIFE_TIME ? fail(90026) : doc(b, ctx))),
  },
  'sendmsg-resend-refused': {
    does: 'refuses a repeat within 120 s with 90010 and keeps the first message only',
    policies: handler('sendmsg', (b, ctx, doc) => {
      const from = b.From_Account ?? ctx.config.adminIdentifier;
      const key = typeof from === 'string' && typeof b.To_Account === 'string' && typeof b.MsgSeq === 'number' && typeof b.MsgRandom === 'number' ? resendKey(from, b.To_Account, b.MsgSeq, b.MsgRandom, b.MsgBody) : undefined;
      return key !== undefined && ctx.state.rememberedAs(key, ctx.nowMs - RESEND_WINDOW_MS) ? fail(90010) : doc(b, ctx);
    }),
  },
  'sendmsg-resend-stored': {
    does: 'recognises no repeat: every send is stored',
    policies: handler('sendmsg', (b, ctx, doc) => doc(b, { ...ctx, state: new Proxy(ctx.state, { get: (s, name) => (name === 'rememberedAs' ? () => undefined : Reflect.get(s, name)) }) })),
  },
  'sendmsg-empty-from-is-admin': {
    does: 'reads an empty From_Account as absent: the admin sends',
    policies: handler('sendmsg', (b, ctx, doc) => doc(b.From_Account === '' ? { ...b, From_Account: undefined } : b, ctx)),
  },
  'sendmsg-random-cut-to-32-bits': {
    does: 'takes a MsgRandom out of the 32-bit range modulo 2^32',
    policies: handler('sendmsg', (b, ctx, doc) => doc(Number.isSafeInteger(b.MsgRandom) ? { ...b, MsgRandom: (((b.MsgRandom as number) % 2 ** 32) + 2 ** 32) % 2 ** 32 } : b, ctx)),
  },
  'sendmsg-time-stamp-ignored': {
    does: "checks MsgTimeStamp's type but stamps every message with its own clock: whether the service takes MsgTimeStamp as the message's time is open",
    policies: handler('sendmsg', (b, ctx, doc) => doc(Number.isSafeInteger(b.MsgTimeStamp) ? { ...b, MsgTimeStamp: undefined } : b, ctx)),
  },
  'msg-key-opaque': {
    does: 'gives MsgKeys of another format (c2c- and base64url), in sendmsg\'s answer and in the roaming history alike',
    policies: all(
      handler('sendmsg', (b, ctx, doc) => ((r) => ({ ...r, ...(r.MsgKey === undefined ? {} : { MsgKey: encodeKey(r.MsgKey) }) }))(doc(b, ctx))),
      handler('admin_getroammsg', (b, ctx, doc) => {
        const r = doc(b.LastMsgKey === undefined ? b : { ...b, LastMsgKey: decodeKey(b.LastMsgKey) }, ctx);
        if (r.ErrorCode !== 0) return r;
        const list = Array.isArray(r.MsgList) ? (r.MsgList as Array<Record<string, unknown>>).map((m) => ({ ...m, MsgKey: encodeKey(m.MsgKey) })) : r.MsgList;
        return { ...r, MsgList: list, LastMsgKey: encodeKey(r.LastMsgKey) };
      }),
      // The commands that name a message by its key take the key the service gave.
      ...['admin_msgwithdraw', 'modify_c2c_msg'].map((command) => handler(command, (b, ctx, doc) => doc(b.MsgKey === undefined ? b : { ...b, MsgKey: decodeKey(b.MsgKey) }, ctx))),
    ),
  },
};
