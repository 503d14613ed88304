/**
 * The data holds together beyond what its schemas can say: names resolve across files, every clause has a case, no
 * two cases ask the same thing, and titles are unique and short.
 */
import { expect, test } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { filesUnder, ROOT, SCHEMA_DIR } from '../../src/core/paths.js';
import { clauses, codeSets, commands, errorCodes, ledger, loadData } from '../../src/core/spec.js';
import { errorsAt, violations } from '../../src/core/validators.js';
import { loadCases, SHARED_FILE } from '../../src/suite/cases.js';
import { scenarios } from '../../src/suite/scenarios/index.js';
import type { ConformanceCase } from '../../types/schemas.js';

const handWritten = filesUnder('cases', '.json').filter((f) => f !== SHARED_FILE).flatMap((f) =>
  (JSON.parse(readFileSync(join(ROOT, 'cases', f), 'utf8')) as ConformanceCase[]).map((c) => ({ ...c, file: f })),
);
const SEEDS = [1, 20261122, 2 ** 31 - 1];

test('loadData refuses a file that breaks its schema', () => {
  expect(() => loadData('spec/code-sets.json', 'meta/clauses.schema.json')).toThrow(/does not match/);
});

test('every case file is named after a command, or holds the shared cases, and validates', () => {
  for (const f of filesUnder('cases', '.json')) {
    expect([...commands.map((c) => `${c.command}.json`), SHARED_FILE], f).toContain(f);
    expect(violations('meta/case.schema.json', JSON.parse(readFileSync(join(ROOT, 'cases', f), 'utf8'))), f).toEqual([]);
  }
});

test('cases load, generated ones included, for any seed', () => {
  for (const seed of SEEDS) expect(loadCases(seed).length).toBeGreaterThan(handWritten.length);
});

test('titles are unique, at most 70 characters and never say should', () => {
  for (const seed of SEEDS) {
    const titles = loadCases(seed).map((c) => c.title);
    expect(titles.filter((t, i) => titles.indexOf(t) !== i)).toEqual([]);
    for (const t of titles) {
      expect(t.length, t).toBeLessThanOrEqual(70);
      expect(t, t).not.toMatch(/\bshould\b/i);
    }
  }
});

test('no two cases send the same request with the same expectation', () => {
  const key = (c: ConformanceCase & { file: string }) => JSON.stringify([c.file, c.request, c.expect, c.scenario, c.params, c.generate]);
  const keys = handWritten.map(key);
  const twins = handWritten.filter((_, i) => keys.indexOf(keys[i]!) !== i).map((c) => c.title);
  expect(twins).toEqual([]);
});

test('every clause has a case, but the rules checked on every answer', () => {
  const used = new Set(handWritten.map((c) => c.clause));
  expect(clauses.filter((c) => c.checkedOn !== 'every-answer' && !used.has(c.id)).map((c) => c.id)).toEqual([]);
});

test('a rule checked on every answer has no case of its own', () => {
  const every = new Set(clauses.filter((c) => c.checkedOn === 'every-answer').map((c) => c.id));
  expect(handWritten.filter((c) => every.has(c.clause)).map((c) => c.title)).toEqual([]);
});

test('every scenario is used by a case, and every case names a known one', () => {
  const used = new Set(handWritten.flatMap((c) => (c.scenario ? [c.scenario] : [])));
  expect(Object.keys(scenarios).filter((s) => !used.has(s))).toEqual([]);
  expect([...used].filter((s) => !(s in scenarios))).toEqual([]);
});

test('every code in a code set is catalogued', () => {
  const known = new Set(errorCodes.map((e) => e.code));
  for (const [name, set] of codeSets) for (const code of set.codes ?? []) expect(known.has(code), `${name}: ${code}`).toBe(true);
});

test('every code set is used by a case', () => {
  // A case names a set as its expectation, or as what its load counts as served; a scenario names the sets it requires.
  const scenarioSources = readdirSync(join(ROOT, 'src/suite/scenarios')).map((f) => readFileSync(join(ROOT, 'src/suite/scenarios', f), 'utf8')).join('\n');
  const inScenarios = [...codeSets.keys()].filter((n) => scenarioSources.includes(`'${n}'`));
  const used = new Set([...handWritten.flatMap((c) => [c.expect?.codes, c.params?.served].filter((n): n is string => n !== undefined)), ...inScenarios]);
  // The frequency set is the target's own (IM_RATE_LIMIT_CODES), read by the load scenarios.
  expect([...codeSets.keys()].filter((n) => !used.has(n) && n !== 'frequency-limit')).toEqual([]);
});

test('ledger entries and code sets name what exists', () => {
  const ids = new Set(clauses.map((c) => c.id));
  const entries = new Set(ledger.map((l) => l.id));
  for (const l of ledger) for (const c of l.clauses) expect(ids.has(c), `${l.id}: ${c}`).toBe(true);
  for (const [name, set] of codeSets) if (set.ledger !== undefined) expect(entries.has(set.ledger), `${name}: ${set.ledger}`).toBe(true);
});

test("every reading's schema part exists and belongs to its command", () => {
  for (const l of ledger) {
    for (const r of l.readings ?? []) {
      const [file, pointer] = r.schema.split('#') as [string, string];
      expect(file, r.id).toBe(`api/${r.command}.request.schema.json`);
      expect(() => errorsAt(file, pointer, null), `${l.id} ${r.id}`).not.toThrow();
    }
  }
});

test('a disagreement dates every source it cites', () => {
  for (const l of ledger.filter((x) => x.kind === 'disagreement')) for (const s of l.sources) expect(s.date, `${l.id}: ${s.ref}`).toBeDefined();
});

test('every command has request and response schemas, and every clause of a command names it', () => {
  for (const c of commands) {
    for (const kind of ['request', 'response']) expect(existsSync(join(SCHEMA_DIR, 'api', `${c.command}.${kind}.schema.json`)), `${c.command} ${kind}`).toBe(true);
    for (const cl of c.clauses ?? []) expect(cl.id.startsWith(`${c.command}.`)).toBe(true);
  }
});

test('the client rules of clauses name documented fields of their command', () => {
  for (const c of clauses) {
    const command = c.id.split('.')[0]!;
    for (const rule of c.client ?? []) {
      if (command === 'rest' || rule.field === undefined || !rule.field.startsWith('/')) continue;
      const props = Object.keys((JSON.parse(readFileSync(join(SCHEMA_DIR, 'api', `${command}.request.schema.json`), 'utf8')) as { properties: object }).properties);
      // A body that names none of an anyOf's alternatives departs on all of them at once: "/A or /B".
      for (const field of rule.field.split(' or ')) expect(props, `${c.id}: ${rule.field}`).toContain(field.slice(1));
    }
  }
});
