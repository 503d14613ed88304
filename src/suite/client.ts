/**
 * The suite's only way to call a target: builds the documented URL, signs with the official library, paces, and tells
 * the API's own answers from everything else. An answer that is not the API's own (a transport fault, a timeout, a
 * gateway's 502/503/504) is never charged to a clause: the call is sent again when that is safe, honouring
 * Retry-After, and otherwise the outcome is indeterminate. Another status than 200 without an envelope is asked again
 * too; when it recurs on every attempt while the target answers other requests normally, it is the target's own
 * answer and is judged (the docs: HTTP 200 unless a network error happens). Every attempt is kept, redacted.
 */
import { Api } from 'tls-sig-api-v2';
import type { Clock } from '../core/clock.js';
import { redact, redactBytes } from '../core/redaction.js';
import { command as commandSpec } from '../core/spec.js';
import type { AuthVariant, Exchange } from '../../types/schemas.js';
import type { Pacer } from './pacer.js';
import type { Target } from './target.js';
import type { Transport } from './transport.js';
import { userSigFor } from './usersigs.js';

/** UserSigs made for a run live an hour, not the 180-day default of the official tools: long enough for a run, two on the virtual clock of the self-tests. */
export const USERSIG_LIFETIME_SECONDS = 3600;
/** A UserSig is used again for this long, a small part of its life, so that a burst does not sign every call. */
const USERSIG_REUSE_MS = 10_000;
/** Above the documented 3 s server-side timeout (docs/facts/envelope.md#timeout). */
const CALL_TIMEOUT_MS = 10_000;
const EXCERPT_BYTES = 2048;
/** Gateway statuses the docs name as network errors ("such as 502"): never the API's own answer. */
const GATEWAY_STATUSES = new Set([502, 503, 504]);
/** The body of the plain request that tells whether a target answers at all: every command answers it with an envelope. */
export const PLAIN_BODY = Buffer.from('{}');
/** A Retry-After longer than this ends the attempts instead of holding the run. */
const MAX_RETRY_AFTER_MS = 30_000;

export interface CallSpec {
  command: string;
  method?: string;
  auth?: AuthVariant;
  /** Query parameters to replace; null removes one. */
  query?: Record<string, string | null>;
  /** The body bytes, already serialised. */
  body: Uint8Array;
  /** Outside the rate-limit scenarios every call is paced, and a fault is asked again where that is safe. */
  paced?: boolean;
}

/** What a call gave: every attempt, and the last answer. */
export interface CallResult {
  command: string;
  /** Every attempt, redacted. */
  exchanges: Exchange[];
  /** The HTTP status of the last answer; absent after a transport fault. */
  status?: number;
  /** The last answer's body parsed as JSON; undefined when it had none or it did not parse. */
  json?: unknown;
  /** Why the last answer is not the API's own; absent when it is. */
  fault?: string;
  /**
   * Attempts whose answer was lost before the last: a call that is not idempotent (sendmsg) may have taken effect
   * that many more times. The same bytes are sent again, so sendmsg repeats its MsgRandom.
   */
  unconfirmed: number;
}

/** Where and how a call goes. */
interface Request {
  path: string;
  method: string;
  query: URLSearchParams;
}

/** One attempt as kept, with the body parsed and a Retry-After read. */
interface Attempt {
  exchange: Exchange;
  json: unknown;
  /** An HTTP answer came, of whatever kind. */
  answered: boolean;
  waitMs?: number;
}

/** Values the auth variants need that must differ from the real ones; drawn from the case's seeded data. */
export interface AuthInputs {
  otherIdentifier: string;
  otherKey: string;
  garbage: string;
  random: () => number;
}

/** A body parsed as JSON; undefined when it is not JSON. */
export function jsonOf(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The ErrorCode field of an answer, whatever its type; undefined when the answer is no JSON object. */
export function errorCodeOf(json: unknown): unknown {
  return json !== null && typeof json === 'object' ? (json as { ErrorCode?: unknown }).ErrorCode : undefined;
}

/** Whether a parsed body is the API's envelope, however malformed: an object with ErrorCode or ActionStatus. */
function hasEnvelope(json: unknown): boolean {
  return json !== null && typeof json === 'object' && !Array.isArray(json) && ('ErrorCode' in json || 'ActionStatus' in json);
}

/**
 * Why an answer (its status and its body parsed by jsonOf) may not be the API's own, or undefined when it is: a
 * gateway status, or another status than 200 without an envelope. Such an answer is asked again; one that recurs
 * while the target answers other requests normally is the target's own after all (ImClient.call).
 */
export function faultOf(status: number, json: unknown): string | undefined {
  if (GATEWAY_STATUSES.has(status)) return `gateway error HTTP ${status}`;
  return status === 200 || hasEnvelope(json) ? undefined : `HTTP ${status} without an envelope`;
}

/** Whether every attempt got the same status without an envelope, and no gateway status: an answer asking again did not change. */
function recurring(exchanges: readonly Exchange[]): boolean {
  const status = exchanges[0]?.status;
  return status !== undefined && !GATEWAY_STATUSES.has(status) && exchanges.every((x) => x.status === status && x.fault !== undefined);
}

/** Why no answer came, in words a person acts on, by the system's code; the first that matches names the cause. */
const TRANSPORT_CAUSES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^ECONNREFUSED$/, 'connection refused: nothing listens at that host and port'],
  [/^(ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL)$/, 'unknown host: the name does not resolve'],
  [/CERT|^ERR_TLS_|^ERR_SSL_|^EPROTO$|^UNABLE_TO_/, 'TLS certificate or handshake error'],
  [/^(ETIMEDOUT|TimeoutError|UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT)$/, `timeout: no answer within ${CALL_TIMEOUT_MS / 1000} s`],
  [/^(EHOSTUNREACH|ENETUNREACH|EHOSTDOWN|ENETDOWN)$/, 'host unreachable: no route to it'],
  [/^(ECONNRESET|EPIPE|UND_ERR_SOCKET)$/, 'connection closed before the answer was complete'],
];

/**
 * The system's code of a transport error: fetch wraps it as `cause` (TypeError "fetch failed"), Node's errors carry
 * it as `code`, an aborted timeout is named TimeoutError, and Playwright's request context puts it in its message.
 */
function transportCode(e: unknown): string | undefined {
  for (let at = e, depth = 0; at !== null && typeof at === 'object' && depth < 4; at = (at as { cause?: unknown }).cause, depth++) {
    const { code, name } = at as { code?: unknown; name?: unknown };
    if (typeof code === 'string' && code) return code;
    if (name === 'TimeoutError') return name;
  }
  const message = String((e as Error)?.message ?? e);
  if (/timed? ?out|timeout \d+ ?ms exceeded/i.test(message)) return 'TimeoutError';
  if (/certificate/i.test(message)) return 'CERT';
  return /\b((?:UND_)?ERR_[A-Z_]+|E[A-Z]{4,}|[A-Z]+(?:_[A-Z]+)*_CERT[A-Z_]*)\b/.exec(message)?.[1];
}

/** What a transport error is shown as: its cause in words when the code is known, else its first line, redacted. */
export function transportFault(e: unknown, secrets: readonly string[]): string {
  const code = transportCode(e);
  const cause = code === undefined ? undefined : TRANSPORT_CAUSES.find(([re]) => re.test(code))?.[1];
  // A transport's message may carry the full URL, usersig included: only its redacted first line is kept.
  const firstLine = (m: unknown) => (typeof m === 'string' ? m.split('\n')[0] : undefined);
  // fetch says only "fetch failed"; the cause's message says what failed ("bad port").
  const lines = [firstLine((e as Error)?.message ?? String(e)), firstLine((e as { cause?: { message?: unknown } })?.cause?.message)];
  const first = redact(lines.filter(Boolean).join(': ') || 'no answer', secrets);
  if (cause) return `transport fault: ${cause} (${code === 'CERT' ? first : code})`;
  return `transport fault: ${first}${code && !first.includes(code) ? ` (${code})` : ''}`;
}

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date), or undefined. */
export function retryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value) * 1000;
  // An HTTP date names a weekday; anything else (a negative number, a typo) is no Retry-After.
  const at = /[A-Za-z]{3},/.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : undefined;
}

export class ImClient {
  private readonly signers = new Map<string, Api>();
  private readonly signed = new Map<string, { sig: string; at: number }>();
  /** When each command was last called by this client: a limiter of that command has had the time since to forget. */
  private readonly lastCalled = new Map<string, number>();

  constructor(
    private readonly transport: Transport,
    readonly target: Target,
    private readonly pacer: Pacer,
    readonly clock: Clock,
  ) {}

  /** The secret values that must never appear in output. */
  get secrets(): string[] {
    return [this.target.secretKey];
  }

  /** A valid UserSig; those made with the app's own key are kept and used again, the others (one key a case) are not. */
  private sign(sdkappid: number, key: string, identifier: string): string {
    if (key !== this.target.secretKey) return new Api(sdkappid, key).genUserSig(identifier, USERSIG_LIFETIME_SECONDS);
    const id = `${sdkappid}:${key}`;
    const now = this.clock.now();
    const made = this.signed.get(`${id}:${identifier}`);
    if (made && now - made.at >= 0 && now - made.at < USERSIG_REUSE_MS) return made.sig;
    let api = this.signers.get(id);
    if (!api) this.signers.set(id, (api = new Api(sdkappid, key)));
    const sig = api.genUserSig(identifier, USERSIG_LIFETIME_SECONDS);
    this.signed.set(`${id}:${identifier}`, { sig, at: now });
    return sig;
  }

  /** The usersig parameter for an auth variant: valid for what the URL names, the admin's own, or broken in one way. */
  private usersig(auth: AuthVariant, sdkappidText: string | null, identifier: string, inputs: AuthInputs): string | null {
    const t = this.target;
    return userSigFor(auth, {
      sdkappid: sdkappidText !== null && /^[0-9]{1,10}$/.test(sdkappidText) ? Number(sdkappidText) : t.sdkAppId,
      identifier,
      key: t.secretKey,
      admin: { sdkappid: t.sdkAppId, identifier: t.adminIdentifier },
      otherKey: inputs.otherKey,
      otherIdentifier: inputs.otherIdentifier,
      garbage: inputs.garbage,
      nowSeconds: Math.floor(this.clock.now() / 1000),
      sign: (sdkappid, key, id) => this.sign(sdkappid, key, id),
    });
  }

  /** The path, method and query of a call, its usersig made for what the query names. */
  private request(spec: CallSpec, inputs: AuthInputs): Request {
    const t = this.target;
    const params = new Map<string, string | null>([
      ['sdkappid', String(t.sdkAppId)],
      ['identifier', t.adminIdentifier],
      ['usersig', ''],
      ['random', String(inputs.random())],
      ['contenttype', 'json'],
    ]);
    for (const [k, v] of Object.entries(spec.query ?? {})) params.set(k, v);
    params.set('usersig', this.usersig(spec.auth ?? 'for-url', params.get('sdkappid') ?? null, params.get('identifier') ?? '', inputs));
    const query = new URLSearchParams();
    for (const [k, v] of params) if (v !== null) query.set(k, v);
    return { path: `/${commandSpec(spec.command).path}`, method: spec.method ?? 'POST', query };
  }

  /** When this client last sent `command`, or undefined when it never did. */
  lastCallOf(command: string): number | undefined {
    return this.lastCalled.get(command);
  }

  /** One attempt: the exchange as kept, and what came back. */
  private async attempt(spec: CallSpec, req: Request, attempt: number): Promise<Attempt> {
    if (spec.paced !== false) await this.pacer.wait();
    const started = this.clock.now();
    this.lastCalled.set(spec.command, started);
    const exchange: Exchange = {
      command: spec.command,
      method: req.method,
      url: redact(`${req.path}?${req.query.toString()}`, this.secrets),
      requestBody: this.excerpt(spec.body),
      attempt,
      ms: 0,
    };
    let json: unknown;
    let waitMs: number | undefined;
    let answered = false;
    try {
      const res = await this.transport.send({ baseUrl: this.target.baseUrl, path: req.path, query: req.query, method: req.method, headers: { 'content-type': 'application/json' }, body: spec.body, timeoutMs: CALL_TIMEOUT_MS });
      answered = true;
      exchange.status = res.status;
      exchange.responseBody = this.excerpt(res.body);
      json = jsonOf(res.body);
      const fault = faultOf(res.status, json);
      if (fault) exchange.fault = fault;
      waitMs = retryAfterMs(res.headers['retry-after'], this.clock.now());
    } catch (e) {
      exchange.fault = transportFault(e, this.secrets);
    }
    exchange.ms = Math.max(0, this.clock.now() - started);
    return { exchange, json, answered, ...(waitMs === undefined ? {} : { waitMs }) };
  }

  async call(spec: CallSpec, inputs: AuthInputs): Promise<CallResult> {
    const req = this.request(spec, inputs);
    const paced = spec.paced !== false;
    const result: CallResult = { command: spec.command, exchanges: [], unconfirmed: 0 };
    const attempts = paced ? this.target.maxAttempts : 1;
    for (let n = 1; ; n++) {
      const { exchange, json, answered, waitMs } = await this.attempt(spec, req, n);
      result.exchanges.push(exchange);
      const code = errorCodeOf(json);
      const frequency = paced && answered && !exchange.fault && typeof code === 'number' && this.target.frequencyCodes.includes(code);
      if (!exchange.fault && !frequency) {
        this.settle(result, exchange, json, false);
        return result;
      }
      if (n >= attempts && paced && recurring(result.exchanges)) return this.ownOrNot(spec, req, inputs, result);
      if (n >= attempts || (waitMs ?? 0) > MAX_RETRY_AFTER_MS) {
        this.settle(result, exchange, json, frequency);
        return result;
      }
      if (exchange.fault) result.unconfirmed++;
      await this.clock.sleep(waitMs ?? (frequency ? 1000 : 500 * n));
    }
  }

  /**
   * Whose answer it is when every attempt got the same status without an envelope. The docs promise HTTP 200 unless a
   * network error happens, and a network error does not pick one request: if the target answers a plain request of
   * the client's own (an empty body, the same command) with HTTP 200 and an envelope, and the call, asked once more,
   * still gets the same answer, that answer is the target's own and is judged like any other. If the plain request
   * fails too, the target answers nothing normally and the call stays indeterminate.
   */
  private async ownOrNot(spec: CallSpec, req: Request, inputs: AuthInputs, result: CallResult): Promise<CallResult> {
    const last = result.exchanges.at(-1)!;
    if (!(await this.answersPlainRequest(spec.command, inputs))) {
      this.settle(result, last, undefined, false);
      result.fault = `${last.fault} on every attempt, and no answer with the API's envelope to a plain request either: the target answers nothing normally`;
      return result;
    }
    // Whatever the target made of the attempts so far, a call that is not idempotent may have taken effect.
    result.unconfirmed++;
    const again = await this.attempt(spec, req, result.exchanges.length + 1);
    result.exchanges.push(again.exchange);
    if (recurring(result.exchanges)) for (const x of result.exchanges) delete x.fault;
    this.settle(result, again.exchange, again.json, false);
    return result;
  }

  /** Whether the target answers an empty body to a command with HTTP 200 and an envelope; the attempt is not kept. */
  private async answersPlainRequest(command: string, inputs: AuthInputs): Promise<boolean> {
    const plain: CallSpec = { command, body: PLAIN_BODY };
    // A fixed random: the plain request draws nothing from the case's seeded data.
    const { exchange, json } = await this.attempt(plain, this.request(plain, { ...inputs, random: () => 1 }), 1);
    return exchange.status === 200 && !exchange.fault && hasEnvelope(json);
  }

  /** The last attempt becomes the answer; a frequency refusal of a paced call says nothing about the case. */
  private settle(result: CallResult, last: Exchange, json: unknown, frequency: boolean): void {
    if (last.status !== undefined) result.status = last.status;
    // Not JSON stays undefined: the envelope check names it.
    if (json !== undefined) result.json = json;
    if (last.fault) result.fault = last.fault;
    else if (frequency) {
      // The app's limit is shared with every other client of the app: a paced call refused for frequency says the
      // quota was used up elsewhere, not that this case's clause broke. The rate-limit scenarios judge the limit.
      result.fault = `refused for call frequency (ErrorCode ${String(errorCodeOf(json))}) although paced at ${this.target.callsPerSecond} calls per second`;
    }
  }

  /** Bytes as they are shown: redacted first, then as text, or as base64 when they are not UTF-8, cut at 2 KiB. */
  private excerpt(bytes: Uint8Array): string {
    // Redacted whole, then cut: a credential across the cut would otherwise keep its first part.
    const cut = redactBytes(bytes, this.secrets).subarray(0, EXCERPT_BYTES);
    const text = new TextDecoder('utf-8', { fatal: false }).decode(cut);
    const shown = Buffer.from(text, 'utf8').equals(cut) ? text : `base64:${cut.toString('base64')}`;
    return bytes.byteLength > EXCERPT_BYTES ? `${shown}… (${bytes.byteLength} bytes)` : shown;
  }
}
