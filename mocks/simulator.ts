/**
 * The simulator core: the documented behaviour of the endpoint and its companion APIs, written once. The MSW handlers
 * and the HTTP server are thin adapters over `handle`, which is synchronous and never throws.
 */
import { commands as registry, meaningOf } from '../src/spec';
import { verifyUserSig, type UserSigVerdict } from '../src/usersig';
import { conforms } from '../src/validators';
import type { MockConfig } from './config';
import { RateLimiter } from './rate-limiter';
import { ImState } from './state';

export interface SimRequest {
  method: string;
  /** Path and query, e.g. /v4/openim/admin_set_msg_read?sdkappid=... */
  url: string;
  body: Uint8Array;
}

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A response body: the envelope, plus command-specific fields on success. */
export type Reply = { ActionStatus: 'OK' | 'FAIL'; ErrorInfo: string; ErrorCode: number } & Record<string, unknown>;

export type Command = (typeof registry)[number];
type Body = Record<string, unknown>;
type Handler = (body: Body) => Reply;

/** A 32-bit unsigned integer in decimal, as the query schema states it for sdkappid and random. */
const isUint32Text = (s: string) => conforms('common/query.schema.json', '/properties/random', s);

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** Every reply travels as HTTP 200 with a JSON body: the outcome is in the envelope, never in the status. */
export const asResponse = (reply: Reply): SimResponse => ({ status: 200, headers: { 'content-type': JSON_CONTENT_TYPE }, body: JSON.stringify(reply) });

/** Without `stream`, every decode call stands alone, so one decoder serves all requests. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The key order of the doc's sample response. */
export const ok = (extra: Record<string, unknown> = {}): Reply => ({ ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0, ...extra });
export const fail = (code: number): Reply => ({ ActionStatus: 'FAIL', ErrorInfo: meaningOf(code) ?? 'error', ErrorCode: code });

/** Codes for each way a UserSig is refused (im-rest-facts §3, §4). */
const USERSIG_CODES: Record<Exclude<UserSigVerdict, { ok: true }>['reason'], number> = {
  empty: 70002,
  unparseable: 70003,
  'sdkappid-mismatch': 70014,
  'identifier-mismatch': 70013,
  expired: 70001,
  'bad-hmac': 70009,
};

export class Simulator {
  readonly state = new ImState();
  private readonly limiters = new Map<string, RateLimiter>();
  private readonly routes = new Map<string, Command>(registry.map((c) => [`/${c.path}`, c]));
  private readonly verdicts = new Map<string, UserSigVerdict>();
  private verdictSecond = Number.NaN;
  protected readonly handlers: Record<string, Handler> = {
    admin_set_msg_read: (b) => this.setMsgRead(b),
    account_import: (b) => this.accountImport(b),
    multiaccount_import: (b) => this.multiaccountImport(b),
    account_check: (b) => this.accountCheck(b),
    sendmsg: (b) => this.sendMsg(b),
    get_c2c_unread_msg_num: (b) => this.unreadCount(b),
  };

  constructor(readonly config: MockConfig) {
    this.state.importAccount(config.adminIdentifier);
    for (const c of registry) {
      const limit = c.command === 'admin_set_msg_read' ? (config.rateLimit ?? c.callsPerSecond) : c.callsPerSecond;
      if (config.rateLimit !== 0) this.limiters.set(c.command, new RateLimiter(limit));
    }
  }

  /** Answers one request. Every answer is HTTP 200 with an envelope, whatever arrives. */
  handle(req: SimRequest): SimResponse {
    let reply: Reply;
    try {
      reply = this.process(req);
    } catch {
      reply = fail(70500);
    }
    return this.respond(reply);
  }

  protected respond(reply: Reply): SimResponse {
    return asResponse(reply);
  }

  protected nowSeconds(): number {
    return Math.floor(this.config.now() / 1000);
  }

  /** The order of checks follows what the live service was seen to do: the URL and UserSig before method and body. */
  protected process(req: SimRequest): Reply {
    const url = new URL(req.url, 'http://mock.invalid');
    const q = url.searchParams;
    const auth = this.authenticate(q);
    if (typeof auth === 'object') return auth;
    const refusal = this.checkQueryFormat(q);
    if (refusal) return refusal;
    if (req.method.toUpperCase() !== 'POST') return fail(60008);
    const command = this.routes.get(url.pathname);
    if (!command) return fail(60009);
    if (!this.isAdmin(auth)) return fail(command.path.startsWith('v4/openim/') ? 90009 : 70403);
    if (!this.admit(command)) return fail(60007);
    const parseCode = command.path.startsWith('v4/openim/') ? 90001 : 60003;
    if (req.body.byteLength > this.config.maxBodyBytes) return fail(60002);
    const body = this.decodeBody(req.body);
    if (body === undefined) return fail(parseCode);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return fail(parseCode);
    return this.handlers[command.command]!(body as Body);
  }

  /** The identifier when sdkappid and UserSig hold, or the refusal. */
  protected authenticate(q: URLSearchParams): string | Reply {
    const sdkappid = q.get('sdkappid');
    if (sdkappid === null || sdkappid === '') return fail(60012);
    if (!isUint32Text(sdkappid)) return fail(60006);
    const key = this.appKey(Number(sdkappid));
    if (key === undefined) return fail(70020);
    const identifier = q.get('identifier');
    if (identifier === null || identifier === '') return fail(60025);
    const verdict = this.verify(q.get('usersig') ?? '', { sdkappid: Number(sdkappid), identifier, key });
    return verdict.ok ? identifier : fail(USERSIG_CODES[verdict.reason]);
  }

  /** The secret key of an app, or undefined when the SDKAppID is no app: the simulator serves one app. */
  protected appKey(sdkappid: number): string | undefined {
    return sdkappid === this.config.sdkAppId ? this.config.secretKey : undefined;
  }

  protected verify(usersig: string, expected: { sdkappid: number; identifier: string; key: string }): UserSigVerdict {
    const now = this.nowSeconds();
    // The verdict is a pure function of its inputs, the current second included, so it is memoised for that second:
    // inflating the token and its HMAC are most of the cost of a call under load.
    if (now !== this.verdictSecond) {
      this.verdicts.clear();
      this.verdictSecond = now;
    }
    const memoKey = `${expected.sdkappid}\n${expected.identifier}\n${expected.key}\n${usersig}`;
    let verdict = this.verdicts.get(memoKey);
    if (!verdict) {
      verdict = verifyUserSig(usersig, expected, now);
      if (this.verdicts.size < 1024) this.verdicts.set(memoKey, verdict);
    }
    return verdict;
  }

  /** contenttype and random are only checked in strict mode: the live answer is not documented (ledger AMB-QUERY-LENIENCY). */
  protected checkQueryFormat(q: URLSearchParams): Reply | undefined {
    if (!this.config.strict) return undefined;
    if (q.get('contenttype') !== 'json') return fail(60025);
    const random = q.get('random');
    if (random === null || !isUint32Text(random)) return fail(60002);
    return undefined;
  }

  protected isAdmin(identifier: string): boolean {
    return identifier === this.config.adminIdentifier;
  }

  protected admit(command: Command): boolean {
    return this.limiters.get(command.command)?.tryAcquire(this.config.now()) ?? true;
  }

  /** Strict UTF-8, then JSON; undefined when either fails. */
  protected decodeBody(bytes: Uint8Array): unknown {
    try {
      return JSON.parse(STRICT_UTF8.decode(bytes));
    } catch {
      return undefined;
    }
  }

  /**
   * An account field: absent or null answers `missingCode`, another type 60015, an account never imported
   * `missingCode` again (the doc gives one code for "missing or does not exist").
   */
  protected account(value: unknown, missingCode: number): string | Reply {
    if (value === undefined || value === null) return fail(missingCode);
    if (typeof value !== 'string') return fail(60015);
    return this.state.hasAccount(value) ? value : fail(missingCode);
  }

  /** MsgReadTime in Unix seconds, undefined when absent, or the refusal. */
  protected msgReadTime(value: unknown): number | undefined | Reply {
    if (value === undefined) return undefined;
    if (typeof value === 'string' && /^[0-9]+$/.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
    if (typeof value === 'number' && !this.config.strict && Number.isSafeInteger(value) && value >= 0) return value;
    return fail(90001);
  }

  /** Report_Account answers 90008 and Peer_Account 90003 (ledger DOC-ACCOUNT-CODES). */
  protected setMsgRead(b: Body): Reply {
    const report = this.account(b.Report_Account, 90008);
    if (typeof report !== 'string') return report;
    const peer = this.account(b.Peer_Account, 90003);
    if (typeof peer !== 'string') return peer;
    const upTo = this.msgReadTime(b.MsgReadTime);
    if (typeof upTo === 'object') return upTo;
    this.markRead(report, peer, upTo);
    return ok();
  }

  /** The effect of the endpoint: peer's messages to report, up to upTo (all when undefined), become read. */
  protected markRead(report: string, peer: string, upTo: number | undefined): void {
    this.state.markRead(report, peer, upTo);
  }

  private static validUserId(v: unknown): v is string {
    return typeof v === 'string' && v.length > 0 && Buffer.byteLength(v) <= 32;
  }

  protected accountImport(b: Body): Reply {
    const id = b.UserID ?? b.Identifier;
    if (!Simulator.validUserId(id)) return fail(70402);
    for (const k of ['Nick', 'FaceUrl'] as const) if (b[k] !== undefined && typeof b[k] !== 'string') return fail(70402);
    this.state.importAccount(id);
    return ok();
  }

  protected multiaccountImport(b: Body): Reply {
    const list: unknown[] | undefined = Array.isArray(b.AccountList)
      ? b.AccountList.map((a: unknown) => (a !== null && typeof a === 'object' ? (a as Body).UserID : undefined))
      : Array.isArray(b.Accounts)
        ? b.Accounts
        : undefined;
    if (!list || list.length === 0 || list.length > 100) return fail(70402);
    const failed: string[] = [];
    for (const id of list) {
      if (Simulator.validUserId(id)) this.state.importAccount(id);
      else failed.push(typeof id === 'string' ? id : JSON.stringify(id) ?? 'undefined');
    }
    return ok({ FailAccounts: failed });
  }

  protected accountCheck(b: Body): Reply {
    const items = b.CheckItem;
    if (!Array.isArray(items) || items.length === 0 || items.length > 100) return fail(70402);
    const ids = items.map((i: unknown) => (i !== null && typeof i === 'object' ? (i as Body).UserID : undefined));
    if (!ids.every((id): id is string => typeof id === 'string')) return fail(70402);
    return ok({
      ResultItem: ids.map((UserID) => ({
        UserID,
        ResultCode: 0,
        ResultInfo: '',
        AccountStatus: this.state.hasAccount(UserID) ? 'Imported' : 'NotImported',
      })),
    });
  }

  protected sendMsg(b: Body): Reply {
    const from = b.From_Account === undefined ? this.config.adminIdentifier : this.account(b.From_Account, 90008);
    if (typeof from !== 'string') return from;
    const to = this.account(b.To_Account, 90003);
    if (typeof to !== 'string') return to;
    const random = b.MsgRandom;
    if (!conforms('api/sendmsg.request.schema.json', '/properties/MsgRandom', random)) return fail(90005);
    const body = b.MsgBody;
    const wellFormed = (e: unknown) =>
      e !== null && typeof e === 'object' && typeof (e as Body).MsgType === 'string' && typeof (e as Body).MsgContent === 'object';
    if (!Array.isArray(body) || body.length === 0 || !body.every(wellFormed)) return fail(90007);
    const stamp = b.MsgTimeStamp;
    if (stamp !== undefined && (typeof stamp !== 'number' || !Number.isSafeInteger(stamp) || stamp < 0)) return fail(90001);
    const time = stamp ?? this.nowSeconds();
    const control = Array.isArray(b.SendMsgControl) ? b.SendMsgControl : [];
    const key = this.state.send(from, to, time, !control.includes('NoUnread'), random as number);
    return ok({ MsgTime: time, MsgKey: key });
  }

  protected unreadCount(b: Body): Reply {
    const reader = this.account(b.To_Account, 90003);
    if (typeof reader !== 'string') return reader;
    const peers = b.Peer_Account;
    if (peers === undefined) return ok({ AllC2CUnreadMsgNum: this.state.unreadTotal(reader) });
    if (!Array.isArray(peers) || peers.length > 10 || !peers.every((p) => typeof p === 'string')) return fail(90001);
    const known = peers.filter((p) => this.state.hasAccount(p));
    const unknown = peers.filter((p) => !this.state.hasAccount(p));
    return ok({
      AllC2CUnreadMsgNum: this.state.unreadTotal(reader),
      C2CUnreadMsgNumList: known.map((p) => ({ Peer_Account: p, C2CUnreadMsgNum: this.state.unreadFrom(reader, p) })),
      ...(unknown.length ? { ErrorList: unknown.map((p) => ({ Peer_Account: p, ErrorCode: 70107 })) } : {}),
    });
  }
}
