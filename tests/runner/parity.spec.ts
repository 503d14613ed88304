/**
 * `parity` on reports of in-process runs: a run against the shipped simulator replays with no difference; a run
 * against a service that orders its keys otherwise and adds fields lists exactly those differences, on every
 * replayed answer, and offers them as draft captures of the record's schema. Bad input exits 2.
 */
import { expect, test } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { violations } from '../../src/core/validators.js';
import { parity, parityMain } from '../../src/runner/parity.js';
import type { ConformanceReport } from '../../types/schemas.js';
import { runInProcess } from '../support/in-process.js';
import { faithful } from '../variants/faithful.js';

let same: ConformanceReport;
let reordered: ConformanceReport;

test.beforeAll(async () => {
  same = (await runInProcess()).report;
  reordered = (await runInProcess({ policies: faithful['extra-fields-and-key-order']!.policies! })).report;
});

test('a run against the mock itself replays with no difference', () => {
  const r = parity(same);
  expect(r.replayed).toBeGreaterThan(50);
  expect(r.differences.map((d) => `${d.case} ${d.command}: ${JSON.stringify(d.differences)}`)).toEqual([]);
});

test('a service with another key order and extra fields differs in exactly those, on every replayed answer', () => {
  const base = parity(same);
  const r = parity(reordered);
  expect(r.replayed).toBe(base.replayed);
  expect(r.differences.length).toBe(r.replayed);
  for (const d of r.differences) {
    expect(d.differences.map((x) => x.what), `${d.case} ${d.command}`).toEqual(['key-order', 'shape']);
    const shape = d.differences.find((x) => x.what === 'shape')!;
    expect(shape.recorded.split(', ').filter((k) => !shape.mock.split(', ').includes(k)).sort()).toEqual(['ErrorDisplay:string', 'RequestId:string']);
  }
  expect(r.captures).toHaveLength(r.differences.length);
  expect(violations('meta/real-answers.schema.json', r.captures)).toEqual([]);
});

test('the exchanges not replayed each say why', () => {
  const r = parity(same);
  for (const n of r.notReplayed) expect(n.why).toMatch(/frequency refusal|malformed value|cut at 2 KiB|no answer/);
});

test('exit statuses: 1 with differences, 0 without, 2 for a file that is no report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parity-'));
  const write = (name: string, value: unknown) => {
    const f = join(dir, name);
    writeFileSync(f, typeof value === 'string' ? value : JSON.stringify(value));
    return f;
  };
  const log = console.log;
  const error = console.error;
  const said: string[] = [];
  console.log = console.error = (...a: unknown[]) => void said.push(a.join(' '));
  try {
    expect(parityMain([write('same.json', same)])).toBe(0);
    const json = join(dir, 'parity.json');
    expect(parityMain(['--json', json, write('reordered.json', reordered)])).toBe(1);
    expect(said.some((l) => l.startsWith('  key-order: service ErrorCode, ErrorInfo, ActionStatus; mock ActionStatus'))).toBe(true);
    expect(parityMain([write('not-json.json', '{')])).toBe(2);
    expect(parityMain([write('other.json', { results: [] })])).toBe(2);
    expect(parityMain([join(dir, 'absent.json')])).toBe(2);
    expect(parityMain([])).toBe(2);
  } finally {
    console.log = log;
    console.error = error;
  }
});
