/**
 * The mock as a process other projects start: its first line, any host, seeded accounts, the control API, a log line
 * per request, a clean stop on signals and when its parent goes, and the client report on its requests.
 */
import { expect, test } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api } from 'tls-sig-api-v2';
import { ROOT } from '../../src/core/paths.js';
import { violations } from '../../src/core/validators.js';
import { DEFAULT_ADMIN, DEFAULT_SDKAPPID, DEFAULT_SECRET_KEY } from '../../mocks/config.js';
import { ClientChecker } from '../../mocks/client-report.js';
import { parseRateLimits } from '../../mocks/cli.js';
import type { ClientReport } from '../../types/schemas.js';
import { alive, CLI, exited, startMock } from '../support/processes.js';

const SIG = new Api(DEFAULT_SDKAPPID, DEFAULT_SECRET_KEY).genUserSig(DEFAULT_ADMIN, 300);
const query = (over: Record<string, string | null> = {}) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ sdkappid: String(DEFAULT_SDKAPPID), identifier: DEFAULT_ADMIN, usersig: SIG, random: '7', contenttype: 'json', ...over })) if (v !== null) q.set(k, v);
  return q.toString();
};
const post = async (url: string, body: unknown, over: Record<string, string | null> = {}, command = 'v4/openim/admin_set_msg_read') =>
  (await (await fetch(`${url}/${command}?${query(over)}`, { method: 'POST', body: JSON.stringify(body) })).json()) as { ErrorCode: number };

test('prints where it listens first, serves the seeded accounts, and stops on SIGTERM', async () => {
  const m = await startMock(['--host', '0.0.0.0', '--account', 'alice', '--account', 'bob', '--log']);
  try {
    expect(m.first).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
    expect((await post(m.url, { Report_Account: 'alice', Peer_Account: 'bob' })).ErrorCode).toBe(0);
    const state = (await (await fetch(`${m.url}/__mock/state`)).json()) as { accounts: string[] };
    expect(state.accounts).toEqual(['administrator', 'alice', 'bob']);
    await expect.poll(() => m.stderr.some((l) => /POST \/v4\/openim\/admin_set_msg_read -> 0$/.test(l))).toBe(true);
    expect(m.stderr.join('\n')).not.toContain(SIG);
  } finally {
    m.child.kill('SIGTERM');
  }
  expect(await exited(m.child)).toBe(0);
});

test('the control API resets, imports and lists what it received', async () => {
  const m = await startMock([]);
  try {
    const imported = await fetch(`${m.url}/__mock/accounts`, { method: 'POST', body: JSON.stringify({ accounts: ['carol', 'dave'] }) });
    expect(imported.status).toBe(200);
    expect((await post(m.url, { Report_Account: 'carol', Peer_Account: 'dave' })).ErrorCode).toBe(0);
    const received = (await (await fetch(`${m.url}/__mock/requests`)).json()) as { requests: Array<{ command: string; query: Record<string, string> }> };
    expect(received.requests.map((r) => r.command)).toEqual(['admin_set_msg_read']);
    expect(received.requests[0]!.query.usersig).toBe('<redacted-usersig>');
    expect((await fetch(`${m.url}/__mock/reset`, { method: 'POST' })).status).toBe(200);
    expect((await post(m.url, { Report_Account: 'carol', Peer_Account: 'dave' })).ErrorCode).toBe(90008);
    expect((await fetch(`${m.url}/__mock/nothing`)).status).toBe(404);
    expect((await fetch(`${m.url}/__mock/accounts`, { method: 'POST', body: '{"accounts":[1]}' })).status).toBe(400);
  } finally {
    m.child.kill('SIGINT');
  }
  expect(await exited(m.child)).toBe(0);
});

test('stops when the process that started it is gone', async () => {
  // A parent that starts the mock and is then killed outright, as `npm run mock & kill $!` kills npm.
  const script = `const c = require('node:child_process').spawn(process.execPath, ${JSON.stringify([...CLI, 'mock', '--port', '0'])}, { stdio: ['ignore', 'inherit', 'inherit'] }); console.error('pid ' + c.pid); setInterval(() => {}, 1000);`;
  const parent = spawn(process.execPath, ['-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = await new Promise<number>((resolve) => parent.stderr.on('data', (d: Buffer) => {
    const m = /pid (\d+)/.exec(d.toString());
    if (m) resolve(Number(m[1]));
  }));
  const url = await new Promise<string>((r) => parent.stdout.once('data', (d: Buffer) => r(d.toString().split('\n')[0]!.replace('listening on ', ''))));
  expect(alive(pid)).toBe(true);
  parent.kill('SIGKILL');
  // The port is what an orphan would hold: it closes once the mock sees its parent gone.
  await expect.poll(() => fetch(`${url}/__mock/state`).then(() => 'listening', () => 'closed'), { timeout: 10_000 }).toBe('closed');
});

test('a bad option exits 2 and says which', () => {
  const r = spawnSync(process.execPath, [...CLI, 'mock', '--port', 'many'], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status).toBe(2);
  expect(r.stderr.split('\n')[0]).toMatch(/^--port: must be a whole number/);
});

test.describe('--rate-limit', () => {
  const cases: Array<{ args: string[]; limits: unknown }> = [
    { args: ['0'], limits: 0 },
    { args: ['5'], limits: { admin_set_msg_read: 5 } },
    { args: ['sendmsg=7', '9'], limits: { sendmsg: 7, admin_set_msg_read: 9 } },
    { args: ['account_check=0'], limits: { account_check: 0 } },
  ];
  for (const c of cases) {
    test(`${c.args.join(' ')} reads as ${JSON.stringify(c.limits)}`, () => {
      expect(parseRateLimits(c.args)).toEqual(c.limits);
    });
  }
  const refused: Array<{ args: string[]; says: RegExp }> = [
    { args: ['0', 'sendmsg=5'], says: /cannot be given with other limits/ },
    { args: ['sendmsgs=5'], says: /"sendmsgs" is no command/ },
    { args: ['5', 'admin_set_msg_read=6'], says: /given twice/ },
    { args: ['sendmsg=-1'], says: /whole number/ },
    { args: ['sendmsg='], says: /whole number/ },
  ];
  for (const c of refused) {
    test(`${c.args.join(' ')} is refused`, () => {
      expect(() => parseRateLimits(c.args)).toThrow(c.says);
    });
  }

  test('each command keeps its own limit, and the startup lines say which', async () => {
    const m = await startMock(['--account', 'alice', '--account', 'bob', '--rate-limit', 'account_check=1', '--rate-limit', '2']);
    try {
      await expect.poll(() => m.stdout.find((l) => l.startsWith('rate limits'))).toMatch(/^rate limits account_check 1 per second, admin_set_msg_read 2 per second, the others as documented(;|$)/);
      const check = () => post(m.url, { CheckItem: [{ UserID: 'alice' }] }, {}, 'v4/im_open_login_svc/account_check');
      expect([(await check()).ErrorCode, (await check()).ErrorCode]).toEqual([0, 60007]);
      const read = () => post(m.url, { Report_Account: 'alice', Peer_Account: 'bob' });
      expect([(await read()).ErrorCode, (await read()).ErrorCode, (await read()).ErrorCode]).toEqual([0, 0, 60007]);
    } finally {
      m.child.kill('SIGTERM');
    }
    expect(await exited(m.child)).toBe(0);
  });
});

test.describe('the client report', () => {
  test('names every departure of what a client sent, when the mock stops', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'client-report-'));
    const file = join(dir, 'client.json');
    const m = await startMock(['--client-report', file, '--account', 'alice', '--account', 'bob']);
    try {
      await post(m.url, { Report_Account: 'alice', Peer_Account: 'bob', MsgReadedTime: '1700000000' });
      await post(m.url, { Report_Account: 'alice', Peer_Account: 'bob' }, { contenttype: null });
      await post(m.url, { Report_Account: 'alice', Peer_Account: 'bob' }, { random: '4294967296' });
      await post(m.url, { Report_Account: 'alice' });
      await post(m.url, { Report_Account: 'alice', Peer_Account: 'bob', MsgReadTime: 1700000000 });
      await post(m.url, { Identifier: 'erin' }, {}, 'v4/im_open_login_svc/account_import');
    } finally {
      m.child.kill('SIGTERM');
    }
    expect(await exited(m.child)).toBe(0);
    const report = JSON.parse(readFileSync(file, 'utf8')) as ClientReport;
    expect(violations('report/client-report.schema.json', report)).toEqual([]);
    expect(existsSync(join(dir, 'client.md'))).toBe(true);
    expect(report.verdict).toBe('departs');
    const found = report.departures.map((d) => `${d.kind} ${d.field ?? ''} ${d.clause}${d.suggestion ? ` -> ${d.suggestion}` : ''}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'unknown-field /MsgReadedTime admin_set_msg_read.request.unknown-fields -> MsgReadTime',
        'query-missing contenttype rest.query.contenttype',
        'query-invalid random rest.query.random',
        'missing-field /Peer_Account admin_set_msg_read.request.peer-account.required',
      ]),
    );
    expect(found).toHaveLength(4);
    expect(report.readings.map((r) => `${r.ledger} ${r.reading}`).sort()).toEqual(['SRC-ACCOUNT-IMPORT-ID identifier', 'SRC-MSGREADTIME-TYPE integer']);
    const coverage = report.coverage.find((c) => c.command === 'admin_set_msg_read');
    expect(coverage).toEqual({ command: 'admin_set_msg_read', calls: 5, optionalFields: ['MsgReadTime'], optionalFieldsExercised: ['MsgReadTime'] });
    expect(readFileSync(file, 'utf8')).not.toContain(SIG);
  });
});

test.describe('check-client', () => {
  const client = (body: string, exit = 0) =>
    `const { Api } = require('tls-sig-api-v2');
     const e = process.env;
     const sig = new Api(Number(e.IM_SDKAPPID), e.IM_SECRET_KEY).genUserSig(e.IM_ADMIN_IDENTIFIER, 60);
     const q = 'sdkappid=' + e.IM_SDKAPPID + '&identifier=' + e.IM_ADMIN_IDENTIFIER + '&usersig=' + sig + '&random=1&contenttype=json';
     fetch(e.IM_BASE_URL + '/v4/openim/admin_set_msg_read?' + q, { method: 'POST', body: ${JSON.stringify(body)} }).then(() => process.exit(${exit}));`;
  const check = (script: string, report: string) =>
    spawnSync(process.execPath, [...CLI, 'check-client', '--client-report', report, '--account', 'alice', '--account', 'bob', '--', process.execPath, '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 30_000,
    });
  const dir = mkdtempSync(join(tmpdir(), 'check-client-'));

  test('a client that follows the contract passes with its own exit status', () => {
    expect(check(client('{"Report_Account":"alice","Peer_Account":"bob"}'), join(dir, 'a.json')).status).toBe(0);
    expect(check(client('{"Report_Account":"alice","Peer_Account":"bob"}', 5), join(dir, 'b.json')).status).toBe(5);
  });

  test('a client that departs fails with exit 1 and the departure named', () => {
    const r = check(client('{"Report_Account":"alice","Peer_Account":"bob","MsgReadedTime":"1"}'), join(dir, 'c.json'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('unknown-field /MsgReadedTime (did you mean MsgReadTime?)');
  });

  test('a command that cannot start exits 127 and says that nothing was checked', () => {
    const report = join(dir, 'none.json');
    const r = spawnSync(process.execPath, [...CLI, 'check-client', '--client-report', report, '--', '/no/such/command'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(127);
    expect(r.stderr).toMatch(/cannot start \/no\/such\/command .*nothing was checked/);
    expect((JSON.parse(readFileSync(report, 'utf8')) as ClientReport).verdict).toBe('no-verdict');
  });
});

test('a client report that cannot be written is refused at start', () => {
  const aFile = join(mkdtempSync(join(tmpdir(), 'not-a-folder-')), 'file');
  writeFileSync(aFile, '');
  const r = spawnSync(process.execPath, [...CLI, 'mock', '--port', '0', '--client-report', join(aFile, 'report.json')], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/^--client-report: cannot write/m);
  expect(r.stdout).toBe('');
});

test('check-client on a port already taken exits 2', async () => {
  const m = await startMock([]);
  try {
    const port = new URL(m.url).port;
    const r = spawnSync(process.execPath, [...CLI, 'check-client', '--port', port, '--', process.execPath, '-e', ''], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('EADDRINUSE');
  } finally {
    m.child.kill('SIGTERM');
  }
});

test.describe('what the client report keeps of a request', () => {
  const checkerOf = () => new ClientChecker([DEFAULT_SECRET_KEY]);
  const reply = (code: number) => ({ ActionStatus: code ? ('FAIL' as const) : ('OK' as const), ErrorInfo: '', ErrorCode: code });

  test('a usersig joined to the path with & is redacted, and does not split the departures', () => {
    const checker = checkerOf();
    for (let i = 0; i < 3; i++) {
      const url = `/v4/openim/admin_set_msg_read&${query()}`;
      checker.observe({ method: 'POST', url, body: new TextEncoder().encode('{}') }, reply(60009));
    }
    const report = checker.report();
    expect(JSON.stringify(report)).not.toContain(SIG);
    expect(report.departures.filter((d) => d.kind === 'unknown-path')).toHaveLength(1);
    expect(report.departures.find((d) => d.kind === 'unknown-path')?.count).toBe(3);
  });

  test('refused credentials are named beside another departure of the query', () => {
    const checker = checkerOf();
    checker.observe({ method: 'POST', url: `/v4/openim/admin_set_msg_read?${query({ random: null })}`, body: new TextEncoder().encode('{"Report_Account":"a","Peer_Account":"b"}') }, reply(70009));
    expect(checker.report().departures.map((d) => d.kind).sort()).toEqual(['credentials', 'query-missing']);
  });
});
