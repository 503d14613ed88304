/**
 * Reading settings from the environment and the command line. Every bad value stops the program before any request
 * with one message that names the variable or flag.
 */
export class SettingError extends Error {
  constructor(
    readonly setting: string,
    problem: string,
  ) {
    super(`${setting}: ${problem}`);
  }
}

/** The largest value of the API's 32-bit unsigned fields (random, MsgRandom, SDKAppID). */
export const UINT32_MAX = 4294967295;

export function parseSdkAppId(name: string, raw: string): number {
  if (!/^[1-9][0-9]{0,9}$/.test(raw) || Number(raw) > UINT32_MAX) {
    throw new SettingError(name, `must be an SDKAppID, a whole number from 1 to ${UINT32_MAX} (got ${JSON.stringify(raw)})`);
  }
  return Number(raw);
}

export function parseIdentifier(name: string, raw: string): string {
  if (raw.length === 0 || Buffer.byteLength(raw) > 32 || /\s/.test(raw)) {
    throw new SettingError(name, 'must be an account ID of 1 to 32 bytes without spaces');
  }
  return raw;
}

export function parseSecretKey(name: string, raw: string): string {
  if (raw.length < 8 || /\s/.test(raw)) throw new SettingError(name, 'must be the app key: at least 8 characters, no spaces');
  return raw;
}

export function parseWholeNumber(name: string, raw: string, min: number, max: number): number {
  if (!/^[0-9]+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new SettingError(name, `must be a whole number from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  }
  return Number(raw);
}

export function parseFlag(name: string, raw: string): boolean {
  if (raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false' || raw === '') return false;
  throw new SettingError(name, `must be 1 or 0 (got ${JSON.stringify(raw)})`);
}

/** True for hosts that never leave this machine: 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** The value of an environment variable, or undefined when unset or empty. */
export function env(name: string, source: NodeJS.ProcessEnv = process.env): string | undefined {
  const v = source[name];
  return v === undefined || v === '' ? undefined : v;
}
