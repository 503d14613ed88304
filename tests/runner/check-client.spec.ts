/**
 * check-client's verdict and exit status, in-process: a command that sends nothing gets no verdict (3, or its own
 * failing status), a command that cannot start gets a shell's 127 or 126, and each is said in words.
 */
import { expect, test } from '@playwright/test';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkClientMain } from '../../src/runner/check-client.js';
import type { ClientReport } from '../../types/schemas.js';

const dir = mkdtempSync(join(tmpdir(), 'check-client-exit-'));
const ENV = { PATH: process.env.PATH };

/** Runs check-client on `command`; returns its status, what it wrote on stderr and the report. */
async function checkClient(name: string, command: string[]) {
  const file = join(dir, `${name}.json`);
  const lines: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void lines.push(args.join(' '));
  try {
    const status = await checkClientMain(['--client-report', file, '--', ...command], ENV);
    return { status, stderr: lines.join('\n'), report: JSON.parse(readFileSync(file, 'utf8')) as ClientReport };
  } finally {
    console.error = original;
  }
}

const NOTHING = 'no request reached the mock: nothing was checked';

test('a command that succeeds without a request has no verdict: exit 3', async () => {
  const r = await checkClient('true', ['true']);
  expect(r.status).toBe(3);
  expect(r.stderr).toContain('0 requests, 0 kinds of departure');
  expect(r.stderr).toContain(NOTHING);
  expect(r.report).toMatchObject({ verdict: 'no-verdict', requests: 0 });
  expect(readFileSync(join(dir, 'true.md'), 'utf8')).toContain(`# Client report: ${NOTHING}`);
});

test('a command that fails without a request keeps its own status, and the words', async () => {
  const r = await checkClient('exit7', ['sh', '-c', 'exit 7']);
  expect(r.status).toBe(7);
  expect(r.stderr).toContain(NOTHING);
});

test('a command that is not found exits 127; one that cannot be run, 126', async () => {
  const missing = await checkClient('missing', [join(dir, 'no-such-command')]);
  expect(missing.status).toBe(127);
  expect(missing.stderr).toMatch(/cannot start .*no-such-command .*nothing was checked/);
  expect(missing.report.verdict).toBe('no-verdict');
  const script = join(dir, 'not-executable.sh');
  writeFileSync(script, '#!/bin/sh\nexit 0\n');
  chmodSync(script, 0o644);
  expect((await checkClient('not-executable', [script])).status).toBe(126);
});
