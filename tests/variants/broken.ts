/**
 * Deliberately broken simulators. Each departs from documented rules in one way, and the suite must reject it on
 * exactly the clauses listed in `breaks`: no fewer (it catches the departure) and no more (it charges the departure
 * to the clause it breaks, and only to it).
 */
import { isUtf8 } from 'node:buffer';
import { decodeUserSig, verifyUserSig } from '../../src/core/usersig.js';
import { fail, ok, type Reply } from '../../src/mock/reply.js';
import { all, authParts, envelope, fields, fromUserSig, handler, query, reply, type Variant } from './compose.js';

export interface BrokenVariant extends Variant {
  breaks: string[];
}

const A = 'admin_set_msg_read.';
/** "错误页面" in GBK: an error page of a server that does not speak UTF-8. */
const GBK_ERROR_PAGE = Buffer.from([0xb4, 0xed, 0xce, 0xf3, 0xd2, 0xb3, 0xc3, 0xe6]);

/** Verification that skips one of its checks and keeps the others. */
const skipping = (check: 'sdkappid' | 'identifier' | 'expiry' | 'hmac') =>
  authParts((d) => ({
    verify(sig, expected, now) {
      const v = d.verify(sig, expected, now);
      if (v.ok) return v;
      const doc = decodeUserSig(sig);
      if (!doc) return v;
      if (check === 'hmac' && v.reason === 'bad-hmac') return { ok: true, fields: { ...expected, time: 0, expire: 0 } };
      if (check === 'expiry' && v.reason === 'expired') return verifyUserSig(sig, expected, 0);
      if (check === 'identifier' && v.reason === 'identifier-mismatch') return verifyUserSig(sig, { ...expected, identifier: String(doc['TLS.identifier']) }, now);
      if (check === 'sdkappid' && v.reason === 'sdkappid-mismatch') return verifyUserSig(sig, { ...expected, sdkappid: Number(doc['TLS.sdkappid']) }, now);
      return v;
    },
  }));

export const broken: Record<string, BrokenVariant> = {
  'error-http-400': {
    does: 'answers refusals with HTTP 400',
    breaks: ['rest.response.http-200'],
    policies: envelope((r, _q, doc) => ({ ...doc(r), status: r.ErrorCode === 0 ? 200 : 400 })),
  },
  'error-page-echoes-url': {
    does: 'answers refusals with HTTP 500 pages that quote the request URL, usersig included: as JSON, in GBK, and as UTF-8 cut mid-character',
    breaks: ['rest.response.http-200'],
    policies: (() => {
      let n = 0;
      return envelope((r, q, doc) => {
        if (r.ErrorCode === 0) return doc(r);
        const quoted = `${q.method} ${q.url}`;
        const pages = [
          () => JSON.stringify({ ...r, ErrorInfo: `failed: ${quoted}` }),
          () => Buffer.concat([GBK_ERROR_PAGE, Buffer.from(` ${quoted} `), GBK_ERROR_PAGE]),
          () => Buffer.concat([Buffer.from(`错误 ${quoted} 错`), Buffer.from('误').subarray(0, 2)]),
        ];
        return { status: 500, headers: { 'content-type': 'text/html' }, body: pages[n++ % pages.length]!() };
      });
    })(),
  },
  'error-code-as-string': {
    does: 'sends ErrorCode as a string',
    breaks: ['rest.response.envelope'],
    policies: reply((r) => ({ ...r, ErrorCode: String(r.ErrorCode) as unknown as number })),
  },
  'error-info-missing': {
    does: 'leaves ErrorInfo out',
    breaks: ['rest.response.envelope'],
    policies: reply(({ ErrorInfo: _dropped, ...rest }) => rest as Reply),
  },
  'ok-status-on-error': {
    does: 'says ActionStatus OK on refusals',
    breaks: ['rest.response.ok-iff-zero'],
    policies: reply((r) => ({ ...r, ActionStatus: 'OK' })),
  },
  'peer-account-optional': {
    does: 'marks read without a Peer_Account',
    breaks: [`${A}request.peer-account.required`],
    policies: handler('admin_set_msg_read', (b, ctx, doc) =>
      b.Peer_Account === undefined && typeof b.Report_Account === 'string' && ctx.state.hasAccount(b.Report_Account) ? ok() : doc(b, ctx),
    ),
  },
  'field-names-case-insensitive': {
    does: 'reads report_account and peer_account as the documented fields',
    breaks: [`${A}request.report-account.required`, `${A}request.peer-account.required`],
    policies: handler('admin_set_msg_read', (b, ctx, doc) => {
      const named: Record<string, string> = { report_account: 'Report_Account', peer_account: 'Peer_Account', msgreadtime: 'MsgReadTime' };
      return doc(Object.fromEntries(Object.entries(b).map(([k, v]) => [named[k.toLowerCase()] ?? k, v])), ctx);
    }),
  },
  'accounts-not-checked': {
    does: 'accepts any non-empty account name',
    breaks: [`${A}request.account.exists`],
    policies: fields((d) => ({ account: (v, code, state) => (typeof v === 'string' && v !== '' ? v : d.account(v, code, state)) })),
  },
  'accounts-case-insensitive': {
    does: 'finds accounts whatever their letter case',
    breaks: [`${A}request.account.exists`],
    policies: fields((d) => ({
      account: (v, code, state) =>
        d.account(typeof v === 'string' ? (state.snapshot().accounts.find((a) => a.toLowerCase() === v.toLowerCase()) ?? v) : v, code, state),
    })),
  },
  'accounts-trimmed': {
    does: 'trims spaces around account names',
    breaks: [`${A}request.account.exists`],
    policies: fields((d) => ({ account: (v, code, state) => d.account(typeof v === 'string' ? v.trim() : v, code, state) })),
  },
  'account-type-coerced': {
    does: 'turns an account of another JSON type into a string',
    breaks: [`${A}request.account.string`],
    policies: fields((d) => ({ account: (v, code, state) => d.account(v === undefined || v === null ? v : String(v), code, state) })),
  },
  'msg-read-time-required': {
    does: 'refuses a call without MsgReadTime',
    breaks: [`${A}request.valid`],
    policies: handler('admin_set_msg_read', (b, ctx, doc) => {
      const named = (v: unknown) => typeof v === 'string' && ctx.state.hasAccount(v);
      return b.MsgReadTime === undefined && named(b.Report_Account) && named(b.Peer_Account) ? fail(90001) : doc(b, ctx);
    }),
  },
  'array-body-unwrapped': {
    does: 'reads a JSON array body as its first element',
    breaks: [`${A}request.body.object`],
    policies: fields((d) => ({ decodeBody: (bytes) => ((v) => (Array.isArray(v) ? v[0] : v))(d.decodeBody(bytes)) })),
  },
  'invalid-utf8-accepted': {
    does: "serves a body of invalid UTF-8 as a call for the admin's own conversation",
    breaks: [`${A}request.body.utf8`],
    policies: fields((d) => ({
      decodeBody: (bytes) => {
        const v = d.decodeBody(bytes);
        if (v !== undefined || Buffer.from(Buffer.from(bytes).toString('utf8'), 'utf8').equals(Buffer.from(bytes))) return v;
        return { Report_Account: 'administrator', Peer_Account: 'administrator' };
      },
    })),
  },
  'parse-failure-as-account-error': {
    does: 'reads a body that does not parse as an empty object',
    breaks: [`${A}request.body.json`],
    policies: fields((d) => ({ decodeBody: (bytes) => d.decodeBody(bytes) ?? {} })),
  },
  'msg-read-time-string-refused': {
    does: 'refuses MsgReadTime as a string',
    breaks: [`${A}request.msg-read-time.string`],
    policies: fields((d) => ({ msgReadTime: (v) => (typeof v === 'string' ? { code: 90001 } : d.msgReadTime(v)) })),
  },
  'sdkappid-unchecked': {
    does: 'serves any SDKAppID with the app key',
    breaks: ['rest.auth.sdkappid.known'],
    policies: authParts((_d, config) => ({ appKey: () => config.secretKey })),
  },
  'sdkappid-from-usersig': {
    does: 'takes a missing sdkappid from the UserSig',
    breaks: ['rest.auth.sdkappid.required'],
    policies: query((q) => {
      if (!q.get('sdkappid')) q.set('sdkappid', fromUserSig(q, 'TLS.sdkappid') ?? '');
    }),
  },
  'identifier-from-usersig': {
    does: 'takes a missing or empty identifier from the UserSig',
    breaks: ['rest.auth.identifier.present'],
    policies: query((q) => {
      if (!q.get('identifier')) q.set('identifier', fromUserSig(q, 'TLS.identifier') ?? '');
    }),
  },
  'identifier-of-usersig': {
    does: 'ignores the identifier in the URL, if any, and serves whoever the UserSig names',
    breaks: ['rest.auth.identifier.present', 'rest.auth.usersig.identifier'],
    policies: query((q) => {
      const named = fromUserSig(q, 'TLS.identifier');
      if (named !== undefined) q.set('identifier', named);
    }),
  },
  'identifier-trimmed': {
    does: 'trims spaces around the identifier',
    breaks: ['rest.auth.usersig.identifier'],
    policies: query((q) => {
      const id = q.get('identifier');
      if (id !== null) q.set('identifier', id.trim());
    }),
  },
  'admin-case-insensitive': {
    does: 'takes the admin name in any letter case for the admin',
    breaks: ['rest.auth.identifier.admin'],
    policies: authParts((_d, config) => ({ isAdmin: (id) => id.toLowerCase() === config.adminIdentifier.toLowerCase() })),
  },
  'non-admin-allowed': {
    does: 'lets any account call',
    breaks: ['rest.auth.identifier.admin'],
    policies: authParts(() => ({ isAdmin: () => true })),
  },
  'usersig-optional': {
    does: 'serves a call without a UserSig',
    breaks: ['rest.auth.usersig.present'],
    policies: (d) => ({
      auth: { authenticate: (q, now) => (q.get('usersig') ? d.auth.authenticate(q, now) : { identifier: q.get('identifier') ?? '' }), isAdmin: d.auth.isAdmin },
    }),
  },
  'usersig-garbage-accepted': {
    does: 'serves a UserSig that does not decode',
    breaks: ['rest.auth.usersig.parseable'],
    policies: authParts((d) => ({ verify: (sig, expected, now) => (((v) => (!v.ok && v.reason === 'unparseable' ? { ok: true as const, fields: { ...expected, time: 0, expire: 0 } } : v))(d.verify(sig, expected, now))) })),
  },
  'usersig-hmac-unchecked': { does: 'skips the HMAC check', breaks: ['rest.auth.usersig.key'], policies: skipping('hmac') },
  'usersig-expiry-unchecked': { does: 'skips the expiry check', breaks: ['rest.auth.usersig.unexpired'], policies: skipping('expiry') },
  'usersig-identifier-unchecked': { does: "skips comparing the UserSig's identifier with the URL's", breaks: ['rest.auth.usersig.identifier'], policies: skipping('identifier') },
  'usersig-sdkappid-unchecked': { does: "skips comparing the UserSig's SDKAppID with the URL's", breaks: ['rest.auth.usersig.sdkappid'], policies: skipping('sdkappid') },
  'rate-limit-absent': {
    does: 'has no frequency limit',
    breaks: [`${A}rate-limit.refuses-over-limit`],
    policies: (d) => ({ limits: { admit: () => true, reset: d.limits.reset } }),
  },
  'rate-limit-wrong-code': {
    does: 'refuses calls over the limit with 90001',
    breaks: [`${A}rate-limit.refuses-over-limit`],
    policies: reply((r) => (r.ErrorCode === 60007 ? fail(90001) : r)),
  },
  'rate-limit-http-429': {
    does: 'answers calls over the limit with HTTP 429 and an envelope',
    breaks: ['rest.response.http-200'],
    policies: envelope((r, _q, doc) => ({ ...doc(r), status: r.ErrorCode === 60007 ? 429 : 200 })),
  },
  'rate-limit-100': { does: 'limits the endpoint to 100 calls per second', breaks: [`${A}rate-limit.accepts-under-limit`], config: { rateLimit: 100 } },
  'rate-limit-400': { does: 'limits the endpoint to 400 calls per second', breaks: [`${A}rate-limit.refuses-over-limit`], config: { rateLimit: 400 } },
  'rate-limit-sticky': {
    does: 'refuses every call for five seconds after a refusal',
    breaks: [`${A}rate-limit.recovers`],
    policies: (d) => {
      let blockedUntil = 0;
      return {
        limits: {
          admit(command, now) {
            if (command === 'admin_set_msg_read' && now < blockedUntil) return false;
            const admitted = d.limits.admit(command, now);
            if (!admitted && command === 'admin_set_msg_read') blockedUntil = now + 5000;
            return admitted;
          },
          reset: d.limits.reset,
        },
      };
    },
  },
  'mark-read-noop': {
    does: 'answers OK and marks nothing read',
    breaks: [`${A}effect.marks-conversation-read`, `${A}effect.msg-read-time-boundary`],
    policies: () => ({ read: { markRead: () => {} } }),
  },
  'mark-read-both-directions': {
    does: 'also marks the other direction read',
    breaks: [`${A}effect.other-direction-untouched`],
    policies: () => ({ read: { markRead: (s, reader, peer, upTo) => (s.markRead(reader, peer, upTo), s.markRead(peer, reader, upTo)) } }),
  },
  'mark-read-both-directions-late': {
    does: 'also marks the other direction read, a second later',
    breaks: [`${A}effect.other-direction-untouched`],
    policies: () => {
      const later: Array<{ at: number; reader: string; peer: string }> = [];
      return {
        read: {
          markRead: (s, reader, peer, upTo, now) => (s.markRead(reader, peer, upTo), later.push({ at: now + 1000, reader: peer, peer: reader })),
          settle: (s, now) => {
            while (later.length && later[0]!.at <= now) ((x) => s.markRead(x.reader, x.peer))(later.shift()!);
          },
        },
      };
    },
  },
  'mark-read-all-peers': {
    does: "marks all of Report_Account's conversations read",
    breaks: [`${A}effect.other-conversations-untouched`],
    policies: () => ({ read: { markRead: (s, reader, _peer, upTo) => s.peersOf(reader).forEach((p) => s.markRead(reader, p, upTo)) } }),
  },
  'msg-read-time-ignored': {
    does: 'ignores MsgReadTime and reads everything',
    breaks: [`${A}effect.msg-read-time-boundary`],
    policies: () => ({ read: { markRead: (s, reader, peer) => s.markRead(reader, peer) } }),
  },
  'http-500-for-bodies-not-utf8': {
    does: 'answers HTTP 500 "internal error" without an envelope to every body that is not UTF-8, and everything else normally',
    breaks: ['rest.response.http-200'],
    policies: (() => {
      // The body is decoded just before the reply is rendered, in the same synchronous call.
      let notUtf8 = false;
      return all(
        fields((d) => ({ decodeBody: (bytes) => ((notUtf8 = !isUtf8(bytes)), d.decodeBody(bytes)) })),
        envelope((r, _q, doc) => {
          const page = notUtf8;
          notUtf8 = false;
          return page ? { status: 500, headers: { 'content-type': 'text/plain' }, body: 'internal error' } : doc(r);
        }),
      );
    })(),
  },
};
