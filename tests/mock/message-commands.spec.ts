/**
 * admin_msgwithdraw and modify_c2c_msg in the simulator: each code of the fields that name a message, and what the
 * call does to the stored message (docs/facts/admin_msgwithdraw.md, docs/facts/modify_c2c_msg.md).
 */
import { expect, test } from '@playwright/test';
import { Api } from 'tls-sig-api-v2';
import { defaultConfig, DEFAULT_ADMIN, DEFAULT_SDKAPPID, DEFAULT_SECRET_KEY } from '../../mocks/config.js';
import type { Reply } from '../../mocks/reply.js';
import { Simulator } from '../../mocks/simulator.js';
import { command } from '../../src/core/spec.js';

const NOW_MS = Date.UTC(2026, 11, 3);
const QUERY = new URLSearchParams({ sdkappid: String(DEFAULT_SDKAPPID), identifier: DEFAULT_ADMIN, usersig: new Api(DEFAULT_SDKAPPID, DEFAULT_SECRET_KEY).genUserSig(DEFAULT_ADMIN, 86400), random: '1', contenttype: 'json' });

/** One call as a client makes it; the answer's envelope. */
function call(sim: Simulator, name: string, body: unknown): Reply {
  const res = sim.handle({ method: 'POST', url: `/${command(name).path}?${QUERY}`, body: new TextEncoder().encode(JSON.stringify(body)) });
  return JSON.parse(Buffer.from(res.body).toString('utf8')) as Reply;
}

/** alice, bob and carol, and one message from alice to bob with CloudCustomData: its MsgKey. */
function setup() {
  const sim = new Simulator(defaultConfig({ now: () => NOW_MS, rateLimit: 0, internalErrors: 'throw', accounts: ['alice', 'bob', 'carol'] }));
  const sent = call(sim, 'sendmsg', { From_Account: 'alice', To_Account: 'bob', MsgRandom: 7, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'before' } }], CloudCustomData: 'data' });
  const key = sent.MsgKey as string;
  return { sim, key, message: () => sim.state.message('alice', 'bob', key)! };
}

const text = (body: readonly unknown[]) => (body[0] as { MsgContent: { Text: string } }).MsgContent.Text;

test.describe('admin_msgwithdraw', () => {
  const codes: Array<[title: string, body: (key: string) => Record<string, unknown>, code: number]> = [
    ['a recall of the message succeeds', (key) => ({ From_Account: 'alice', To_Account: 'bob', MsgKey: key }), 0],
    ['From_Account missing answers 90008', (key) => ({ To_Account: 'bob', MsgKey: key }), 90008],
    ['From_Account never imported answers 90008', (key) => ({ From_Account: 'dave', To_Account: 'bob', MsgKey: key }), 90008],
    ['To_Account missing answers 90003', (key) => ({ From_Account: 'alice', MsgKey: key }), 90003],
    ['MsgKey missing answers 90054', () => ({ From_Account: 'alice', To_Account: 'bob' }), 90054],
    ['MsgKey of another type answers 90054', () => ({ From_Account: 'alice', To_Account: 'bob', MsgKey: 12 }), 90054],
    ['MsgKey of one word answers 90054', () => ({ From_Account: 'alice', To_Account: 'bob', MsgKey: 'msgkey' }), 90054],
    ['MsgKey of two parts answers 90054', () => ({ From_Account: 'alice', To_Account: 'bob', MsgKey: '1_2' }), 90054],
    ['a well-formed MsgKey of no message answers 20022', () => ({ From_Account: 'alice', To_Account: 'bob', MsgKey: '1_2_3' }), 20022],
    ['the key named with sender and recipient swapped answers 20022', (key) => ({ From_Account: 'bob', To_Account: 'alice', MsgKey: key }), 20022],
    ['the key named with another recipient answers 20022', (key) => ({ From_Account: 'alice', To_Account: 'carol', MsgKey: key }), 20022],
  ];
  for (const [title, body, code] of codes) {
    test(title, () => {
      const { sim, key, message } = setup();
      expect(call(sim, 'admin_msgwithdraw', body(key)).ErrorCode).toBe(code);
      expect(message().recalled).toBe(code === 0);
    });
  }

  test('a recalled message stays, flagged, with its key and body; a second recall answers 20023; the unread count is kept', () => {
    const { sim, key, message } = setup();
    const body = { From_Account: 'alice', To_Account: 'bob', MsgKey: key };
    expect(call(sim, 'admin_msgwithdraw', body)).toEqual({ ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0 });
    expect(message()).toMatchObject({ key, recalled: true, unread: true });
    expect(text(message().body)).toBe('before');
    expect(sim.state.unreadFrom('bob', 'alice')).toBe(1);
    expect(call(sim, 'admin_msgwithdraw', body).ErrorCode).toBe(20023);
  });
});

test.describe('modify_c2c_msg', () => {
  const named = (key: string) => ({ From_Account: 'alice', To_Account: 'bob', MsgKey: key });
  const after = [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'after' } }];

  test('MsgBody alone replaces the body under the same key and keeps CloudCustomData; ErrorInfo "succeed" as the sample', () => {
    const { sim, key, message } = setup();
    expect(call(sim, 'modify_c2c_msg', { ...named(key), MsgBody: after })).toEqual({ ActionStatus: 'OK', ErrorInfo: 'succeed', ErrorCode: 0 });
    expect(message()).toMatchObject({ key, cloudCustomData: 'data', edited: true });
    expect(text(message().body)).toBe('after');
  });

  test('CloudCustomData alone replaces it and keeps the body', () => {
    const { sim, key, message } = setup();
    expect(call(sim, 'modify_c2c_msg', { ...named(key), CloudCustomData: 'new' }).ErrorCode).toBe(0);
    expect(message().cloudCustomData).toBe('new');
    expect(text(message().body)).toBe('before');
  });

  test('neither field succeeds and changes nothing', () => {
    const { sim, key, message } = setup();
    expect(call(sim, 'modify_c2c_msg', named(key)).ErrorCode).toBe(0);
    expect(message()).toMatchObject({ cloudCustomData: 'data', edited: false });
  });

  const refusals: Array<[title: string, body: (key: string) => Record<string, unknown>, code: number]> = [
    ['From_Account missing answers 20003', (key) => ({ To_Account: 'bob', MsgKey: key, MsgBody: after }), 20003],
    ['To_Account never imported answers 20003', (key) => ({ From_Account: 'alice', To_Account: 'dave', MsgKey: key, MsgBody: after }), 20003],
    ['a MsgKey of no message answers 20022', () => ({ ...named('1_2_3'), MsgBody: after }), 20022],
    ['a malformed MsgKey answers 90054', () => ({ ...named('msgkey'), MsgBody: after }), 90054],
    ['MsgBody of text answers 20001', (key) => ({ ...named(key), MsgBody: 'after' }), 20001],
    ['an empty MsgBody answers 20001', (key) => ({ ...named(key), MsgBody: [] }), 20001],
    ['CloudCustomData of a number answers 20001', (key) => ({ ...named(key), CloudCustomData: 42 }), 20001],
  ];
  for (const [title, body, code] of refusals) {
    test(`${title} and leaves the message as it was`, () => {
      const { sim, key, message } = setup();
      expect(call(sim, 'modify_c2c_msg', body(key)).ErrorCode).toBe(code);
      expect(message()).toMatchObject({ cloudCustomData: 'data', edited: false });
      expect(text(message().body)).toBe('before');
    });
  }

  test('a recalled message answers 20023 and keeps its body', () => {
    const { sim, key, message } = setup();
    expect(call(sim, 'admin_msgwithdraw', named(key)).ErrorCode).toBe(0);
    expect(call(sim, 'modify_c2c_msg', { ...named(key), MsgBody: after }).ErrorCode).toBe(20023);
    expect(text(message().body)).toBe('before');
  });
});
