/**
 * The simulator's behaviour as a small set of named policies: auth (who calls), limits (how often), fields (how a
 * request's values are read), read (what marking read does), envelope (how a reply travels) and handlers (each
 * command). The defaults are the documented behaviour. A variant, such as the self-tests' broken and faithful
 * implementations, replaces or wraps one policy and keeps the others.
 */
import { command, commands } from '../core/spec.js';
import { verifyUserSig, type UserSigVerdict } from '../core/usersig.js';
import { conforms } from '../core/validators.js';
import type { CommandHandler } from './command.js';
import type { MockConfig } from './config.js';
import { RateLimiter } from './rate-limiter.js';
import type { Refusal, Reply } from './reply.js';
import type { ImState } from './state.js';

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  /** Text is sent as UTF-8; bytes as they are. */
  body: string | Uint8Array;
}

export interface AuthPolicy {
  /** The caller's identifier once sdkappid, identifier and UserSig hold; otherwise the refusal. */
  authenticate(query: URLSearchParams, nowSeconds: number): { identifier: string } | Refusal;
  /** Whether an authenticated identifier is an App admin. */
  isAdmin(identifier: string): boolean;
}

/** The parts of authentication, each replaceable on its own. */
export interface AuthParts {
  /** The secret key of an app, or undefined when the SDKAppID is no app: the simulator serves one app. */
  appKey(sdkappid: number): string | undefined;
  /** Verifies a UserSig for the sdkappid and identifier of the URL, with the app's key (im-rest-facts §3). */
  verify(usersig: string, expected: { sdkappid: number; identifier: string; key: string }, nowSeconds: number): UserSigVerdict;
  isAdmin(identifier: string): boolean;
}

export interface Limiter {
  /** Takes a slot at time `nowMs` when one is free. */
  tryAcquire(nowMs: number): boolean;
}

export interface LimitPolicy {
  /** Whether a call of `command` is admitted at `nowMs`. */
  admit(command: string, nowMs: number): boolean;
  /** Forgets every call made so far. */
  reset(): void;
}

export interface FieldPolicy {
  /** The refusal of a query value that no documented reading allows, when strict; undefined to go on. */
  query(q: URLSearchParams): Refusal | undefined;
  /** The body as JSON, or undefined when it is no JSON at all. */
  decodeBody(bytes: Uint8Array): unknown;
  /** An account field: the existing account it names, or the refusal. */
  account(value: unknown, missingCode: number, state: ImState): string | Refusal;
  /** MsgReadTime in Unix seconds, undefined when absent, or the refusal. */
  msgReadTime(value: unknown): number | undefined | Refusal;
}

export interface ReadPolicy {
  /** The effect of the endpoint: peer's messages to reader, up to upTo (all when undefined), become read. */
  markRead(state: ImState, reader: string, peer: string, upTo: number | undefined, nowMs: number): void;
  /** Called before every request, so that a policy whose effects show late applies those now due. */
  settle?(state: ImState, nowMs: number): void;
  /** Forgets effects not yet applied. */
  reset?(): void;
}

export interface EnvelopePolicy {
  /** How a reply travels. */
  render(reply: Reply, request: { method: string; url: string }): SimResponse;
}

export interface Policies {
  auth: AuthPolicy;
  limits: LimitPolicy;
  fields: FieldPolicy;
  read: ReadPolicy;
  envelope: EnvelopePolicy;
  handlers: Readonly<Record<string, CommandHandler>>;
}

/** Codes for each way a UserSig is refused (im-rest-facts §3, §4). */
export const USERSIG_CODES: Record<Exclude<UserSigVerdict, { ok: true }>['reason'], number> = {
  empty: 70002,
  unparseable: 70003,
  'sdkappid-mismatch': 70014,
  'identifier-mismatch': 70013,
  expired: 70001,
  'bad-hmac': 70009,
};

/** A 32-bit unsigned integer in decimal, as the schema states it for sdkappid and random. */
export const isUint32Text = (s: string) => conforms('common/uint32.schema.json', '/$defs/text', s);

/**
 * The documented parts of authentication. The verdict of verify is a pure function of its inputs, the current second
 * included, so it is kept for that second: inflating the token and its HMAC are most of the cost of a call under load.
 */
export function defaultAuthParts(config: MockConfig): AuthParts {
  const verdicts = new Map<string, UserSigVerdict>();
  let second = Number.NaN;
  return {
    appKey: (sdkappid) => (sdkappid === config.sdkAppId ? config.secretKey : undefined),
    verify(usersig, expected, nowSeconds) {
      if (nowSeconds !== second) {
        verdicts.clear();
        second = nowSeconds;
      }
      const key = `${expected.sdkappid}\n${expected.identifier}\n${expected.key}\n${usersig}`;
      let verdict = verdicts.get(key);
      if (!verdict) {
        verdict = verifyUserSig(usersig, expected, nowSeconds);
        if (verdicts.size < 1024) verdicts.set(key, verdict);
      }
      return verdict;
    },
    isAdmin: (identifier) => identifier === config.adminIdentifier,
  };
}

/** Authentication from its parts, in the order the live service was seen to check: sdkappid, identifier, UserSig. */
export function createAuth(config: MockConfig, replace: Partial<AuthParts> = {}): AuthPolicy {
  const parts = { ...defaultAuthParts(config), ...replace };
  return {
    authenticate(q, nowSeconds) {
      const sdkappid = q.get('sdkappid');
      if (sdkappid === null || sdkappid === '') return { code: 60012 };
      if (!isUint32Text(sdkappid)) return { code: 60006 };
      const key = parts.appKey(Number(sdkappid));
      // The docs give 70020 (SDKAppID not found); the service was seen to answer 70032 (ledger SRC-UNKNOWN-APP-CODE).
      if (key === undefined) return { code: 70032 };
      const identifier = q.get('identifier');
      if (identifier === null || identifier === '') return { code: 60025 };
      const verdict = parts.verify(q.get('usersig') ?? '', { sdkappid: Number(sdkappid), identifier, key }, nowSeconds);
      return verdict.ok ? { identifier } : { code: USERSIG_CODES[verdict.reason] };
    },
    isAdmin: (identifier) => parts.isAdmin(identifier),
  };
}

/** Each command's documented limit (the endpoint's replaced by config.rateLimit), or none when rateLimit is 0. */
export function createLimits(config: MockConfig, makeLimiter: (perSecond: number) => Limiter = (n) => new RateLimiter(n)): LimitPolicy {
  let limiters = new Map<string, Limiter>();
  const build = () => {
    limiters = new Map();
    if (config.rateLimit === 0) return;
    for (const c of commands) limiters.set(c.command, makeLimiter(c.role === 'endpoint' ? (config.rateLimit ?? c.callsPerSecond) : c.callsPerSecond));
  };
  build();
  return {
    admit: (name, nowMs) => limiters.get(name)?.tryAcquire(nowMs) ?? true,
    reset: build,
  };
}

/** Without `stream`, every decode call stands alone, so one decoder serves all requests. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A body as the docs define it, UTF-8 JSON: its value, or undefined when it is not valid UTF-8 or not JSON. */
export function decodeJsonBody(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(STRICT_UTF8.decode(bytes));
  } catch {
    return undefined;
  }
}

export function createFields(config: MockConfig): FieldPolicy {
  return {
    // contenttype and random are only refused in strict mode: the live answer is not documented (ledger AMB-QUERY-LENIENCY).
    query(q) {
      if (!config.strict) return undefined;
      if (q.get('contenttype') !== 'json') return { code: 60025 };
      const random = q.get('random');
      if (random === null || !isUint32Text(random)) return { code: 60002 };
      return undefined;
    },
    decodeBody: decodeJsonBody,
    // Absent or null answers missingCode, another type 60015, an account never imported missingCode again: the doc
    // gives one code for "missing or does not exist".
    account(value, missingCode, state) {
      if (value === undefined || value === null) return { code: missingCode };
      if (typeof value !== 'string') return { code: 60015 };
      return state.hasAccount(value) ? value : { code: missingCode };
    },
    // A string of digits and a whole number are both documented readings (ledger SRC-MSGREADTIME-TYPE).
    msgReadTime(value) {
      if (value === undefined) return undefined;
      if (typeof value === 'string' && /^[0-9]+$/.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
      if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
      return { code: command('admin_set_msg_read').codes.parse };
    },
  };
}

export const immediateRead: ReadPolicy = {
  markRead: (state, reader, peer, upTo) => state.markRead(reader, peer, upTo),
};

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** Every reply travels as HTTP 200 with a JSON body: the outcome is in the envelope, never in the status. */
export const jsonEnvelope: EnvelopePolicy = {
  render: (reply) => ({ status: 200, headers: { 'content-type': JSON_CONTENT_TYPE }, body: JSON.stringify(reply) }),
};
