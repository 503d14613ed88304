/**
 * Reading settings from the environment and the command line. Every bad value stops the program before any request
 * with one message that names the variable or flag. A variable that is set but empty is a bad value, never "unset":
 * CI systems pass a missing secret as an empty string, and that must not quietly change what a run does.
 */
import { conforms, UINT32_MAX } from './validators.js';

export class SettingError extends Error {
  constructor(
    readonly setting: string,
    problem: string,
  ) {
    super(`${setting}: ${problem}`);
  }
}

/** Why reading, writing or listening failed, in a word: the system's error code (ENOENT, EADDRINUSE), else the message. */
export function causeOf(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}

/**
 * The IM_BASE_URL value that asks for the embedded mock explicitly: with the app's credentials set, a run without
 * IM_BASE_URL is refused, since a CI job whose target secret is missing would otherwise judge the mock and pass.
 */
export const EMBEDDED_BASE_URL = 'embedded';

/** The settings that name an app; set without IM_BASE_URL, they mean a target was meant. */
export const CREDENTIAL_SETTINGS = ['IM_SDKAPPID', 'IM_SECRET_KEY', 'IM_ADMIN_IDENTIFIER'] as const;

/** Seeds are drawn and accepted in one range, so every printed seed replays. */
export const SEED_MAX = 2 ** 31 - 1;

export function parseSdkAppId(name: string, raw: string): number {
  if (!conforms('common/uint32.schema.json', '/$defs/text', raw) || raw === '0') {
    throw new SettingError(name, `must be an SDKAppID, a whole number from 1 to ${UINT32_MAX} (its value is not shown: it may be a credential put in the wrong variable)`);
  }
  return Number(raw);
}

export function parseIdentifier(name: string, raw: string): string {
  if (!conforms('common/account-id.schema.json', '', raw) || /\s/.test(raw)) {
    throw new SettingError(name, 'must be an account ID of 1 to 32 bytes without spaces');
  }
  return raw;
}

export function parseSecretKey(name: string, raw: string): string {
  if (raw.length < 8 || /\s/.test(raw)) throw new SettingError(name, 'must be the app key: at least 8 characters, no spaces');
  return raw;
}

export function parseWholeNumber(name: string, raw: string, min: number, max: number): number {
  if (!/^[0-9]{1,16}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new SettingError(name, `must be a whole number from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  }
  return Number(raw);
}

export function parseSeed(name: string, raw: string): number {
  return parseWholeNumber(name, raw, 0, SEED_MAX);
}

export function parseFlag(name: string, raw: string): boolean {
  if (raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  throw new SettingError(name, `must be 1 or 0 (got ${JSON.stringify(raw)})`);
}

/** True for hosts that never leave this machine: 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** The value of an environment variable, undefined when unset; set but empty is refused. */
export function env(name: string, source: NodeJS.ProcessEnv = process.env): string | undefined {
  const v = source[name];
  if (v === '') {
    throw new SettingError(name, 'is set but empty (a CI secret that is missing or misnamed is passed as an empty string); give it a value or unset it');
  }
  return v;
}
