/**
 * Which implementation the suite runs against, with what credentials, read once from the environment. A missing or
 * malformed setting stops the run before any request with one message naming the variable.
 */
import { resolve } from 'node:path';
import { credentialsFromEnv } from '../mocks/config';
import { ROOT } from './schema-files';
import { variants } from '../mocks/variants';
import { codeSets } from './spec';
import { env, isLoopbackHost, parseFlag, parseIdentifier, parseSdkAppId, parseSecretKey, parseWholeNumber, SettingError } from './settings';

export type TargetKind = 'embedded-mock' | 'in-process-mock' | 'loopback' | 'remote';

export interface Target {
  kind: TargetKind;
  /** Scheme, host and port; for the embedded mock, known only once it listens. */
  baseUrl: string;
  sdkAppId: number;
  secretKey: string;
  adminIdentifier: string;
  /** A broken simulator variant served by the embedded or in-process mock (self-tests). */
  variant?: string;
  seed: number;
  /** Calls per second that all workers together stay under, outside the rate-limit scenarios. */
  callsPerSecond: number;
  /** Whether the rate-limit scenarios run: always on mocks and loopback, elsewhere only with IM_RATE_LIMIT_TEST=1. */
  rateLimitTest: boolean;
  /** Codes accepted as a frequency-limit refusal. */
  frequencyCodes: number[];
  /** How long effects may take to show on the target. */
  pollTimeoutMs: number;
  /** Retry a transport fault or gateway error once before calling it indeterminate. */
  retryOnce: boolean;
  /** Absolute path of the folder the run writes its reports to. */
  reportDir: string;
}

/** Base URL of the in-process mock: .invalid never resolves, so a request that escapes interception fails loudly. */
export const IN_PROCESS_BASE_URL = 'https://mock.im-conformance.invalid';
/** Set by the global setup once the embedded mock listens. */
export const EMBEDDED_URL_VAR = 'IM_EMBEDDED_MOCK_URL';

function parseBaseUrl(raw: string): { url: string; loopback: boolean } {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new SettingError('IM_BASE_URL', `must be a URL such as https://console.tim.qq.com (got ${JSON.stringify(raw)})`);
  }
  if (u.username || u.password || u.search || u.hash || (u.pathname !== '/' && u.pathname !== '')) {
    throw new SettingError('IM_BASE_URL', 'must be scheme, host and optional port only, without path, query or credentials');
  }
  const loopback = isLoopbackHost(u.hostname);
  if (u.protocol === 'http:' && !loopback) {
    throw new SettingError('IM_BASE_URL', 'plain http is refused except for loopback hosts (127.0.0.0/8, ::1, localhost); use https');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new SettingError('IM_BASE_URL', 'must use https (or http on loopback)');
  return { url: u.origin, loopback };
}

function parseCodes(raw: string): number[] {
  const codes = raw.split(',').map((s) => s.trim());
  if (!codes.every((c) => /^[1-9][0-9]{0,8}$/.test(c))) {
    throw new SettingError('IM_RATE_LIMIT_CODES', `must be a comma-separated list of error codes such as 60007,60011 (got ${JSON.stringify(raw)})`);
  }
  return codes.map(Number);
}

/** Reads and checks every setting; throws SettingError on the first bad one. */
export function resolveTarget(source: NodeJS.ProcessEnv = process.env): Target {
  const base = env('IM_BASE_URL', source);
  const mockMode = env('IM_MOCK', source) ?? 'http';
  if (mockMode !== 'http' && mockMode !== 'msw') throw new SettingError('IM_MOCK', 'must be http (served on loopback) or msw (in-process handlers)');
  const variant = env('IM_MOCK_VARIANT', source);
  if (variant !== undefined && base !== undefined) throw new SettingError('IM_MOCK_VARIANT', 'applies to the embedded mock only; unset IM_BASE_URL');
  if (variant !== undefined && !(variant in variants)) {
    throw new SettingError('IM_MOCK_VARIANT', `unknown variant ${JSON.stringify(variant)}; known: ${Object.keys(variants).join(', ')}`);
  }
  let kind: TargetKind;
  let baseUrl: string;
  let sdkAppId: number;
  let secretKey: string;
  let adminIdentifier: string;
  if (base === undefined) {
    kind = mockMode === 'msw' ? 'in-process-mock' : 'embedded-mock';
    baseUrl = kind === 'in-process-mock' ? IN_PROCESS_BASE_URL : (env(EMBEDDED_URL_VAR, source) ?? '');
    ({ sdkAppId, secretKey, adminIdentifier } = credentialsFromEnv(source));
  } else {
    const parsed = parseBaseUrl(base);
    kind = parsed.loopback ? 'loopback' : 'remote';
    baseUrl = parsed.url;
    const need = (name: string) => {
      const v = env(name, source);
      if (v === undefined) throw new SettingError(name, 'is required when IM_BASE_URL is set');
      return v;
    };
    sdkAppId = parseSdkAppId('IM_SDKAPPID', need('IM_SDKAPPID'));
    secretKey = parseSecretKey('IM_SECRET_KEY', need('IM_SECRET_KEY'));
    adminIdentifier = parseIdentifier('IM_ADMIN_IDENTIFIER', need('IM_ADMIN_IDENTIFIER'));
  }
  const seedRaw = env('IM_SEED', source);
  const paceRaw = env('IM_PACE', source);
  const pollRaw = env('IM_POLL_TIMEOUT_MS', source);
  const codesRaw = env('IM_RATE_LIMIT_CODES', source);
  const rateRaw = env('IM_RATE_LIMIT_TEST', source);
  const local = kind !== 'remote';
  const mock = kind === 'embedded-mock' || kind === 'in-process-mock';
  return {
    kind,
    baseUrl,
    sdkAppId,
    secretKey,
    adminIdentifier,
    ...(variant === undefined ? {} : { variant }),
    seed: seedRaw === undefined ? 0 : parseWholeNumber('IM_SEED', seedRaw, 0, 2 ** 31 - 1),
    callsPerSecond: paceRaw === undefined ? (mock ? 150 : 40) : parseWholeNumber('IM_PACE', paceRaw, 1, 150),
    rateLimitTest: rateRaw === undefined ? local : parseFlag('IM_RATE_LIMIT_TEST', rateRaw),
    frequencyCodes: codesRaw === undefined ? codeSets['frequency-limit']!.codes : parseCodes(codesRaw),
    pollTimeoutMs: pollRaw === undefined ? (mock ? 2000 : 15000) : parseWholeNumber('IM_POLL_TIMEOUT_MS', pollRaw, 0, 120000),
    retryOnce: kind === 'remote',
    reportDir: resolve(ROOT, env('IM_REPORT_DIR', source) ?? 'reports'),
  };
}

/** The host (and port) of the target, the only part of it that reports name. */
export function targetHost(t: Target): string {
  return t.baseUrl ? new URL(t.baseUrl).host : '127.0.0.1';
}
