import { env, parseIdentifier, parseSdkAppId, parseSecretKey } from '../src/core/settings.js';

/** Calls per second by command name. */
export type RateLimits = 0 | Readonly<Record<string, number>>;

/** What the simulator needs to know about the one app it serves. */
export interface MockConfig {
  sdkAppId: number;
  secretKey: string;
  adminIdentifier: string;
  /**
   * Calls per second allowed per command, for the commands named; the others keep their documented limits, and a 0
   * turns that command's limit off. 0 instead of a table turns every limit off (load tests, and projects that do not
   * want their own tests refused). Undefined keeps every documented limit.
   */
  rateLimit?: RateLimits;
  /** Refuse what no documented reading allows: a missing or other contenttype, a missing or out-of-range random. */
  strict: boolean;
  /** Largest body read, in bytes; a larger one is answered with 60002 without being read. */
  maxBodyBytes: number;
  /** Accounts that exist from the start, and again after every reset. The admin always exists. */
  accounts: string[];
  /** Milliseconds since the epoch; injectable so that time-based rules can be tested without waiting. */
  now: () => number;
  /**
   * What a bug inside the simulator becomes: the service's internal-error envelope (70500), or a thrown error, so that
   * a test fails instead of reading 70500 as an answer.
   */
  internalErrors: 'answer-70500' | 'throw';
}

export const DEFAULT_SDKAPPID = 1400000000;
export const DEFAULT_SECRET_KEY = 'im-mock-secret-key-for-local-use-only';
export const DEFAULT_ADMIN = 'administrator';
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export function defaultConfig(overrides: Partial<MockConfig> = {}): MockConfig {
  return {
    sdkAppId: DEFAULT_SDKAPPID,
    secretKey: DEFAULT_SECRET_KEY,
    adminIdentifier: DEFAULT_ADMIN,
    strict: false,
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    accounts: [],
    now: Date.now,
    internalErrors: 'answer-70500',
    ...overrides,
  };
}

/** Credentials from IM_SDKAPPID, IM_SECRET_KEY and IM_ADMIN_IDENTIFIER, each defaulting when unset. */
export function credentialsFromEnv(source: NodeJS.ProcessEnv = process.env): Pick<MockConfig, 'sdkAppId' | 'secretKey' | 'adminIdentifier'> {
  const id = env('IM_SDKAPPID', source);
  const key = env('IM_SECRET_KEY', source);
  const admin = env('IM_ADMIN_IDENTIFIER', source);
  return {
    sdkAppId: id === undefined ? DEFAULT_SDKAPPID : parseSdkAppId('IM_SDKAPPID', id),
    secretKey: key === undefined ? DEFAULT_SECRET_KEY : parseSecretKey('IM_SECRET_KEY', key),
    adminIdentifier: admin === undefined ? DEFAULT_ADMIN : parseIdentifier('IM_ADMIN_IDENTIFIER', admin),
  };
}
