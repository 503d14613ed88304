/**
 * docs/wrong-implementations.md names every broken variant, so that the page that says which case catches each wrong
 * server cannot fall behind the variants the matrix self-test runs.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../src/core/paths.js';
import { broken } from '../variants/broken.js';

const PAGE = 'docs/wrong-implementations.md';

/** Every name the page writes in backticks, a cell of several names (`a`, `b`) giving each. */
function named(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!.trim()));
}

test('the page of wrong implementations names every broken variant', () => {
  const names = named(readFileSync(join(ROOT, PAGE), 'utf8'));
  const missing = Object.keys(broken).filter((v) => !names.has(v));
  expect(missing, `broken variants ${PAGE} does not name in backticks`).toEqual([]);
});

test('a name counts only when the page writes it whole in backticks', () => {
  const names = named('| x | `rate-limit-100`, `usersig-optional` | a case |\nplain rate-limit-absent, `rate-limit-400 ');
  expect([...names]).toEqual(['rate-limit-100', 'usersig-optional']);
});
