/**
 * The suite tests itself as a black box: `npm run conformance` must pass against the faithful mock, served every way
 * it can be, and must fail against each broken variant, on the clause that variant breaks.
 */
import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { variants } from '../../mocks/variants';
import { ROOT } from '../../src/schema-files';
import { clauses } from '../../src/spec';
import { violations } from '../../src/validators';
import type { ConformanceReport } from '../../types/schemas';

const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');
// A whole suite run takes 15-30 s alone, longer when the other worker runs one too.
test.describe.configure({ timeout: 240_000 });
/** Credentials of a mock that is not the built-in default, so the remote path's settings are exercised. */
const CREDENTIALS = { IM_SDKAPPID: '1400012345', IM_SECRET_KEY: 'selftest-key-0123456789abcdef', IM_ADMIN_IDENTIFIER: 'selftest_admin' };

interface Run {
  status: number;
  output: string;
  report: ConformanceReport;
}

/** Runs the suite in a child process with its own report folder. */
async function conformance(env: Record<string, string>): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'im-conformance-'));
  try {
    const child = spawn(process.execPath, [TSX, join(ROOT, 'scripts/conformance.ts')], {
      cwd: ROOT,
      env: { ...process.env, CI: '', IM_SEED: '20261121', IM_REPORT_DIR: dir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const status: number = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? -1)));
    const report = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as ConformanceReport;
    expect(violations('report/conformance-report.schema.json', report)).toEqual([]);
    return { status, output, report };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function violatedClauses(r: ConformanceReport): Set<string> {
  return new Set(r.results.flatMap((x) => x.violated ?? []));
}

/** Starts `npm run mock` on a free port and resolves with its base URL, read from its first line. */
async function startMock(extraEnv: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [TSX, join(ROOT, 'mocks/cli.ts'), '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const first: string = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', () => reject(new Error('mock exited before listening')));
  });
  expect(first).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
  return { url: first.replace('listening on ', ''), child };
}

test.describe('against the faithful mock', () => {
  const ways: Array<{ title: string; env: () => Promise<{ env: Record<string, string>; stop?: () => void }> }> = [
    { title: 'the embedded mock over HTTP is conformant', env: async () => ({ env: {} }) },
    { title: 'the in-process MSW mock is conformant', env: async () => ({ env: { IM_MOCK: 'msw' } }) },
    {
      title: 'a separate mock through IM_BASE_URL is conformant',
      env: async () => {
        const { url, child } = await startMock(CREDENTIALS);
        return { env: { IM_BASE_URL: url, ...CREDENTIALS }, stop: () => child.kill() };
      },
    },
  ];
  for (const way of ways) {
    test(way.title, async () => {
      const { env, stop } = await way.env();
      try {
        const run = await conformance(env);
        expect(run.report.results.filter((r) => r.verdict === 'fail' || r.verdict === 'indeterminate').map((r) => `${r.title}: ${r.reason}`)).toEqual([]);
        expect(run.report.verdict).toBe('conformant');
        expect(run.status).toBe(0);
        // Every clause of the registry was exercised by at least one case.
        const covered = new Set(run.report.results.map((r) => r.clause));
        expect(clauses.map((c) => c.id).filter((id) => !covered.has(id))).toEqual([]);
        expect(run.output).toMatch(/^\d+ passed, 0 failed, \d+ skipped$/m);
        expect(run.output).not.toContain(CREDENTIALS.IM_SECRET_KEY);
      } finally {
        stop?.();
      }
    });
  }
});

test.describe('against each broken variant', () => {
  for (const [name, variant] of Object.entries(variants)) {
    test(`variant ${name} is rejected on ${variant.breaks}`, async () => {
      const run = await conformance({ IM_MOCK_VARIANT: name });
      expect(run.status, run.output.slice(-2000)).toBe(1);
      expect(run.report.verdict).toBe('non-conformant');
      expect([...violatedClauses(run.report)]).toContain(variant.breaks);
      // Failing runs are where URLs get printed: the scan after the run found nothing (status 1, not 4).
      expect(run.output).not.toMatch(/credential leak/);
    });
  }
});
