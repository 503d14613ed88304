/**
 * Schemas are compiled when first used: a Playwright worker starts again after every failed test, and compiling every
 * schema there made a run against a failing server several times slower than a conformant one. Every schema still
 * compiles in strict mode, checked here rather than on every load.
 */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { ROOT, schemaFiles } from '../../src/core/paths.js';
import { compileEverySchema } from '../../src/core/validators.js';

test('every schema compiles in strict mode', () => {
  expect(compileEverySchema().sort()).toEqual([...schemaFiles()].sort());
});

test("loading the cases and the engine, as each worker does, compiles neither the report's schema nor an answer's", () => {
  // A fresh process: this worker may have compiled anything already.
  const script = [
    "const { compiledSchemas } = await import('./src/core/validators.ts');",
    "const { loadCases } = await import('./src/suite/cases.ts');",
    "await import('./src/suite/engine.ts');",
    'loadCases(1);',
    'console.log(JSON.stringify(compiledSchemas()));',
  ].join('\n');
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  expect(r.stderr).toBe('');
  const compiled = JSON.parse(r.stdout) as string[];
  expect(compiled).toContain('meta/case.schema.json');
  expect(compiled.filter((f) => f.startsWith('api/') || f === 'report/conformance-report.schema.json' || f === 'common/envelope.schema.json')).toEqual([]);
});
