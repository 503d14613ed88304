/**
 * Simulators that break one documented rule of sendmsg each, the way a sloppy server would, and a parse failure
 * answered as another code, which importmsg's variants share.
 */
import { fail } from '../../mocks/reply.js';
import type { BrokenVariant } from './broken.js';
import { envelope, handler, limitedPer, stickyLimit, type Customize } from './compose.js';

const S = 'sendmsg.';
const TEXT = { MsgType: 'TIMTextElem', MsgContent: { Text: 'x' } };

/** A refusal of 90001 (the body does not parse) answered as another code, on one command's path only. */
export const parseFailureAnsweredAs = (name: string, code: number): Customize =>
  envelope((r, q, doc) => doc(r.ErrorCode === 90001 && new URL(q.url, 'http://x.invalid').pathname.endsWith(`/${name}`) ? fail(code) : r));

/** An imported account whatever the letter case of `v`, or `v` itself. */
const anyCase = (v: unknown, accounts: string[]) => (typeof v === 'string' ? (accounts.find((a) => a.toLowerCase() === v.toLowerCase()) ?? v) : v);

export const brokenSendmsg: Record<string, BrokenVariant> = {
  'sendmsg-sync-other-machine-required': {
    does: 'refuses a message without SyncOtherMachine with 90001',
    breaks: [`${S}request.valid`, `${S}request.from-account.default-admin`],
    policies: handler('sendmsg', (b, ctx, doc) => (b.SyncOtherMachine === undefined ? fail(90001) : doc(b, ctx))),
  },
  'sendmsg-to-account-defaults-to-admin': {
    does: 'sends to the admin when To_Account is missing, empty or null',
    breaks: [`${S}request.to-account.required`],
    policies: handler('sendmsg', (b, ctx, doc) => doc(b.To_Account === undefined || b.To_Account === null || b.To_Account === '' ? { ...b, To_Account: ctx.config.adminIdentifier } : b, ctx)),
  },
  'sendmsg-to-account-case-insensitive': {
    does: 'finds To_Account whatever its letter case',
    breaks: [`${S}request.to-account.exists`],
    policies: handler('sendmsg', (b, ctx, doc) => doc({ ...b, To_Account: anyCase(b.To_Account, ctx.state.snapshot().accounts) }, ctx)),
  },
  'sendmsg-unknown-sender-is-admin': {
    does: 'sends as the admin when From_Account names no imported account',
    breaks: [`${S}request.from-account.exists`],
    policies: handler('sendmsg', (b, ctx, doc) => doc(typeof b.From_Account === 'string' && !ctx.state.hasAccount(b.From_Account) ? { ...b, From_Account: ctx.config.adminIdentifier } : b, ctx)),
  },
  'sendmsg-default-sender-is-recipient': {
    does: 'without From_Account, stores the message as sent by To_Account to itself',
    breaks: [`${S}request.from-account.default-admin`],
    policies: handler('sendmsg', (b, ctx, doc) => doc(b.From_Account === undefined ? { ...b, From_Account: b.To_Account } : b, ctx)),
  },
  'sendmsg-account-type-coerced': {
    does: 'turns an account of another JSON type into a string (an array of one ID into that ID)',
    breaks: [`${S}request.account.string`],
    policies: handler('sendmsg', (b, ctx, doc) => {
      const coerce = (v: unknown) => (v === undefined || v === null || typeof v === 'string' ? v : String(v));
      return doc({ ...b, ...(b.From_Account === undefined ? {} : { From_Account: coerce(b.From_Account) }), To_Account: coerce(b.To_Account) }, ctx);
    }),
  },
  'sendmsg-msg-random-loose': {
    does: 'reads MsgRandom loosely: missing or null as 0, digits as a number, a fraction cut to an integer',
    breaks: [`${S}request.msg-random.required`],
    policies: handler('sendmsg', (b, ctx, doc) => {
      const r = b.MsgRandom;
      const loose = r === undefined || r === null ? 0 : typeof r === 'string' && /^[0-9]+$/.test(r) ? Number(r) : typeof r === 'number' && r >= 0 && r < 2 ** 32 ? Math.trunc(r) : r;
      return doc({ ...b, MsgRandom: loose }, ctx);
    }),
  },
  'sendmsg-msg-body-optional': {
    does: 'stores an empty text message when MsgBody is missing or null',
    breaks: [`${S}request.msg-body.required`],
    policies: handler('sendmsg', (b, ctx, doc) => doc(b.MsgBody === undefined || b.MsgBody === null ? { ...b, MsgBody: [TEXT] } : b, ctx)),
  },
  'sendmsg-msg-body-wrapped': {
    does: 'wraps a MsgBody that is one element or a string into an array, and takes an empty array as an empty text',
    breaks: [`${S}request.msg-body.array`],
    policies: handler('sendmsg', (b, ctx, doc) => {
      const m = b.MsgBody;
      const wrapped = typeof m === 'string' ? [{ MsgType: 'TIMTextElem', MsgContent: { Text: m } }] : Array.isArray(m) ? (m.length ? m : [TEXT]) : m !== null && typeof m === 'object' ? [m] : m;
      return doc({ ...b, MsgBody: wrapped }, ctx);
    }),
  },
  'sendmsg-elements-unchecked': {
    does: 'accepts any non-empty array as MsgBody, whatever its elements',
    breaks: [`${S}request.msg-body.elements`],
    policies: handler('sendmsg', (b, ctx, doc) => {
      const r = doc(b, ctx);
      return Array.isArray(b.MsgBody) && b.MsgBody.length && (r.ErrorCode === 90002 || r.ErrorCode === 90010) ? doc({ ...b, MsgBody: [TEXT] }, ctx) : r;
    }),
  },
  'sendmsg-msg-time-stamp-digits': {
    does: 'reads a MsgTimeStamp of digits as a number',
    breaks: [`${S}request.msg-time-stamp.integer`],
    policies: handler('sendmsg', (b, ctx, doc) => doc(typeof b.MsgTimeStamp === 'string' && /^[0-9]+$/.test(b.MsgTimeStamp) ? { ...b, MsgTimeStamp: Number(b.MsgTimeStamp) } : b, ctx)),
  },
  'sendmsg-mute-notifications-refused': {
    does: "refuses SendMsgControl WithMuteNotifications, as Tencent's OpenAPI enum lacks it",
    breaks: [`${S}request.optional-fields`],
    policies: handler('sendmsg', (b, ctx, doc) => (Array.isArray(b.SendMsgControl) && b.SendMsgControl.includes('WithMuteNotifications') ? fail(90001) : doc(b, ctx))),
  },
  'sendmsg-parse-failure-as-90003': {
    does: 'answers a sendmsg body that does not parse with 90003, as if To_Account were missing',
    breaks: [`${S}request.body.json`],
    policies: parseFailureAnsweredAs('sendmsg', 90003),
  },
  'sendmsg-msg-key-missing': {
    does: 'answers a send with MsgTime but no MsgKey',
    breaks: [`${S}response.msg-time-and-key`],
    policies: handler('sendmsg', (b, ctx, doc) => {
      const { MsgKey: _key, ...r } = doc(b, ctx);
      return r as ReturnType<typeof doc>;
    }),
  },
  'sendmsg-msg-key-of-another-order': {
    does: 'answers a MsgKey of MsgRandom, MsgSeq and MsgTime in another order than the history keeps',
    breaks: [`${S}effect.roaming-history`],
    policies: handler('sendmsg', (b, ctx, doc) => {
      const r = doc(b, ctx);
      if (typeof r.MsgKey !== 'string') return r;
      const [seq, random, time] = r.MsgKey.split('_');
      return { ...r, MsgKey: `${random}_${seq}_${time}` };
    }),
  },
  'sendmsg-never-unread': {
    does: 'never counts a sent message as unread',
    breaks: [`${S}effect.counts-unread`, `${S}request.from-account.default-admin`],
    policies: handler('sendmsg', (b, ctx, doc) => doc({ ...b, SendMsgControl: ['NoUnread'] }, ctx)),
  },
  'sendmsg-no-unread-ignored': {
    does: 'counts a message sent with NoUnread as unread',
    breaks: [`${S}effect.no-unread`],
    policies: handler('sendmsg', (b, ctx, doc) => doc(Array.isArray(b.SendMsgControl) ? { ...b, SendMsgControl: b.SendMsgControl.filter((c) => c !== 'NoUnread') } : b, ctx)),
  },
  'sendmsg-rate-limit-100': { does: 'limits sendmsg to 100 calls per second', breaks: [`${S}rate-limit.accepts-under-limit`], config: { rateLimit: { sendmsg: 100 } } },
  'sendmsg-rate-limit-per-sender': {
    does: 'allows 200 sendmsg calls a second for each From_Account, not for the app',
    breaks: [`${S}rate-limit.refuses-over-limit`],
    config: { rateLimit: { sendmsg: 0 } },
    policies: limitedPer('sendmsg', (b) => String(b.From_Account)),
  },
  'sendmsg-rate-limit-sticky': {
    does: 'refuses every sendmsg for five seconds after a refusal',
    breaks: [`${S}rate-limit.recovers`],
    policies: stickyLimit('sendmsg'),
  },
};
