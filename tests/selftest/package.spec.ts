/**
 * The package as a user installs it: packed, installed from the tarball into a fresh project, and used with no clone
 * and no tsx. The bin's mock starts and prints where it listens; ./mock imports in plain Node ESM and CommonJS and
 * type-checks in a TypeScript NodeNext project with msw's own types; the bin runs the suite against the bin's mock.
 */
import { expect, test } from '@playwright/test';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../src/core/paths.js';
import type { ConformanceReport } from '../../types/schemas.js';
import { exited, startMock } from '../support/processes.js';

test.describe.configure({ mode: 'serial', timeout: 240_000 });

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; devDependencies: Record<string, string> };
const project = mkdtempSync(join(tmpdir(), 'im-conformance-user-'));
const bin = join(project, 'node_modules', '.bin', 'im-conformance');
const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' }, stdio: ['ignore', 'pipe', 'pipe'] });

let files: string[] = [];

test('the tarball ships the built code, the data and the licence, and no tests', () => {
  const out = mkdtempSync(join(tmpdir(), 'im-conformance-pack-'));
  const listing = JSON.parse(npm(['pack', '--json', '--pack-destination', out], ROOT)) as Array<{ filename: string; files: Array<{ path: string }> }>;
  files = listing[0]!.files.map((f) => f.path);
  for (const needed of ['dist/src/cli/main.js', 'dist/mocks/index.js', 'dist/mocks/index.d.ts', 'dist/src/runner/playwright.config.js', 'dist/tests/conformance/cases.spec.js', 'schemas/api/admin_set_msg_read.request.schema.json', 'spec/commands/admin_set_msg_read.json', 'cases/admin_set_msg_read.json', 'openapi/im-rest.openapi.json', 'LICENSE', 'README.md', 'package.json']) {
    expect(files, needed).toContain(needed);
  }
  expect(files.filter((f) => /^(tests|bench|scripts|src)\//.test(f) || f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', version: '1.0.0', private: true }));
  const tarball = join(out, readdirSync(out).find((f) => f.endsWith('.tgz'))!);
  npm(['install', tarball, `typescript@${pkg.devDependencies.typescript}`, `@types/node@${pkg.devDependencies['@types/node']}`, '--prefer-offline', '--no-audit', '--no-fund'], project);
});

test('npx im-conformance --help lists the commands', () => {
  const r = spawnSync('npx', ['--no-install', 'im-conformance', '--help'], { cwd: project, encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/run[\s\S]*mock[\s\S]*check-client/);
});

test('./mock works in plain Node ESM and CommonJS, with msw as the project installs it', () => {
  const script = (load: string) => `${load}
const { setupServer } = msw;
const sim = new mock.Simulator(mock.defaultConfig({ rateLimit: 0, accounts: ['alice', 'bob'] }));
const server = setupServer(...mock.createHandlers(sim, 'https://console.tim.qq.com'));
server.listen({ onUnhandledRequest: 'error' });
const sig = main.craftUserSig(mock.DEFAULT_SECRET_KEY, { identifier: mock.DEFAULT_ADMIN, sdkappid: mock.DEFAULT_SDKAPPID, time: Math.floor(Date.now() / 1000), expire: 60 });
const q = new URLSearchParams({ sdkappid: String(mock.DEFAULT_SDKAPPID), identifier: mock.DEFAULT_ADMIN, usersig: sig, random: '1', contenttype: 'json' });
fetch('https://console.tim.qq.com/v4/openim/admin_set_msg_read?' + q, { method: 'POST', body: JSON.stringify({ Report_Account: 'alice', Peer_Account: 'bob' }) })
  .then((r) => r.json())
  .then((j) => { console.log(['ErrorCode', j.ErrorCode, 'requests', sim.requests().length].join(' ')); server.close(); });`;
  writeFileSync(join(project, 'esm.mjs'), script(`import * as mock from '${pkg.name}/mock'; import * as main from '${pkg.name}'; import * as msw from 'msw/node';`));
  writeFileSync(join(project, 'cjs.cjs'), script(`const mock = require('${pkg.name}/mock'); const main = require('${pkg.name}'); const msw = require('msw/node');`));
  for (const file of ['esm.mjs', 'cjs.cjs']) {
    const r = spawnSync(process.execPath, [file], { cwd: project, encoding: 'utf8' });
    expect(r.stdout.trim(), `${file}: ${r.stderr}`).toBe('ErrorCode 0 requests 1');
  }
});

test('a TypeScript NodeNext project type-checks against ./mock and msw', () => {
  mkdirSync(join(project, 'ts'), { recursive: true });
  writeFileSync(
    join(project, 'ts', 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, types: ['node'] }, include: ['*.ts'] }),
  );
  writeFileSync(join(project, 'ts', 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(
    join(project, 'ts', 'consumer.ts'),
    `import { setupServer } from 'msw/node';
import { createHandlers, defaultConfig, Simulator, type MockConfig, type StateSnapshot } from '${pkg.name}/mock';
import { violations, type ConformanceReport } from '${pkg.name}';
const config: MockConfig = defaultConfig({ rateLimit: 0 });
const sim = new Simulator(config);
const server = setupServer(...createHandlers(sim, 'https://console.tim.qq.com'));
const state: StateSnapshot = sim.snapshot();
const problems: string[] = violations('api/admin_set_msg_read.request.schema.json', {});
export const used: Array<unknown> = [server, state, problems, null as unknown as ConformanceReport];
`,
  );
  const r = spawnSync(join(project, 'node_modules', '.bin', 'tsc'), ['-p', '.'], { cwd: join(project, 'ts'), encoding: 'utf8' });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
});

test('the bin runs the suite against the bin mock, a separate process, and finds it conformant', async () => {
  const mock = await startMock([], { IM_SDKAPPID: '1400054321', IM_SECRET_KEY: 'package-test-key-0123456789', IM_ADMIN_IDENTIFIER: 'pkg_admin' }, [bin]);
  expect(mock.first).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
  const reports = mkdtempSync(join(tmpdir(), 'im-conformance-pkg-run-'));
  try {
    // One command under test, its load cases included: the package's wiring is the same for every command, and the
    // in-process self-tests run every command's cases against every variant.
    const child = spawn(bin, ['run', '--command', 'sendmsg'], {
      cwd: project,
      env: { ...process.env, IM_BASE_URL: mock.url, IM_SDKAPPID: '1400054321', IM_SECRET_KEY: 'package-test-key-0123456789', IM_ADMIN_IDENTIFIER: 'pkg_admin', IM_REPORT_DIR: reports, IM_SEED: '7' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const status = await exited(child, 200_000);
    const report = JSON.parse(readFileSync(join(reports, 'conformance.json'), 'utf8')) as ConformanceReport;
    expect(report.results.filter((r) => r.verdict === 'fail' || r.verdict === 'indeterminate').map((r) => `${r.title}: ${r.reason}`), output.slice(-1500)).toEqual([]);
    expect(status).toBe(0);
    expect(report.target.kind).toBe('loopback');
    expect(report.commands.map((c) => c.command)).toEqual(['sendmsg']);
    expect(report.commands[0]!.clauses.unchecked).toEqual([]);
    expect(report.commands[0]!.clauses.checked).toBeGreaterThan(0);
    expect(output).not.toContain('package-test-key-0123456789');
  } finally {
    mock.child.kill('SIGTERM');
  }
  expect(await exited(mock.child)).toBe(0);
});
