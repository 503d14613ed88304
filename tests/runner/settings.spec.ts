/**
 * Every bad setting stops `run` before anything is sent, with one message naming the variable or option. Tested on
 * the pure functions; one spawned process proves the exit status and that nothing else is printed.
 */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../src/core/paths.js';
import { SettingError } from '../../src/core/settings.js';
import { endpoints } from '../../src/core/spec.js';
import { runMain } from '../../src/runner/run.js';
import { runArgs, runSettings } from '../../src/runner/settings.js';

const GOOD = { IM_BASE_URL: 'https://console.tim.qq.com', IM_SDKAPPID: '1400000000', IM_SECRET_KEY: 'k'.repeat(32), IM_ADMIN_IDENTIFIER: 'administrator' };
const dir = mkdtempSync(join(tmpdir(), 'settings-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const refusals: Array<{ title: string; env: Record<string, string>; names: string; says?: RegExp }> = [
  { title: 'a missing secret passed as an empty IM_BASE_URL is refused', env: { IM_BASE_URL: '' }, names: 'IM_BASE_URL', says: /set but empty/ },
  { title: 'an empty IM_SECRET_KEY is refused, never defaulted', env: { ...GOOD, IM_SECRET_KEY: '' }, names: 'IM_SECRET_KEY', says: /set but empty/ },
  { title: 'an empty IM_SEED is refused', env: { IM_SEED: '' }, names: 'IM_SEED', says: /set but empty/ },
  { title: 'an empty secret for the embedded mock is refused', env: { IM_SECRET_KEY: '' }, names: 'IM_SECRET_KEY', says: /set but empty/ },
  {
    title: 'credentials without IM_BASE_URL are refused, with how to name a target or the embedded mock',
    env: { IM_SDKAPPID: GOOD.IM_SDKAPPID, IM_SECRET_KEY: GOOD.IM_SECRET_KEY, IM_ADMIN_IDENTIFIER: GOOD.IM_ADMIN_IDENTIFIER },
    names: 'IM_BASE_URL',
    says: /is not set, but IM_SDKAPPID, IM_SECRET_KEY, IM_ADMIN_IDENTIFIER are: .*IM_BASE_URL=embedded/,
  },
  { title: 'one credential without IM_BASE_URL is refused too', env: { IM_ADMIN_IDENTIFIER: 'administrator' }, names: 'IM_BASE_URL', says: /IM_ADMIN_IDENTIFIER is:/ },
  { title: 'plain http to a public host is refused', env: { ...GOOD, IM_BASE_URL: 'http://console.tim.qq.com' }, names: 'IM_BASE_URL' },
  { title: 'a base URL with a path is refused', env: { ...GOOD, IM_BASE_URL: 'https://console.tim.qq.com/v4' }, names: 'IM_BASE_URL' },
  { title: 'a base URL that is no URL is refused', env: { ...GOOD, IM_BASE_URL: 'console' }, names: 'IM_BASE_URL' },
  { title: 'a remote target without IM_SDKAPPID is refused', env: { IM_BASE_URL: GOOD.IM_BASE_URL, IM_SECRET_KEY: GOOD.IM_SECRET_KEY, IM_ADMIN_IDENTIFIER: 'a' }, names: 'IM_SDKAPPID' },
  { title: 'an SDKAppID that is not a number is refused', env: { ...GOOD, IM_SDKAPPID: '14000x' }, names: 'IM_SDKAPPID' },
  { title: 'an SDKAppID beyond uint32 is refused', env: { ...GOOD, IM_SDKAPPID: '4294967296' }, names: 'IM_SDKAPPID' },
  { title: 'an identifier over 32 bytes is refused', env: { ...GOOD, IM_ADMIN_IDENTIFIER: 'é'.repeat(17) }, names: 'IM_ADMIN_IDENTIFIER' },
  { title: 'a seed that is not a number is refused', env: { IM_SEED: 'abc' }, names: 'IM_SEED' },
  { title: 'a seed above the replayable range is refused', env: { IM_SEED: String(2 ** 31) }, names: 'IM_SEED' },
  { title: 'a rate-limit switch other than 0 or 1 is refused', env: { IM_RATE_LIMIT_TEST: 'yes' }, names: 'IM_RATE_LIMIT_TEST' },
  { title: 'frequency codes that are not codes are refused', env: { IM_RATE_LIMIT_CODES: '60007,x' }, names: 'IM_RATE_LIMIT_CODES' },
  { title: 'a pace above 150 calls per second is refused', env: { IM_PACE: '500' }, names: 'IM_PACE' },
  { title: 'a keep-accounts switch other than 0 or 1 is refused', env: { IM_KEEP_ACCOUNTS: 'always' }, names: 'IM_KEEP_ACCOUNTS' },
  { title: 'the removed IM_MOCK is refused with what replaces it', env: { IM_MOCK: 'msw' }, names: 'IM_MOCK', says: /no longer read/ },
  { title: 'an expectations file that does not exist is refused', env: { IM_EXPECTATIONS: join(dir, 'none.json') }, names: 'IM_EXPECTATIONS', says: /ENOENT/ },
  { title: 'an expectations file of another shape is refused', env: { IM_EXPECTATIONS: file('shape.json', '{"known":[]}') }, names: 'IM_EXPECTATIONS', says: /does not match/ },
  {
    title: 'an expectation of an unknown clause is refused',
    env: { IM_EXPECTATIONS: file('unknown.json', '{"knownDepartures":[{"clause":"admin_set_msg_read.no.such","reason":"x"}]}') },
    names: 'IM_EXPECTATIONS',
    says: /unknown clause/,
  },
  {
    title: 'an expectation of an open clause is refused',
    env: { IM_EXPECTATIONS: file('open.json', '{"knownDepartures":[{"clause":"rest.query.random","reason":"x"}]}') },
    names: 'IM_EXPECTATIONS',
    says: /open clause/,
  },
  {
    title: 'a baseline that is JSON but no conformance report is refused',
    env: { IM_BASELINE: file('expectations.json', '{"knownDepartures":[]}') },
    names: 'IM_BASELINE',
    says: /is not a conformance report/,
  },
  { title: 'a baseline that is not JSON is refused', env: { IM_BASELINE: file('base.txt', 'not json') }, names: 'IM_BASELINE', says: /not JSON/ },
  { title: 'a report folder that is a file is refused before the run', env: { IM_REPORT_DIR: file('a-file', '') }, names: 'IM_REPORT_DIR', says: /is a file/ },
];

for (const r of refusals) {
  test(r.title, () => {
    let error: unknown;
    try {
      runSettings(r.env, dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SettingError);
    expect((error as SettingError).setting).toBe(r.names);
    expect((error as Error).message).toMatch(new RegExp(`^${r.names}: `));
    if (r.says) expect((error as Error).message).toMatch(r.says);
    expect((error as Error).message).not.toContain(GOOD.IM_SECRET_KEY);
  });
}

test('a key put in IM_SDKAPPID or IM_BASE_URL is not echoed', () => {
  for (const name of ['IM_SDKAPPID', 'IM_BASE_URL']) {
    let message = '';
    try {
      runSettings({ ...GOOD, [name]: GOOD.IM_SECRET_KEY }, dir);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(new RegExp(`^${name}: `));
    expect(message).not.toContain(GOOD.IM_SECRET_KEY);
  }
});

test('without IM_BASE_URL the embedded mock is the target, with defaults', () => {
  const s = runSettings({}, dir);
  expect(s.embedded).toBeDefined();
  expect(s.target.kind).toBe('embedded-mock');
  expect(s.target.callsPerSecond).toBe(150);
  expect(s.keepAccounts).toBe(false);
});

test('IM_BASE_URL=embedded serves the embedded mock with the credentials given', () => {
  const s = runSettings({ ...GOOD, IM_BASE_URL: 'embedded' }, dir);
  expect(s.target.kind).toBe('embedded-mock');
  expect(s.embedded).toEqual({ sdkAppId: 1400000000, secretKey: GOOD.IM_SECRET_KEY, adminIdentifier: 'administrator' });
});

test('a loopback target is paced like the mock, a remote one more gently', () => {
  expect(runSettings({ ...GOOD, IM_BASE_URL: 'http://127.0.0.1:9000' }, dir).target.callsPerSecond).toBe(150);
  expect(runSettings(GOOD, dir).target.callsPerSecond).toBe(40);
  expect(runSettings(GOOD, dir).target.rateLimitTest).toBe(false);
});

test.describe('options of run', () => {
  test('Playwright options are refused with what to use instead', () => {
    for (const flag of ['--reporter=dot', '--workers=4', '--project=x', '--update-snapshots']) {
      expect(() => runArgs([flag]), flag).toThrow(/is not an option of im-conformance run.*--grep, --grep-invert, --clause or --command/);
    }
  });

  test('a grep that is no regular expression is refused', () => {
    expect(() => runArgs(['--grep', '('])).toThrow(/^--grep: /);
  });

  test('commands under test are selected by name, and any other name is refused with the list of them', () => {
    const underTest = endpoints().map((e) => e.command);
    expect(runArgs(['--command', underTest[0]!, '--command', underTest[0]!]).selection.commands).toEqual([underTest[0]]);
    expect(runArgs([]).selection.commands).toBeUndefined();
    for (const name of ['account_import', 'no_such_command']) {
      expect(() => runArgs(['--command', name])).toThrow(new RegExp(`^--command: "${name}" is not a command under test; the commands under test are ${underTest.sort().join(', ')}$`));
    }
  });

  test('an unknown command stops the run with exit status 2 and the message alone', async () => {
    const said: string[] = [];
    const io = { out: (l: string) => said.push(`out ${l}`), err: (l: string) => said.push(`err ${l}`) };
    expect(await runMain(['--command', 'no_such_command'], {}, io)).toBe(2);
    expect(said).toEqual([expect.stringMatching(/^err --command: "no_such_command" is not a command under test/)]);
  });

  test('clauses are selected by ID or by prefix, and a name of no clause is refused', () => {
    expect(runArgs(['--clause', 'rest.auth.*', '--clause', 'admin_set_msg_read.request.valid']).selection.clauses).toEqual(['rest.auth.*', 'admin_set_msg_read.request.valid']);
    expect(() => runArgs(['--clause', 'Rest Auth'])).toThrow(/^--clause: "Rest Auth" names no clause/);
    expect(() => runArgs(['--clause', 'admin_set_msg_read.request.no-such'])).toThrow(/^--clause: /);
    expect(() => runArgs(['--clause', 'nothing.*'])).toThrow(/^--clause: /);
  });
});

test('a bad setting exits 2 with one line on standard error and nothing sent', () => {
  const { IM_BASE_URL: _u, ...env } = process.env;
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'src/cli/main.ts'), 'run'], {
    cwd: ROOT,
    env: { ...env, ...GOOD, IM_SECRET_KEY: '' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(run.status).toBe(2);
  expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^IM_SECRET_KEY: is set but empty/)]);
  expect(run.stdout).toBe('');
});
