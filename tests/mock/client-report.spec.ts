/**
 * The client report as its reader uses it, in-process: a simulator answers each request and the checker watches, on a
 * clock the test moves. Every departure cites a clause of the package and says the rule in words; one cause is one
 * entry, with the commands it touched, a count and its first request; coverage lists only optional fields; a reset
 * empties the report; no request means no verdict.
 */
import { expect, test } from '@playwright/test';
import { Api } from 'tls-sig-api-v2';
import { allClauses, commands, errorCodes } from '../../src/core/spec.js';
import { violations } from '../../src/core/validators.js';
import { ClientChecker, clauseFor, clientSummary, renderClientReport, ruleInWords } from '../../mocks/client-report.js';
import { defaultConfig, DEFAULT_ADMIN, DEFAULT_SDKAPPID, DEFAULT_SECRET_KEY } from '../../mocks/config.js';
import { control } from '../../mocks/control.js';
import { Simulator } from '../../mocks/simulator.js';
import type { ClientReport, DepartureKind } from '../../types/schemas.js';

const START = Date.UTC(2026, 0, 2, 3, 4, 5);
const SIG = new Api(DEFAULT_SDKAPPID, DEFAULT_SECRET_KEY).genUserSig(DEFAULT_ADMIN, 300);
const PATHS = Object.fromEntries(commands.map((c) => [c.command, `/${c.path}`]));
const CLAUSE_IDS = new Set(allClauses.map((c) => c.id));

const query = (over: Record<string, string | null> = {}) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ sdkappid: String(DEFAULT_SDKAPPID), identifier: DEFAULT_ADMIN, usersig: SIG, random: '7', contenttype: 'json', ...over })) if (v !== null) q.set(k, v);
  return q.toString();
};

/** A mock with the checker on, a clock that moves one second per request, and a way to send to it. */
function mock() {
  let t = START;
  const config = defaultConfig({ rateLimit: 0, accounts: ['alice', 'bob'], now: () => t });
  const sim = new Simulator(config);
  const checker = new ClientChecker([DEFAULT_SECRET_KEY], config.now);
  sim.observe((req, reply, read) => checker.observe(req, reply, read));
  const send = (command: string, body: unknown, over: Record<string, string | null> = {}, method = 'POST') => {
    t += 1000;
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    return sim.handle({ method, url: `${PATHS[command] ?? `/${command}`}?${query(over)}`, body: new TextEncoder().encode(raw) });
  };
  const report = () => {
    const r = checker.report();
    expect(violations('report/client-report.schema.json', r)).toEqual([]);
    return r;
  };
  return { sim, checker, send, report };
}

/** Wording a validator or a document outside the package would leave in a report. */
const FOREIGN = /must NOT|must have required|must match|must be equal|must be (string|integer|array|object)\b|§|\.md\b|beside/;

test('every departure cites a clause of the package and says its rule in words', () => {
  const m = mock();
  const sends: [string, unknown, Record<string, string | null>?, string?][] = [
    ['v4/openim/no_such_command', {}],
    ['admin_set_msg_read', { Report_Account: 'alice', Peer_Account: 'bob' }, {}, 'GET'],
    ['admin_set_msg_read', { Report_Account: 'alice', Peer_Account: 'bob' }, { sdkappid: null }],
    ['admin_set_msg_read', { Report_Account: 'alice', Peer_Account: 'bob' }, { identifier: '' }],
    ['admin_set_msg_read', { Report_Account: 'alice', Peer_Account: 'bob' }, { contenttype: 'JSON' }],
    ['admin_set_msg_read', { Report_Account: 'alice', Peer_Account: 'bob' }, { random: '-1' }],
    ['admin_set_msg_read', { Report_Account: 'alice', Peer_Account: 'bob' }, { usersig: new Api(DEFAULT_SDKAPPID, 'another key').genUserSig(DEFAULT_ADMIN, 300) }],
    ['admin_set_msg_read', { Report_Account: 7, Peer_Account: 'bob', MsgReadTime: 'soon' }],
    ['admin_set_msg_read', '[1]'],
    ['admin_set_msg_read', '{"Report_Account":'],
    ['sendmsg', { To_Account: 'alice', MsgRandom: 1, MsgBody: [] }],
    ['sendmsg', { To_Account: 'alice', MsgRandom: 1, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 5 } }], SyncOtherMachine: 3 }],
    ['account_import', { Nick: 'x' }],
    ['multiaccount_import', { AccountList: [] }],
    ['account_check', { CheckItem: [{}] }],
    ['account_delete', { DeleteItem: 'alice' }],
    ['get_c2c_unread_msg_num', { To_Account: 'alice', Peer_Account: Array(11).fill('bob'), Extra: 1 }],
  ];
  for (const [command, body, over, method] of sends) m.send(command, body, over, method);
  const r = m.report();
  const kinds = new Set(r.departures.map((d) => d.kind));
  // Every kind of departure came up, so the checks below cover them all.
  expect([...kinds].sort()).toEqual(
    ['body-not-json', 'body-not-object', 'credentials', 'invalid-value', 'method', 'missing-field', 'query-invalid', 'query-missing', 'unknown-field', 'unknown-path', 'wrong-type'].sort(),
  );
  for (const d of r.departures) {
    expect(CLAUSE_IDS.has(d.clause), `${d.kind} ${d.field ?? ''}: ${d.clause}`).toBe(true);
    expect(d.docs, d.clause).not.toMatch(FOREIGN);
    expect(d.docs, d.clause).toMatch(/\.$/);
  }
  const said = (command: string, field: string) => r.departures.find((d) => d.commands.includes(command) && d.field === field);
  expect(said('sendmsg', '/MsgBody')).toMatchObject({ clause: 'sendmsg.request.schema', kind: 'invalid-value', docs: 'MsgBody must hold at least one element.' });
  expect(said('sendmsg', '/MsgBody/0/MsgContent/Text')?.docs).toBe('MsgBody[0].MsgContent.Text must be a string.');
  expect(said('sendmsg', '/SyncOtherMachine')?.docs).toBe('SyncOtherMachine must be one of 1, 2.');
  expect(said('admin_set_msg_read', '/MsgReadTime')).toMatchObject({ clause: 'admin_set_msg_read.request.msg-read-time.string', docs: 'MsgReadTime must be a string of decimal digits or an integer.' });
  expect(said('account_import', '/UserID or /Identifier')).toMatchObject({ clause: 'account_import.request.schema', kind: 'missing-field', docs: 'One of UserID or Identifier is required.' });
  expect(said('account_check', '/CheckItem/0/UserID')?.docs).toBe('CheckItem[0].UserID is required.');
  expect(said('get_c2c_unread_msg_num', '/Extra')).toMatchObject({ kind: 'unknown-field', clause: 'get_c2c_unread_msg_num.request.schema' });
  expect(r.departures.find((d) => d.kind === 'unknown-path')).toMatchObject({ clause: 'rest.request.path', commands: ['/v4/openim/no_such_command'] });
  expect(r.departures.find((d) => d.kind === 'method')?.clause).toBe('rest.request.method');
  expect(r.departures.find((d) => d.kind === 'credentials')).toMatchObject({ clause: 'rest.auth.usersig.key', sent: 'ErrorCode 70009' });
  expect(renderClientReport(r)).not.toMatch(FOREIGN);
});

test('validator errors in words', () => {
  const e = (keyword: string, instancePath: string, params: Record<string, unknown>) => ({ keyword, instancePath, params, schemaPath: '#' });
  const cases: [ReturnType<typeof e>, string | undefined][] = [
    [e('minItems', '/MsgBody', { limit: 1 }), 'MsgBody must hold at least one element'],
    [e('maxItems', '/Peer_Account', { limit: 10 }), 'Peer_Account must hold at most 10 elements'],
    [e('maxBytes', '/To_Account', { limit: 32 }), 'To_Account must be at most 32 bytes in UTF-8'],
    [e('minLength', '/To_Account', { limit: 1 }), 'To_Account must not be empty'],
    [e('required', '/AccountList/2', { missingProperty: 'UserID' }), 'AccountList[2].UserID is required'],
    [e('type', '/MsgRandom', { type: 'integer' }), 'MsgRandom must be an integer'],
    [e('minimum', '/MsgLifeTime', { limit: 0, comparison: '>=' }), 'MsgLifeTime must be at least 0'],
    [e('const', '/contenttype', { allowedValue: 'json' }), 'contenttype must be "json"'],
    [e('pattern', '/random', { pattern: '^(0|[1-9][0-9]*)$' }), 'random must be written in the documented form'],
    [e('if', '/MsgBody/0', { failingKeyword: 'then' }), undefined],
  ];
  for (const [error, words] of cases) expect(ruleInWords(error as never), error.keyword).toBe(words);
});

test('one cause is one entry, with the commands it touched, a count and its first request', () => {
  const m = mock();
  m.send('admin_set_msg_read', { Report_Account: 'alice', Peer_Account: 'bob' });
  m.send('admin_set_msg_read', { Report_Account: 'alice', Peer_Account: 'bob' });
  const bad = { random: '4294967296' };
  m.send('admin_set_msg_read', { Report_Account: 'alice', Peer_Account: 'bob' }, bad);
  for (let i = 0; i < 4; i++) m.send('account_check', { CheckItem: [{ UserID: 'alice' }] }, bad);
  m.send('sendmsg', { To_Account: 'alice', MsgRandom: 1, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hi' } }] }, bad);
  m.send('get_c2c_unread_msg_num', { To_Account: 'alice' }, bad);
  m.send('admin_set_msg_read', { Report_Account: 'alice', Peer_Account: 'bob' }, bad);
  const r = m.report();
  expect(r.requests).toBe(10);
  expect(r.departures).toEqual([
    {
      clause: 'rest.query.random',
      kind: 'query-invalid',
      field: 'random',
      commands: ['admin_set_msg_read', 'account_check', 'sendmsg', 'get_c2c_unread_msg_num'],
      sent: '4294967296',
      docs: expect.stringMatching(/^random must be .*\. random: /) as unknown as string,
      count: 8,
      first: { request: 3, at: new Date(START + 3000).toISOString() },
    },
  ]);
  expect(clientSummary(r)).toBe('10 requests, 1 kind of departure');
  const md = renderClientReport(r);
  expect(md).toContain('10 requests, 1 kind of departure');
  expect(md).toContain('8 requests, the first #3 at 2026-01-02T03:04:08.000Z');
  expect(md).toContain('Rule `rest.query.random`: random is a 32-bit unsigned integer');
});

test('a query is judged by its own values, whatever earlier requests sent', () => {
  const m = mock();
  const body = { Report_Account: 'alice', Peer_Account: 'bob' };
  // Valid values first, then a departure, then the valid value again, for a parameter that changes and one that does not.
  for (const random of ['1', 'x', '2', 'x', '3']) m.send('admin_set_msg_read', body, { random });
  for (const identifier of [DEFAULT_ADMIN, '', DEFAULT_ADMIN]) m.send('admin_set_msg_read', body, { identifier });
  m.send('admin_set_msg_read', body, { contenttype: null });
  m.send('admin_set_msg_read', body);
  const r = m.report();
  const counts = Object.fromEntries(r.departures.map((d) => [`${d.kind} ${d.field ?? ''}`, d.count]));
  expect(counts).toEqual({ 'query-invalid random': 2, 'query-invalid identifier': 1, 'query-missing contenttype': 1 });
});

test('optional fields are those a request may leave out, and only those count as exercised', () => {
  const m = mock();
  m.send('account_import', { UserID: 'carol', Nick: 'Carol' });
  m.send('multiaccount_import', { AccountList: [{ UserID: 'dave' }] });
  m.send('get_c2c_unread_msg_num', { To_Account: 'alice', Peer_Account: ['bob'] });
  m.send('admin_set_msg_read', { Report_Account: 'alice', Peer_Account: 'bob' });
  const coverage = Object.fromEntries(m.report().coverage.map((c) => [c.command, c]));
  expect(coverage.account_import).toMatchObject({ calls: 1, optionalFields: ['Nick', 'FaceUrl'], optionalFieldsExercised: ['Nick'] });
  expect(coverage.multiaccount_import).toMatchObject({ calls: 1, optionalFields: [], optionalFieldsExercised: [] });
  expect(coverage.get_c2c_unread_msg_num).toMatchObject({ optionalFields: ['Peer_Account'], optionalFieldsExercised: ['Peer_Account'] });
  expect(coverage.admin_set_msg_read).toMatchObject({ optionalFields: ['MsgReadTime'], optionalFieldsExercised: [] });
  expect(coverage.sendmsg?.optionalFields).not.toContain('MsgBody');
});

test('POST /__mock/reset empties the client report', () => {
  const m = mock();
  m.send('admin_set_msg_read', { Report_Account: 'alice' });
  expect(m.report().departures).toHaveLength(1);
  const reset = control(m.sim, m.checker, 'POST', '/__mock/reset', new Uint8Array());
  expect(reset?.status).toBe(200);
  const after = JSON.parse(String(control(m.sim, m.checker, 'GET', '/__mock/client-report', new Uint8Array())!.body)) as ClientReport;
  expect(after).toMatchObject({ requests: 0, departures: [], readings: [], verdict: 'no-verdict' });
  expect(after.coverage.every((c) => c.calls === 0)).toBe(true);
  // Counting starts again: the next request is the first.
  m.send('admin_set_msg_read', { Report_Account: 'alice' });
  expect(m.report().departures[0]?.first.request).toBe(1);
});

test('no request, no verdict; a request that keeps every rule, follows-contract', () => {
  const m = mock();
  const none = m.report();
  expect(none.verdict).toBe('no-verdict');
  expect(renderClientReport(none)).toMatch(/^# Client report: no request reached the mock: nothing was checked\n\n0 requests, 0 kinds of departure/);
  m.send('admin_set_msg_read', { Report_Account: 'alice', Peer_Account: 'bob' });
  expect(m.report().verdict).toBe('follows-contract');
  expect(clientSummary(m.report())).toBe('1 request, 0 kinds of departure');
});

test('each refusal of the credentials cites the clause of its code', () => {
  const expected: [number, string][] = [
    [70001, 'rest.auth.usersig.unexpired'],
    [70002, 'rest.auth.usersig.present'],
    [70003, 'rest.auth.usersig.parseable'],
    [70009, 'rest.auth.usersig.key'],
    [70013, 'rest.auth.usersig.identifier'],
    [70014, 'rest.auth.usersig.sdkappid'],
    [70020, 'rest.auth.sdkappid.known'],
    [60025, 'rest.auth.identifier.present'],
    [90009, 'rest.auth.identifier.admin'],
    [70403, 'rest.auth.identifier.admin'],
  ];
  for (const [code, clause] of expected) expect(clauseFor('admin_set_msg_read', 'credentials', undefined, code), String(code)).toBe(clause);
});

test('every kind of departure resolves to a clause in each scope it can occur in', () => {
  const rest: DepartureKind[] = ['unknown-path', 'method', 'query-missing', 'query-invalid', 'credentials'];
  const body: DepartureKind[] = ['body-not-json', 'body-not-object', 'missing-field', 'wrong-type', 'invalid-value', 'unknown-field'];
  for (const kind of rest) expect(CLAUSE_IDS.has(clauseFor(undefined, kind, 'anything', 1))).toBe(true);
  for (const c of commands) {
    for (const kind of body) expect(clauseFor(c.command, kind, '/Anything').startsWith(`${c.command}.`), `${c.command} ${kind}`).toBe(true);
  }
});

test('every credentials rule of spec/ names a code the catalogue lists as a refusal of the credentials', () => {
  const refusals = new Set(errorCodes.filter((e) => e.refusesCredentials).map((e) => e.code));
  const rules = allClauses.flatMap((c) => (c.client ?? []).filter((r) => r.kind === 'credentials').map((r) => ({ id: c.id, code: r.code })));
  expect(rules.length).toBeGreaterThan(0);
  for (const r of rules) expect(r.code !== undefined && refusals.has(r.code), `${r.id}: ${r.code}`).toBe(true);
});

test('a body nested too deeply to write, and thousands of causes, are answered and reported within bounds', () => {
  const m = mock();
  const deep = `{"Report_Account":"alice","Peer_Account":"bob","X":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
  const answer = m.send('admin_set_msg_read', deep);
  expect(answer.status).toBe(200);
  expect(JSON.parse(typeof answer.body === 'string' ? answer.body : new TextDecoder().decode(answer.body)).ErrorCode).toBe(0);
  expect(m.report().departures.find((d) => d.field === '/X')?.sent).toBe('(a value nested too deeply to show)');
  for (let i = 0; i < 1100; i++) m.send('admin_set_msg_read', { Report_Account: 'alice', Peer_Account: 'bob', [`Extra${i}`]: 1 });
  expect(m.report().departures.length).toBe(1000);
});
