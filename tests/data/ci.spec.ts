/** The CI recipe: third-party actions pinned by commit, the project's checks on every push, no verdict shown as a warning. */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../src/core/paths.js';
import { CLI } from '../support/processes.js';

const dir = join(ROOT, '.github', 'workflows');
const workflows = readdirSync(dir).map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') }));

test('every action is pinned by a full commit hash', () => {
  const uses = workflows.flatMap((w) => [...w.text.matchAll(/uses:\s*(\S+)/g)].map((m) => `${w.name}: ${m[1]}`));
  expect(uses.length).toBeGreaterThan(0);
  expect(uses.filter((u) => !/@[0-9a-f]{40}$/.test(u))).toEqual([]);
});

test('pushes and pull requests run .ci/run', () => {
  const ci = workflows.find((w) => /on:\s*\n\s+push:/.test(w.text) && /pull_request:/.test(w.text));
  expect(ci?.text).toContain('bash .ci/run');
});

test('the scheduled run shows no verdict as a warning, and keeps its report as the next baseline', () => {
  const staging = workflows.find((w) => w.name === 'conformance-staging.yml')!.text;
  expect(staging).toMatch(/if \[ "\$status" = 3 \]; then\s+echo "::warning/);
  expect(staging).toContain('IM_BASELINE=baseline/conformance.json');
  expect(staging).toMatch(/actions\/cache\/save@[0-9a-f]{40}/);
  // Optional settings are exported only when set: an empty variable stops the run.
  expect(staging).not.toMatch(/IM_SEED: \$\{\{/);
});

test('the scheduled recipe runs the bin, which a project that installs the tool has, and no script of this repository', () => {
  const staging = workflows.find((w) => w.name === 'conformance-staging.yml')!.text;
  const guide = readFileSync(join(ROOT, 'docs', 'ci.md'), 'utf8');
  // The one script it runs builds the tool in this repository, in the step a project that installs the tool leaves out.
  expect([...staging.matchAll(/npm run (?:-s )?([\w-]+)/g)].map((m) => m[1])).toEqual(['build']);
  expect(staging).toMatch(/# This repository only\.[^\n]*\n(?:\s*#[^\n]*\n)*\s*- name: [^\n]+\n\s*run: npm run build\n/);
  expect(guide).not.toMatch(/npm run (?:-s )?(?:conformance|scan-secrets|mock|check-client|render-report)\b/);
  // npx never falls back to the registry, where im-conformance would be another package.
  const commands = staging.split('\n').filter((line) => !/^\s*#/.test(line)).join('\n');
  expect([...commands.matchAll(/npx (?!--no-install im-conformance )\S*/g)].map((m) => m[0])).toEqual([]);
  const used = [...staging.matchAll(/npx --no-install im-conformance ([\w-]+)/g)].map((m) => m[1]!);
  expect(new Set(used)).toEqual(new Set(['run', 'scan-secrets']));
  const help = spawnSync(process.execPath, [...CLI, '--help'], { cwd: ROOT, encoding: 'utf8' });
  for (const command of used) expect(help.stdout, command).toMatch(new RegExp(`^  ${command} `, 'm'));
});
