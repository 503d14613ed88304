/**
 * The UserSig (TLSSigAPIv2) format, written once for both sides: the mock verifies with it, the suite crafts the
 * tokens that the official library cannot make (an expiry in the past). See docs/facts/usersig.md.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';

export interface UserSigFields {
  identifier: string;
  sdkappid: number;
  /** Unix seconds at which the token was made. */
  time: number;
  /** Validity in seconds from time. */
  expire: number;
}

/** The base64 HMAC-SHA256 over the documented content string; the key is used as UTF-8 bytes, not hex-decoded. */
export function userSigHmac(key: string, f: UserSigFields, userbuf?: string): string {
  let content = `TLS.identifier:${f.identifier}\nTLS.sdkappid:${f.sdkappid}\nTLS.time:${f.time}\nTLS.expire:${f.expire}\n`;
  if (userbuf !== undefined) content += `TLS.userbuf:${userbuf}\n`;
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(content).digest('base64');
}

/** JSON → zlib deflate → base64 with + / = replaced by * - _. */
export function encodeUserSig(doc: Record<string, unknown>): string {
  return deflateSync(Buffer.from(JSON.stringify(doc))).toString('base64').replace(/\+/g, '*').replace(/\//g, '-').replace(/=/g, '_');
}

/** The inverse of encodeUserSig; undefined when the text is not a UserSig at all. */
export function decodeUserSig(sig: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9*\-_]+$/.test(sig)) return undefined;
  try {
    const bytes = Buffer.from(sig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '='), 'base64');
    const doc: unknown = JSON.parse(inflateSync(bytes).toString('utf8'));
    return doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A token with chosen fields, signed with key: the same bytes the official library makes for those fields. */
export function craftUserSig(key: string, f: UserSigFields): string {
  return encodeUserSig({
    'TLS.ver': '2.0',
    'TLS.identifier': f.identifier,
    'TLS.sdkappid': f.sdkappid,
    'TLS.time': f.time,
    'TLS.expire': f.expire,
    'TLS.sig': userSigHmac(key, f),
  });
}

export type UserSigVerdict =
  | { ok: true; fields: UserSigFields }
  | { ok: false; reason: 'empty' | 'unparseable' | 'sdkappid-mismatch' | 'identifier-mismatch' | 'expired' | 'bad-hmac' };

/**
 * Verifies a token in the documented order: decode, SDKAppID, identifier, expiry (expired when now > time + expire),
 * then the HMAC. Key order inside the token differs between libraries, so fields are read, never compared as bytes.
 */
export function verifyUserSig(
  sig: string,
  expected: { sdkappid: number; identifier: string; key: string },
  nowSeconds: number,
): UserSigVerdict {
  if (sig === '') return { ok: false, reason: 'empty' };
  const doc = decodeUserSig(sig);
  if (!doc) return { ok: false, reason: 'unparseable' };
  const identifier = doc['TLS.identifier'];
  const sdkappid = doc['TLS.sdkappid'];
  const time = doc['TLS.time'];
  const expire = doc['TLS.expire'];
  const mac = doc['TLS.sig'];
  const userbuf = doc['TLS.userbuf'];
  if (
    typeof identifier !== 'string' ||
    !Number.isSafeInteger(sdkappid) ||
    !Number.isSafeInteger(time) ||
    !Number.isSafeInteger(expire) ||
    typeof mac !== 'string' ||
    (userbuf !== undefined && typeof userbuf !== 'string')
  ) {
    return { ok: false, reason: 'unparseable' };
  }
  const fields: UserSigFields = { identifier, sdkappid: sdkappid as number, time: time as number, expire: expire as number };
  if (fields.sdkappid !== expected.sdkappid) return { ok: false, reason: 'sdkappid-mismatch' };
  if (fields.identifier !== expected.identifier) return { ok: false, reason: 'identifier-mismatch' };
  if (nowSeconds > fields.time + fields.expire) return { ok: false, reason: 'expired' };
  const want = Buffer.from(userSigHmac(expected.key, fields, userbuf as string | undefined));
  const got = Buffer.from(mac);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return { ok: false, reason: 'bad-hmac' };
  return { ok: true, fields };
}
