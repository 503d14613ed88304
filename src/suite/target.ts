/**
 * The target as the suite knows it: a URL and credentials, read from the environment, and how to treat it (pace,
 * retries, whether bursts over the limit may be sent). A missing or malformed setting stops the run before any
 * request with one message naming the variable.
 */
import { codeSets } from '../core/spec.js';
import { env, isLoopbackHost, parseFlag, parseIdentifier, parseSdkAppId, parseSecretKey, parseWholeNumber, SettingError } from '../core/settings.js';

/** embedded-mock: the mock the runner serves itself; loopback and remote: IM_BASE_URL. */
export type TargetKind = 'embedded-mock' | 'loopback' | 'remote';

export interface Credentials {
  sdkAppId: number;
  secretKey: string;
  adminIdentifier: string;
}

export interface Target extends Credentials {
  kind: TargetKind;
  /** Scheme, host and port. */
  baseUrl: string;
  /** Calls per second that all workers together stay under, outside the rate-limit scenarios. */
  callsPerSecond: number;
  /** Whether the rate-limit scenarios may send bursts: always on loopback, elsewhere only with IM_RATE_LIMIT_TEST=1. */
  rateLimitTest: boolean;
  /** Codes accepted as a frequency-limit refusal. */
  frequencyCodes: number[];
  /** How long effects may take to show on the target. */
  pollTimeoutMs: number;
  /** Attempts at a call whose answer was not the API's own before it counts as indeterminate. */
  maxAttempts: number;
}

/** The highest pace a run may ask for: well under the documented 200 calls per second. */
export const MAX_PACE = 150;

/** Scheme, host and port of IM_BASE_URL, and whether the host never leaves this machine. */
export function parseBaseUrl(raw: string, name = 'IM_BASE_URL'): { url: string; loopback: boolean } {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new SettingError(name, 'must be a URL such as https://console.tim.qq.com (its value is not shown: it may be a credential put in the wrong variable)');
  }
  if (u.username || u.password || u.search || u.hash || (u.pathname !== '/' && u.pathname !== '')) {
    throw new SettingError(name, 'must be scheme, host and optional port only, without path, query or credentials');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new SettingError(name, 'must use https (or http on loopback)');
  const loopback = isLoopbackHost(u.hostname);
  if (u.protocol === 'http:' && !loopback) {
    throw new SettingError(name, 'plain http is refused except for loopback hosts (127.0.0.0/8, ::1, localhost); use https');
  }
  return { url: u.origin, loopback };
}

function parseCodes(name: string, raw: string): number[] {
  const codes = raw.split(',').map((s) => s.trim());
  if (!codes.every((c) => /^[1-9][0-9]{0,8}$/.test(c))) {
    throw new SettingError(name, `must be a comma-separated list of error codes such as 60007,60011 (got ${JSON.stringify(raw)})`);
  }
  return codes.map(Number);
}

/** The credentials in IM_SDKAPPID, IM_SECRET_KEY and IM_ADMIN_IDENTIFIER, all required. */
export function credentialsFrom(source: NodeJS.ProcessEnv): Credentials {
  const need = (name: string) => {
    const v = env(name, source);
    if (v === undefined) throw new SettingError(name, 'is required with IM_BASE_URL');
    return v;
  };
  return {
    sdkAppId: parseSdkAppId('IM_SDKAPPID', need('IM_SDKAPPID')),
    secretKey: parseSecretKey('IM_SECRET_KEY', need('IM_SECRET_KEY')),
    adminIdentifier: parseIdentifier('IM_ADMIN_IDENTIFIER', need('IM_ADMIN_IDENTIFIER')),
  };
}

/**
 * Reads and checks the target's settings; throws SettingError on the first bad one. The runner serves the embedded
 * mock and hands its URL here as IM_BASE_URL with `kind` embedded-mock.
 */
export function resolveTarget(source: NodeJS.ProcessEnv, kind?: TargetKind): Target {
  const base = env('IM_BASE_URL', source);
  if (base === undefined) throw new SettingError('IM_BASE_URL', 'is required: the target to check');
  const parsed = parseBaseUrl(base);
  const k: TargetKind = kind ?? (parsed.loopback ? 'loopback' : 'remote');
  const local = k !== 'remote';
  const paceRaw = env('IM_PACE', source);
  const pollRaw = env('IM_POLL_TIMEOUT_MS', source);
  const codesRaw = env('IM_RATE_LIMIT_CODES', source);
  const rateRaw = env('IM_RATE_LIMIT_TEST', source);
  return {
    kind: k,
    baseUrl: parsed.url,
    ...credentialsFrom(source),
    callsPerSecond: paceRaw === undefined ? (local ? MAX_PACE : 40) : parseWholeNumber('IM_PACE', paceRaw, 1, MAX_PACE),
    rateLimitTest: rateRaw === undefined ? local : parseFlag('IM_RATE_LIMIT_TEST', rateRaw),
    frequencyCodes: codesRaw === undefined ? (codeSets.get('frequency-limit')?.codes ?? []) : parseCodes('IM_RATE_LIMIT_CODES', codesRaw),
    pollTimeoutMs: pollRaw === undefined ? 15_000 : parseWholeNumber('IM_POLL_TIMEOUT_MS', pollRaw, 0, 120_000),
    maxAttempts: 3,
  };
}

/** The host (and port) of the target, the only part of it that reports name. */
export function targetHost(t: Pick<Target, 'baseUrl'>): string {
  return new URL(t.baseUrl).host;
}
