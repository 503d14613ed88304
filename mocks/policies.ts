/**
 * The simulator's behaviour as a small set of named policies: auth (who calls), limits (how often), fields (how a
 * request's values shared by several commands are read), envelope (how a reply travels) and handlers (each command,
 * with what belongs to that command alone, such as admin_set_msg_read's read policy). The defaults are the documented
 * behaviour. A variant, such as the self-tests' broken and faithful implementations, replaces or wraps one policy and
 * keeps the others.
 */
import { commands } from '../src/core/spec.js';
import { verifyUserSig, type UserSigVerdict } from '../src/core/usersig.js';
import { conforms } from '../src/core/validators.js';
import type { CommandHandler } from './command.js';
import type { MockConfig } from './config.js';
import { RateLimiter } from './rate-limiter.js';
import type { Refusal, Reply } from './reply.js';
import type { QueryReader } from './request.js';
import type { ImState } from './state.js';

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  /** Text is sent as UTF-8; bytes as they are. */
  body: string | Uint8Array;
}

export interface AuthPolicy {
  /** The caller's identifier once sdkappid, identifier and UserSig hold; otherwise the refusal. */
  authenticate(query: QueryReader, nowSeconds: number): { identifier: string } | Refusal;
  /** Whether an authenticated identifier is an App admin. */
  isAdmin(identifier: string): boolean;
}

/** The parts of authentication, each replaceable on its own. */
export interface AuthParts {
  /** The secret key of an app, or undefined when the SDKAppID is no app: the simulator serves one app. */
  appKey(sdkappid: number): string | undefined;
  /** Verifies a UserSig for the sdkappid and identifier of the URL, with the app's key (docs/facts/usersig.md#verifying). */
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
  query(q: QueryReader): Refusal | undefined;
  /** The body as JSON, or undefined when it is no JSON at all. */
  decodeBody(bytes: Uint8Array): unknown;
  /** An account field: the existing account it names, or the refusal. */
  account(value: unknown, missingCode: number, state: ImState): string | Refusal;
}

export interface EnvelopePolicy {
  /** How a reply travels. */
  render(reply: Reply, request: { method: string; url: string }): SimResponse;
}

export interface Policies {
  auth: AuthPolicy;
  limits: LimitPolicy;
  fields: FieldPolicy;
  envelope: EnvelopePolicy;
  handlers: Readonly<Record<string, CommandHandler>>;
}

/** Codes for each way a UserSig is refused (docs/facts/usersig.md#refusal-codes). */
export const USERSIG_CODES: Record<Exclude<UserSigVerdict, { ok: true }>['reason'], number> = {
  empty: 70002,
  unparseable: 70003,
  'sdkappid-mismatch': 70014,
  'identifier-mismatch': 70013,
  expired: 70001,
  'bad-hmac': 70009,
};

/** The last text found to be a 32-bit unsigned integer: every call of an app carries the same sdkappid. */
let lastUint32Text = '';
/** A 32-bit unsigned integer in decimal, as the schema states it for sdkappid and random. */
export function isUint32Text(s: string): boolean {
  if (s === lastUint32Text) return true;
  if (!conforms('common/uint32.schema.json', '/$defs/text', s)) return false;
  lastUint32Text = s;
  return true;
}

/** Verified UserSigs kept at once; past this the cache starts again empty. */
export const VERIFIED_CACHE_SIZE = 1024;

/**
 * The documented parts of authentication. Inflating a token and its HMAC are most of the cost of a call under load,
 * so a UserSig that verified is kept with its expiry (TLS.time + TLS.expire) for the sdkappid, identifier and key it
 * verified against; it holds until then, and is verified afresh after. Refusals are not kept.
 */
export function defaultAuthParts(config: MockConfig): AuthParts {
  // By token: a kept verdict holds only for the sdkappid, identifier and key it was verified against.
  type Kept = { key: string; verdict: Extract<UserSigVerdict, { ok: true }> };
  const verified = new Map<string, Kept>();
  let last: { usersig: string; entry: Kept } | undefined;
  return {
    appKey: (sdkappid) => (sdkappid === config.sdkAppId ? config.secretKey : undefined),
    verify(usersig, expected, nowSeconds) {
      // A client signs once and sends the same token on every call: comparing with the last one is cheaper than hashing.
      const kept = usersig === last?.usersig ? last.entry : verified.get(usersig);
      if (kept && kept.key === expected.key) {
        const { fields } = kept.verdict;
        if (fields.sdkappid === expected.sdkappid && fields.identifier === expected.identifier && nowSeconds <= fields.time + fields.expire) return kept.verdict;
      }
      const verdict = verifyUserSig(usersig, expected, nowSeconds);
      if (verdict.ok) {
        if (verified.size >= VERIFIED_CACHE_SIZE) verified.clear();
        const entry = { key: expected.key, verdict };
        verified.set(usersig, entry);
        last = { usersig, entry };
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

/**
 * Each command's documented limit, or the one config.rateLimit gives it (0: none); no limit at all when rateLimit is
 * 0. A name that is no command is refused, so that a misspelt command does not leave its documented limit on.
 */
export function createLimits(config: MockConfig, makeLimiter: (perSecond: number) => Limiter = (n) => new RateLimiter(n)): LimitPolicy {
  const given = config.rateLimit || {};
  const unknown = Object.keys(given).filter((name) => !commands.some((c) => c.command === name));
  if (unknown.length) throw new Error(`rateLimit names no command: ${unknown.join(', ')}`);
  let limiters = new Map<string, Limiter>();
  const build = () => {
    limiters = new Map();
    if (config.rateLimit === 0) return;
    for (const c of commands) {
      const perSecond = given[c.command] ?? c.callsPerSecond;
      if (perSecond > 0) limiters.set(c.command, makeLimiter(perSecond));
    }
  };
  build();
  return {
    admit: (name, nowMs) => limiters.get(name)?.tryAcquire(nowMs) ?? true,
    reset: build,
  };
}

/** Without `stream`, every decode call stands alone, so one decoder serves all requests. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A body's text when it is UTF-8 (a byte order mark left out), else undefined. */
export function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** The value of a JSON text, or undefined when there is no text or it is not JSON. */
export function jsonValue(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A body as the docs define it, UTF-8 JSON: its value, or undefined when it is not valid UTF-8 or not JSON. */
export function decodeJsonBody(bytes: Uint8Array): unknown {
  return jsonValue(utf8Text(bytes));
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
  };
}

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** One headers object for every reply, read and never changed by the adapters. */
const JSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'content-type': JSON_CONTENT_TYPE });

/** Envelopes alone kept as answers at once, past which the kept ones are dropped. */
const KEPT_ENVELOPES = 256;
const envelopes = new Map<number, { status: string; info: string; infoFirst: boolean; answer: SimResponse }>();

const answerOf = (text: string): SimResponse => ({ status: 200, headers: JSON_HEADERS as Record<string, string>, body: text });

/**
 * A reply as a JSON answer. Nearly every answer is an envelope alone (ActionStatus, ErrorInfo, ErrorCode: a refusal,
 * or a success without data), one of a few: its answer is kept per code and given again while status, info and key
 * order are the same, which costs less than serialising the same three keys again. A kept answer is frozen: readers
 * make their own to change one.
 */
function answerFor(reply: Reply): SimResponse {
  let n = 0;
  let first: string | undefined;
  let second: string | undefined;
  let third: string | undefined;
  for (const key in reply) {
    if (++n === 1) first = key;
    else if (n === 2) second = key;
    else if (n === 3) third = key;
    else return answerOf(JSON.stringify(reply));
  }
  const infoFirst = second === 'ErrorInfo' && third === 'ErrorCode';
  if (first !== 'ActionStatus' || !(infoFirst || (second === 'ErrorCode' && third === 'ErrorInfo'))) return answerOf(JSON.stringify(reply));
  // A variant may put other values there; only text, and a number for the code, are kept.
  if (typeof reply.ActionStatus !== 'string' || typeof reply.ErrorInfo !== 'string' || typeof reply.ErrorCode !== 'number') return answerOf(JSON.stringify(reply));
  const kept = envelopes.get(reply.ErrorCode);
  if (kept && kept.status === reply.ActionStatus && kept.info === reply.ErrorInfo && kept.infoFirst === infoFirst) return kept.answer;
  const answer = Object.freeze(answerOf(JSON.stringify(reply)));
  if (envelopes.size >= KEPT_ENVELOPES) envelopes.clear();
  envelopes.set(reply.ErrorCode, { status: reply.ActionStatus, info: reply.ErrorInfo, infoFirst, answer });
  return answer;
}

/** Every reply travels as HTTP 200 with a JSON body: the outcome is in the envelope, never in the status. */
export const jsonEnvelope: EnvelopePolicy = { render: answerFor };
