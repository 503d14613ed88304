/**
 * What the mock keeps, and within which bounds: the request log holds the last KEPT_REQUESTS requests in order; a
 * UserSig verified once is taken again only for the app, identifier and time it holds for; targets that need decoding
 * or normalising are read as URL reads them; accounts and messages stop growing at their bounds.
 */
import { expect, test } from '@playwright/test';
import { defaultConfig, DEFAULT_ADMIN, DEFAULT_SDKAPPID, DEFAULT_SECRET_KEY } from '../../mocks/config.js';
import { KEPT_REQUESTS, Simulator } from '../../mocks/simulator.js';
import { ImState, MAX_ACCOUNTS, MAX_KEPT_BODY_CHARS, MAX_MESSAGES, MAX_MESSAGES_PER_CONVERSATION } from '../../mocks/state.js';
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

test('a kept ASCII body, text and bytes alike, is what was sent, whatever its bytes become', () => {
  const { sim } = setup();
  const sig = tokenOf(DEFAULT_ADMIN);
  const sent = [JSON.stringify({ Report_Account: 'alice', Peer_Account: 'bob' }), '{"not json', JSON.stringify({ pad: 'x'.repeat(9000) })];
  for (const text of sent) {
    const body = new TextEncoder().encode(text);
    sim.handle({ method: 'POST', url: `${PATH}?${query(DEFAULT_ADMIN, sig)}`, body });
    body.fill(0x20);
  }
  expect(sim.requests().map((k) => k.body)).toEqual(sent.map((text) => text.slice(0, 2048)));
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
  // Right after a plain path, one that only begins like it, or none at all, is still read on its own.
  expect(call(sim, `${PATH}/?${query(DEFAULT_ADMIN, sig)}`)).toBe(60009);
  expect(call(sim, `?${query(DEFAULT_ADMIN, sig)}`)).toBe(60009);
  expect(call(sim, `${PATH}?${query(DEFAULT_ADMIN, sig)}`)).toBe(0);
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

test('past the app\'s message bound the message stored first goes, with its unread count', () => {
  const state = new ImState();
  state.importAccount('r');
  for (let i = 0; i < MAX_MESSAGES; i++) state.send(`s${i % 100}`, 'r', i, true, 1);
  expect(state.messageCount).toBe(MAX_MESSAGES);
  expect(state.unreadTotal('r')).toBe(MAX_MESSAGES);
  const first = state.history('s0', 'r', 0, 0)[0]!;
  state.send('x', 'y', 1, true, 1);
  expect(state.messageCount).toBe(MAX_MESSAGES);
  expect(state.message('s0', 'r', first.key)).toBeUndefined();
  expect(state.unreadFrom('r', 's0')).toBe(MAX_MESSAGES / 100 - 1);
  expect(state.unreadTotal('r')).toBe(MAX_MESSAGES - 1);
  expect(state.unreadFrom('y', 'x')).toBe(1);
  state.deleteAccount('r');
  expect(state.messageCount).toBe(1);
  for (let i = 0; i < 5; i++) state.send('y', 'x', i, true, 1);
  expect(state.messageCount).toBe(6);
  expect(state.unreadFrom('x', 'y')).toBe(5);
});

test('past the conversation\'s bound its oldest message goes and other conversations keep theirs', () => {
  const state = new ImState();
  state.send('c', 'a', 1, true, 1);
  for (let i = 0; i < MAX_MESSAGES_PER_CONVERSATION; i++) state.send('a', 'b', i, i % 2 === 0, 1);
  expect(state.unreadFrom('b', 'a')).toBe(MAX_MESSAGES_PER_CONVERSATION / 2);
  state.send('b', 'a', MAX_MESSAGES_PER_CONVERSATION, true, 1);
  expect(state.history('a', 'b', 0, 0)).toEqual([]);
  expect(state.unreadFrom('b', 'a')).toBe(MAX_MESSAGES_PER_CONVERSATION / 2 - 1);
  expect(state.unreadFrom('a', 'b')).toBe(1);
  expect(state.unreadFrom('a', 'c')).toBe(1);
  expect(state.messageCount).toBe(MAX_MESSAGES_PER_CONVERSATION + 1);
});

/** A text body of `chars` characters of text, a new one on every call, as every request carries its own. */
const textBody = (chars: number) => [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'x'.repeat(chars) } }];

test('past the bound on kept bodies the oldest messages go until the new one fits', () => {
  const state = new ImState();
  const chars = JSON.stringify(textBody(12 * 1024)).length;
  const fit = Math.floor(MAX_KEPT_BODY_CHARS / chars);
  for (let i = 0; i < fit; i++) state.send(`s${i % 100}`, 'r', i, true, 1, { body: textBody(12 * 1024) });
  expect(state.messageCount).toBe(fit);
  state.send('x', 'y', 1, true, 1, { body: textBody(12 * 1024) });
  expect(state.messageCount).toBe(fit);
  expect(state.history('s0', 'r', 0, 0)).toEqual([]);
  expect(state.unreadFrom('y', 'x')).toBe(1);
});

test('an edit counts its new content against the bound on kept bodies, and the oldest messages go', () => {
  const state = new ImState();
  for (const peer of ['b', 'c', 'd']) state.send('a', peer, 1, true, 1, { body: [] });
  expect(state.messageCount).toBe(3);
  for (const peer of ['b', 'c', 'd']) {
    const [m] = state.history('a', peer, 0, 2);
    if (m) state.edit(m, { body: textBody(MAX_KEPT_BODY_CHARS / 2), cloudCustomData: 'y' });
  }
  // Three edits of half the bound each cannot all be kept: the message stored first went, and its conversation.
  expect(state.messageCount).toBeLessThan(3);
  expect(state.history('a', 'b', 0, 2)).toEqual([]);
  expect(state.peersOf('a')).not.toContain('b');
  expect(state.history('a', 'd', 0, 2)[0]?.edited).toBe(true);
});

test('a conversation that keeps a few messages while hundreds pass through holds few spent places', () => {
  const state = new ImState();
  // A third of the bound in CloudCustomData per message of x's: the app's bound keeps three of them, and each new one
  // takes the oldest messages with it, a's to b among them, so that a's conversation keeps a few while 500 pass.
  const third = 'z'.repeat(Math.floor(MAX_KEPT_BODY_CHARS / 3));
  for (let i = 0; i < 500; i++) {
    state.send('a', 'b', i, true, 1);
    state.send('x', 'y', i, true, 1, { cloudCustomData: third });
  }
  expect(state.history('a', 'b', 0, 500).length).toBeLessThan(5);
  // The store's own array, read here because no answer shows it: its spent front must not grow with the traffic.
  type Inside = { conversations: Map<string, Map<string, { kept: unknown[] }>> };
  const places = (state as unknown as Inside).conversations.get('a')!.get('b')!.kept.length;
  expect(places).toBeLessThan(100);
});

test('content a batch\'s recipients share counts once, and stops counting when its last message goes or is edited', () => {
  const state = new ImState();
  const quarter = MAX_KEPT_BODY_CHARS / 4;
  // One batch of 20 recipients: 20 copies of a quarter of the bound would be five times the bound, one copy is not.
  const body = textBody(quarter);
  const shared = state.sharedContent(body, 'data');
  for (let i = 0; i < 20; i++) state.send('admin', `r${i}`, 1, true, 1, { body, cloudCustomData: 'data', shared });
  expect(state.messageCount).toBe(20);
  // Three more quarters do not fit beside it: each message holding the shared content goes, oldest first, and its
  // characters stop counting only with the last of them.
  state.send('x', 'y', 2, true, 1, { body: textBody(3 * quarter) });
  expect(state.messageCount).toBe(1);
  expect(state.unreadFrom('y', 'x')).toBe(1);
  // An edit of one holder to a body of its own counts the new body, and the shared content still once.
  const again = new ImState();
  const content = again.sharedContent(body);
  for (let i = 0; i < 3; i++) again.send('admin', `r${i}`, 1, true, 1, { body, shared: content });
  const [m] = again.history('admin', 'r0', 0, 2);
  again.edit(m!, { body: textBody(2 * quarter) });
  expect(again.messageCount).toBe(3);
  again.send('x', 'y', 2, true, 1, { body: textBody(quarter / 2) });
  expect(again.messageCount).toBe(4);
  // A quarter (shared), a half (the edit) and an eighth are kept; another quarter is past the bound: r0's half goes.
  again.send('x', 'y', 3, true, 1, { body: textBody(quarter) });
  expect(again.history('admin', 'r0', 0, 2)).toEqual([]);
  expect(again.messageCount).toBe(4);
});
