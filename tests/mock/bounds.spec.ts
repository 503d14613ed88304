/**
 * What the mock keeps, and within which bounds: the request log holds the last KEPT_REQUESTS requests in order; a
 * UserSig verified once is taken again only for the app, identifier and time it holds for; targets that need decoding
 * or normalising are read as URL reads them; accounts and unread messages stop growing at their bounds.
 */
import { expect, test } from '@playwright/test';
import { defaultConfig, DEFAULT_ADMIN, DEFAULT_SDKAPPID, DEFAULT_SECRET_KEY } from '../../src/mock/config.js';
import { KEPT_REQUESTS, Simulator } from '../../src/mock/simulator.js';
import { ImState, MAX_ACCOUNTS, MAX_UNREAD_MESSAGES } from '../../src/mock/state.js';
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

test('a full app refuses new accounts with 70398 and keeps taking the ones it has', () => {
  const { sim } = setup();
  const ids = Array.from({ length: MAX_ACCOUNTS - sim.snapshot().accounts.length }, (_, i) => `filled_${i}`);
  sim.importAccounts(ids);
  expect(sim.state.accountCount).toBe(MAX_ACCOUNTS);
  const sig = tokenOf(DEFAULT_ADMIN);
  const importing = (body: unknown) => sim.handle({ method: 'POST', url: `/v4/im_open_login_svc/account_import?${query(DEFAULT_ADMIN, sig)}`, body: new TextEncoder().encode(JSON.stringify(body)) });
  expect(JSON.parse(String(importing({ UserID: 'one_too_many' }).body)).ErrorCode).toBe(70398);
  expect(JSON.parse(String(importing({ UserID: 'filled_0' }).body)).ErrorCode).toBe(0);
  const multi = sim.handle({ method: 'POST', url: `/v4/im_open_login_svc/multiaccount_import?${query(DEFAULT_ADMIN, sig)}`, body: new TextEncoder().encode(JSON.stringify({ Accounts: ['filled_1', 'another_new'] })) });
  expect(JSON.parse(String(multi.body))).toMatchObject({ ErrorCode: 0, FailAccounts: ['another_new'] });
  expect(sim.state.accountCount).toBe(MAX_ACCOUNTS);
});

test('past the unread bound a message replaces the oldest of its conversation, or counts as read', () => {
  const state = new ImState();
  for (const id of ['a', 'b', 'c']) state.importAccount(id);
  for (let i = 0; i < MAX_UNREAD_MESSAGES; i++) state.send('a', 'b', i, true, 1);
  state.send('a', 'b', MAX_UNREAD_MESSAGES, true, 1);
  expect(state.unreadFrom('b', 'a')).toBe(MAX_UNREAD_MESSAGES);
  state.markRead('b', 'a', 0);
  expect(state.unreadFrom('b', 'a')).toBe(MAX_UNREAD_MESSAGES);
  state.send('a', 'c', 1, true, 1);
  expect(state.unreadFrom('c', 'a')).toBe(0);
  state.markRead('b', 'a', MAX_UNREAD_MESSAGES - 10);
  expect(state.unreadFrom('b', 'a')).toBe(10);
  state.send('a', 'c', 2, true, 1);
  expect(state.unreadFrom('c', 'a')).toBe(1);
  state.deleteAccount('b');
  for (let i = 0; i < 5; i++) state.send('c', 'a', i, true, 1);
  expect(state.unreadFrom('a', 'c')).toBe(5);
});
