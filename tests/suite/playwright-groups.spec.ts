/**
 * How the run's Playwright configuration declares the cases: a describe block per command, so that Playwright's own
 * reports group them as the run's reports do, and each test titled by its case alone, which the reporters find
 * results by. Listed only: nothing runs and no case service starts.
 */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from '../../src/core/paths.js';
import { RUN_CONTEXT_VAR, type RunContext, type SelectedCase } from '../../src/suite/run-context.js';

const selected: SelectedCase[] = [
  { title: 'first case of a', command: 'command_a', clause: 'rest.response.envelope', strength: 'documented', kind: 'request' },
  { title: 'only case of b', command: 'command_b', clause: 'rest.query.random', strength: 'open', kind: 'request' },
  { title: 'second case of a', command: 'command_a', clause: 'rest.response.http-200', strength: 'documented', kind: 'request' },
  { title: 'a burst of b', command: 'command_b', clause: 'rest.response.envelope', strength: 'documented', kind: 'load' },
];

test('each command is a describe block of its cases, in each project, and a test keeps its case\'s title', () => {
  const context: RunContext = { kind: 'embedded-mock', seed: 1, runId: 'r', pool: { runId: 'r', own: {}, unknown: ['u1', 'u2'] }, selected, declared: [], recordsFile: '/nonexistent/r.jsonl', reportDir: '/nonexistent' };
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  const listed = spawnSync(process.execPath, [cli, 'test', '-c', join(ROOT, 'src/runner/playwright.config.ts'), '--list', '--reporter=list'], {
    cwd: ROOT,
    env: { ...process.env, [RUN_CONTEXT_VAR]: JSON.stringify(context), FORCE_COLOR: '0' },
    encoding: 'utf8',
  });
  expect(listed.status, listed.stderr).toBe(0);
  const tests = listed.stdout
    .split('\n')
    .filter((l) => l.includes(' › '))
    .map((l) => {
      const [project, , ...path] = l.trim().split(' › ');
      return [project, ...path];
    });
  expect(tests).toEqual([
    ['[conformance]', 'command_a', 'first case of a'],
    ['[conformance]', 'command_a', 'second case of a'],
    ['[conformance]', 'command_b', 'only case of b'],
    ['[rate-limit]', 'command_b', 'a burst of b'],
  ]);
});
