/**
 * The public record (spec/real-answers.json) replayed against the simulator: every reconstructible request gets the
 * recorded status, ErrorCode, key order and ErrorInfo, except where the entry declares a departure and says why. The
 * texts the mock sends are the record's own.
 */
import { expect, test } from '@playwright/test';
import { errorCodes } from '../../src/core/spec.js';
import { differences, realAnswers, replayRequest, type Aspect } from '../../mocks/real-answers.js';
import { Simulator } from '../../mocks/simulator.js';

const NOW_MS = Date.UTC(2026, 11, 2, 12, 0, 0);
const RECORD_ASPECTS: Aspect[] = ['status', 'code', 'key-order', 'text'];
const record = realAnswers();

function answer(entry: (typeof record)[number], strict = false) {
  const { config, accounts, request } = replayRequest(entry.replay!, NOW_MS);
  const sim = new Simulator({ ...config, strict, internalErrors: 'throw' });
  sim.importAccounts(accounts);
  const res = sim.handle(request);
  return { status: res.status, body: Buffer.from(res.body).toString('utf8') };
}

for (const entry of record.filter((e) => e.replay)) {
  test(`${entry.id}: the mock answers as recorded`, () => {
    const found = differences(entry.answer, answer(entry), RECORD_ASPECTS);
    const declared: Aspect[] = (entry.departures ?? []).map((d) => d.what);
    expect(found.filter((d) => !declared.includes(d.what)), 'undeclared differences').toEqual([]);
    expect(declared.filter((what) => !found.some((d) => d.what === what)), 'declared departures that no longer happen').toEqual([]);
  });
}

test('the record: IDs unique, captures replayed, every other entry says why not', () => {
  const ids = record.map((e) => e.id);
  expect(new Set(ids).size).toBe(ids.length);
  // Seven live captures are reconstructible today; a schema change that drops replays would show here.
  expect(record.filter((e) => e.kind === 'capture' && e.replay).length).toBeGreaterThanOrEqual(7);
  for (const e of record) expect(Boolean(e.replay) !== Boolean(e.notReconstructible), e.id).toBe(true);
});

test('every text the mock takes from the record is in the entry it names', () => {
  const byId = new Map(record.map((e) => [e.id, e]));
  const taken = errorCodes.filter((c) => c.info !== undefined);
  expect(taken.length).toBeGreaterThan(0);
  for (const c of taken) {
    const a = byId.get(c.infoSource!)?.answer;
    expect(a, `${c.code}: ${c.infoSource}`).toBeDefined();
    const found = a!.body === undefined ? [a!.text, a!.textPrefix].includes(c.info) : a!.body.includes(JSON.stringify(c.info));
    expect(found, `${c.code}: ${JSON.stringify(c.info)} in ${c.infoSource}`).toBe(true);
  }
});

test('the comparison finds each aspect that differs', () => {
  const recorded = { status: 200, body: '{"ActionStatus":"FAIL","ErrorCode":70032,"ErrorInfo":""}' };
  const same = { status: 200, body: recorded.body };
  expect(differences(recorded, same, [...RECORD_ASPECTS, 'shape'])).toEqual([]);
  const other = { status: 500, body: '{"ActionStatus":"FAIL","ErrorInfo":"no app","ErrorCode":70020,"RequestId":"r"}' };
  expect(differences(recorded, other, [...RECORD_ASPECTS, 'shape']).map((d) => d.what)).toEqual(['status', 'code', 'key-order', 'text', 'shape']);
  expect(differences({ code: 70001, textPrefix: 'The UserSig in use is expired' }, { status: 200, body: '{"ErrorCode":70001,"ErrorInfo":"The UserSig in use is expired, renew it"}' }, RECORD_ASPECTS)).toEqual([]);
  expect(differences({ code: 70001, textPrefix: 'The UserSig in use is expired' }, { status: 200, body: '{"ErrorCode":70001,"ErrorInfo":"expired"}' }, RECORD_ASPECTS).map((d) => d.what)).toEqual(['text']);
});

test('with --strict, a GET without random still meets the method check first, as recorded', () => {
  const entry = record.find((e) => e.id === 'rc-get-no-body-60008')!;
  expect(entry.replay!.query).not.toContain('random=');
  expect(differences(entry.answer, answer(entry, true), RECORD_ASPECTS)).toEqual([]);
});
