/**
 * The suite's only way to call a target: builds the documented URL, signs with the official library, paces, and tells
 * the API's own answers from everything else. An answer that is not the API's own (a transport fault, a timeout, a
 * gateway's 502/503/504, a 429 or 5xx without an envelope) is never charged to a clause: the call is sent again when
 * that is safe, honouring Retry-After, and otherwise the outcome is indeterminate. Every attempt is kept, redacted.
 */
import { Api } from 'tls-sig-api-v2';
import type { Clock } from '../core/clock.js';
import { redact, redactBytes } from '../core/redaction.js';
import { command as commandSpec } from '../core/spec.js';
import { craftUserSig } from '../core/usersig.js';
import { UINT32_MAX } from '../core/validators.js';
import type { AuthVariant, Exchange } from '../../types/schemas.js';
import type { Pacer } from './pacer.js';
import type { Target } from './target.js';
import type { Transport, WireResponse } from './transport.js';

/** UserSigs made for a run live minutes, not the 180-day default of the official tools. */
export const USERSIG_LIFETIME_SECONDS = 300;
/** A UserSig is used again for this long, a small part of its life, so that a burst does not sign every call. */
const USERSIG_REUSE_MS = 10_000;
/** Above the documented 3 s server-side timeout (im-rest-facts §1). */
const CALL_TIMEOUT_MS = 10_000;
const EXCERPT_BYTES = 2048;
/** Gateway statuses the docs name as network errors ("such as 502"): never the API's own answer. */
const GATEWAY_STATUSES = new Set([502, 503, 504]);
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

/** Why an answer (its status and its body parsed by jsonOf) is not the API's own, or undefined when it is. */
export function faultOf(status: number, json: unknown): string | undefined {
  if (GATEWAY_STATUSES.has(status)) return `gateway error HTTP ${status}`;
  if (status !== 429 && status < 500) return undefined;
  const envelope = json !== null && typeof json === 'object' && !Array.isArray(json) && ('ErrorCode' in json || 'ActionStatus' in json);
  return envelope ? undefined : `HTTP ${status} without an envelope`;
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

  private sign(sdkappid: number, key: string, identifier: string): string {
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
    const sdkappid = sdkappidText !== null && /^[0-9]{1,10}$/.test(sdkappidText) ? Number(sdkappidText) : t.sdkAppId;
    const now = Math.floor(this.clock.now() / 1000);
    switch (auth) {
      case 'for-url':
        return this.sign(sdkappid, t.secretKey, identifier);
      case 'of-admin':
        return this.sign(t.sdkAppId, t.secretKey, t.adminIdentifier);
      case 'garbage':
        return inputs.garbage;
      case 'empty':
        return '';
      case 'missing':
        return null;
      case 'expired':
        return craftUserSig(t.secretKey, { identifier, sdkappid, time: now - 86400, expire: 3600 });
      case 'wrong-key':
        return this.sign(sdkappid, inputs.otherKey, identifier);
      case 'other-identifier':
        return this.sign(sdkappid, t.secretKey, inputs.otherIdentifier);
      case 'other-sdkappid':
        return this.sign(sdkappid === UINT32_MAX ? 1 : sdkappid + 1, t.secretKey, identifier);
    }
  }

  async call(spec: CallSpec, inputs: AuthInputs): Promise<CallResult> {
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
    const path = `/${commandSpec(spec.command).path}`;
    const method = spec.method ?? 'POST';
    const paced = spec.paced !== false;
    const result: CallResult = { command: spec.command, exchanges: [], unconfirmed: 0 };
    const attempts = paced ? t.maxAttempts : 1;
    for (let attempt = 1; ; attempt++) {
      if (paced) await this.pacer.wait();
      const started = this.clock.now();
      const exchange: Exchange = {
        command: spec.command,
        method,
        url: redact(`${path}?${query.toString()}`, this.secrets),
        requestBody: this.excerpt(spec.body),
        attempt,
        ms: 0,
      };
      result.exchanges.push(exchange);
      let res: WireResponse | undefined;
      let json: unknown;
      let waitMs: number | undefined;
      try {
        res = await this.transport.send({ baseUrl: t.baseUrl, path, query, method, headers: { 'content-type': 'application/json' }, body: spec.body, timeoutMs: CALL_TIMEOUT_MS });
        exchange.status = res.status;
        exchange.responseBody = this.excerpt(res.body);
        json = jsonOf(res.body);
        const fault = faultOf(res.status, json);
        if (fault) exchange.fault = fault;
        waitMs = retryAfterMs(res.headers['retry-after'], this.clock.now());
      } catch (e) {
        // A transport's message may carry the full URL, usersig included: only its redacted first line is kept.
        exchange.fault = `transport fault: ${redact(String((e as Error).message ?? e).split('\n')[0] ?? 'no answer', this.secrets)}`;
      }
      exchange.ms = Math.max(0, this.clock.now() - started);
      const code = errorCodeOf(json);
      const frequency = paced && res !== undefined && !exchange.fault && typeof code === 'number' && t.frequencyCodes.includes(code);
      const settled = !exchange.fault && !frequency;
      if (settled || attempt >= attempts || (waitMs ?? 0) > MAX_RETRY_AFTER_MS) {
        this.settle(result, exchange, json, frequency);
        return result;
      }
      if (exchange.fault) result.unconfirmed++;
      await this.clock.sleep(waitMs ?? (frequency ? 1000 : 500 * attempt));
    }
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
