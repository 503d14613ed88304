/**
 * The UserSigs that test how strictly a target verifies: each is the valid token with one thing changed, and that
 * change is refused by the documented verification whether it compares the HMAC as text or as decoded bytes.
 */
import { expect, test } from '@playwright/test';
import { decodeUserSig, userSigHmac, verifyUserSig } from '../../src/core/usersig.js';
import { ImClient } from '../../src/suite/client.js';
import { NotApplicable } from '../../src/suite/outcomes.js';
import { Pacer } from '../../src/suite/pacer.js';
import type { Transport } from '../../src/suite/transport.js';
import type { AuthVariant } from '../../types/schemas.js';
import { targetFor } from '../support/in-process.js';
import { VirtualClock } from '../support/virtual-clock.js';

const inputs = { otherIdentifier: 'o', otherKey: 'k'.repeat(64), garbage: 'g.g', random: () => 7 };
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The usersig parameter the client sends for an auth variant, with the identifier the URL names. */
async function usersigFor(auth: AuthVariant, identifier?: string): Promise<string> {
  const clock = new VirtualClock();
  let sent = '';
  const transport: Transport = {
    async send(r) {
      sent = r.query.get('usersig') ?? '';
      return { status: 200, headers: {}, body: Buffer.from('{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}') };
    },
  };
  const client = new ImClient(transport, targetFor(), new Pacer(1000, clock), clock);
  await client.call({ command: 'admin_set_msg_read', auth, body: Buffer.from('{}'), ...(identifier ? { query: { identifier } } : {}) }, inputs);
  return sent;
}

const target = targetFor();
const expected = { sdkappid: target.sdkAppId, identifier: target.adminIdentifier, key: target.secretKey };
const now = () => Math.floor(Date.now() / 1000);

for (const auth of ['hmac-altered', 'hmac-case-swapped', 'hmac-truncated', 'hmac-extended'] as const) {
  test(`${auth}: only TLS.sig differs, as text and as bytes, and it stays strict base64`, async () => {
    const sig = await usersigFor(auth);
    const doc = decodeUserSig(sig)!;
    const fields = { identifier: String(doc['TLS.identifier']), sdkappid: Number(doc['TLS.sdkappid']), time: Number(doc['TLS.time']), expire: Number(doc['TLS.expire']) };
    expect(fields).toMatchObject({ identifier: expected.identifier, sdkappid: expected.sdkappid });
    const mac = String(doc['TLS.sig']);
    const want = userSigHmac(expected.key, fields);
    expect(mac).not.toBe(want);
    expect(mac).toMatch(STRICT_BASE64);
    expect(Buffer.from(mac, 'base64').equals(Buffer.from(want, 'base64'))).toBe(false);
    expect(verifyUserSig(sig, expected, now())).toEqual({ ok: false, reason: 'bad-hmac' });
  });
}

test('identifier-other-case is valid for the identifier in other letter case, and for nothing else', async () => {
  const sig = await usersigFor('identifier-other-case', 'Alice');
  expect(verifyUserSig(sig, { ...expected, identifier: 'Alice' }, now())).toEqual({ ok: false, reason: 'identifier-mismatch' });
  expect(verifyUserSig(sig, { ...expected, identifier: 'ALICE' }, now()).ok).toBe(true);
  expect(decodeUserSig(await usersigFor('identifier-other-case', 'BOB'))?.['TLS.identifier']).toBe('bob');
});

test('identifier-other-case does not apply to an identifier without letters', async () => {
  await expect(usersigFor('identifier-other-case', '10086')).rejects.toBeInstanceOf(NotApplicable);
});

test('made-an-hour-ago is valid, made an hour before the clock for two hours', async () => {
  const clock = new VirtualClock();
  const sig = await usersigFor('made-an-hour-ago');
  const doc = decodeUserSig(sig)!;
  expect(Number(doc['TLS.expire'])).toBe(7200);
  expect(Math.abs(Number(doc['TLS.time']) - (Math.floor(clock.now() / 1000) - 3600))).toBeLessThanOrEqual(1);
  expect(verifyUserSig(sig, expected, now()).ok).toBe(true);
  expect(verifyUserSig(sig, expected, Number(doc['TLS.time']) + 7201)).toEqual({ ok: false, reason: 'expired' });
});
