/**
 * Simulators that break one documented rule of batchsendmsg each, the way a sloppy server plausibly would.
 */
import { fail, ok } from '../../mocks/reply.js';
import { bodyRefusal } from '../../mocks/commands/sendmsg.js';
import { WeightedWindow } from '../../mocks/rate-limiter.js';
import type { BrokenVariant } from './broken.js';
import { envelope, fields, handler, stickyLimit, unlimited } from './compose.js';

const B = 'batchsendmsg.';
const PATH = '/v4/openim/batchsendmsg';
const TEXT = [{ MsgType: 'TIMTextElem', MsgContent: { Text: '' } }];

const accountsOf = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The documented answer, its MsgKey rewritten. */
const keyRewritten = (rewrite: (key: string) => unknown) =>
  handler('batchsendmsg', (b, ctx, doc) => {
    const r = doc(b, ctx);
    return typeof r.MsgKey === 'string' ? { ...r, MsgKey: rewrite(r.MsgKey) } : r;
  });

export const brokenBatchsendmsg: Record<string, BrokenVariant> = {
  'batch-single-recipient-refused': {
    does: 'refuses a valid batch to one account with 90011, as if a batch needed two',
    breaks: [`${B}request.valid`],
    policies: handler('batchsendmsg', (b, ctx, doc) => {
      const [only, ...more] = accountsOf(b.To_Account);
      const valid = only !== undefined && !more.length && ctx.state.hasAccount(only) && typeof b.MsgRandom === 'number' && bodyRefusal(b.MsgBody) === undefined;
      return valid && (b.From_Account === undefined || ctx.state.hasAccount(String(b.From_Account))) ? fail(90011) : doc(b, ctx);
    }),
  },
  'batch-to-account-optional': {
    does: 'answers success to a batch without To_Account, reaching nobody',
    breaks: [`${B}request.to-account.required`],
    policies: handler('batchsendmsg', (b, ctx, doc) => (b.To_Account === undefined || b.To_Account === null ? ok() : doc(b, ctx))),
  },
  'batch-to-account-string-accepted': {
    does: 'takes a To_Account that is one value for a list of it',
    breaks: [`${B}request.to-account.array`],
    policies: handler('batchsendmsg', (b, ctx, doc) => doc(Array.isArray(b.To_Account) || b.To_Account == null ? b : { ...b, To_Account: [b.To_Account] }, ctx)),
  },
  'batch-empty-to-account-accepted': {
    does: 'answers success to a batch to no one',
    breaks: [`${B}request.to-account.non-empty`],
    policies: handler('batchsendmsg', (b, ctx, doc) => (Array.isArray(b.To_Account) && b.To_Account.length === 0 ? ok() : doc(b, ctx))),
  },
  'batch-recipients-unbounded': {
    does: 'serves a batch to more than 500 accounts, sending to the first 500',
    breaks: [`${B}request.to-account.up-to-500`],
    policies: handler('batchsendmsg', (b, ctx, doc) => doc(Array.isArray(b.To_Account) ? { ...b, To_Account: b.To_Account.slice(0, 500) } : b, ctx)),
  },
  'batch-recipients-capped-at-100': {
    does: 'refuses batches to more than 100 accounts with 90011',
    breaks: [`${B}request.to-account.up-to-500`],
    policies: handler('batchsendmsg', (b, ctx, doc) => (Array.isArray(b.To_Account) && b.To_Account.length > 100 ? fail(90011) : doc(b, ctx))),
  },
  'batch-from-account-unchecked': {
    does: 'sends as the admin when From_Account was never imported',
    breaks: [`${B}request.from-account.exists`],
    policies: handler('batchsendmsg', (b, ctx, doc) => doc(typeof b.From_Account === 'string' && !ctx.state.hasAccount(b.From_Account) ? { ...b, From_Account: undefined } : b, ctx)),
  },
  'batch-msg-random-optional': {
    does: 'takes a missing MsgRandom for 0',
    breaks: [`${B}request.msg-random.required`],
    policies: handler('batchsendmsg', (b, ctx, doc) => doc({ MsgRandom: 0, ...b }, ctx)),
  },
  'batch-msg-body-optional': {
    does: 'sends an empty text when MsgBody is missing or not an array',
    breaks: [`${B}request.msg-body.required`],
    policies: handler('batchsendmsg', (b, ctx, doc) => doc(Array.isArray(b.MsgBody) ? b : { ...b, MsgBody: TEXT }, ctx)),
  },
  'batch-parse-failure-as-missing-account': {
    does: 'answers a batch body it cannot parse with 90003, as if To_Account were missing',
    breaks: [`${B}request.body.json`],
    policies: envelope((r, q, doc) => doc(q.url.startsWith(PATH) && r.ErrorCode === 90001 ? fail(90003) : r)),
  },
  'batch-array-body-unwrapped': {
    does: 'reads a JSON array whose first element is a batch as that batch',
    breaks: [`${B}request.body.object`],
    policies: fields((d) => ({
      decodeBody: (bytes) => {
        const v = d.decodeBody(bytes);
        return Array.isArray(v) && Array.isArray((v[0] as { To_Account?: unknown } | undefined)?.To_Account) ? v[0] : v;
      },
    })),
  },
  'batch-key-per-recipient': {
    does: 'answers a list of MsgKeys, one per recipient, instead of one for the batch',
    breaks: [`${B}response.msg-key`],
    policies: keyRewritten((key) => [key]),
  },
  'batch-unknown-recipients-created': {
    does: 'imports a recipient that does not exist and sends it the message, with no ErrorList',
    breaks: [`${B}response.unknown-recipient`],
    policies: handler('batchsendmsg', (b, ctx, doc) => {
      for (const a of accountsOf(b.To_Account)) if (a !== '') ctx.state.importAccount(a);
      return doc(b, ctx);
    }),
  },
  'batch-unknown-recipient-fails-whole': {
    does: 'fails the whole batch with 70107 when a recipient does not exist, reaching no one',
    breaks: [`${B}response.unknown-recipient`],
    policies: handler('batchsendmsg', (b, ctx, doc) => (accountsOf(b.To_Account).some((a) => !ctx.state.hasAccount(a)) && accountsOf(b.To_Account).length <= 500 ? fail(70107) : doc(b, ctx))),
  },
  'batch-reaches-previous-recipients': {
    does: "sends each batch to the previous batch's recipients too",
    breaks: [`${B}effect.delivers-each`],
    policies: (() => {
      let previous: string[] = [];
      return handler(
        'batchsendmsg',
        (b, ctx, doc) => {
          const named = accountsOf(b.To_Account);
          const r = doc(b, ctx);
          if (r.ErrorCode !== 0) return r;
          const again = previous.filter((a) => !named.includes(a) && ctx.state.hasAccount(a));
          if (again.length) doc({ ...b, To_Account: again }, ctx);
          previous = named;
          return r;
        },
        { reset: () => void (previous = []) },
      );
    })(),
  },
  'batch-no-unread-ignored': {
    does: 'counts a batch sent with NoUnread as unread',
    breaks: [`${B}effect.no-unread`],
    policies: handler('batchsendmsg', (b, ctx, doc) => doc({ ...b, SendMsgControl: undefined }, ctx)),
  },
  'batch-rate-limit-absent': { does: 'serves any number of batches a second', breaks: [`${B}rate-limit.refuses-over-limit`], policies: unlimited('batchsendmsg') },
  'batch-rate-limit-100': { does: 'limits batches to 100 calls a second', breaks: [`${B}rate-limit.accepts-under-limit`], config: { rateLimit: { batchsendmsg: 100 } } },
  'batch-rate-limit-sticky': { does: 'refuses every batch for five seconds after a refusal', breaks: [`${B}rate-limit.recovers`], policies: stickyLimit('batchsendmsg', 5000) },
  'batch-minute-limit-absent': {
    does: 'has no limit of messages a minute',
    breaks: [`${B}rate-limit.messages-per-minute`],
    policies: handler('batchsendmsg', (b, ctx, doc) => {
      ctx.state.messageWindows.delete('batchsendmsg');
      return doc(b, ctx);
    }),
  },
  'batch-minute-limit-per-call': {
    does: 'counts 12,000 batches a minute, not 12,000 messages',
    breaks: [`${B}rate-limit.messages-per-minute`],
    policies: (() => {
      let calls = new WeightedWindow(12_000, 60_000);
      return handler(
        'batchsendmsg',
        (b, ctx, doc) => {
          ctx.state.messageWindows.delete('batchsendmsg');
          const r = doc(b, ctx);
          return r.ErrorCode === 0 && !calls.tryAcquire(ctx.nowMs, 1) ? fail(90057) : r;
        },
        { reset: () => void (calls = new WeightedWindow(12_000, 60_000)) },
      );
    })(),
  },
};
