/** `npx playwright test` from the root hands over to the conformance run, with the options that select cases. */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { ROOT } from '../../src/core/paths.js';

const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
/** The environment without the run's settings: the embedded mock. */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('IM_')));
const playwright = (...args: string[]) => spawnSync(process.execPath, [cli, 'test', ...args], { cwd: ROOT, encoding: 'utf8', env });

test('playwright test --list -g lists the conformance cases the runner selects', () => {
  const r = playwright('--list', '-g', "the doc's sample request succeeds");
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toContain("the doc's sample request succeeds");
  expect(r.stdout).not.toContain('missing Report_Account fails');
});

test('an option the conformance run does not have is named and refused with exit 2', () => {
  const r = playwright('--workers=3');
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('--workers');
});
