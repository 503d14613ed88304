/** Simulators that break one documented rule of importmsg each, the way a sloppy server would. */
import type { Body, CommandContext } from '../../mocks/command.js';
import { fail } from '../../mocks/reply.js';
import type { StoredMessage } from '../../mocks/state.js';
import type { BrokenVariant } from './broken.js';
import { parseFailureAnsweredAs } from './broken-sendmsg.js';
import { all, deferred, handler, limitedPer, stickyLimit } from './compose.js';

const I = 'importmsg.';
const absent = (v: unknown) => v === undefined || v === null || v === '';
const digits = (v: unknown) => (typeof v === 'string' && /^[0-9]+$/.test(v) ? Number(v) : v);

/** importmsg with its body rewritten before the documented handler reads it. */
const rewritten = (rewrite: (b: Body, ctx: CommandContext) => Body) => handler('importmsg', (b, ctx, doc) => doc(rewrite(b, ctx), ctx));

/** importmsg storing through `send` in place of the store's own. */
const storing = (send: (ctx: CommandContext, args: Parameters<CommandContext['state']['send']>) => string) =>
  handler('importmsg', (b, ctx, doc) => {
    const state = new Proxy(ctx.state, {
      get: (s, name) => (name === 'send' ? (...args: Parameters<typeof s.send>) => send(ctx, args) : Reflect.get(s, name)),
    });
    return doc(b, { ...ctx, state });
  });

/** importmsg looking up the message it would repeat through `find`, given what the store has. */
const finding = (find: (stored: StoredMessage | undefined, b: Body) => StoredMessage | undefined) =>
  handler('importmsg', (b, ctx, doc) => {
    const state = new Proxy(ctx.state, {
      get: (s, name) => (name === 'message' ? (x: string, y: string, key: string) => find(s.message(x, y, key), b) : Reflect.get(s, name)),
    });
    return doc(b, { ...ctx, state });
  });

/** Every import stored as unread, history ones (SyncFromOldSystem 2) too. */
const historyCountedUnread = storing((ctx, [from, to, time, _unread, random, extras]) => ctx.state.send(from, to, time, true, random, extras));

/**
 * importmsg answering at once and storing `delayMs` later, as a migration service that queues its imports may: a
 * repeat is recognised when it is stored, against what was stored before it.
 */
export function lateImports(delayMs: number) {
  const later = deferred();
  return handler(
    'importmsg',
    (b, ctx, doc) => {
      const checkedOnly = new Proxy(ctx.state, { get: (s, name) => (name === 'send' ? () => '' : Reflect.get(s, name)) });
      const r = doc(b, { ...ctx, state: checkedOnly });
      const at = ctx.nowMs + delayMs;
      if (r.ErrorCode === 0) later.at(at, (state) => void doc(b, { ...ctx, state, nowMs: at, nowSeconds: Math.floor(at / 1000) }));
      return r;
    },
    later,
  );
}

export const brokenImportmsg: Record<string, BrokenVariant> = {
  'importmsg-msg-seq-required': {
    does: 'refuses an import without MsgSeq with 90001, once every other field passed',
    breaks: [`${I}request.valid`],
    policies: handler('importmsg', (b, ctx, doc) => ((r) => (r.ErrorCode === 0 && b.MsgSeq === undefined ? fail(90001) : r))(doc(b, ctx))),
  },
  'importmsg-sync-defaults-to-2': {
    does: 'takes a missing, null or string SyncFromOldSystem as 2, a history import',
    breaks: [`${I}request.sync-from-old-system.required`],
    policies: rewritten((b) => (typeof b.SyncFromOldSystem === 'number' ? b : { ...b, SyncFromOldSystem: 2 })),
  },
  'importmsg-sync-missing-as-90001': {
    does: 'answers a missing, null or string SyncFromOldSystem with 90001, not 90030',
    breaks: [`${I}request.sync-from-old-system.required`],
    policies: handler('importmsg', (b, ctx, doc) => ((r) => (r.ErrorCode === 90030 && !Number.isInteger(b.SyncFromOldSystem) ? fail(90001) : r))(doc(b, ctx))),
  },
  'importmsg-sync-any-integer': {
    does: 'takes any integer SyncFromOldSystem other than 1 and 5 as a history import',
    breaks: [`${I}request.sync-from-old-system.invalid`],
    policies: rewritten((b) => (Number.isInteger(b.SyncFromOldSystem) && b.SyncFromOldSystem !== 1 && b.SyncFromOldSystem !== 5 ? { ...b, SyncFromOldSystem: 2 } : b)),
  },
  'importmsg-from-defaults-to-admin': {
    does: 'imports from the admin when From_Account is missing, empty or null',
    breaks: [`${I}request.from-account.required`],
    policies: rewritten((b, ctx) => (absent(b.From_Account) ? { ...b, From_Account: ctx.config.adminIdentifier } : b)),
  },
  'importmsg-to-defaults-to-admin': {
    does: 'imports to the admin when To_Account is missing, empty or null',
    breaks: [`${I}request.to-account.required`],
    policies: rewritten((b, ctx) => (absent(b.To_Account) ? { ...b, To_Account: ctx.config.adminIdentifier } : b)),
  },
  'importmsg-accounts-unchecked': {
    does: 'imports between any non-empty account names, imported or not',
    breaks: [`${I}request.account.exists`],
    policies: handler('importmsg', (b, ctx, doc) =>
      doc(b, { ...ctx, fields: { ...ctx.fields, account: (v, code, state) => (typeof v === 'string' && v !== '' ? v : ctx.fields.account(v, code, state)) } }),
    ),
  },
  'importmsg-account-type-coerced': {
    does: 'turns an account of another JSON type into a string (an array of one ID into that ID)',
    breaks: [`${I}request.account.string`],
    policies: rewritten((b) => {
      const coerce = (v: unknown) => (v === undefined || v === null || typeof v === 'string' ? v : String(v));
      return { ...b, From_Account: coerce(b.From_Account), To_Account: coerce(b.To_Account) };
    }),
  },
  'importmsg-msg-random-loose': {
    does: 'takes a missing MsgRandom as 0 and one of digits as a number',
    breaks: [`${I}request.msg-random.required`],
    policies: rewritten((b) => ({ ...b, MsgRandom: b.MsgRandom === undefined ? 0 : digits(b.MsgRandom) })),
  },
  'importmsg-msg-time-stamp-defaults-to-now': {
    does: 'stamps an import without MsgTimeStamp now, and reads one of digits as a number',
    breaks: [`${I}request.msg-time-stamp.required`],
    policies: rewritten((b, ctx) => ({ ...b, MsgTimeStamp: b.MsgTimeStamp === undefined ? ctx.nowSeconds : digits(b.MsgTimeStamp) })),
  },
  'importmsg-msg-body-unchecked': {
    does: 'imports an empty text when MsgBody is missing, empty or not an array',
    breaks: [`${I}request.msg-body.required`],
    policies: rewritten((b) => (Array.isArray(b.MsgBody) && b.MsgBody.length ? b : { ...b, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'x' } }] })),
  },
  'importmsg-cloud-custom-data-refused': {
    does: 'refuses CloudCustomData on an import with 90001',
    breaks: [`${I}request.msg-seq.optional`],
    policies: handler('importmsg', (b, ctx, doc) => (b.CloudCustomData === undefined ? doc(b, ctx) : fail(90001))),
  },
  'importmsg-parse-failure-as-90030': {
    does: 'answers an importmsg body that does not parse with 90030, as if SyncFromOldSystem were missing',
    breaks: [`${I}request.body.json`],
    policies: parseFailureAnsweredAs('importmsg', 90030),
  },
  'importmsg-stamped-now': {
    does: 'stores an import at the time of the call, not at its MsgTimeStamp',
    breaks: [`${I}effect.roaming-history`],
    policies: storing((ctx, [from, to, _time, unread, random, extras]) => ctx.state.send(from, to, ctx.nowSeconds, unread, random, extras)),
  },
  'importmsg-history-counted-unread': {
    does: 'counts a history import (SyncFromOldSystem 2) as unread',
    breaks: [`${I}effect.history-not-unread`],
    policies: historyCountedUnread,
  },
  'importmsg-history-counted-unread-late': {
    does: 'counts a history import (SyncFromOldSystem 2) as unread, and stores imports three seconds after answering',
    breaks: [`${I}effect.history-not-unread`],
    policies: all(historyCountedUnread, lateImports(3000)),
  },
  'importmsg-realtime-not-unread': {
    does: 'never counts an import as unread, real-time ones included',
    breaks: [`${I}effect.realtime-unread`],
    policies: storing((ctx, [from, to, time, _unread, random, extras]) => ctx.state.send(from, to, time, false, random, extras)),
  },
  'importmsg-stored-twice': {
    does: 'stores every import, a repeated one again',
    breaks: [`${I}effect.duplicate-not-stored`],
    policies: finding(() => undefined),
  },
  'importmsg-dedup-by-content': {
    does: 'takes an import for a repeat only when its MsgBody is the same too, as sendmsg recognises a resend',
    breaks: [`${I}effect.duplicate-not-stored`],
    policies: finding((m, b) => (m && JSON.stringify(m.body) === JSON.stringify(b.MsgBody) ? m : undefined)),
  },
  'importmsg-rate-limit-100': { does: 'limits importmsg to 100 calls per second', breaks: [`${I}rate-limit.accepts-under-limit`], config: { rateLimit: { importmsg: 100 } } },
  'importmsg-rate-limit-per-sender': {
    does: 'allows 200 importmsg calls a second for each From_Account, not for the app',
    breaks: [`${I}rate-limit.refuses-over-limit`],
    config: { rateLimit: { importmsg: 0 } },
    policies: limitedPer('importmsg', (b) => String(b.From_Account)),
  },
  'importmsg-rate-limit-sticky': {
    does: 'refuses every importmsg for five seconds after a refusal',
    breaks: [`${I}rate-limit.recovers`],
    policies: stickyLimit('importmsg'),
  },
};
