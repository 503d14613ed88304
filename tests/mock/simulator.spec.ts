/**
 * The simulator core through `handle`, as a client sees it: every error path with its code, the rate limit on a fake
 * clock, and the state effects observed through the companion APIs (docs/facts/README.md).
 */
import { expect, test } from '@playwright/test';
import { Api } from 'tls-sig-api-v2';
import { defaultConfig, DEFAULT_ADMIN, DEFAULT_SDKAPPID, DEFAULT_SECRET_KEY, type MockConfig } from '../../mocks/config.js';
import { Simulator } from '../../mocks/simulator.js';
import { jsonEnvelope } from '../../mocks/policies.js';
import { fail, ok, type Reply } from '../../mocks/reply.js';
import { command as commandEntry, commands } from '../../src/core/spec.js';
import { craftUserSig } from '../../src/core/usersig.js';
import { violations, type SchemaFile } from '../../src/core/validators.js';

const START_MS = Date.now();
const START_S = Math.floor(START_MS / 1000);
const OTHER_APP = DEFAULT_SDKAPPID + 1;

/** Real tokens from the official library, valid for a day from now: the fake clock never gets that far. */
const sigOf = (identifier: string, sdkappid = DEFAULT_SDKAPPID, key = DEFAULT_SECRET_KEY) =>
  new Api(sdkappid, key).genUserSig(identifier, 86400);
const ADMIN_SIG = sigOf(DEFAULT_ADMIN);

type QueryName = 'sdkappid' | 'identifier' | 'usersig' | 'random' | 'contenttype';

interface Call {
  /** A command of spec/commands/; admin_set_msg_read when absent. */
  command?: string;
  /** A path that replaces the command's, for unknown resources. */
  path?: string;
  method?: string;
  /** Query parameters to replace; null removes one. */
  query?: Partial<Record<QueryName, string | null>>;
  /** A JSON value, sent serialised. */
  body?: unknown;
  /** Bytes or text sent as they are. */
  raw?: string | Uint8Array;
}

function urlOf(call: Call): string {
  const path = call.path ?? commandEntry(call.command ?? 'admin_set_msg_read').path;
  const base: Record<QueryName, string | null> = {
    sdkappid: String(DEFAULT_SDKAPPID),
    identifier: DEFAULT_ADMIN,
    usersig: ADMIN_SIG,
    random: '99999999',
    contenttype: 'json',
    ...call.query,
  };
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(base)) if (v !== null) q.set(k, v);
  return `/${path}?${q.toString()}`;
}

function bytesOf(call: Call): Uint8Array {
  if (call.raw instanceof Uint8Array) return call.raw;
  if (call.raw !== undefined) return new TextEncoder().encode(call.raw);
  return new TextEncoder().encode(JSON.stringify(call.body ?? {}));
}

/**
 * Sends one call and checks what every answer must satisfy: HTTP 200, a JSON body that validates against the
 * command's response schema, ActionStatus OK exactly when ErrorCode is 0.
 */
function send(sim: Simulator, call: Call): Reply {
  const res = sim.handle({ method: call.method ?? 'POST', url: urlOf(call), body: bytesOf(call) });
  const reply = JSON.parse(Buffer.from(res.body).toString('utf8')) as Reply;
  const schema = (call.path === undefined ? `api/${call.command ?? 'admin_set_msg_read'}.response.schema.json` : 'common/envelope.schema.json') as SchemaFile;
  const problems = violations(schema, reply).map((v) => `${schema}: ${v}`);
  if (res.status !== 200) problems.push(`HTTP ${res.status}`);
  if ((reply.ActionStatus === 'OK') !== (reply.ErrorCode === 0)) problems.push('ActionStatus disagrees with ErrorCode');
  // One expect only when something is wrong: Playwright's expect costs more than the simulator on bursts.
  if (problems.length) expect(problems, Buffer.from(res.body).toString('utf8')).toEqual([]);
  return reply;
}

/** A simulator on a fake clock that starts now, with the doc's sample accounts dramon1 and dramon2 imported. */
function setup(overrides: Partial<MockConfig> = {}) {
  const clock = { ms: START_MS };
  const sim = new Simulator(defaultConfig({ now: () => clock.ms, internalErrors: 'throw', ...overrides }));
  sim.state.importAccount('dramon1');
  sim.state.importAccount('dramon2');
  return { sim, clock };
}

const SAMPLE = { Report_Account: 'dramon1', Peer_Account: 'dramon2' };
const withSample = (extra: Record<string, unknown>) => ({ ...SAMPLE, ...extra });
const utf8Invalid = Buffer.from('eyJSZXBvcnRfQWNjb3VudCI6Iv/+IiwiUGVlcl9BY2NvdW50IjoiwK8ifQ==', 'base64');
const commandsOf = (service: string) => commands.filter((c) => c.path.startsWith(service)).map((c) => c.command);

interface CodeCase {
  title: string;
  request: Call;
  /** The ErrorCode expected; 0 for a call that must succeed. */
  code: number;
  config?: Partial<MockConfig>;
}

const TEXT_BODY = [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hi' } }];
/** A valid sendmsg from dramon2 to dramon1, with fields replaced; undefined removes one. */
const sendmsgBody = (extra: Record<string, unknown> = {}) => ({ From_Account: 'dramon2', To_Account: 'dramon1', MsgRandom: 12345, MsgBody: TEXT_BODY, ...extra });

const cases: CodeCase[] = [
  // The URL and the UserSig, checked before anything else.
  { title: 'sdkappid missing answers 60012', request: { query: { sdkappid: null } }, code: 60012 },
  { title: 'sdkappid empty answers 60012', request: { query: { sdkappid: '' } }, code: 60012 },
  { title: 'sdkappid not a number answers 60006', request: { query: { sdkappid: 'abc' } }, code: 60006 },
  { title: 'sdkappid beyond uint32 answers 60006', request: { query: { sdkappid: '4294967296' } }, code: 60006 },
  { title: 'sdkappid with a sign answers 60006', request: { query: { sdkappid: `+${DEFAULT_SDKAPPID}` } }, code: 60006 },
  { title: 'sdkappid of no app answers 70032', request: { query: { sdkappid: String(OTHER_APP), usersig: sigOf(DEFAULT_ADMIN, OTHER_APP) } }, code: 70032 },
  { title: 'identifier missing answers 60025', request: { query: { identifier: null } }, code: 60025 },
  { title: 'identifier empty answers 60025', request: { query: { identifier: '' } }, code: 60025 },
  { title: 'usersig missing answers 70002', request: { query: { usersig: null } }, code: 70002 },
  { title: 'usersig empty answers 70002', request: { query: { usersig: '' } }, code: 70002 },
  { title: "the doc sample's usersig xxx answers 70003", request: { query: { usersig: 'xxx' } }, code: 70003 },
  { title: 'usersig of random text answers 70003', request: { query: { usersig: 'not a signature at all' } }, code: 70003 },
  { title: 'usersig for another sdkappid answers 70014', request: { query: { usersig: sigOf(DEFAULT_ADMIN, OTHER_APP) } }, code: 70014 },
  { title: 'usersig for another identifier answers 70013', request: { query: { usersig: sigOf('dramon1') } }, code: 70013 },
  {
    title: 'expired usersig answers 70001',
    request: { query: { usersig: craftUserSig(DEFAULT_SECRET_KEY, { identifier: DEFAULT_ADMIN, sdkappid: DEFAULT_SDKAPPID, time: START_S - 200, expire: 100 }) } },
    code: 70001,
  },
  { title: 'usersig signed with a wrong key answers 70009', request: { query: { usersig: sigOf(DEFAULT_ADMIN, DEFAULT_SDKAPPID, 'wrong-key-123') } }, code: 70009 },
  { title: 'a GET with a bad usersig answers the usersig error', request: { method: 'GET', raw: '', query: { usersig: 'xxx' } }, code: 70003 },
  // Method and resource.
  { title: 'GET answers 60008', request: { method: 'GET', raw: '' }, code: 60008 },
  { title: 'PUT answers 60008', request: { method: 'PUT', body: SAMPLE }, code: 60008 },
  { title: 'unknown command answers 60009', request: { path: 'v4/openim/admin_set_msg_unread', body: SAMPLE }, code: 60009 },
  { title: 'unknown service answers 60009', request: { path: 'v4/no_such_svc/admin_set_msg_read', body: SAMPLE }, code: 60009 },
  { title: 'path without v4 answers 60009', request: { path: 'openim/admin_set_msg_read', body: SAMPLE }, code: 60009 },
  // Admin permission: one code per service.
  ...commandsOf('v4/openim/').map((c) => ({
    title: `non-admin identifier on ${c} answers 90009`,
    request: { command: c, query: { identifier: 'dramon1', usersig: sigOf('dramon1') }, body: {} },
    code: 90009,
  })),
  ...commandsOf('v4/im_open_login_svc/').map((c) => ({
    title: `non-admin identifier on ${c} answers 70403`,
    request: { command: c, query: { identifier: 'dramon1', usersig: sigOf('dramon1') }, body: {} },
    code: 70403,
  })),
  // The body as bytes.
  { title: 'a body one byte over maxBodyBytes answers 60002', config: { maxBodyBytes: 64 }, request: { raw: JSON.stringify(SAMPLE).padEnd(65) }, code: 60002 },
  { title: 'a body of exactly maxBodyBytes is read', config: { maxBodyBytes: 64 }, request: { raw: JSON.stringify(SAMPLE).padEnd(64) }, code: 0 },
  { title: 'truncated JSON answers 90001', request: { raw: '{"Report_Account":"dramon1"' }, code: 90001 },
  { title: 'a trailing comma answers 90001', request: { raw: '{"Report_Account":"dramon1","Peer_Account":"dramon2",}' }, code: 90001 },
  { title: 'an empty body answers 90001', request: { raw: '' }, code: 90001 },
  { title: 'a JSON array body answers 90001', request: { body: [SAMPLE] }, code: 90001 },
  { title: 'a JSON null body answers 90001', request: { raw: 'null' }, code: 90001 },
  { title: 'a JSON string body answers 90001', request: { body: 'dramon1' }, code: 90001 },
  { title: 'a JSON number body answers 90001', request: { raw: '42' }, code: 90001 },
  { title: 'accounts of invalid UTF-8 answer 90001', request: { raw: utf8Invalid }, code: 90001 },
  ...commandsOf('v4/im_open_login_svc/').flatMap((c) => [
    { title: `unparseable body on ${c} answers 60003`, request: { command: c, raw: '{"UserID":' }, code: 60003 },
    { title: `empty body on ${c} answers 60003`, request: { command: c, raw: '' }, code: 60003 },
  ]),
  { title: 'unparseable body on sendmsg answers 90001', request: { command: 'sendmsg', raw: '{' }, code: 90001 },
  // The accounts: Report_Account maps to 90008 and Peer_Account to 90003 (ledger DOC-ACCOUNT-CODES).
  { title: 'the sample request succeeds', request: { body: SAMPLE }, code: 0 },
  { title: 'Report_Account missing answers 90008', request: { body: { Peer_Account: 'dramon2' } }, code: 90008 },
  { title: 'Report_Account null answers 90008', request: { body: withSample({ Report_Account: null }) }, code: 90008 },
  { title: 'Report_Account unknown answers 90008', request: { body: withSample({ Report_Account: 'nobody' }) }, code: 90008 },
  { title: 'Report_Account empty answers 90008', request: { body: withSample({ Report_Account: '' }) }, code: 90008 },
  { title: 'Report_Account in other case answers 90008', request: { body: withSample({ Report_Account: 'Dramon1' }) }, code: 90008 },
  { title: 'Peer_Account missing answers 90003', request: { body: { Report_Account: 'dramon1' } }, code: 90003 },
  { title: 'Peer_Account null answers 90003', request: { body: withSample({ Peer_Account: null }) }, code: 90003 },
  { title: 'Peer_Account unknown answers 90003', request: { body: withSample({ Peer_Account: 'nobody' }) }, code: 90003 },
  { title: 'Peer_Account empty answers 90003', request: { body: withSample({ Peer_Account: '' }) }, code: 90003 },
  { title: 'an empty object answers 90008', request: { body: {} }, code: 90008 },
  ...(['Report_Account', 'Peer_Account'] as const).flatMap((field) =>
    [
      ['a number', 10086],
      ['an array', ['dramon1']],
      ['a boolean', true],
      ['an object', { UserID: 'dramon2' }],
    ].map(([kind, value]) => ({ title: `${field} as ${String(kind)} answers 60015`, request: { body: withSample({ [field]: value }) }, code: 60015 })),
  ),
  // MsgReadTime (ledger DOC-MSGREADTIME-TYPE, AMB-MSGREADTIME-VALUES).
  { title: 'MsgReadTime as a numeric string succeeds', request: { body: withSample({ MsgReadTime: String(START_S) }) }, code: 0 },
  { title: 'MsgReadTime "0" succeeds', request: { body: withSample({ MsgReadTime: '0' }) }, code: 0 },
  { title: 'MsgReadTime in the future succeeds', request: { body: withSample({ MsgReadTime: String(START_S + 86400) }) }, code: 0 },
  { title: 'MsgReadTime as an integer succeeds by default', request: { body: withSample({ MsgReadTime: START_S }) }, code: 0 },
  { title: 'MsgReadTime as an integer succeeds in strict mode too', config: { strict: true }, request: { body: withSample({ MsgReadTime: START_S }) }, code: 0 },
  { title: 'MsgReadTime as a numeric string succeeds in strict mode', config: { strict: true }, request: { body: withSample({ MsgReadTime: String(START_S) }) }, code: 0 },
  { title: 'MsgReadTime not numeric answers 90001', request: { body: withSample({ MsgReadTime: 'yesterday' }) }, code: 90001 },
  { title: 'MsgReadTime "-60" answers 90001', request: { body: withSample({ MsgReadTime: '-60' }) }, code: 90001 },
  { title: 'MsgReadTime as a negative integer answers 90001', request: { body: withSample({ MsgReadTime: -60 }) }, code: 90001 },
  { title: 'MsgReadTime as a fraction answers 90001', request: { body: withSample({ MsgReadTime: '1.5' }) }, code: 90001 },
  { title: 'MsgReadTime empty answers 90001', request: { body: withSample({ MsgReadTime: '' }) }, code: 90001 },
  { title: 'MsgReadTime as a boolean answers 90001', request: { body: withSample({ MsgReadTime: true }) }, code: 90001 },
  // contenttype and random: refused only in strict mode (ledger AMB-QUERY-LENIENCY).
  ...(
    [
      ['contenttype missing', { contenttype: null }, 60025],
      ['contenttype xml', { contenttype: 'xml' }, 60025],
      ['contenttype JSON in capitals', { contenttype: 'JSON' }, 60025],
      ['random missing', { random: null }, 60002],
      ['random 4294967296', { random: '4294967296' }, 60002],
      ['random of 21 digits', { random: '123456789012345678901' }, 60002],
      ['random -1', { random: '-1' }, 60002],
      ['random not a number', { random: 'abc' }, 60002],
    ] as const
  ).flatMap(([what, query, strictCode]) => [
    { title: `${what} answers ${strictCode} in strict mode`, config: { strict: true }, request: { query, body: SAMPLE }, code: strictCode },
    { title: `${what} is accepted by default`, request: { query, body: SAMPLE }, code: 0 },
  ]),
  { title: 'random 4294967295 is accepted in strict mode', config: { strict: true }, request: { query: { random: '4294967295' }, body: SAMPLE }, code: 0 },
  { title: 'random 0 is accepted in strict mode', config: { strict: true }, request: { query: { random: '0' }, body: SAMPLE }, code: 0 },
  // Companions: only the refusals the fixtures and effect checks rely on.
  ...(
    [
      ['no UserID', { Nick: 'x' }],
      ['an empty UserID', { UserID: '' }],
      ['a 33-byte UserID', { UserID: 'u'.repeat(33) }],
      ['a UserID of 17 two-byte characters', { UserID: 'é'.repeat(17) }],
      ['a numeric UserID', { UserID: 42 }],
      ['a null UserID', { UserID: null }],
      ['a numeric Nick', { UserID: 'alice', Nick: 1 }],
      ['a numeric FaceUrl', { UserID: 'alice', FaceUrl: 1 }],
    ] as const
  ).map(([what, body]) => ({ title: `account_import of ${what} answers 70402`, request: { command: 'account_import', body }, code: 70402 })),
  { title: 'account_import of a 32-byte UserID succeeds', request: { command: 'account_import', body: { UserID: 'u'.repeat(32) } }, code: 0 },
  ...(
    [
      ['MsgRandom missing', { MsgRandom: undefined }, 90005],
      ['MsgRandom -1', { MsgRandom: -1 }, 90005],
      ['MsgRandom 4294967296', { MsgRandom: 4294967296 }, 90005],
      ['MsgRandom as a string', { MsgRandom: '1' }, 90005],
      ['MsgRandom as a fraction', { MsgRandom: 1.5 }, 90005],
      ['MsgRandom 0', { MsgRandom: 0 }, 0],
      ['MsgRandom 4294967295', { MsgRandom: 4294967295 }, 0],
      ['MsgBody missing', { MsgBody: undefined }, 90007],
      ['MsgBody empty', { MsgBody: [] }, 90002],
      ['MsgBody as text', { MsgBody: 'hi' }, 90007],
      ['a MsgBody element without MsgContent', { MsgBody: [{ MsgType: 'TIMTextElem' }] }, 90002],
      ['a text element without Text', { MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: {} }] }, 90002],
      ['a MsgBody element without MsgType', { MsgBody: [{ MsgContent: { Text: 'hi' } }] }, 90010],
      ['a MsgBody element of an unknown type', { MsgBody: [{ MsgType: 'TIMPollElem', MsgContent: {} }] }, 90010],
      ['a custom element', { MsgBody: [{ MsgType: 'TIMCustomElem', MsgContent: { Data: '{"kind":"poll"}' } }] }, 0],
      ['a location element', { MsgBody: [{ MsgType: 'TIMLocationElem', MsgContent: { Desc: 'here', Latitude: 22.5, Longitude: 113.9 } }] }, 0],
      ['From_Account unknown', { From_Account: 'nobody' }, 90008],
      ['To_Account unknown', { To_Account: 'nobody' }, 90003],
      ['To_Account missing', { To_Account: undefined }, 90003],
      ['MsgTimeStamp as a string', { MsgTimeStamp: '1600000000' }, 90006],
      ['MsgTimeStamp negative', { MsgTimeStamp: -1 }, 90006],
    ] as const
  ).map(([what, extra, code]) => ({ title: `sendmsg with ${what} answers ${code}`, request: { command: 'sendmsg', body: sendmsgBody(extra) }, code })),
  { title: 'get_c2c_unread_msg_num of an unknown To_Account answers 90003', request: { command: 'get_c2c_unread_msg_num', body: { To_Account: 'ghost' } }, code: 90003 },
];

test.describe('answer codes', () => {
  for (const c of cases) {
    test(c.title, () => {
      const { sim } = setup(c.config);
      expect(send(sim, c.request).ErrorCode).toBe(c.code);
    });
  }
});

test.describe('the doc sample', () => {
  test('the sample request answers exactly the sample response', () => {
    const sim = new Simulator(defaultConfig({ now: () => START_MS }));
    for (const id of ['dramon1', 'dramon2']) expect(send(sim, { command: 'account_import', body: { UserID: id } }).ErrorCode).toBe(0);
    const url = `/v4/openim/admin_set_msg_read?sdkappid=${DEFAULT_SDKAPPID}&identifier=${DEFAULT_ADMIN}&usersig=${ADMIN_SIG}&random=99999999&contenttype=json`;
    const body = new TextEncoder().encode('{\n    "Report_Account":"dramon1",\n    "Peer_Account":"dramon2"\n}');
    const res = sim.handle({ method: 'POST', url, body });
    expect(res.status).toBe(200);
    expect(JSON.parse(String(res.body))).toStrictEqual({ ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0 });
  });

  test('the sample request for accounts never imported fails', () => {
    const sim = new Simulator(defaultConfig({ now: () => START_MS }));
    expect([90003, 90008]).toContain(send(sim, { body: SAMPLE }).ErrorCode);
  });
});

test.describe('usersig expiry on the fake clock', () => {
  test('a usersig is accepted at time + expire and refused a second later', () => {
    const { sim, clock } = setup();
    const usersig = craftUserSig(DEFAULT_SECRET_KEY, { identifier: DEFAULT_ADMIN, sdkappid: DEFAULT_SDKAPPID, time: START_S, expire: 60 });
    clock.ms = (START_S + 60) * 1000 + 999;
    expect(send(sim, { query: { usersig }, body: SAMPLE }).ErrorCode).toBe(0);
    clock.ms = (START_S + 61) * 1000;
    expect(send(sim, { query: { usersig }, body: SAMPLE }).ErrorCode).toBe(70001);
  });
});

test.describe('rate limit', () => {
  const burst = (sim: Simulator, n: number, call: Call = { body: SAMPLE }) => Array.from({ length: n }, () => send(sim, call).ErrorCode);

  test('200 calls in one instant pass and the 201st answers 60007', () => {
    const { sim } = setup();
    expect(burst(sim, 200).every((c) => c === 0)).toBe(true);
    expect(send(sim, { body: SAMPLE }).ErrorCode).toBe(60007);
  });

  test('the limit recovers exactly one second after the burst', () => {
    const { sim, clock } = setup();
    burst(sim, 200);
    clock.ms += 999;
    expect(send(sim, { body: SAMPLE }).ErrorCode).toBe(60007);
    clock.ms += 1;
    expect(burst(sim, 200).every((c) => c === 0)).toBe(true);
    expect(send(sim, { body: SAMPLE }).ErrorCode).toBe(60007);
  });

  test('180 calls paced over one second all pass', () => {
    const { sim, clock } = setup();
    for (let i = 0; i < 180; i++) {
      clock.ms = START_MS + Math.floor((i * 1000) / 180);
      expect(send(sim, { body: SAMPLE }).ErrorCode).toBe(0);
    }
  });

  test('calls refused before the limit take no slot', () => {
    const { sim } = setup();
    expect(burst(sim, 50, { body: SAMPLE, query: { usersig: 'xxx' } }).every((c) => c === 70003)).toBe(true);
    expect(burst(sim, 50, { method: 'GET', raw: '' }).every((c) => c === 60008)).toBe(true);
    expect(burst(sim, 200).every((c) => c === 0)).toBe(true);
  });

  test('an exhausted endpoint leaves companion limits untouched', () => {
    const { sim } = setup();
    burst(sim, 201);
    expect(send(sim, { command: 'account_check', body: { CheckItem: [{ UserID: 'dramon1' }] } }).ErrorCode).toBe(0);
  });

  test('companions keep their own documented limit', () => {
    const { sim } = setup({ rateLimit: { admin_set_msg_read: 5 } });
    const call = { command: 'account_check', body: { CheckItem: [{ UserID: 'dramon1' }] } };
    expect(burst(sim, 100, call).every((c) => c === 0)).toBe(true);
    expect(send(sim, call).ErrorCode).toBe(60007);
  });

  test('rateLimit replaces the limit of the commands it names', () => {
    const { sim } = setup({ rateLimit: { admin_set_msg_read: 5 } });
    expect(burst(sim, 6)).toEqual([0, 0, 0, 0, 0, 60007]);
  });

  test('rateLimit can limit a companion alone, or turn one command\'s limit off', () => {
    const { sim } = setup({ rateLimit: { account_check: 2, admin_set_msg_read: 0 } });
    const call = { command: 'account_check', body: { CheckItem: [{ UserID: 'dramon1' }] } };
    expect(burst(sim, 3, call)).toEqual([0, 0, 60007]);
    expect(burst(sim, 400).every((c) => c === 0)).toBe(true);
  });

  test('rateLimit naming no command is refused', () => {
    expect(() => setup({ rateLimit: { admin_set_msg_reed: 5 } })).toThrow(/admin_set_msg_reed/);
  });

  test('rateLimit 0 turns every limit off', () => {
    const { sim } = setup({ rateLimit: 0 });
    expect(burst(sim, 500).every((c) => c === 0)).toBe(true);
    expect(burst(sim, 150, { command: 'account_check', body: { CheckItem: [{ UserID: 'dramon1' }] } }).every((c) => c === 0)).toBe(true);
  });
});

/** The calls the effect tests are made of, each checked by `send`. */
const api = {
  import: (sim: Simulator, UserID: string) => send(sim, { command: 'account_import', body: { UserID } }),
  check: (sim: Simulator, ...ids: string[]) =>
    send(sim, { command: 'account_check', body: { CheckItem: ids.map((UserID) => ({ UserID })) } }),
  send: (sim: Simulator, from: string, to: string, extra: Record<string, unknown> = {}) =>
    send(sim, { command: 'sendmsg', body: sendmsgBody({ From_Account: from, To_Account: to, ...extra }) }),
  unread: (sim: Simulator, reader: string, peers?: string[]) =>
    send(sim, { command: 'get_c2c_unread_msg_num', body: peers ? { To_Account: reader, Peer_Account: peers } : { To_Account: reader } }),
  setRead: (sim: Simulator, report: string, peer: string, extra: Record<string, unknown> = {}) =>
    send(sim, { body: { Report_Account: report, Peer_Account: peer, ...extra } }),
};

const statusOf = (reply: Reply) =>
  Object.fromEntries((reply.ResultItem as { UserID: string; AccountStatus: string }[]).map((r) => [r.UserID, r.AccountStatus]));

test.describe('account service', () => {
  test('account_import with UserID makes the account exist', () => {
    const { sim } = setup();
    expect(statusOf(api.check(sim, 'alice'))).toEqual({ alice: 'NotImported' });
    expect(api.import(sim, 'alice').ErrorCode).toBe(0);
    expect(statusOf(api.check(sim, 'alice'))).toEqual({ alice: 'Imported' });
  });

  test('account_import accepts the older Identifier field', () => {
    const { sim } = setup();
    expect(send(sim, { command: 'account_import', body: { Identifier: 'bob', Nick: 'Bob' } }).ErrorCode).toBe(0);
    expect(statusOf(api.check(sim, 'bob'))).toEqual({ bob: 'Imported' });
  });

  test('account_import is idempotent', () => {
    const { sim } = setup();
    expect([api.import(sim, 'alice').ErrorCode, api.import(sim, 'alice').ErrorCode]).toEqual([0, 0]);
  });

  test('a refused account_import imports nothing', () => {
    const { sim } = setup();
    expect(send(sim, { command: 'account_import', body: { UserID: 'alice', Nick: 1 } }).ErrorCode).toBe(70402);
    expect(statusOf(api.check(sim, 'alice'))).toEqual({ alice: 'NotImported' });
  });

  test('multiaccount_import lists the accounts it could not import', () => {
    const { sim } = setup();
    const long = 'x'.repeat(33);
    const reply = send(sim, { command: 'multiaccount_import', body: { AccountList: [{ UserID: 'alice' }, { UserID: long }, { UserID: 'bob', Nick: 'Bob' }, { UserID: '' }] } });
    expect(reply.ErrorCode).toBe(0);
    expect([...(reply.FailAccounts as string[])].sort()).toEqual(['', long].sort());
    expect(statusOf(api.check(sim, 'alice', 'bob', long))).toEqual({ alice: 'Imported', bob: 'Imported', [long]: 'NotImported' });
  });

  test('multiaccount_import accepts the older Accounts list', () => {
    const { sim } = setup();
    const reply = send(sim, { command: 'multiaccount_import', body: { Accounts: ['carol', 'dave'] } });
    expect(reply.FailAccounts).toEqual([]);
    expect(statusOf(api.check(sim, 'carol', 'dave'))).toEqual({ carol: 'Imported', dave: 'Imported' });
  });

  test('multiaccount_import takes 100 accounts and refuses 101', () => {
    const { sim } = setup();
    const list = (n: number) => Array.from({ length: n }, (_, i) => ({ UserID: `user${i}` }));
    expect(send(sim, { command: 'multiaccount_import', body: { AccountList: list(100) } }).ErrorCode).toBe(0);
    expect(send(sim, { command: 'multiaccount_import', body: { AccountList: list(101) } }).ErrorCode).toBe(70402);
  });

  test('multiaccount_import of an empty list answers 70402', () => {
    const { sim } = setup();
    expect(send(sim, { command: 'multiaccount_import', body: { AccountList: [] } }).ErrorCode).toBe(70402);
  });

  test('account_check reports each account with ResultCode 0', () => {
    const { sim } = setup();
    const reply = api.check(sim, 'dramon1', 'nobody', DEFAULT_ADMIN);
    expect(reply.ErrorCode).toBe(0);
    expect(statusOf(reply)).toEqual({ dramon1: 'Imported', nobody: 'NotImported', [DEFAULT_ADMIN]: 'Imported' });
    expect((reply.ResultItem as { ResultCode: number }[]).map((r) => r.ResultCode)).toEqual([0, 0, 0]);
  });

  test('account_check of no items or a non-string UserID answers 70402', () => {
    const { sim } = setup();
    expect(send(sim, { command: 'account_check', body: { CheckItem: [] } }).ErrorCode).toBe(70402);
    expect(send(sim, { command: 'account_check', body: { CheckItem: [{ UserID: 7 }] } }).ErrorCode).toBe(70402);
  });
});

test.describe('sendmsg', () => {
  test('sendmsg answers the current second as MsgTime and a MsgKey', () => {
    const { sim, clock } = setup();
    clock.ms = START_MS + 5000;
    const reply = api.send(sim, 'dramon2', 'dramon1');
    expect(reply.ErrorCode).toBe(0);
    expect(reply.MsgTime).toBe(START_S + 5);
    expect(typeof reply.MsgKey).toBe('string');
    expect(reply.MsgKey).not.toBe(api.send(sim, 'dramon2', 'dramon1').MsgKey);
  });

  test('MsgTimeStamp is honoured as MsgTime', () => {
    const { sim } = setup();
    expect(api.send(sim, 'dramon2', 'dramon1', { MsgTimeStamp: 1_600_000_000 }).MsgTime).toBe(1_600_000_000);
  });

  test('sendmsg without From_Account sends as the admin', () => {
    const { sim } = setup();
    const body = { To_Account: 'dramon1', MsgRandom: 1, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'x' } }] };
    expect(send(sim, { command: 'sendmsg', body }).ErrorCode).toBe(0);
    expect(api.unread(sim, 'dramon1', [DEFAULT_ADMIN]).C2CUnreadMsgNumList).toEqual([{ Peer_Account: DEFAULT_ADMIN, C2CUnreadMsgNum: 1 }]);
  });

  test('a refused sendmsg adds no unread message', () => {
    const { sim } = setup();
    expect(send(sim, { command: 'sendmsg', body: sendmsgBody({ MsgBody: [] }) }).ErrorCode).toBe(90002);
    expect(send(sim, { command: 'sendmsg', body: sendmsgBody({ MsgRandom: -1 }) }).ErrorCode).toBe(90005);
    expect(api.unread(sim, 'dramon1').AllC2CUnreadMsgNum).toBe(0);
  });

  test('a NoUnread message does not count as unread', () => {
    const { sim } = setup();
    api.send(sim, 'dramon2', 'dramon1', { SendMsgControl: ['NoUnread'] });
    api.send(sim, 'dramon2', 'dramon1', { SendMsgControl: ['NoLastMsg'] });
    expect(api.unread(sim, 'dramon1').AllC2CUnreadMsgNum).toBe(1);
  });
});

test.describe('get_c2c_unread_msg_num', () => {
  test('the total counts every peer', () => {
    const { sim } = setup();
    api.import(sim, 'carol');
    for (let i = 0; i < 3; i++) api.send(sim, 'dramon2', 'dramon1');
    api.send(sim, 'carol', 'dramon1');
    const reply = api.unread(sim, 'dramon1');
    expect(reply.AllC2CUnreadMsgNum).toBe(4);
    expect(reply.C2CUnreadMsgNumList).toBeUndefined();
    expect(api.unread(sim, 'dramon2').AllC2CUnreadMsgNum).toBe(0);
  });

  test('peers asked for get a count each, unknown peers 70107', () => {
    const { sim } = setup();
    api.import(sim, 'carol');
    api.send(sim, 'dramon2', 'dramon1');
    api.send(sim, 'dramon2', 'dramon1');
    const reply = api.unread(sim, 'dramon1', ['dramon2', 'carol', 'ghost']);
    expect(reply.AllC2CUnreadMsgNum).toBe(2);
    expect(reply.C2CUnreadMsgNumList).toEqual([
      { Peer_Account: 'dramon2', C2CUnreadMsgNum: 2 },
      { Peer_Account: 'carol', C2CUnreadMsgNum: 0 },
    ]);
    expect(reply.ErrorList).toEqual([{ Peer_Account: 'ghost', ErrorCode: 70107 }]);
  });

  test('no ErrorList when every peer exists', () => {
    const { sim } = setup();
    expect(api.unread(sim, 'dramon1', ['dramon2']).ErrorList).toBeUndefined();
  });

  test('more than 10 peers are refused', () => {
    const { sim } = setup();
    const peers = Array.from({ length: 11 }, () => 'dramon2');
    expect(api.unread(sim, 'dramon1', peers.slice(0, 10)).ErrorCode).toBe(0);
    expect(api.unread(sim, 'dramon1', peers).ActionStatus).toBe('FAIL');
  });
});

test.describe('batchsendmsg', () => {
  const batch = (sim: Simulator, to: unknown, extra: Record<string, unknown> = {}) =>
    send(sim, { command: 'batchsendmsg', body: { To_Account: to, MsgRandom: 777, MsgBody: TEXT_BODY, ...extra } });
  const fromAdmin = (sim: Simulator, reader: string) =>
    (api.unread(sim, reader, [DEFAULT_ADMIN]).C2CUnreadMsgNumList as { C2CUnreadMsgNum: number }[])[0]!.C2CUnreadMsgNum;

  test('one MsgKey for the batch, and one unread message for each recipient', () => {
    const { sim } = setup();
    const reply = batch(sim, ['dramon1', 'dramon2']);
    expect(reply.ErrorCode).toBe(0);
    expect(reply.MsgKey).toMatch(new RegExp(`^[0-9]+_777_${START_S}$`));
    expect(reply.ErrorList).toBeUndefined();
    expect([fromAdmin(sim, 'dramon1'), fromAdmin(sim, 'dramon2')]).toEqual([1, 1]);
  });

  test('a batch keeps CloudCustomData, and SyncOtherMachine 2 keeps it off the sender\'s side, as sendmsg does', () => {
    const { sim } = setup();
    expect(batch(sim, ['dramon1'], { CloudCustomData: 'note', SyncOtherMachine: 2 }).ErrorCode).toBe(0);
    const [m] = sim.state.history(DEFAULT_ADMIN, 'dramon1', START_S, START_S);
    expect(m?.cloudCustomData).toBe('note');
    expect(m?.hiddenFromSender).toBe(true);
  });

  test('a recipient never imported is listed with 70107 and the others are reached', () => {
    const { sim } = setup();
    const reply = batch(sim, ['dramon1', 'ghost']);
    expect(reply.ActionStatus).toBe('OK');
    expect(reply.ErrorList).toEqual([{ To_Account: 'ghost', ErrorCode: 70107 }]);
    expect(fromAdmin(sim, 'dramon1')).toBe(1);
    expect(sim.state.hasAccount('ghost')).toBe(false);
  });

  test('To_Account: not an array 90028, empty 90029, over 500 90011', () => {
    const { sim } = setup();
    const many = (n: number) => ['dramon1', ...Array.from({ length: n - 1 }, (_, i) => `ghost${i}`)];
    expect([batch(sim, 'dramon1'), batch(sim, undefined), batch(sim, []), batch(sim, many(501)), batch(sim, many(500))].map((r) => r.ErrorCode)).toEqual([
      90028, 90028, 90029, 90011, 0,
    ]);
    expect(fromAdmin(sim, 'dramon1')).toBe(1);
  });

  test('12,000 messages a minute counted per recipient reached, then 90057 until the minute has passed', () => {
    const { sim, clock } = setup();
    const readers = Array.from({ length: 500 }, (_, i) => `r${i}`);
    sim.importAccounts(readers);
    expect(batch(sim, [...readers.slice(1), 'ghost']).ErrorCode).toBe(0);
    for (let i = 0; i < 23; i++) expect(batch(sim, readers).ErrorCode).toBe(0);
    // 11,999 so far: two more cross the limit, and the batch is refused whole; one more reaches it.
    expect(batch(sim, ['dramon1', 'dramon2']).ErrorCode).toBe(90057);
    expect(batch(sim, ['dramon1', 'ghost']).ErrorCode).toBe(0);
    expect(batch(sim, ['dramon2']).ErrorCode).toBe(90057);
    clock.ms += 60_000;
    expect(batch(sim, readers).ErrorCode).toBe(0);
  });

  test('no per-minute limit when the simulator has no limits', () => {
    const { sim } = setup({ rateLimit: 0 });
    const readers = Array.from({ length: 500 }, (_, i) => `r${i}`);
    sim.importAccounts(readers);
    for (let i = 0; i < 25; i++) expect(batch(sim, readers).ErrorCode).toBe(0);
  });
});

test.describe('admin_set_msg_read effect', () => {
  const unreadFrom = (sim: Simulator, reader: string, peer: string) =>
    (api.unread(sim, reader, [peer]).C2CUnreadMsgNumList as { C2CUnreadMsgNum: number }[])[0]?.C2CUnreadMsgNum;

  test('marking read clears the unread count for the peer', () => {
    const { sim } = setup();
    for (let i = 0; i < 3; i++) api.send(sim, 'dramon2', 'dramon1');
    expect(unreadFrom(sim, 'dramon1', 'dramon2')).toBe(3);
    expect(api.setRead(sim, 'dramon1', 'dramon2').ErrorCode).toBe(0);
    expect(unreadFrom(sim, 'dramon1', 'dramon2')).toBe(0);
    expect(api.unread(sim, 'dramon1').AllC2CUnreadMsgNum).toBe(0);
  });

  test('other peers keep their unread messages', () => {
    const { sim } = setup();
    api.import(sim, 'carol');
    api.send(sim, 'dramon2', 'dramon1');
    api.send(sim, 'carol', 'dramon1');
    api.setRead(sim, 'dramon1', 'dramon2');
    expect(unreadFrom(sim, 'dramon1', 'carol')).toBe(1);
  });

  test('the other direction keeps its unread messages', () => {
    const { sim } = setup();
    api.send(sim, 'dramon2', 'dramon1');
    api.send(sim, 'dramon1', 'dramon2');
    api.send(sim, 'dramon1', 'dramon2');
    api.setRead(sim, 'dramon1', 'dramon2');
    expect(unreadFrom(sim, 'dramon1', 'dramon2')).toBe(0);
    expect(unreadFrom(sim, 'dramon2', 'dramon1')).toBe(2);
  });

  for (const [kind, asValue] of [
    ['string', (s: number) => String(s)],
    ['integer', (s: number) => s],
  ] as const) {
    test(`MsgReadTime as ${kind} between two batches reads only the first`, () => {
      const { sim, clock } = setup();
      for (let i = 0; i < 2; i++) api.send(sim, 'dramon2', 'dramon1');
      clock.ms += 2000;
      for (let i = 0; i < 3; i++) api.send(sim, 'dramon2', 'dramon1');
      clock.ms += 2000;
      expect(api.setRead(sim, 'dramon1', 'dramon2', { MsgReadTime: asValue(START_S + 1) }).ErrorCode).toBe(0);
      expect(unreadFrom(sim, 'dramon1', 'dramon2')).toBe(3);
    });
  }

  test('without MsgReadTime, messages of the current second are read', () => {
    const { sim } = setup();
    api.send(sim, 'dramon2', 'dramon1');
    api.setRead(sim, 'dramon1', 'dramon2');
    expect(unreadFrom(sim, 'dramon1', 'dramon2')).toBe(0);
  });

  test('a message sent after marking read counts again', () => {
    const { sim, clock } = setup();
    api.send(sim, 'dramon2', 'dramon1');
    api.setRead(sim, 'dramon1', 'dramon2');
    clock.ms += 1000;
    api.send(sim, 'dramon2', 'dramon1');
    expect(unreadFrom(sim, 'dramon1', 'dramon2')).toBe(1);
  });

  test('a refused call leaves the unread count untouched', () => {
    const { sim } = setup();
    api.send(sim, 'dramon2', 'dramon1');
    expect(api.setRead(sim, 'dramon1', 'dramon2', { MsgReadTime: 'yesterday' }).ErrorCode).toBe(90001);
    expect(unreadFrom(sim, 'dramon1', 'dramon2')).toBe(1);
  });

  test('marking a conversation without messages succeeds', () => {
    const { sim } = setup();
    expect(api.setRead(sim, 'dramon1', 'dramon2').ErrorCode).toBe(0);
  });
});

test.describe('account_delete', () => {
  test('deletes imported accounts and answers 70107 for the others', () => {
    const { sim } = setup();
    const reply = send(sim, { command: 'account_delete', body: { DeleteItem: [{ UserID: 'dramon1' }, { UserID: 'ghost' }] } });
    expect(reply.ErrorCode).toBe(0);
    expect((reply.ResultItem as { UserID: string; ResultCode: number }[]).map((r) => [r.UserID, r.ResultCode])).toEqual([
      ['dramon1', 0],
      ['ghost', 70107],
    ]);
    expect(statusOf(api.check(sim, 'dramon1', 'dramon2'))).toEqual({ dramon1: 'NotImported', dramon2: 'Imported' });
  });

  test("a deleted account's unread messages go with it", () => {
    const { sim } = setup();
    api.send(sim, 'dramon2', 'dramon1');
    send(sim, { command: 'account_delete', body: { DeleteItem: [{ UserID: 'dramon2' }] } });
    expect(api.unread(sim, 'dramon1').AllC2CUnreadMsgNum).toBe(0);
  });

  test('no items, or more than 100, answer 70402', () => {
    const { sim } = setup();
    expect(send(sim, { command: 'account_delete', body: { DeleteItem: [] } }).ErrorCode).toBe(70402);
    const many = Array.from({ length: 101 }, (_, i) => ({ UserID: `u${i}` }));
    expect(send(sim, { command: 'account_delete', body: { DeleteItem: many } }).ErrorCode).toBe(70402);
  });
});

test.describe('state API', () => {
  test('reset forgets accounts, messages and calls, and keeps the admin and the configured accounts', () => {
    const { sim } = setup({ accounts: ['seeded'] });
    api.send(sim, 'dramon2', 'dramon1');
    expect(sim.snapshot().unread).toEqual([{ reader: 'dramon1', peer: 'dramon2', count: 1 }]);
    sim.reset();
    expect(sim.snapshot()).toEqual({ accounts: [DEFAULT_ADMIN, 'seeded'].sort(), unread: [], messagesSent: 0 });
    expect(sim.requests()).toEqual([]);
  });

  test('the received requests are kept with the usersig redacted', () => {
    const { sim } = setup();
    api.setRead(sim, 'dramon1', 'dramon2');
    const [received] = sim.requests();
    expect(received).toMatchObject({ method: 'POST', path: '/v4/openim/admin_set_msg_read', command: 'admin_set_msg_read', errorCode: 0 });
    expect(received!.query.usersig).toBe('<redacted-usersig>');
    expect(JSON.stringify(received)).not.toContain(ADMIN_SIG);
  });

  test('a reset clears the rate limits', () => {
    const { sim } = setup({ rateLimit: { admin_set_msg_read: 1 } });
    expect(api.setRead(sim, 'dramon1', 'dramon2').ErrorCode).toBe(0);
    expect(api.setRead(sim, 'dramon1', 'dramon2').ErrorCode).toBe(60007);
    sim.reset();
    sim.importAccounts(['dramon1', 'dramon2']);
    expect(api.setRead(sim, 'dramon1', 'dramon2').ErrorCode).toBe(0);
  });
});

test.describe('internal errors', () => {
  const throwing = (internalErrors: 'throw' | 'answer-70500') =>
    new Simulator(defaultConfig({ internalErrors }), (d) => ({ handlers: { ...d.handlers, account_check: () => { throw new Error('boom'); } } }));
  const call = { command: 'account_check', body: { CheckItem: [{ UserID: 'x' }] } };

  test('fail the caller when the simulator is told to throw', () => {
    const sim = throwing('throw');
    expect(() => sim.handle({ method: 'POST', url: urlOf(call), body: bytesOf(call) })).toThrow('boom');
  });

  test('answer 70500 when the simulator serves as a server', () => {
    expect(send(throwing('answer-70500'), call).ErrorCode).toBe(70500);
  });

  test('a command of the spec without a handler stops the simulator from starting', () => {
    expect(() => new Simulator(defaultConfig(), (d) => ({ handlers: Object.fromEntries(Object.entries(d.handlers).filter(([k]) => k !== 'sendmsg')) }))).toThrow(/no handler for sendmsg/);
  });
});

test.describe('sendmsg repeats and importmsg', () => {
  const importBody = (extra: Record<string, unknown> = {}) => ({
    SyncFromOldSystem: 2,
    From_Account: 'dramon2',
    To_Account: 'dramon1',
    MsgSeq: 7,
    MsgRandom: 12345,
    MsgTimeStamp: START_S - 3600,
    MsgBody: TEXT_BODY,
    ...extra,
  });
  const importMsg = (sim: Simulator, extra: Record<string, unknown> = {}) => send(sim, { command: 'importmsg', body: importBody(extra) });
  const stored = (sim: Simulator, at: number) => sim.state.history('dramon1', 'dramon2', at, at);

  test('a repeated sendmsg with MsgSeq within 120 s answers the first MsgKey and stores nothing; later it is a new message', () => {
    const { sim, clock } = setup();
    const first = api.send(sim, 'dramon2', 'dramon1', { MsgSeq: 9 });
    clock.ms += 5000;
    const again = api.send(sim, 'dramon2', 'dramon1', { MsgSeq: 9 });
    expect([again.MsgKey, again.MsgTime]).toEqual([first.MsgKey, first.MsgTime]);
    expect(sim.state.unreadFrom('dramon1', 'dramon2')).toBe(1);
    clock.ms += 120_000;
    expect(api.send(sim, 'dramon2', 'dramon1', { MsgSeq: 9 }).MsgKey).not.toBe(first.MsgKey);
    expect(sim.state.unreadFrom('dramon1', 'dramon2')).toBe(2);
  });

  test('sendmsg without MsgSeq, or with other content, is never a repeat', () => {
    const { sim } = setup();
    api.send(sim, 'dramon2', 'dramon1');
    api.send(sim, 'dramon2', 'dramon1');
    api.send(sim, 'dramon2', 'dramon1', { MsgSeq: 9 });
    api.send(sim, 'dramon2', 'dramon1', { MsgSeq: 9, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'other' } }] });
    expect(sim.state.unreadFrom('dramon1', 'dramon2')).toBe(4);
  });

  test('sendmsg keeps a message whose MsgLifeTime is over seven days and refuses one that is no whole number', () => {
    const { sim } = setup();
    expect(api.send(sim, 'dramon2', 'dramon1', { MsgLifeTime: 604801 }).ErrorCode).toBe(0);
    expect(api.send(sim, 'dramon2', 'dramon1', { MsgLifeTime: '7d' }).ErrorCode).toBe(90026);
  });

  test('importmsg stores the message at MsgTimeStamp; 2 is not unread, 5 and 1 are', () => {
    const { sim } = setup();
    expect(importMsg(sim).ErrorCode).toBe(0);
    expect(stored(sim, START_S - 3600).map((m) => [m.key, m.from])).toEqual([[`7_12345_${START_S - 3600}`, 'dramon2']]);
    expect(sim.state.unreadFrom('dramon1', 'dramon2')).toBe(0);
    expect(importMsg(sim, { SyncFromOldSystem: 5, MsgSeq: 8 }).ErrorCode).toBe(0);
    expect(importMsg(sim, { SyncFromOldSystem: 1, MsgSeq: 9 }).ErrorCode).toBe(0);
    expect(sim.state.unreadFrom('dramon1', 'dramon2')).toBe(2);
  });

  test('importmsg answers 90030 for a SyncFromOldSystem missing, not an integer, or of no documented value', () => {
    const { sim } = setup();
    for (const v of [undefined, '2', 0, 3, 2.5]) expect(importMsg(sim, { SyncFromOldSystem: v }).ErrorCode, String(v)).toBe(90030);
    expect(importMsg(sim, { MsgTimeStamp: undefined }).ErrorCode).toBe(90006);
  });

  test('an import repeating MsgSeq, MsgRandom and MsgTimeStamp in the conversation succeeds and stores nothing, whatever its content or direction', () => {
    const { sim } = setup();
    importMsg(sim);
    expect(importMsg(sim, { MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'other' } }] }).ErrorCode).toBe(0);
    expect(importMsg(sim, { From_Account: 'dramon1', To_Account: 'dramon2' }).ErrorCode).toBe(0);
    expect(stored(sim, START_S - 3600)).toHaveLength(1);
    importMsg(sim, { MsgSeq: undefined });
    importMsg(sim, { MsgSeq: undefined });
    expect(stored(sim, START_S - 3600)).toHaveLength(3);
  });
});

test.describe('envelope text', () => {
  test('an answer is the JSON of its own reply, whatever was answered before with the same code', () => {
    const replies: Reply[] = [
      fail(60009),
      { ActionStatus: 'FAIL', ErrorCode: 60009, ErrorInfo: 'other words' },
      { ActionStatus: 'FAIL', ErrorInfo: 'other words', ErrorCode: 60009 },
      { ...fail(60009), Extra: 1 },
      fail(60009),
      ok(),
      { ActionStatus: 'FAIL', ErrorInfo: '', ErrorCode: 0 },
      ok({ MsgTime: 1 }),
      ok(),
    ];
    for (const r of replies) expect(jsonEnvelope.render(r, { method: 'POST', url: '/' }).body).toBe(JSON.stringify(r));
  });
});
