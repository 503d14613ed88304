/**
 * Each deliberately broken simulator really departs from the rule its `breaks` clause names: a probe that the
 * faithful simulator passes must fail on the variant, so a variant that stopped breaking anything is caught.
 */
import { expect, test } from '@playwright/test';
import { Api } from 'tls-sig-api-v2';
import { defaultConfig, DEFAULT_ADMIN, DEFAULT_SDKAPPID, DEFAULT_SECRET_KEY } from '../../mocks/config';
import { Simulator, type SimResponse } from '../../mocks/simulator';
import { makeSimulator, variants } from '../../mocks/variants';
import { clauses, command } from '../../src/spec';
import { craftUserSig } from '../../src/usersig';
import { violations } from '../../src/validators';

const START_MS = Date.now();
const START_S = Math.floor(START_MS / 1000);

const sigOf = (identifier: string, sdkappid = DEFAULT_SDKAPPID, key = DEFAULT_SECRET_KEY) =>
  new Api(sdkappid, key).genUserSig(identifier, 86400);
const ADMIN_SIG = sigOf(DEFAULT_ADMIN);

interface Probe {
  sim: Simulator;
  clock: { ms: number };
  /** Sends one call; the reply is parsed leniently, since the variants are allowed to break the envelope. */
  post(body: unknown, opts?: { command?: string; query?: Record<string, string>; raw?: string }): SimResponse & { reply: Record<string, unknown> };
}

function probeOf(variant?: string): Probe {
  const clock = { ms: START_MS };
  const sim = makeSimulator(defaultConfig({ now: () => clock.ms }), variant);
  // '10086' exists so that an account coerced from the number 10086 would be accepted.
  for (const id of ['dramon1', 'dramon2', '10086']) sim.state.importAccount(id);
  return {
    sim,
    clock,
    post(body, opts = {}) {
      const q = new URLSearchParams({
        sdkappid: String(DEFAULT_SDKAPPID),
        identifier: DEFAULT_ADMIN,
        usersig: ADMIN_SIG,
        random: '1',
        contenttype: 'json',
        ...opts.query,
      });
      const url = `/${command(opts.command ?? 'admin_set_msg_read').path}?${q.toString()}`;
      const res = sim.handle({ method: 'POST', url, body: new TextEncoder().encode(opts.raw ?? JSON.stringify(body)) });
      return { ...res, reply: JSON.parse(res.body) as Record<string, unknown> };
    },
  };
}

const SAMPLE = { Report_Account: 'dramon1', Peer_Account: 'dramon2' };
const code = (r: { reply: Record<string, unknown> }) => r.reply.ErrorCode;
const unread = (p: Probe, reader: string, peer: string) => p.sim.state.unreadFrom(reader, peer);
const sendMsg = (p: Probe, from: string, to: string) =>
  p.post({ From_Account: from, To_Account: to, MsgRandom: 1, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'x' } }] }, { command: 'sendmsg' });
const burst = (p: Probe, n: number) => Array.from({ length: n }, () => p.post(SAMPLE));

/** True when the simulator keeps the rule; each probe is written so that only its variant makes it false. */
const keepsRule: Record<string, (p: Probe) => boolean> = {
  'error-http-400': (p) => p.post(null, { raw: '{' }).status === 200,
  'error-page-echoes-url': (p) => p.post(null, { raw: '{' }).status === 200,
  'error-code-as-string': (p) => typeof p.post(null, { raw: '{' }).reply.ErrorCode === 'number',
  'error-info-missing': (p) => violations('common/envelope.schema.json', p.post(null, { raw: '{' }).reply).length === 0,
  'ok-status-on-error': (p) => p.post(null, { raw: '{' }).reply.ActionStatus === 'FAIL',
  'peer-account-optional': (p) => code(p.post({ Report_Account: 'dramon1' })) !== 0,
  'accounts-not-checked': (p) => code(p.post({ ...SAMPLE, Report_Account: 'nobody' })) !== 0,
  'account-type-coerced': (p) => code(p.post({ ...SAMPLE, Report_Account: 10086 })) !== 0,
  'parse-failure-as-account-error': (p) => code(p.post(null, { raw: '{"Report_Account":' })) === 90001,
  'msg-read-time-string-refused': (p) => code(p.post({ ...SAMPLE, MsgReadTime: String(START_S) })) === 0,
  'sdkappid-unchecked': (p) =>
    code(p.post(SAMPLE, { query: { sdkappid: String(DEFAULT_SDKAPPID + 1), usersig: sigOf(DEFAULT_ADMIN, DEFAULT_SDKAPPID + 1) } })) !== 0,
  'usersig-hmac-unchecked': (p) => code(p.post(SAMPLE, { query: { usersig: sigOf(DEFAULT_ADMIN, DEFAULT_SDKAPPID, 'another-key') } })) !== 0,
  'usersig-expiry-unchecked': (p) => {
    const usersig = craftUserSig(DEFAULT_SECRET_KEY, { identifier: DEFAULT_ADMIN, sdkappid: DEFAULT_SDKAPPID, time: START_S - 100, expire: 10 });
    return code(p.post(SAMPLE, { query: { usersig } })) !== 0;
  },
  'usersig-identifier-unchecked': (p) => code(p.post(SAMPLE, { query: { usersig: sigOf('dramon1') } })) !== 0,
  'usersig-sdkappid-unchecked': (p) => code(p.post(SAMPLE, { query: { usersig: sigOf(DEFAULT_ADMIN, DEFAULT_SDKAPPID + 1) } })) !== 0,
  'non-admin-allowed': (p) => code(p.post(SAMPLE, { query: { identifier: 'dramon1', usersig: sigOf('dramon1') } })) !== 0,
  'rate-limit-absent': (p) => burst(p, 201).some((r) => code(r) !== 0),
  'rate-limit-wrong-code': (p) => code(burst(p, 201).at(-1)!) === 60007,
  'rate-limit-http-429': (p) => burst(p, 201).every((r) => r.status === 200),
  'rate-limit-100': (p) =>
    Array.from({ length: 180 }, (_, i) => {
      p.clock.ms = START_MS + Math.floor((i * 1000) / 180);
      return code(p.post(SAMPLE));
    }).every((c) => c === 0),
  'rate-limit-400': (p) => burst(p, 300).some((r) => code(r) === 60007),
  'rate-limit-sticky': (p) => {
    burst(p, 201);
    p.clock.ms += 1000;
    return code(p.post(SAMPLE)) === 0;
  },
  'mark-read-noop': (p) => {
    sendMsg(p, 'dramon2', 'dramon1');
    p.post(SAMPLE);
    return unread(p, 'dramon1', 'dramon2') === 0;
  },
  'mark-read-both-directions': (p) => {
    sendMsg(p, 'dramon1', 'dramon2');
    p.post(SAMPLE);
    return unread(p, 'dramon2', 'dramon1') === 1;
  },
  'mark-read-all-peers': (p) => {
    p.sim.state.importAccount('dramon3');
    sendMsg(p, 'dramon3', 'dramon1');
    p.post(SAMPLE);
    return unread(p, 'dramon1', 'dramon3') === 1;
  },
  'msg-read-time-ignored': (p) => {
    sendMsg(p, 'dramon2', 'dramon1');
    p.clock.ms += 2000;
    sendMsg(p, 'dramon2', 'dramon1');
    p.post({ ...SAMPLE, MsgReadTime: String(START_S + 1) });
    return unread(p, 'dramon1', 'dramon2') === 1;
  },
};

test('every variant has a probe and every probe a variant', () => {
  expect(Object.keys(keepsRule).sort()).toEqual(Object.keys(variants).sort());
});

test('every variant breaks a documented clause', () => {
  const strength = new Map(clauses.map((c) => [c.id, c.strength]));
  for (const [name, v] of Object.entries(variants)) expect(strength.get(v.breaks), `${name} breaks ${v.breaks}`).toBe('documented');
});

test('an unknown variant name is refused', () => {
  expect(() => makeSimulator(defaultConfig(), 'no-such-variant')).toThrow();
});

for (const name of Object.keys(variants)) {
  test(`${name} departs from its clause`, () => {
    const probe = keepsRule[name];
    expect(probe, `no probe for ${name}`).toBeDefined();
    if (!probe) return;
    expect(probe(probeOf()), 'the faithful simulator keeps the rule').toBe(true);
    expect(probe(probeOf(name)), `${name} keeps the rule it is meant to break`).toBe(false);
  });
}
