/**
 * What `run` does before and around the cases, called in-process: listing, help, an empty selection, a refused
 * credential. None of these may start Playwright, write a conformant report or send a case's call.
 */
import { expect, test } from '@playwright/test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../../mocks/config.js';
import { createMockServer, listen } from '../../mocks/http-server.js';
import { Simulator } from '../../mocks/simulator.js';
import { runMain } from '../../src/runner/run.js';
import { clauses, endpoints } from '../../src/core/spec.js';
import { violations } from '../../src/core/validators.js';
import type { ConformanceReport } from '../../types/schemas.js';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

const reportDir = () => mkdtempSync(join(tmpdir(), 'run-'));

test('--help describes the options and the exit statuses', async () => {
  const o = io();
  expect(await runMain(['--help'], {}, o.io)).toBe(0);
  expect(o.out.join('\n')).toMatch(/--grep RE[\s\S]*--clause ID[\s\S]*--command NAME[\s\S]*IM_EXPECTATIONS[\s\S]*exit status: 0 conformant/);
  expect(o.out.join('\n')).toContain('"embedded": the embedded mock with the app given below');
  expect(o.out.join('\n')).toMatch(/130 and 143 interrupted by SIGINT or SIGTERM/);
});

test('--list prints the selected cases and leaves the last report alone', async () => {
  const dir = reportDir();
  writeFileSync(join(dir, 'conformance.json'), '{"kept":true}');
  const o = io();
  expect(await runMain(['--list', '--clause', 'rest.auth.*'], { IM_REPORT_DIR: dir }, o.io)).toBe(0);
  expect(o.out.at(-1)).toMatch(/^\d+ of \d+ cases$/);
  expect(o.out.slice(0, -1).every((l) => l.startsWith('rest.auth.'))).toBe(true);
  expect(readFileSync(join(dir, 'conformance.json'), 'utf8')).toBe('{"kept":true}');
});

test('a selection that matches no case has no verdict, in its exit status and its report', async () => {
  const dir = reportDir();
  const o = io();
  const command = endpoints()[0]!.command;
  expect(await runMain(['--grep', 'no case has this title', '--command', command], { IM_REPORT_DIR: dir }, o.io)).toBe(3);
  const report = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as ConformanceReport;
  expect(violations('report/conformance-report.schema.json', report)).toEqual([]);
  expect(report.verdict).toBe('no-verdict');
  expect(report.clauses.checked).toBe(0);
  expect(report.selection).toEqual({ grep: 'no case has this title', commands: [command] });
  expect(report.commands).toEqual([]);
  const documented = clauses.filter((c) => c.strength === 'documented').length;
  expect(o.out.filter((l) => / documented clauses checked/.test(l))).toEqual([expect.stringMatching(new RegExp(`^verdict: No verdict.* 0 of ${documented} documented clauses checked`))]);
  expect(o.out.at(-1)).toBe('0 passed, 0 failed, 0 known, 0 indeterminate, 0 observed, 0 skipped');
});

test("another target's baseline is compared and named on the console and in the report", async () => {
  const dir = reportDir();
  expect(await runMain(['--grep', 'no case has this title'], { IM_REPORT_DIR: dir }, io().io)).toBe(3);
  const earlier = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as ConformanceReport;
  // The embedded mock is one target, whatever port each run served it on.
  const same = join(dir, 'earlier.json');
  writeFileSync(same, JSON.stringify(earlier));
  const quiet = io();
  expect(await runMain(['--grep', 'no case has this title'], { IM_REPORT_DIR: dir, IM_BASELINE: same }, quiet.io)).toBe(3);
  expect(quiet.err).toEqual([]);
  const baseline = join(dir, 'staging.json');
  writeFileSync(baseline, JSON.stringify({ ...earlier, target: { kind: 'remote', host: 'staging.example:443' } }));
  const o = io();
  expect(await runMain(['--grep', 'no case has this title'], { IM_REPORT_DIR: dir, IM_BASELINE: baseline }, o.io)).toBe(3);
  expect(o.err).toEqual([expect.stringMatching(/^baseline: another target: the baseline judged staging\.example:443, this run 127\.0\.0\.1:\d+: /)]);
  const report = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as ConformanceReport;
  expect(report.changes?.otherTarget).toMatch(/staging\.example:443/);
  expect(readFileSync(join(dir, 'conformance.md'), 'utf8')).toContain('- Another target: the baseline judged staging.example:443');
});

test('a closed port stops the run at the credential check: one message naming the cause, exit 3, no claim of answers', async () => {
  const closed = createMockServer(new Simulator(defaultConfig()));
  const url = await listen(closed, 0);
  await new Promise<void>((r) => closed.close(() => r()));
  const dir = reportDir();
  const o = io();
  const status = await runMain([], { IM_BASE_URL: url, IM_SDKAPPID: '1400000000', IM_SECRET_KEY: 'k'.repeat(32), IM_ADMIN_IDENTIFIER: 'administrator', IM_REPORT_DIR: dir }, o.io);
  expect(status).toBe(3);
  expect(o.err).toEqual([
    expect.stringMatching(/^target: the credential check got no answer of the API: transport fault: connection refused: .*\(ECONNREFUSED\)\.$/),
    expect.stringMatching(/^ {2}check IM_BASE_URL \(127\.0\.0\.1:\d+\) and that the service is reachable/),
  ]);
  // The header lines only: no verdict, no closing line of counts for a run that judged nothing.
  expect(o.out.some((l) => /^verdict: |^\d+ passed/.test(l))).toBe(false);
  const report = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as ConformanceReport;
  expect(violations('report/conformance-report.schema.json', report)).toEqual([]);
  expect(report.verdict).toBe('no-verdict');
  expect(report.setup.unreachable).toMatch(/ECONNREFUSED/);
  const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
  expect(junit).toMatch(/<testsuites [^>]*tests="1" failures="0" errors="1"/);
  expect(junit).toMatch(/<error message="no case was run: [^"]*ECONNREFUSED[^"]*" type="unreachable">/);
  for (const file of ['conformance.md', 'conformance.html']) {
    const text = readFileSync(join(dir, file), 'utf8');
    expect(text, file).not.toContain('no case broke it');
    expect(text, file).toContain('no answer of the API came: not checked');
    expect(text, file).toContain('No case was run: the credential check got no answer of the API: transport fault: connection refused');
  }
});

test.describe('credentials the target refuses', () => {
  let server: Server;
  let url: string;
  let sim: Simulator;
  const app = { IM_SDKAPPID: '1400012345', IM_ADMIN_IDENTIFIER: 'staging_admin' };
  const key = 'the-current-key-of-the-app-0123';

  test.beforeAll(async () => {
    sim = new Simulator(defaultConfig({ sdkAppId: 1400012345, secretKey: key, adminIdentifier: 'staging_admin' }));
    server = createMockServer(sim);
    url = await listen(server, 0);
  });
  test.afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const cases = [
    { title: 'a rotated key', env: { IM_SECRET_KEY: 'a-rotated-key-that-is-no-longer-valid' }, names: 'IM_SECRET_KEY', code: 70009 },
    { title: 'an identifier that is no admin', env: { IM_SECRET_KEY: key, IM_ADMIN_IDENTIFIER: 'someone_else' }, names: 'IM_ADMIN_IDENTIFIER', code: 90009 },
    { title: 'another SDKAppID', env: { IM_SECRET_KEY: key, IM_SDKAPPID: '1400099999' }, names: 'IM_SDKAPPID', code: 70032 },
  ];
  for (const c of cases) {
    test(`${c.title} stops the run with exit 2 before any case`, async () => {
      sim.reset();
      const dir = reportDir();
      writeFileSync(join(dir, 'conformance.json'), '{"the last run":true}');
      const o = io();
      const status = await runMain([], { IM_BASE_URL: url, ...app, ...c.env, IM_REPORT_DIR: dir }, o.io);
      expect(status).toBe(2);
      const said = o.err.join('\n');
      expect(said).toContain(`ErrorCode ${c.code}`);
      expect(said).toContain(`check ${c.names}`);
      expect(said).not.toContain(c.env.IM_SECRET_KEY);
      expect(said).not.toMatch(/eJ[A-Za-z0-9*_-]{20,}/);
      expect(sim.requests()).toHaveLength(1);
      expect(readFileSync(join(dir, 'conformance.json'), 'utf8')).toBe('{"the last run":true}');
    });
  }
});
