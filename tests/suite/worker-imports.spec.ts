/**
 * What a Playwright worker of the run loads: its configuration and its test files, and what they import at run time.
 * Playwright replaces the worker after every failed test, so none of it may reach the engine, the schemas or the case
 * files; the cases run in the global setup, in the main process, once.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT } from '../../src/core/paths.js';

/** The modules loaded in a worker, by path from the root, or by package name for what comes from node_modules. */
function runtimeImports(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const todo = entries.map((e) => join(ROOT, e));
  while (todo.length) {
    const file = todo.pop()!;
    const key = relative(ROOT, file);
    if (seen.has(key)) continue;
    seen.add(key);
    const text = readFileSync(file, 'utf8');
    // `import type` is erased before the code runs; only value imports load a module.
    for (const m of text.matchAll(/^\s*(?:import|export)\s+(?!type\s)[^;'"]*?\sfrom\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]/gm)) {
      const spec = (m[1] ?? m[2] ?? m[3])!;
      if (spec.startsWith('.')) todo.push(resolve(dirname(file), spec).replace(/\.js$/, '.ts'));
      else if (!spec.startsWith('node:')) seen.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  }
  return seen;
}

test('a worker loads neither the engine, the schemas, the cases nor their libraries', () => {
  const loaded = runtimeImports(['src/runner/playwright.config.ts', 'tests/conformance/cases.spec.ts', 'tests/conformance/load.spec.ts']);
  expect(loaded).toContain('src/suite/playwright/fixtures.ts');
  expect([...loaded].filter((m) => ['src/core/validators.ts', 'src/core/spec.ts', 'src/suite/cases.ts', 'src/suite/engine.ts', 'ajv', '@faker-js/faker'].includes(m))).toEqual([]);
});

test('the global setup, where the cases run, does load them', () => {
  const loaded = runtimeImports(['src/suite/playwright/case-service.ts']);
  expect(loaded).toContain('src/suite/engine.ts');
  expect(loaded).toContain('src/suite/cases.ts');
});
