/** src/usersig.ts against the official tls-sig-api-v2 package and hand-made bad tokens (docs/facts/usersig.md). */
import { expect, test } from '@playwright/test';
import { deflateSync, inflateSync } from 'node:zlib';
import { Api } from 'tls-sig-api-v2';
import { craftUserSig, decodeUserSig, encodeUserSig, userSigHmac, verifyUserSig, type UserSigVerdict } from '../../src/core/usersig.js';

const SDKAPPID = 1400000000;
const KEY = 'unit-test-key-0123456789abcdef';
const ADMIN = 'administrator';
const EXPECTED = { sdkappid: SDKAPPID, identifier: ADMIN, key: KEY };
const T = 1_700_000_000;

/** The documented transport alphabet: base64 with + / = replaced by * - _. */
const escape = (b64: string) => b64.replace(/\+/g, '*').replace(/\//g, '-').replace(/=/g, '_');
const pack = (bytes: Buffer) => escape(deflateSync(bytes).toString('base64'));

/** Decoded independently of src/usersig.ts, so that a broken decoder cannot agree with itself. */
function unpack(sig: string): Record<string, unknown> {
  const b64 = sig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '=');
  return JSON.parse(inflateSync(Buffer.from(b64, 'base64')).toString('utf8')) as Record<string, unknown>;
}

/** A complete, correctly signed token document for T with a 1-hour validity. */
function signedDoc(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const f = { identifier: ADMIN, sdkappid: SDKAPPID, time: T, expire: 3600 };
  return {
    'TLS.ver': '2.0',
    'TLS.identifier': f.identifier,
    'TLS.sdkappid': f.sdkappid,
    'TLS.time': f.time,
    'TLS.expire': f.expire,
    'TLS.sig': userSigHmac(KEY, f),
    ...overrides,
  };
}

function without(doc: Record<string, unknown>, field: string): Record<string, unknown> {
  const { [field]: _dropped, ...rest } = doc;
  return rest;
}

test.describe('tokens of the official library', () => {
  test('a library token verifies with its fields', () => {
    const sig = new Api(SDKAPPID, KEY).genUserSig(ADMIN, 86400);
    const now = Math.floor(Date.now() / 1000);
    const v = verifyUserSig(sig, EXPECTED, now);
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.fields.identifier).toBe(ADMIN);
    expect(v.fields.sdkappid).toBe(SDKAPPID);
    expect(v.fields.expire).toBe(86400);
    expect(Math.abs(v.fields.time - now)).toBeLessThanOrEqual(1);
  });

  test('a library token starts with the zlib header eJ', () => {
    expect(new Api(SDKAPPID, KEY).genUserSig(ADMIN, 60).startsWith('eJ')).toBe(true);
  });

  test('craftUserSig with the same fields equals the library token', () => {
    const library = unpack(new Api(SDKAPPID, KEY).genUserSig(ADMIN, 86400));
    const time = library['TLS.time'];
    expect(typeof time).toBe('number');
    const crafted = unpack(craftUserSig(KEY, { identifier: ADMIN, sdkappid: SDKAPPID, time: time as number, expire: 86400 }));
    expect(crafted).toEqual(library);
    expect(crafted['TLS.sig']).toBe(library['TLS.sig']);
  });

  test('a library token carrying TLS.userbuf verifies', () => {
    // genPrivateMapKey is the library's only path that signs a userbuf; the ambient types omit it.
    const api = new Api(SDKAPPID, KEY) as unknown as { genPrivateMapKey(id: string, expire: number, room: number, map: number): string };
    const sig = api.genPrivateMapKey(ADMIN, 600, 1234, 255);
    expect(typeof unpack(sig)['TLS.userbuf']).toBe('string');
    expect(verifyUserSig(sig, EXPECTED, Math.floor(Date.now() / 1000)).ok).toBe(true);
  });

  test('a library token signed with another key is refused as bad-hmac', () => {
    const sig = new Api(SDKAPPID, 'another-key-entirely').genUserSig(ADMIN, 86400);
    expect(verifyUserSig(sig, EXPECTED, Math.floor(Date.now() / 1000))).toEqual({ ok: false, reason: 'bad-hmac' });
  });
});

test.describe('encoding', () => {
  test('decodeUserSig inverts encodeUserSig', () => {
    const doc = signedDoc({ 'TLS.identifier': 'ü+/=' });
    expect(decodeUserSig(encodeUserSig(doc))).toEqual(doc);
  });

  test('encoded tokens use only the documented alphabet', () => {
    // Enough varied documents that +, / and = all occur in the raw base64 at least once.
    const tokens = Array.from({ length: 64 }, (_, i) => craftUserSig(KEY, { identifier: `u${i}`, sdkappid: SDKAPPID, time: T + i, expire: i }));
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9*\-_]+$/);
    expect(tokens.some((t) => /[*\-_]/.test(t))).toBe(true);
  });

  test('a hex-looking key is used as text, as the library does', () => {
    const hexKey = '00112233445566778899aabbccddeeff';
    const sig = new Api(SDKAPPID, hexKey).genUserSig(ADMIN, 600);
    expect(verifyUserSig(sig, { ...EXPECTED, key: hexKey }, Math.floor(Date.now() / 1000)).ok).toBe(true);
  });
});

type Reason = Extract<UserSigVerdict, { ok: false }>['reason'];

interface VerdictCase {
  title: string;
  sig: string;
  /** Unix seconds of the check; T + 1 when absent. */
  now?: number;
  verdict: 'ok' | Reason;
}

const crafted = (f: Partial<{ identifier: string; sdkappid: number; time: number; expire: number }>, key = KEY) =>
  craftUserSig(key, { identifier: ADMIN, sdkappid: SDKAPPID, time: T, expire: 3600, ...f });

const verdicts: VerdictCase[] = [
  { title: 'a crafted token verifies', sig: crafted({}), verdict: 'ok' },
  { title: 'the empty string is empty', sig: '', verdict: 'empty' },
  { title: 'text outside the alphabet is unparseable', sig: 'not base64!', verdict: 'unparseable' },
  { title: 'the doc sample usersig xxx is unparseable', sig: 'xxx', verdict: 'unparseable' },
  { title: 'base64 of bytes that are not zlib is unparseable', sig: escape(Buffer.from('{"TLS.ver":"2.0"}').toString('base64')), verdict: 'unparseable' },
  { title: 'zlib of text that is not JSON is unparseable', sig: pack(Buffer.from('TLS.identifier:administrator')), verdict: 'unparseable' },
  { title: 'zlib of a JSON array is unparseable', sig: pack(Buffer.from(JSON.stringify([signedDoc()]))), verdict: 'unparseable' },
  { title: 'zlib of JSON null is unparseable', sig: pack(Buffer.from('null')), verdict: 'unparseable' },
  ...['TLS.identifier', 'TLS.sdkappid', 'TLS.time', 'TLS.expire', 'TLS.sig'].map((field) => ({
    title: `a token without ${field} is unparseable`,
    sig: encodeUserSig(without(signedDoc(), field)),
    verdict: 'unparseable' as const,
  })),
  { title: 'TLS.sdkappid as a string is unparseable', sig: encodeUserSig(signedDoc({ 'TLS.sdkappid': String(SDKAPPID) })), verdict: 'unparseable' },
  { title: 'TLS.time as a string is unparseable', sig: encodeUserSig(signedDoc({ 'TLS.time': String(T) })), verdict: 'unparseable' },
  { title: 'TLS.expire as a fraction is unparseable', sig: encodeUserSig(signedDoc({ 'TLS.expire': 3600.5 })), verdict: 'unparseable' },
  { title: 'TLS.identifier as a number is unparseable', sig: encodeUserSig(signedDoc({ 'TLS.identifier': 42 })), verdict: 'unparseable' },
  { title: 'TLS.sig as a number is unparseable', sig: encodeUserSig(signedDoc({ 'TLS.sig': 42 })), verdict: 'unparseable' },
  { title: 'TLS.userbuf as a number is unparseable', sig: encodeUserSig(signedDoc({ 'TLS.userbuf': 1 })), verdict: 'unparseable' },
  { title: 'a token signed with another key is bad-hmac', sig: crafted({}, 'some-other-key'), verdict: 'bad-hmac' },
  { title: 'a longer TLS.expire without re-signing is bad-hmac', sig: encodeUserSig(signedDoc({ 'TLS.expire': 999999 })), verdict: 'bad-hmac' },
  { title: 'an unsigned TLS.userbuf added afterwards is bad-hmac', sig: encodeUserSig(signedDoc({ 'TLS.userbuf': 'AAAA' })), verdict: 'bad-hmac' },
  { title: 'a token for another identifier is identifier-mismatch', sig: crafted({ identifier: 'dramon1' }), verdict: 'identifier-mismatch' },
  { title: 'identifiers differing only in case mismatch', sig: crafted({ identifier: 'Administrator' }), verdict: 'identifier-mismatch' },
  { title: 'a token for another SDKAppID is sdkappid-mismatch', sig: crafted({ sdkappid: SDKAPPID + 1 }), verdict: 'sdkappid-mismatch' },
  { title: 'valid at exactly time + expire', sig: crafted({}), now: T + 3600, verdict: 'ok' },
  { title: 'expired one second after time + expire', sig: crafted({}), now: T + 3601, verdict: 'expired' },
  { title: 'a zero-validity token is valid only in its own second', sig: crafted({ expire: 0 }), now: T + 1, verdict: 'expired' },
  // The documented order: SDKAppID, identifier, expiry, then the HMAC.
  { title: 'sdkappid is checked before identifier', sig: crafted({ sdkappid: 1, identifier: 'x' }), verdict: 'sdkappid-mismatch' },
  { title: 'identifier is checked before expiry', sig: crafted({ identifier: 'x', time: 0, expire: 1 }), verdict: 'identifier-mismatch' },
  { title: 'expiry is checked before the HMAC', sig: crafted({ time: 0, expire: 1 }, 'some-other-key'), verdict: 'expired' },
];

test.describe('verifyUserSig verdicts', () => {
  for (const c of verdicts) {
    test(c.title, () => {
      const v = verifyUserSig(c.sig, EXPECTED, c.now ?? T + 1);
      if (c.verdict === 'ok') expect(v.ok).toBe(true);
      else expect(v).toEqual({ ok: false, reason: c.verdict });
    });
  }
});
