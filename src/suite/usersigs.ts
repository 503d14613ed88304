/**
 * The usersig a call sends for each auth variant of the cases: valid for what the URL names, the admin's own, or
 * spoiled in exactly one way. Written once for the suite's client and for replays against the mock (parity), which
 * sign with different keys and libraries but mean the same thing by each variant.
 */
import { craftUserSig, decodeUserSig, encodeUserSig } from '../core/usersig.js';
import { UINT32_MAX } from '../core/validators.js';
import type { AuthVariant } from '../../types/schemas.js';
import { NotApplicable } from './outcomes.js';

export interface SigningFor {
  /** The app and identifier the URL names. */
  sdkappid: number;
  identifier: string;
  /** The app's key, and its admin. */
  key: string;
  admin: { sdkappid: number; identifier: string };
  /** Values that must differ from the real ones. */
  otherKey: string;
  otherIdentifier: string;
  garbage: string;
  nowSeconds: number;
  /** A valid UserSig, made the caller's way (the official library, or a crafted one). */
  sign: (sdkappid: number, key: string, identifier: string) => string;
}

/** The identifier in other letter case; a case that needs it does not apply to an identifier without letters. */
function otherCase(identifier: string): string {
  const upper = identifier.toUpperCase();
  const changed = upper !== identifier ? upper : identifier.toLowerCase();
  if (changed === identifier) throw new NotApplicable(`the identifier ${identifier} has no letters to change case`);
  return changed;
}

/**
 * Ways of spoiling a valid TLS.sig (base64 of 32 bytes: 43 characters and one "=") that each decode to other bytes, so
 * that a server comparing the HMAC as text or as bytes refuses every one: a character changed near the end (accepted
 * by a comparison of a prefix only), every letter's case swapped (by a comparison that ignores case), the first half
 * (by a comparison over the length given) and four more bytes after the 32 (by a comparison over the length expected).
 */
const HMAC_CHANGES: Record<'hmac-altered' | 'hmac-case-swapped' | 'hmac-truncated' | 'hmac-extended', (mac: string) => string> = {
  'hmac-altered': (mac) => {
    const at = mac.replace(/=+$/, '').length - 2;
    return `${mac.slice(0, at)}${mac[at] === 'A' ? 'B' : 'A'}${mac.slice(at + 1)}`;
  },
  'hmac-case-swapped': (mac) => mac.replace(/[a-zA-Z]/g, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())),
  // Whole groups of four characters, so that the half is still base64 a strict decoder reads.
  'hmac-truncated': (mac) => mac.slice(0, 4 * Math.floor(mac.length / 8)),
  'hmac-extended': (mac) => `${mac.replace(/=+$/, '')}AAAAA`,
};

/** A valid UserSig whose TLS.sig is changed, every other field kept. */
function withHmac(usersig: string, change: (mac: string) => string): string {
  const doc = decodeUserSig(usersig);
  if (!doc || typeof doc['TLS.sig'] !== 'string') throw new Error('the official library made a UserSig that does not decode');
  return encodeUserSig({ ...doc, 'TLS.sig': change(doc['TLS.sig']) });
}

/** The usersig parameter for an auth variant; null leaves it out of the query. */
export function userSigFor(auth: AuthVariant, p: SigningFor): string | null {
  const { sdkappid, identifier, key, nowSeconds: now } = p;
  switch (auth) {
    case 'for-url':
      return p.sign(sdkappid, key, identifier);
    case 'of-admin':
      return p.sign(p.admin.sdkappid, key, p.admin.identifier);
    case 'garbage':
      return p.garbage;
    case 'empty':
      return '';
    case 'missing':
      return null;
    case 'expired':
      return craftUserSig(key, { identifier, sdkappid, time: now - 86400, expire: 3600 });
    case 'wrong-key':
      return p.sign(sdkappid, p.otherKey, identifier);
    case 'other-identifier':
      return p.sign(sdkappid, key, p.otherIdentifier);
    case 'other-sdkappid':
      return p.sign(sdkappid === UINT32_MAX ? 1 : sdkappid + 1, key, identifier);
    case 'identifier-other-case':
      return p.sign(sdkappid, key, otherCase(identifier));
    case 'made-an-hour-ago':
      // Still valid for an hour: a server that counts TLS.expire in another unit than seconds, or that ignores it for
      // a lifetime of its own, refuses it.
      return craftUserSig(key, { identifier, sdkappid, time: now - 3600, expire: 7200 });
    case 'hmac-altered':
    case 'hmac-case-swapped':
    case 'hmac-truncated':
    case 'hmac-extended':
      return withHmac(p.sign(sdkappid, key, identifier), HMAC_CHANGES[auth]);
  }
}
