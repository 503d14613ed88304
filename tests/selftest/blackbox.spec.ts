/**
 * Whole runs as a user makes them: `im-conformance run` in its own process against servers over real HTTP. The
 * embedded mock is conformant; a broken server whose error pages quote the request URL is non-conformant and leaves
 * no credential in anything the run wrote; a faithful server that compresses, chunks and delays its answers is
 * conformant; selecting cases sends no burst.
 */
import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from '../../src/core/paths.js';
import { scanPaths } from '../../src/core/secret-scan.js';
import { violations } from '../../src/core/validators.js';
import { clauses } from '../../src/core/spec.js';
import { defaultConfig } from '../../mocks/config.js';
import { createMockServer, listen } from '../../mocks/http-server.js';
import { Simulator } from '../../mocks/simulator.js';
import { commandLine } from '../../src/report/view.js';
import { planPool, poolIds } from '../../src/suite/accounts.js';
import { loadCases } from '../../src/suite/cases.js';
import type { CaseResult, ConformanceReport } from '../../types/schemas.js';
import { CLI, exited, startMock } from '../support/processes.js';
import { all } from '../variants/compose.js';
import { broken } from '../variants/broken.js';
import { faithful } from '../variants/faithful.js';

test.describe.configure({ timeout: 180_000 });

const APP = { IM_SDKAPPID: '1400012345', IM_SECRET_KEY: 'blackbox-key-0123456789abcdef', IM_ADMIN_IDENTIFIER: 'blackbox_admin' };
const config = () => defaultConfig({ sdkAppId: 1400012345, secretKey: APP.IM_SECRET_KEY, adminIdentifier: APP.IM_ADMIN_IDENTIFIER });

const SEED = 20261122;

interface Run {
  status: number;
  output: string;
  report: ConformanceReport;
  dir: string;
}

/** `im-conformance run` in a child process with its own report folder; `watch` sees the output as it comes. */
async function run(env: Record<string, string>, args: string[] = [], watch?: (output: string, child: ChildProcess) => void): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'im-conformance-'));
  const { IM_BASE_URL: _u, IM_SECRET_KEY: _k, ...clean } = process.env;
  const child = spawn(process.execPath, [...CLI, 'run', ...args], {
    cwd: ROOT,
    env: { ...clean, CI: '', IM_SEED: String(SEED), IM_REPORT_DIR: dir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
    watch?.(output, child);
  });
  child.stderr.on('data', (d) => (output += d));
  const status: number = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  const report = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as ConformanceReport;
  expect(violations('report/conformance-report.schema.json', report)).toEqual([]);
  return { status, output, report, dir };
}

async function serve(sim: Simulator): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createMockServer(sim);
  const url = await listen(server, 0);
  return { url, close: () => new Promise((r) => (server.closeAllConnections(), server.close(() => r()))) };
}

/**
 * Results that say nothing of the target: a rate-limit case on a runner too busy to outpace the limit within the
 * budget, or to pace its calls evenly. Any other failure or indeterminate result is a finding.
 */
const busyRunner = (x: CaseResult) => x.clause.includes('.rate-limit.') && x.verdict === 'indeterminate' && /too slow to prove|too unevenly|never refused/.test(x.reason ?? '');
const findings = (r: Run) => r.report.results.filter((x) => (x.verdict === 'fail' || x.verdict === 'indeterminate') && !busyRunner(x)).map((x) => `${x.title}: ${x.reason}`);
/** Conformant, or no verdict only because the runner was too busy for a rate-limit case. */
const conformantUnlessBusy = (r: Run) => (r.report.results.some(busyRunner) ? { status: 3, verdict: 'no-verdict' } : { status: 0, verdict: 'conformant' });

test('the embedded mock is conformant, every documented clause but the call limits checked, one closing line', async () => {
  // The load cases of eight commands take over a minute of wall time: they run over HTTP for admin_set_msg_read below
  // and for sendmsg in package.spec.ts, and for every command in process (rate-limit.spec.ts, matrix.spec.ts).
  const r = await run({ IM_RATE_LIMIT_TEST: '0' });
  expect(findings(r)).toEqual([]);
  expect({ status: r.status, verdict: r.report.verdict }).toEqual({ status: 0, verdict: 'conformant' });
  const documented = clauses.filter((c) => c.strength === 'documented');
  expect(r.report.clauses.documented).toBe(documented.length);
  expect(r.report.clauses.checked).toBe(documented.filter((c) => !c.id.includes('.rate-limit.')).length);
  // Every case of the seed runs on loopback: the run imports the accounts its plan names, and deletes them all.
  const planned = poolIds(planPool('any', loadCases(SEED))).length;
  expect(r.report.setup.accounts).toMatchObject({ imported: planned, deleted: planned });
  // A line per command, before the run's verdict.
  const lines = r.output.split('\n');
  const verdictAt = lines.findIndex((l) => l.startsWith('verdict: '));
  for (const c of r.report.commands) {
    expect(lines.indexOf(commandLine(c))).toBeGreaterThanOrEqual(0);
    expect(lines.indexOf(commandLine(c))).toBeLessThan(verdictAt);
  }
  expect(r.report.commands.length).toBeGreaterThan(1);
  const loads = loadCases(SEED).filter((c) => c.kind === 'load').length;
  const closing = r.output.split('\n').filter((l) => /^\d+ passed, \d+ failed/.test(l));
  expect(closing).toEqual([`${r.report.summary.pass} passed, 0 failed, 0 known, 0 indeterminate, ${r.report.summary.observed} observed, ${loads} skipped`]);
  expect(readFileSync(join(r.dir, 'junit.xml'), 'utf8')).toMatch(/<testsuites [^>]*tests="\d+" failures="0"/);
});

test('a server without a rate limit fails on the rate-limit clause, over real HTTP', async () => {
  const mock = await startMock(['--rate-limit', '0'], APP);
  try {
    const r = await run({ IM_BASE_URL: mock.url, ...APP }, ['--clause', 'admin_set_msg_read.rate-limit.*']);
    expect(r.report.clauses.failed, r.output.slice(-2000)).toEqual(['admin_set_msg_read.rate-limit.refuses-over-limit']);
    expect(r.status).toBe(1);
  } finally {
    mock.child.kill('SIGTERM');
    await exited(mock.child);
  }
});

test('a server whose error pages quote the URL fails on HTTP 200, and no credential reaches what the run wrote', async () => {
  const v = broken['error-page-echoes-url']!;
  const server = await serve(new Simulator(config(), v.policies));
  try {
    const r = await run({ IM_BASE_URL: server.url, ...APP }, ['--clause', 'rest.*', '--command', 'admin_set_msg_read']);
    expect(r.status, r.output.slice(-2000)).toBe(1);
    expect(r.report.clauses.failed).toEqual(['rest.response.http-200']);
    // All three kinds of page came back and were kept: JSON, and bytes that are not UTF-8 (kept as base64).
    const kept = JSON.stringify(r.report);
    expect(kept).toContain('base64:');
    expect(kept).toContain('failed: POST /v4/openim/admin_set_msg_read?');
    expect(await scanPaths([r.dir], [APP.IM_SECRET_KEY])).toEqual([]);
    expect(r.output).not.toMatch(/credential leak/);
    expect(r.output).not.toContain(APP.IM_SECRET_KEY);
    // A person reads one line per case, and for a failure one more: no source code, no stack.
    const lines = r.output.trim().split('\n');
    expect(lines.length).toBeLessThan(r.report.summary.total * 2 + 15);
    expect(r.output).not.toMatch(/^\s+at |^\s*>?\s*\d+ \|/m);
    const failure = lines.findIndex((l) => l.startsWith('  FAIL'));
    expect(lines[failure + 1]).toMatch(/^\s+\[rest\.response\.http-200\] expected .+; observed .+/);
  } finally {
    await server.close();
  }
});

test('a faithful server that compresses, chunks and delays its answers, in its own words and order, is conformant', async () => {
  const quirks = all(
    faithful['account-codes-swapped']!.policies!,
    faithful['extra-fields-and-key-order']!.policies!,
    faithful['other-error-info']!.policies!,
    faithful['token-bucket-limiter']!.policies!,
  );
  const sim = new Simulator(config(), quirks);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = sim.handle({ method: req.method ?? 'GET', url: req.url ?? '/', body: Buffer.concat(chunks) });
      const body = Buffer.from(answer.body);
      setTimeout(() => {
        res.writeHead(answer.status, { 'content-type': 'text/plain; charset=utf-8', 'content-encoding': 'gzip', 'transfer-encoding': 'chunked' });
        const packed = gzipSync(body);
        res.write(packed.subarray(0, 8));
        res.end(packed.subarray(8));
      }, 30);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    // One command, load cases included: how the answers travel is the same for every command, and the installed
    // bin's run (package.spec.ts) takes another one over HTTP.
    const r = await run({ IM_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, ...APP }, ['--command', 'admin_set_msg_read']);
    expect(findings(r)).toEqual([]);
    expect({ status: r.status, verdict: r.report.verdict }).toEqual(conformantUnlessBusy(r));
  } finally {
    await new Promise((r) => (server.closeAllConnections(), server.close(r)));
  }
});

test('selecting cases by title sends no burst', async () => {
  const sim = new Simulator(config());
  const server = await serve(sim);
  try {
    const r = await run({ IM_BASE_URL: server.url, ...APP }, ['--grep', 'MsgReadTime']);
    expect(r.status).toBe(0);
    expect(r.report.results.every((x) => x.title.includes('MsgReadTime'))).toBe(true);
    expect(r.report.rateLimits).toEqual([]);
    // The selected cases, the credential check and the accounts: a few dozen calls, never the ~2,000 of the bursts.
    expect(sim.requests().length).toBeLessThan(80);
  } finally {
    await server.close();
  }
});

test('a closed port stops the run at once with one message naming the cause, and a JUnit error', async () => {
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((r) => closed.close(r));
  const r = await run({ IM_BASE_URL: `http://127.0.0.1:${port}`, ...APP });
  expect(r.status).toBe(3);
  expect(r.output).toContain(`target: the credential check got no answer of the API: transport fault: connection refused: nothing listens at that host and port (ECONNREFUSED).`);
  expect(r.output).not.toMatch(/^verdict: /m);
  expect(r.report.results).toEqual([]);
  expect(readFileSync(join(r.dir, 'junit.xml'), 'utf8')).toMatch(/<testsuites [^>]*failures="0" errors="1"/);
  expect(readFileSync(join(r.dir, 'conformance.html'), 'utf8')).not.toContain('no case broke it');
});

test('a run cancelled with SIGTERM keeps what it judged, names the signal, fails nothing, and still deletes its accounts', async () => {
  let sent = false;
  let printed = 0;
  const r = await run({}, [], (output, child) => {
    if (!sent && (output.match(/^ {2}pass /gm) ?? []).length >= 3) {
      sent = true;
      printed = (output.match(/^ {2}pass /gm) ?? []).length;
      child.kill('SIGTERM');
    }
  });
  expect(r.status).toBe(143);
  expect(r.report.verdict).toBe('no-verdict');
  expect(r.report.summary.fail).toBe(0);
  // Every pass printed before the signal is in the report; the cases that did not finish say so.
  expect(r.report.summary.pass).toBeGreaterThanOrEqual(printed);
  const notRun = r.report.results.filter((x) => x.verdict === 'skip' && x.reason === 'not run: interrupted by SIGTERM');
  expect(notRun.length).toBeGreaterThan(0);
  expect(r.report.interrupted).toEqual({ signal: 'SIGTERM', notRun: notRun.length });
  expect(r.output).toMatch(/^verdict: No verdict: .* Interrupted by SIGTERM: \d+ cases not run\./m);
  expect(readFileSync(join(r.dir, 'junit.xml'), 'utf8')).toContain('<skipped message="not run: interrupted by SIGTERM"/>');
  expect(readFileSync(join(r.dir, 'conformance.md'), 'utf8')).toContain('## Interrupted');
  expect(r.report.setup.accounts?.deleted).toBe(r.report.setup.accounts?.imported);
});
