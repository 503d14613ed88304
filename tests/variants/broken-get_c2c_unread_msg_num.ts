/**
 * Simulators that break one documented rule of get_c2c_unread_msg_num each, the way a sloppy server plausibly would.
 */
import { fail, ok } from '../../mocks/reply.js';
import type { BrokenVariant } from './broken.js';
import { envelope, fields, handler, stickyLimit, unlimited } from './compose.js';

const U = 'get_c2c_unread_msg_num.';
const PATH = '/v4/openim/get_c2c_unread_msg_num';

export const brokenGetC2cUnreadMsgNum: Record<string, BrokenVariant> = {
  'unread-total-refused': {
    does: 'refuses a call without Peer_Account for an existing account with 90001',
    breaks: [`${U}request.valid`],
    policies: handler('get_c2c_unread_msg_num', (b, ctx, doc) => (b.Peer_Account === undefined && typeof b.To_Account === 'string' && ctx.state.hasAccount(b.To_Account) ? fail(90001) : doc(b, ctx))),
  },
  'unread-to-account-optional': {
    does: 'answers a total of 0 when To_Account is missing',
    breaks: [`${U}request.to-account.required`],
    policies: handler('get_c2c_unread_msg_num', (b, ctx, doc) => (b.To_Account === undefined || b.To_Account === null ? ok({ AllC2CUnreadMsgNum: 0 }) : doc(b, ctx))),
  },
  'unread-to-account-case-insensitive': {
    does: 'finds To_Account whatever its letter case and spaces around it',
    breaks: [`${U}request.to-account.exists`],
    policies: handler('get_c2c_unread_msg_num', (b, ctx, doc) => {
      const v = b.To_Account;
      const found = typeof v === 'string' ? ctx.state.snapshot().accounts.find((a) => a.toLowerCase() === v.trim().toLowerCase()) : undefined;
      return doc(found ? { ...b, To_Account: found } : b, ctx);
    }),
  },
  'unread-to-account-coerced': {
    does: 'turns a To_Account of another JSON type into a string',
    breaks: [`${U}request.to-account.string`],
    policies: handler('get_c2c_unread_msg_num', (b, ctx, doc) => doc(b.To_Account == null || typeof b.To_Account === 'string' ? b : { ...b, To_Account: String(b.To_Account) }, ctx)),
  },
  'unread-peers-unbounded': {
    does: 'answers for the first 10 peers of a longer list',
    breaks: [`${U}request.peer-account.max-10`],
    policies: handler('get_c2c_unread_msg_num', (b, ctx, doc) => doc(Array.isArray(b.Peer_Account) ? { ...b, Peer_Account: b.Peer_Account.slice(0, 10) } : b, ctx)),
  },
  'unread-peers-capped-at-5': {
    does: 'refuses more than 5 peers',
    breaks: [`${U}request.peer-account.max-10`],
    policies: handler('get_c2c_unread_msg_num', (b, ctx, doc) => (Array.isArray(b.Peer_Account) && b.Peer_Account.length > 5 ? fail(90001) : doc(b, ctx))),
  },
  'unread-parse-failure-as-missing-account': {
    does: 'answers a body it cannot parse with 90003, as if To_Account were missing',
    breaks: [`${U}request.body.json`],
    policies: envelope((r, q, doc) => doc(q.url.startsWith(PATH) && r.ErrorCode === 90001 ? fail(90003) : r)),
  },
  'unread-array-body-unwrapped': {
    does: 'reads a JSON array whose first element asks for an unread count as that question',
    breaks: [`${U}request.body.object`],
    policies: fields((d) => ({
      decodeBody: (bytes) => {
        const v = d.decodeBody(bytes);
        const first = Array.isArray(v) ? (v[0] as Record<string, unknown> | undefined) : undefined;
        return first && typeof first.To_Account === 'string' && first.MsgBody === undefined ? first : v;
      },
    })),
  },
  'unread-unknown-peer-fails-whole': {
    does: 'fails the whole call with 70107 when a peer does not exist',
    breaks: [`${U}response.unknown-peer`, `${U}request.peer-account.max-10`],
    policies: handler('get_c2c_unread_msg_num', (b, ctx, doc) => {
      const r = doc(b, ctx);
      return Array.isArray(r.ErrorList) ? fail(70107) : r;
    }),
  },
  'unread-unknown-peer-counted': {
    does: 'counts a peer that does not exist as 0 instead of listing it in ErrorList',
    breaks: [`${U}response.unknown-peer`],
    policies: handler('get_c2c_unread_msg_num', (b, ctx, doc) => {
      const documented = doc(b, ctx);
      const { ErrorList, ...r } = documented;
      if (!Array.isArray(ErrorList)) return documented;
      const zero = (ErrorList as Array<{ Peer_Account: string }>).map((x) => ({ Peer_Account: x.Peer_Account, C2CUnreadMsgNum: 0 }));
      return { ...r, C2CUnreadMsgNumList: [...((r.C2CUnreadMsgNumList as unknown[] | undefined) ?? []), ...zero] } as typeof r;
    }),
  },
  'unread-total-counts-peers': {
    does: 'gives as AllC2CUnreadMsgNum the number of peers with unread messages, not the number of messages',
    breaks: [`${U}response.total`],
    policies: handler('get_c2c_unread_msg_num', (b, ctx, doc) => {
      const r = doc(b, ctx);
      return typeof r.AllC2CUnreadMsgNum === 'number' && typeof b.To_Account === 'string' ? { ...r, AllC2CUnreadMsgNum: ctx.state.peersOf(b.To_Account).length } : r;
    }),
  },
  'unread-count-never-drops': {
    does: 'never lowers a count it once gave, so that reading a conversation does not show',
    // admin_set_msg_read's effect is observed through these counts: its cases see the conversation stay unread.
    breaks: [`${U}effect.counts`, 'admin_set_msg_read.effect.marks-conversation-read', 'admin_set_msg_read.effect.msg-read-time-boundary'],
    policies: (() => {
      let highest = new Map<string, number>();
      return handler(
        'get_c2c_unread_msg_num',
        (b, ctx, doc) => {
          const r = doc(b, ctx);
          const list = r.C2CUnreadMsgNumList as Array<{ Peer_Account: string; C2CUnreadMsgNum: number }> | undefined;
          if (!list) return r;
          const counts = list.map((x) => {
            const key = `${String(b.To_Account)}\u0000${x.Peer_Account}`;
            const n = Math.max(x.C2CUnreadMsgNum, highest.get(key) ?? 0);
            highest.set(key, n);
            return { ...x, C2CUnreadMsgNum: n };
          });
          return { ...r, C2CUnreadMsgNumList: counts };
        },
        { reset: () => void (highest = new Map()) },
      );
    })(),
  },
  'unread-count-saturates': {
    does: "counts at most 2 unread messages per peer, as a badge showing '2+' would",
    breaks: [`${U}effect.counts`],
    policies: handler('get_c2c_unread_msg_num', (b, ctx, doc) => {
      const r = doc(b, ctx);
      const list = r.C2CUnreadMsgNumList as Array<{ C2CUnreadMsgNum: number }> | undefined;
      return list ? { ...r, C2CUnreadMsgNumList: list.map((x) => ({ ...x, C2CUnreadMsgNum: Math.min(x.C2CUnreadMsgNum, 2) })) } : r;
    }),
  },
  'unread-rate-limit-absent': { does: 'serves any number of unread counts a second', breaks: [`${U}rate-limit.refuses-over-limit`], policies: unlimited('get_c2c_unread_msg_num') },
  'unread-rate-limit-100': { does: 'limits unread counts to 100 calls a second', breaks: [`${U}rate-limit.accepts-under-limit`], config: { rateLimit: { get_c2c_unread_msg_num: 100 } } },
  'unread-rate-limit-sticky': { does: 'refuses every unread count for five seconds after a refusal', breaks: [`${U}rate-limit.recovers`], policies: stickyLimit('get_c2c_unread_msg_num', 5000) },
};
