/**
 * What the hot path keeps, and that keeping it cheaply changes no answer: the request log holds the last
 * KEPT_REQUESTS requests in order; a UserSig verified once is taken again only for the app, identifier and time it
 * holds for; targets that need decoding or normalising are read as URL reads them.
 */
import { expect, test } from '@playwright/test';
import { defaultConfig, DEFAULT_ADMIN, DEFAULT_SDKAPPID, DEFAULT_SECRET_KEY } from '../../src/mock/config.js';
import { KEPT_REQUESTS, Simulator } from '../../src/mock/simulator.js';
import { craftUserSig } from '../../src/core/usersig.js';

const START_S = 1_800_000_000;

function setup() {
  const clock = { ms: START_S * 1000 };
  const sim = new Simulator(defaultConfig({ now: () => clock.ms, rateLimit: 0, internalErrors: 'throw', accounts: ['alice', 'bob'] }));
  return { sim, clock };
}

const tokenOf = (identifier: string, expire = 600) => craftUserSig(DEFAULT_SECRET_KEY, { identifier, sdkappid: DEFAULT_SDKAPPID, time: START_S, expire });
const query = (identifier: string, usersig: string) => `sdkappid=${DEFAULT_SDKAPPID}&identifier=${identifier}&usersig=${usersig}&random=1&contenttype=json`;

function call(sim: Simulator, target: string, body: unknown = { Report_Account: 'alice', Peer_Account: 'bob' }): number {
  const res = sim.handle({ method: 'POST', url: target, body: new TextEncoder().encode(JSON.stringify(body)) });
  return (JSON.parse(String(res.body)) as { ErrorCode: number }).ErrorCode;
}

const PATH = '/v4/openim/admin_set_msg_read';

test('the request log keeps the last requests, oldest first', () => {
  const { sim } = setup();
  const sig = tokenOf(DEFAULT_ADMIN);
  const extra = 5;
  for (let i = 0; i < KEPT_REQUESTS + extra; i++) call(sim, `${PATH}?${query(DEFAULT_ADMIN, sig)}`, { Report_Account: 'alice', Peer_Account: 'bob', n: i });
  const kept = sim.requests();
  expect(kept).toHaveLength(KEPT_REQUESTS);
  expect(JSON.parse(kept[0]!.body).n).toBe(extra);
  expect(JSON.parse(kept.at(-1)!.body).n).toBe(KEPT_REQUESTS + extra - 1);
  expect(kept.every((k) => k.query.usersig === '<redacted-usersig>' && !JSON.stringify(k).includes(sig))).toBe(true);
  sim.reset();
  call(sim, `${PATH}?${query(DEFAULT_ADMIN, sig)}`);
  expect(sim.requests()).toHaveLength(1);
});

test('a kept body is a copy, cut to 2048 characters', () => {
  const { sim } = setup();
  const body = new TextEncoder().encode(JSON.stringify({ Report_Account: 'alice', Peer_Account: 'bob', pad: 'é'.repeat(5000) }));
  sim.handle({ method: 'POST', url: `${PATH}?${query(DEFAULT_ADMIN, tokenOf(DEFAULT_ADMIN))}`, body });
  body.fill(0x20);
  const [kept] = sim.requests();
  expect(kept!.body).toHaveLength(2048);
  expect(kept!.body.startsWith('{"Report_Account":"alice"')).toBe(true);
});

test('a verified UserSig holds until its expiry, and only for the identifier it names', () => {
  const { sim, clock } = setup();
  const sig = tokenOf(DEFAULT_ADMIN, 60);
  expect(call(sim, `${PATH}?${query(DEFAULT_ADMIN, sig)}`)).toBe(0);
  expect(call(sim, `${PATH}?${query('alice', sig)}`)).toBe(70013);
  clock.ms += 60_000;
  expect(call(sim, `${PATH}?${query(DEFAULT_ADMIN, sig)}`)).toBe(0);
  clock.ms += 1000;
  expect(call(sim, `${PATH}?${query(DEFAULT_ADMIN, sig)}`)).toBe(70001);
});

test('targets with escapes, plus signs or dot segments are read as URL reads them', () => {
  const { sim } = setup();
  const sig = tokenOf(DEFAULT_ADMIN);
  expect(call(sim, `${PATH}?${query('administr%61tor', sig)}`)).toBe(0);
  expect(call(sim, `/v4/openim/../openim/admin_set_msg_read?${query(DEFAULT_ADMIN, sig)}`)).toBe(0);
  expect(call(sim, `/v4/openim/%61dmin_set_msg_read?${query(DEFAULT_ADMIN, sig)}`)).toBe(60009);
  const spaced = craftUserSig(DEFAULT_SECRET_KEY, { identifier: 'a b', sdkappid: DEFAULT_SDKAPPID, time: START_S, expire: 600 });
  expect(call(sim, `${PATH}?${query('a+b', spaced)}`)).toBe(90009);
  expect(call(sim, `${PATH}?${query(DEFAULT_ADMIN, sig)}#fragment`)).toBe(0);
});
