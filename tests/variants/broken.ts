/**
 * Deliberately broken simulators. Each departs from documented rules in one way, and the suite must reject it on
 * exactly the clauses listed in `breaks`: no fewer (it catches the departure) and no more (it charges the departure
 * to the clause it breaks, and only to it).
 */
import { isUtf8 } from 'node:buffer';
import { command } from '../../src/core/spec.js';
import type { Body } from '../../mocks/command.js';
import { decodeUserSig, verifyUserSig } from '../../src/core/usersig.js';
import { createLimits, decodeJsonBody } from '../../mocks/policies.js';
import type { ImState } from '../../mocks/state.js';
import { RateLimiter } from '../../mocks/rate-limiter.js';
import { fail, isRefusal, ok, type Reply } from '../../mocks/reply.js';
import { brokenAdminMsgwithdraw } from './broken-admin_msgwithdraw.js';
import { brokenModifyC2cMsg } from './broken-modify_c2c_msg.js';
import { all, authParts, deferred, envelope, fields, fromUserSig, handler, hmacComparedBy, query, read, reply, verdictAmended, type Variant, stickyLimit, limitedPer } from './compose.js';
import { brokenImportmsg } from './broken-importmsg.js';
import { brokenSendmsg } from './broken-sendmsg.js';
import { brokenAdminGetroammsg } from './broken-admin_getroammsg.js';
import { brokenBatchsendmsg } from './broken-batchsendmsg.js';
import { brokenGetC2cUnreadMsgNum } from './broken-get_c2c_unread_msg_num.js';

export interface BrokenVariant extends Variant {
  breaks: string[];
  /** The commands whose cases judge it, when not those its broken clauses name (tests/selftest/matrix.spec.ts). */
  commands?: string[];
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

/** An account field read after `rewrite`; the missing-account code tells the fields apart: 90003 is Peer_Account. */
const accountRead = (rewrite: (v: unknown, isPeer: boolean, state: ImState) => unknown) =>
  fields((d) => ({ account: (v, code, state) => d.account(rewrite(v, code === 90003, state), code, state) }));

/**
 * Marking read that leaves `keep(eligible)` of the messages it should read unread. The state keeps no message times
 * once read, so those left unread are made again at MsgReadTime (or now): their count is what the suite observes.
 */
const readsShort = (keep: (eligible: number) => number) =>
  read(() => ({
    markRead(s, reader, peer, upTo, nowMs) {
      const before = s.unreadFrom(reader, peer);
      s.markRead(reader, peer, upTo);
      const left = keep(before - s.unreadFrom(reader, peer));
      for (let i = 0; i < left; i++) s.send(peer, reader, upTo ?? Math.floor(nowMs / 1000), true, i);
    },
  }));

export const broken: Record<string, BrokenVariant> = {
  ...brokenSendmsg,
  ...brokenImportmsg,
  ...brokenAdminGetroammsg,
  ...brokenAdminMsgwithdraw,
  ...brokenModifyC2cMsg,
  ...brokenBatchsendmsg,
  ...brokenGetC2cUnreadMsgNum,
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
    breaks: [`${A}request.body.object`, 'sendmsg.request.body.object', 'importmsg.request.body.object'],
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
    policies: read((d) => ({ readTime: (v) => (typeof v === 'string' ? { code: 90001 } : d.readTime(v)) })),
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
  'rate-limit-100': { does: 'limits the endpoint to 100 calls per second', breaks: [`${A}rate-limit.accepts-under-limit`], config: { rateLimit: { admin_set_msg_read: 100 } } },
  'rate-limit-400': { does: 'limits the endpoint to 400 calls per second', breaks: [`${A}rate-limit.refuses-over-limit`], config: { rateLimit: { admin_set_msg_read: 400 } } },
  'rate-limit-sticky': {
    does: 'refuses every call for five seconds after a refusal',
    breaks: [`${A}rate-limit.recovers`],
    policies: stickyLimit('admin_set_msg_read'),
  },
  'mark-read-noop': {
    does: 'answers OK and marks nothing read',
    breaks: [`${A}effect.marks-conversation-read`, `${A}effect.msg-read-time-boundary`],
    policies: read(() => ({ markRead: () => {} })),
  },
  'mark-read-both-directions': {
    does: 'also marks the other direction read',
    breaks: [`${A}effect.other-direction-untouched`],
    policies: read(() => ({ markRead: (s, reader, peer, upTo) => (s.markRead(reader, peer, upTo), s.markRead(peer, reader, upTo)) })),
  },
  'mark-read-both-directions-late': {
    does: 'also marks the other direction read, a second later',
    breaks: [`${A}effect.other-direction-untouched`],
    policies: (d, config) => {
      const later = deferred();
      return read(() => ({
        markRead: (s, reader, peer, upTo, now) => (s.markRead(reader, peer, upTo), later.at(now + 1000, (st) => st.markRead(peer, reader))),
        settle: later.settle,
      }))(d, config);
    },
  },
  'mark-read-all-peers': {
    does: "marks all of Report_Account's conversations read",
    breaks: [`${A}effect.other-conversations-untouched`],
    policies: read(() => ({ markRead: (s, reader, _peer, upTo) => s.peersOf(reader).forEach((p) => s.markRead(reader, p, upTo)) })),
  },
  'msg-read-time-ignored': {
    does: 'ignores MsgReadTime and reads everything',
    breaks: [`${A}effect.msg-read-time-boundary`],
    policies: read(() => ({ markRead: (s, reader, peer) => s.markRead(reader, peer) })),
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
  // What the suite once let through: self-service by ordinary accounts, repeated calls in one conversation, one field
  // checked more loosely than the other, and looser comparisons of the UserSig.
  'self-service-allowed': {
    does: 'lets an ordinary account, with its own valid UserSig, mark its own conversations read',
    breaks: ['rest.auth.identifier.admin'],
    policies: (d, config) => {
      // The simulator answers one request at a time, from authentication to reply: the caller is this request's.
      let caller = '';
      const allowed = (name: string, b: Body) => d.auth.isAdmin(caller) || (name === 'admin_set_msg_read' && b.Report_Account === caller);
      return all(
        ...Object.keys(d.handlers).map((name) => handler(name, (b, ctx, documented) => (allowed(name, b) ? documented(b, ctx) : fail(command(name).codes.admin)))),
        () => ({
          auth: {
            authenticate(q, now) {
              const r = d.auth.authenticate(q, now);
              caller = isRefusal(r) ? '' : r.identifier;
              return r;
            },
            isAdmin: () => true,
          },
        }),
      )(d, config);
    },
  },
  'read-mark-set-once': {
    does: 'keeps the first read mark of a conversation and ignores later calls for it',
    breaks: [`${A}effect.marks-conversation-read`],
    policies: (d, config) => {
      const marked = new Set<string>();
      return read((doc) => ({
        markRead(s, reader, peer, upTo, now) {
          const key = JSON.stringify([reader, peer]);
          if (marked.has(key)) return;
          marked.add(key);
          doc.markRead(s, reader, peer, upTo, now);
        },
        reset: () => marked.clear(),
      }))(d, config);
    },
  },
  'mark-read-one-message': {
    does: 'marks one message read per call',
    breaks: [`${A}effect.marks-conversation-read`, `${A}effect.msg-read-time-boundary`],
    policies: readsShort((eligible) => Math.max(0, eligible - 1)),
  },
  'msg-read-time-inverted': {
    does: 'reads the messages after MsgReadTime instead of those before it',
    breaks: [`${A}effect.msg-read-time-boundary`],
    policies: read((d) => ({
      markRead(s, reader, peer, upTo, now) {
        if (upTo === undefined) return d.markRead(s, reader, peer, upTo, now);
        const before = s.unreadFrom(reader, peer);
        s.markRead(reader, peer, upTo);
        const older = before - s.unreadFrom(reader, peer);
        s.markRead(reader, peer);
        for (let i = 0; i < older; i++) s.send(peer, reader, upTo, true, i);
      },
    })),
  },
  'msg-read-time-in-ms': {
    does: 'reads MsgReadTime as milliseconds',
    breaks: [`${A}effect.msg-read-time-boundary`],
    policies: read((d) => ({ readTime: (v) => ((t) => (typeof t === 'number' ? t / 1000 : t))(d.readTime(v)) })),
  },
  'peer-account-list-accepted': {
    does: 'takes a Peer_Account list of one account, as get_c2c_unread_msg_num has it, for that account',
    breaks: [`${A}request.account.string`],
    policies: accountRead((v, isPeer) => (isPeer && Array.isArray(v) && v.length === 1 ? v[0] : v)),
  },
  'accounts-unwrapped': {
    does: 'takes a list of one account or a {"UserID": ...} object for that account, in either field',
    breaks: [`${A}request.account.string`],
    policies: accountRead((v) => (Array.isArray(v) && v.length === 1 ? v[0] : v !== null && typeof v === 'object' && 'UserID' in v ? (v as { UserID: unknown }).UserID : v)),
  },
  'accounts-left-trimmed': {
    does: 'skips spaces before an account name',
    breaks: [`${A}request.account.exists`],
    policies: accountRead((v) => (typeof v === 'string' ? v.trimStart() : v)),
  },
  'peer-account-case-insensitive': {
    does: 'finds Peer_Account whatever its letter case',
    breaks: [`${A}request.account.exists`],
    policies: accountRead((v, isPeer, state) =>
      isPeer && typeof v === 'string' ? (state.snapshot().accounts.find((a) => a.toLowerCase() === v.toLowerCase()) ?? v) : v,
    ),
  },
  'usersig-hmac-prefix': { does: 'compares the first 40 characters of the HMAC', breaks: ['rest.auth.usersig.key'], policies: hmacComparedBy((g, w) => g.slice(0, 40) === w.slice(0, 40)) },
  'usersig-hmac-case-insensitive': { does: 'compares the HMAC ignoring letter case', breaks: ['rest.auth.usersig.key'], policies: hmacComparedBy((g, w) => g.toLowerCase() === w.toLowerCase()) },
  'usersig-hmac-length-given': {
    does: 'compares the HMAC over the length of the one given',
    breaks: ['rest.auth.usersig.key'],
    policies: hmacComparedBy((g, w) => g.length > 0 && w.startsWith(g)),
  },
  'usersig-hmac-length-expected': {
    does: 'compares the decoded HMAC over the 32 bytes expected, ignoring what follows',
    breaks: ['rest.auth.usersig.key'],
    policies: hmacComparedBy((g, w) => Buffer.from(g, 'base64').subarray(0, 32).equals(Buffer.from(w, 'base64'))),
  },
  'usersig-identifier-case-insensitive': {
    does: "compares the UserSig's identifier with the URL's ignoring letter case",
    breaks: ['rest.auth.usersig.identifier'],
    policies: authParts((d) => ({
      verify(sig, expected, now) {
        const v = d.verify(sig, expected, now);
        const named = decodeUserSig(sig)?.['TLS.identifier'];
        const sameButCase = typeof named === 'string' && named.toLowerCase() === expected.identifier.toLowerCase();
        return !v.ok && v.reason === 'identifier-mismatch' && sameButCase ? d.verify(sig, { ...expected, identifier: named }, now) : v;
      },
    })),
  },
  'usersig-fixed-lifetime': {
    does: 'takes a UserSig as expired ten minutes after TLS.time, whatever TLS.expire says',
    breaks: ['rest.auth.usersig.unexpired'],
    policies: verdictAmended((v, _doc, _expected, now) => (v.ok && now > v.fields.time + 600 ? { ok: false, reason: 'expired' } : v)),
  },
  'nothing-unread-refused': {
    does: 'refuses to mark read a conversation that has no unread message',
    breaks: [`${A}request.valid`, `${A}request.msg-read-time.string`],
    policies: handler('admin_set_msg_read', (b, ctx, doc) => {
      const had = typeof b.Report_Account === 'string' && typeof b.Peer_Account === 'string' ? ctx.state.unreadFrom(b.Report_Account, b.Peer_Account) : 0;
      const r = doc(b, ctx);
      return r.ErrorCode === 0 && had === 0 ? fail(90001) : r;
    }),
  },
  'report-account-defaults-to-admin': {
    does: 'marks the admin\'s own conversation when Report_Account is missing or empty',
    breaks: [`${A}request.report-account.required`],
    policies: handler('admin_set_msg_read', (b, ctx, doc) => doc(b.Report_Account === undefined || b.Report_Account === '' ? { ...b, Report_Account: ctx.config.adminIdentifier } : b, ctx)),
  },
  'peer-account-not-checked': {
    does: 'checks that Report_Account exists but not Peer_Account',
    breaks: [`${A}request.account.exists`],
    policies: fields((d) => ({ account: (v, code, state) => (code === 90003 && typeof v === 'string' && v !== '' ? v : d.account(v, code, state)) })),
  },
  'json-trailing-comma-accepted': {
    does: 'parses JSON leniently, allowing a comma before a closing brace or bracket',
    breaks: [`${A}request.body.json`],
    policies: fields((d) => ({ decodeBody: (bytes) => d.decodeBody(bytes) ?? decodeJsonBody(Buffer.from(Buffer.from(bytes).toString('utf8').replace(/,\s*([}\]])/g, '$1'))) })),
  },
  'mark-read-swapped': {
    does: "marks Peer_Account's messages from Report_Account read instead",
    breaks: [`${A}effect.marks-conversation-read`, `${A}effect.other-direction-untouched`, `${A}effect.msg-read-time-boundary`],
    policies: read((d) => ({ markRead: (s, reader, peer, upTo, now) => d.markRead(s, peer, reader, upTo, now) })),
  },
  'action-status-lower-case': {
    does: 'says ActionStatus ok and fail in lower case',
    breaks: ['rest.response.envelope'],
    policies: reply((r) => ({ ...r, ActionStatus: r.ActionStatus.toLowerCase() as Reply['ActionStatus'] })),
  },
  'ok-without-error-code': {
    does: 'leaves ErrorCode out of the successful answers of admin_set_msg_read',
    breaks: ['rest.response.envelope'],
    policies: envelope(({ ErrorCode, ...rest }, q, doc) =>
      doc(ErrorCode === 0 && new URL(q.url, 'http://x.invalid').pathname.endsWith('/admin_set_msg_read') ? (rest as Reply) : { ...rest, ErrorCode }),
    ),
  },
  'rate-limit-per-minute': {
    does: 'allows 12,000 calls a minute, 200 a second on average',
    breaks: [`${A}rate-limit.refuses-over-limit`],
    policies: (_d, config) => ({ limits: createLimits(config, (n) => new RateLimiter(n * 60, 60_000)) }),
  },
  // The documented limit is the app's; these count it per account or per conversation, so calls for several
  // conversations together go past it.
  'rate-limit-per-conversation': {
    does: 'allows 200 calls a second for each pair of Report_Account and Peer_Account, not for the app',
    breaks: [`${A}rate-limit.refuses-over-limit`],
    config: { rateLimit: { admin_set_msg_read: 0 } },
    policies: limitedPer('admin_set_msg_read', (b) => `${String(b.Report_Account)}\n${String(b.Peer_Account)}`),
  },
  'rate-limit-per-report-account': {
    does: 'allows 200 calls a second for each Report_Account, not for the app',
    breaks: [`${A}rate-limit.refuses-over-limit`],
    config: { rateLimit: { admin_set_msg_read: 0 } },
    policies: limitedPer('admin_set_msg_read', (b) => String(b.Report_Account)),
  },
  'rate-limit-per-peer-account': {
    does: 'allows 200 calls a second for each Peer_Account, not for the app',
    breaks: [`${A}rate-limit.refuses-over-limit`],
    config: { rateLimit: { admin_set_msg_read: 0 } },
    policies: limitedPer('admin_set_msg_read', (b) => String(b.Peer_Account)),
  },
  'mark-read-by-sender': {
    does: "marks read every message Peer_Account sent, to any account",
    breaks: [`${A}effect.other-conversations-untouched`],
    policies: read((d) => ({
      markRead: (s, _reader, peer, upTo, now) =>
        s.snapshot().unread.filter((c) => c.peer === peer).forEach((c) => d.markRead(s, c.reader, peer, upTo, now)),
    })),
  },
};
