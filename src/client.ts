/**
 * The suite's only way to call a target: builds the documented URL, signs with the official library, paces, retries
 * once where the issue is the network, and keeps only redacted text of what it sent and received.
 */
import { UINT32_MAX } from './settings';
import type { APIRequestContext } from '@playwright/test';
import { Api } from 'tls-sig-api-v2';
import type { AuthVariant, Exchange } from '../types/schemas';
import { redact } from './redaction';
import { command as commandEntry } from './spec';
import type { Target } from './target';
import { craftUserSig } from './usersig';
import type { Pacer } from './pacer';

/** UserSigs made for a run live minutes, not the 180-day default of the official tools. */
export const USERSIG_LIFETIME_SECONDS = 300;
const GATEWAY_STATUSES = new Set([502, 503, 504]);
const EXCERPT_BYTES = 2048;

export interface CallSpec {
  command: string;
  method?: string;
  auth?: AuthVariant;
  /** Query parameters to replace; null removes one. */
  query?: Record<string, string | null>;
  /** The body bytes, already serialised. */
  body: Buffer;
  /** Outside the rate-limit scenarios every call is paced. */
  paced?: boolean;
}

/** What a call gave: the redacted exchange for reports, and the parsed body for checks. */
export interface CallResult {
  exchange: Exchange;
  /** The response body parsed as JSON; undefined when there was none or it did not parse. */
  json?: unknown;
  /** Why the outcome says nothing about conformance: a transport fault or a gateway error that persisted. */
  indeterminate?: string;
}

/** Values the auth variants need that must differ from the real ones; drawn from the run's seeded data. */
export interface AuthInputs {
  otherIdentifier: string;
  otherKey: string;
  garbage: string;
  random: () => number;
}

export class ImClient {
  private readonly signers = new Map<string, Api>();

  constructor(
    private readonly http: APIRequestContext,
    readonly target: Target,
    private readonly pacer: Pacer,
  ) {}

  /** The secret values that must never appear in output. */
  get secrets(): string[] {
    return [this.target.secretKey];
  }

  private sign(sdkappid: number, key: string, identifier: string): string {
    const id = `${sdkappid}:${key}`;
    let api = this.signers.get(id);
    if (!api) this.signers.set(id, (api = new Api(sdkappid, key)));
    return api.genUserSig(identifier, USERSIG_LIFETIME_SECONDS);
  }

  /** The usersig parameter for an auth variant: valid for the URL's sdkappid and identifier, or broken in one way. */
  private usersig(auth: AuthVariant, sdkappidText: string | null, identifier: string, inputs: AuthInputs): string | null {
    const t = this.target;
    const sdkappid = sdkappidText !== null && /^[0-9]{1,10}$/.test(sdkappidText) ? Number(sdkappidText) : t.sdkAppId;
    const now = Math.floor(Date.now() / 1000);
    switch (auth) {
      case 'admin':
        return this.sign(sdkappid, t.secretKey, identifier);
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
    const entry = commandEntry(spec.command);
    const params = new Map<string, string | null>([
      ['sdkappid', String(t.sdkAppId)],
      ['identifier', t.adminIdentifier],
      ['usersig', ''],
      ['random', String(inputs.random())],
      ['contenttype', 'json'],
    ]);
    for (const [k, v] of Object.entries(spec.query ?? {})) params.set(k, v);
    params.set('usersig', this.usersig(spec.auth ?? 'admin', params.get('sdkappid') ?? null, params.get('identifier') ?? '', inputs));
    const query = new URLSearchParams();
    for (const [k, v] of params) if (v !== null) query.set(k, v);
    const path = `/${entry.path}`;
    const method = spec.method ?? 'POST';
    const exchange: Exchange = {
      command: spec.command,
      method,
      url: redact(`${path}?${query.toString()}`, this.secrets),
      requestBody: this.excerpt(spec.body),
      ms: 0,
    };
    const attempts = t.retryOnce ? 2 : 1;
    let result: CallResult = { exchange };
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (spec.paced !== false) await this.pacer.wait();
      result = await this.once(`${t.baseUrl}${path}`, query, method, spec.body, exchange);
      if (!result.indeterminate) break;
    }
    return result;
  }

  /** The query travels as params so that Playwright's step titles show the path only, never the usersig. */
  private async once(url: string, query: URLSearchParams, method: string, body: Buffer, base: Exchange): Promise<CallResult> {
    const started = performance.now();
    const exchange: Exchange = { ...base };
    try {
      const res = await this.http.fetch(url, {
        method,
        params: query,
        headers: { 'content-type': 'application/json' },
        ...(method === 'GET' || method === 'HEAD' ? {} : { data: body }),
        failOnStatusCode: false,
        maxRedirects: 0,
        timeout: 10_000,
      });
      const bytes = await res.body();
      exchange.ms = performance.now() - started;
      exchange.status = res.status();
      exchange.responseBody = this.excerpt(bytes);
      let json: unknown;
      try {
        json = JSON.parse(bytes.toString('utf8'));
      } catch {
        json = undefined;
      }
      const indeterminate = GATEWAY_STATUSES.has(res.status()) ? `gateway error HTTP ${res.status()}` : undefined;
      return { exchange, json, ...(indeterminate ? { indeterminate } : {}) };
    } catch (e) {
      // Playwright's message carries the full URL, usersig included: only its redacted first line is kept.
      exchange.ms = performance.now() - started;
      const message = redact(String((e as Error).message ?? e).split('\n')[0] ?? 'transport error', this.secrets);
      exchange.transportError = message;
      return { exchange, indeterminate: `transport fault: ${message}` };
    }
  }

  private excerpt(bytes: Buffer): string {
    const cut = bytes.subarray(0, EXCERPT_BYTES);
    const text = new TextDecoder('utf-8', { fatal: false }).decode(cut);
    const faithful = Buffer.from(text, 'utf8').equals(cut);
    const shown = faithful ? text : `base64:${cut.toString('base64')}`;
    return redact(bytes.byteLength > EXCERPT_BYTES ? `${shown}… (${bytes.byteLength} bytes)` : shown, this.secrets);
  }
}
