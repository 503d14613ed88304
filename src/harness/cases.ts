/**
 * The cases a run executes: the hand-written files under cases/, plus bad inputs generated from the run's seed so that
 * every run widens what the hand-written ones cover. Generated cases are data of the same schema, validated the same way.
 */
import { Faker, en } from '@faker-js/faker';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ConformanceCase } from '../../types/schemas';
import { ROOT } from '../schema-files';
import { loadData } from '../spec';
import { violations } from '../validators';

export type RequestCase = ConformanceCase & { request: NonNullable<ConformanceCase['request']> };
export type ScenarioCase = ConformanceCase & { scenario: NonNullable<ConformanceCase['scenario']> };

/** Every hand-written case, by file name under cases/. */
export function handWrittenCases(): Map<string, ConformanceCase[]> {
  const files = readdirSync(join(ROOT, 'cases')).filter((f) => f.endsWith('.json')).sort();
  return new Map(files.map((f) => [f, loadData(`cases/${f}`, 'meta/case.schema.json') as ConformanceCase[]]));
}

const GENERATED_COUNT = 10;

/** Bad inputs drawn from the seed; the same seed gives the same cases. */
export function generatedCases(seed: number): RequestCase[] {
  const f = new Faker({ locale: [en] });
  f.seed(seed);
  const accounts = { Report_Account: '{{report}}', Peer_Account: '{{peer}}' };
  const field = () => f.helpers.arrayElement(['Report_Account', 'Peer_Account'] as const);
  const wrongType = (): unknown =>
    f.helpers.arrayElement<() => unknown>([
      () => f.number.int({ min: -1e9, max: 1e9 }),
      () => f.datatype.boolean(),
      () => [f.internet.username()],
      () => ({ UserID: f.internet.username() }),
      () => f.number.float({ min: 0, max: 1000, fractionDigits: 3 }),
    ])();
  const makers: Array<(n: number) => RequestCase> = [
    (n) => {
      const k = field();
      return {
        title: `generated ${n}: ${k} of another JSON type fails`,
        clause: 'request.account.string',
        strength: 'documented',
        request: { body: { ...accounts, [k]: wrongType() } },
        expect: { outcome: 'error', codes: 'account-wrong-type' },
      };
    },
    (n) => {
      const k = field();
      const id = f.helpers.arrayElement([f.internet.username(), f.person.lastName(), `${f.word.noun()}_${f.string.numeric(6)}`]);
      return {
        title: `generated ${n}: ${k} never imported fails`,
        clause: 'request.account.exists',
        strength: 'documented',
        request: { body: { ...accounts, [k]: `{{unknown}}${id.replace(/[^A-Za-z0-9_]/g, '').slice(0, 8)}` } },
        expect: { outcome: 'error', codes: 'account-missing-or-unknown' },
      };
    },
    (n) => {
      const full = JSON.stringify({ ...accounts, MsgReadTime: '{{now}}' });
      const cut = f.number.int({ min: 1, max: full.length - 1 });
      return {
        title: `generated ${n}: body cut after ${cut} characters fails`,
        clause: 'request.body.json',
        strength: 'documented',
        request: { raw: full.slice(0, cut).replace(/\{\{[a-zA-Z0-9]*$/, '') },
        expect: { outcome: 'error', codes: 'parse-failure' },
      };
    },
    (n) => ({
      title: `generated ${n}: MsgReadTime of random text is recorded`,
      clause: 'request.msg-read-time.invalid',
      strength: 'open',
      request: { body: { ...accounts, MsgReadTime: f.helpers.arrayElement([f.lorem.word(), f.date.recent().toISOString(), `${f.number.int(99)}.5`]) } },
    }),
    (n) => ({
      title: `generated ${n}: an extra unknown field is recorded`,
      clause: 'request.unknown-fields',
      strength: 'open',
      request: { body: { ...accounts, [f.database.column().replace(/^./, (c) => c.toUpperCase())]: f.lorem.word() } },
    }),
  ];
  const cases: RequestCase[] = [];
  for (let n = 1; n <= GENERATED_COUNT; n++) cases.push(makers[(n - 1) % makers.length]!(n));
  const bad = violations('meta/case.schema.json', cases);
  if (bad.length) throw new Error(`generated cases do not match the case schema: ${bad.join('; ')}`);
  return cases;
}

/** The request cases, scenario cases and rate-limit cases of a run. */
export function runCases(seed: number) {
  const files = handWrittenCases();
  const pick = (file: string) => files.get(file) ?? [];
  return {
    requests: [...(pick('requests.json') as RequestCase[]), ...generatedCases(seed)],
    effects: pick('effects.json') as ScenarioCase[],
    rateLimit: pick('rate-limit.json') as ScenarioCase[],
  };
}
