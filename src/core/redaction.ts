/**
 * Credentials never reach an artefact: the same patterns redact output at the source and scan everything a run wrote.
 */

/** Anything shaped like a UserSig: zlib output (78 9c) in the UserSig base64 alphabet starts with "eJ". */
export const USERSIG_SHAPE = /eJ[A-Za-z0-9*_-]{40,}/g;
/** The usersig query parameter, whatever its value. */
const USERSIG_PARAM = /(usersig=)[^&\s"'<>]+/gi;

export const REDACTED_SIG = '<redacted-usersig>';
export const REDACTED_KEY = '<redacted-key>';

/** Replaces the given secrets, every usersig parameter and every UserSig-shaped string. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join(REDACTED_KEY);
  return out.replace(USERSIG_PARAM, `$1${REDACTED_SIG}`).replace(USERSIG_SHAPE, REDACTED_SIG);
}

export interface Leak {
  /** What was found: the key, or a UserSig-shaped string. */
  kind: 'secret-key' | 'usersig';
  /** Where: a file path, or a stream name. */
  where: string;
  /** Byte offset of the first occurrence in that file. */
  offset: number;
}

/** The leaks in one text; the secret itself is never echoed. */
export function findLeaks(text: string, where: string, secrets: readonly string[]): Leak[] {
  const leaks: Leak[] = [];
  for (const s of secrets) {
    const at = s ? text.indexOf(s) : -1;
    if (at >= 0) leaks.push({ kind: 'secret-key', where, offset: at });
  }
  const m = new RegExp(USERSIG_SHAPE.source).exec(text);
  if (m) leaks.push({ kind: 'usersig', where, offset: m.index });
  return leaks;
}

/**
 * Redacts bytes before they are shown in any form: read one character per byte (latin1), the UserSig patterns and the
 * key's UTF-8 bytes are found whatever encoding surrounds them (GBK text, UTF-8 cut mid-character), and the marks
 * that replace them are ASCII. Bytes must be redacted here, before they are turned into base64 for a report.
 */
export function redactBytes(bytes: Uint8Array, secrets: readonly string[]): Buffer {
  const text = Buffer.from(bytes).toString('latin1');
  const keys = secrets.filter(Boolean).map((s) => Buffer.from(s, 'utf8').toString('latin1'));
  return Buffer.from(redact(text, keys), 'latin1');
}
