/** The spec data and the case files hold together: every name a file uses resolves in the file that defines it. */
import { expect, test } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SCHEMA_DIR } from '../../src/schema-files';
import { violations } from '../../src/validators';
import type { ConformanceCase } from '../../types/schemas';

/** Imported lazily so that a loading failure is this file's first failed test rather than a collection error. */
const spec = () => require('../../src/spec') as typeof import('../../src/spec');

const CASES_DIR = join(ROOT, 'cases');
const caseFiles = readdirSync(CASES_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((name) => ({ name, content: JSON.parse(readFileSync(join(CASES_DIR, name), 'utf8')) as unknown }));
const codeSetEntries = () => Object.entries(spec().codeSets).flatMap(([name, set]) => (set ? [[name, set] as const] : []));
const allCases = () => caseFiles.flatMap((f) => (Array.isArray(f.content) ? (f.content as ConformanceCase[]) : []));

test('src/spec.ts loads every spec file with validation', () => {
  expect(spec).not.toThrow();
  const s = spec();
  for (const list of [s.clauses, s.ledger, s.errorCodes, s.commands]) expect(list.length).toBeGreaterThan(0);
  expect(Object.keys(s.codeSets).length).toBeGreaterThan(0);
});

test('loadData refuses a file that breaks its schema', () => {
  expect(() => spec().loadData('spec/code-sets.json', 'meta/clauses.schema.json')).toThrow();
});

test('there are case files', () => {
  expect(caseFiles.length).toBeGreaterThan(0);
});

for (const f of caseFiles) {
  test(`cases/${f.name} validates against the case schema`, () => {
    expect(violations('meta/case.schema.json', f.content)).toEqual([]);
  });
}

test('case titles are unique across all case files', () => {
  const titles = allCases().map((c) => c.title);
  expect(titles.filter((t, i) => titles.indexOf(t) !== i)).toEqual([]);
});

test('case titles are at most 70 characters and never say should', () => {
  for (const c of allCases()) {
    expect(c.title.length, c.title).toBeLessThanOrEqual(70);
    expect(c.title, c.title).not.toMatch(/should/i);
  }
});

/**
 * The envelope rules are checked on every response of every case (the report schema's failedClauses: "its own, or
 * the envelope rules every case checks"), so no case names them.
 */
test('every clause has at least one case', () => {
  const used = new Set(allCases().map((c) => c.clause));
  expect(spec().clauses.filter((c) => !used.has(c.id)).map((c) => c.id)).toEqual([]);
});

test('every case names a known clause with its strength', () => {
  const strength = new Map(spec().clauses.map((c) => [c.id, c.strength]));
  for (const c of allCases()) {
    expect(strength.has(c.clause), `${c.title}: clause ${c.clause}`).toBe(true);
    expect(c.strength, `${c.title}: strength`).toBe(strength.get(c.clause));
  }
});

test('every case code set exists', () => {
  const sets = spec().codeSets;
  for (const c of allCases()) if (c.expect?.codes !== undefined) expect(Object.hasOwn(sets, c.expect.codes), `${c.title}: ${c.expect.codes}`).toBe(true);
});

test('every code in a code set is in the error catalogue', () => {
  const known = new Set(spec().errorCodes.map((e) => e.code));
  for (const [name, set] of codeSetEntries()) for (const code of set.codes) expect(known.has(code), `${name}: ${code}`).toBe(true);
});

test('error codes are catalogued once each', () => {
  const codes = spec().errorCodes.map((e) => e.code);
  expect(codes.filter((c, i) => codes.indexOf(c) !== i)).toEqual([]);
});

test('clause and ledger IDs are unique', () => {
  for (const ids of [spec().clauses.map((c) => c.id), spec().ledger.map((l) => l.id)]) expect(ids.filter((x, i) => ids.indexOf(x) !== i)).toEqual([]);
});

test('every ledger entry names existing clauses', () => {
  const ids = new Set(spec().clauses.map((c) => c.id));
  for (const l of spec().ledger) for (const c of l.clauses) expect(ids.has(c), `${l.id}: ${c}`).toBe(true);
});

test("every code set's ledger entry exists", () => {
  const ids = new Set(spec().ledger.map((l) => l.id));
  for (const [name, set] of codeSetEntries()) if (set.ledger !== undefined) expect(ids.has(set.ledger), `${name}: ${set.ledger}`).toBe(true);
});

test('every command has request and response schemas', () => {
  for (const c of spec().commands) {
    for (const kind of ['request', 'response']) {
      const file = join(SCHEMA_DIR, 'api', `${c.command}.${kind}.schema.json`);
      expect(existsSync(file), file).toBe(true);
    }
  }
});

test('every command path names its command', () => {
  for (const c of spec().commands) expect(c.path.endsWith(`/${c.command}`), c.path).toBe(true);
});
