/**
 * The cases of a run: every cases/<command>.json, with the cases that `generate` stands for drawn from the run's seed,
 * so that every run widens what the hand-written ones cover and the same seed replays them. Selection by title,
 * clause or command happens here, before anything is sent.
 */
import type { Faker } from '@faker-js/faker';
// The English build only: the package's main entry loads every locale, which weighed on every Playwright worker's start.
import { faker as english } from '@faker-js/faker/locale/en';
import { createHash } from 'node:crypto';
import { filesUnder } from '../core/paths.js';
import { clause as clauseOf, codeSets, command as commandSpec, commandsUnderTest, loadData } from '../core/spec.js';
import { violations } from '../core/validators.js';
import type { ConformanceCase, Draw } from '../../types/schemas.js';
import { fill, mentioned } from './placeholders.js';
import { scenarios } from './scenarios/index.js';

/** request: one call; effect: a sequence that observes state; load: bursts over the limit, run last and alone. */
export type CaseKind = 'request' | 'effect' | 'load';

export interface Case extends ConformanceCase {
  /** The command the case is about: its file's. */
  command: string;
  kind: CaseKind;
}

export interface Selection {
  grep?: RegExp;
  grepInvert?: RegExp;
  /** Clause IDs, or prefixes ending in '*'. */
  clauses?: string[];
  /** Commands under test, by name: their cases only. */
  commands?: string[];
}

/** A seeded faker for one case: the same seed and title draw the same values, whatever else the run does. */
export function fakerFor(seed: number, title: string): Faker {
  const f = new (english.constructor as typeof Faker)({ locale: [english.rawDefinitions] });
  f.seed([seed, createHash('sha256').update(title).digest().readUInt32BE(0)]);
  return f;
}

type Maker = Exclude<Draw, unknown[]>['make'][number];

const makers: Record<Maker, (f: Faker) => unknown> = {
  'wrong-type': (f) =>
    f.helpers.arrayElement<() => unknown>([
      () => f.number.int({ min: -1e9, max: 1e9 }),
      () => f.datatype.boolean(),
      () => [f.internet.username()],
      () => ({ UserID: f.internet.username() }),
      () => f.number.float({ min: 0, max: 1000, fractionDigits: 3 }),
    ])(),
  username: (f) => f.internet.username().replace(/[^A-Za-z0-9_]/g, '').slice(0, 8),
  word: (f) => f.lorem.word(),
  // A fixed reference date: the same seed must draw the same value on any day.
  'iso-date': (f) => f.date.recent({ refDate: Date.UTC(2026, 0, 1) }).toISOString(),
  'decimal-text': (f) => `${f.number.int(99)}.5`,
  'column-name': (f) => f.database.column().replace(/^./, (c) => c.toUpperCase()),
};

function draw(d: Draw, f: Faker): unknown {
  return Array.isArray(d) ? f.helpers.arrayElement(d) : makers[f.helpers.arrayElement(d.make)](f);
}

/** The cases one `generate` entry stands for, numbered from `first`. */
function expand(c: ConformanceCase, seed: number, first: number): ConformanceCase[] {
  const { generate, ...template } = c;
  if (!generate) return [c];
  return Array.from({ length: generate.count }, (_, i) => {
    const f = fakerFor(seed, `${c.title}#${i}`);
    const values: Record<string, unknown> = {};
    for (const [name, d] of Object.entries(generate.draws ?? {})) if (d) values[name] = draw(d, f);
    if (template.request?.truncate === true) values.cut = f.number.int({ min: 1, max: 99 });
    const title = `generated ${first + i}: ${fill(template.title, values, false) as string}`;
    const made = { ...(fill(template, values, false) as ConformanceCase), title };
    if (made.request?.truncate === true) made.request.truncate = values.cut as number;
    return made;
  });
}

function kindOf(c: ConformanceCase): CaseKind {
  if (c.scenario === undefined) return 'request';
  const s = scenarios[c.scenario];
  if (!s) throw new Error(`case "${c.title}" names unknown scenario ${c.scenario}; known: ${Object.keys(scenarios).join(', ')}`);
  return s.kind;
}

/** The file of the cases every command under test shares: the rules of every REST call (rest.*). */
export const SHARED_FILE = 'rest.json';

/**
 * The shared cases for each command under test, titled after it, with `{{sample}}` standing for its sample body. A
 * command whose own file already has a case of a shared clause keeps its own and gets no shared one for it.
 */
function sharedCases(own: ReadonlyMap<string, ReadonlySet<string>>): ConformanceCase[] {
  const shared = loadData(`cases/${SHARED_FILE}`, 'meta/case.schema.json');
  return commandsUnderTest().flatMap((command) => {
    const { sample } = commandSpec(command);
    return shared
      .filter((c) => !own.get(command)?.has(c.clause))
      .map((c) => {
        if (sample === undefined && mentioned(c.request).has('sample')) throw new Error(`${command} is under test and has no sample body for the shared case "${c.title}"`);
        const made = fill(c, { sample }, false) as ConformanceCase;
        return { ...made, title: `${command}: ${c.title}`, request: { ...made.request!, command } };
      });
  });
}

/**
 * The cases in the order a run takes them: every request and effect case in file order, then the load cases, taking
 * each command's next one in turn. A command's limiter then has the loads of the others as its quiet moment, and the
 * load phases wait for it only as long as that fell short.
 */
function inRunOrder(cases: Case[]): Case[] {
  const loads = new Map<string, Case[]>();
  for (const c of cases.filter((x) => x.kind === 'load')) loads.set(c.command, [...(loads.get(c.command) ?? []), c]);
  const turns = Math.max(0, ...[...loads.values()].map((l) => l.length));
  const inTurn = Array.from({ length: turns }, (_, i) => [...loads.values()].flatMap((l) => (l[i] ? [l[i]] : []))).flat();
  return [...cases.filter((c) => c.kind !== 'load'), ...inTurn];
}

/** Every case of every case file, generated ones drawn from `seed`, checked against the spec they name. */
export function loadCases(seed: number): Case[] {
  const out: Case[] = [];
  for (const file of filesUnder('cases', '.json').filter((f) => f !== SHARED_FILE)) {
    const command = file.slice(0, -'.json'.length);
    commandSpec(command);
    let generated = 1;
    for (const raw of loadData(`cases/${file}`, 'meta/case.schema.json')) {
      const made = expand(raw, seed, generated);
      if (raw.generate) generated += made.length;
      for (const c of made) {
        const clause = clauseOf(c.clause);
        if (clause.strength !== c.strength) throw new Error(`case "${c.title}" says ${c.strength}; clause ${c.clause} is ${clause.strength}`);
        const codes = c.expect?.codes;
        if (codes !== undefined && !codeSets.has(codes)) throw new Error(`case "${c.title}" names unknown code set ${codes}`);
        out.push({ ...c, command: c.request?.command ?? command, kind: kindOf(c) });
      }
    }
  }
  const own = new Map<string, Set<string>>();
  for (const c of out) own.set(c.command, (own.get(c.command) ?? new Set()).add(c.clause));
  for (const c of sharedCases(own)) out.push({ ...c, command: c.request!.command!, kind: 'request' });
  const bad = violations('meta/case.schema.json', out.map(({ command: _c, kind: _k, ...c }) => c));
  if (bad.length) throw new Error(`generated cases do not match the case schema: ${bad.join('; ')}`);
  const titles = new Set<string>();
  for (const c of out) {
    if (titles.has(c.title)) throw new Error(`two cases are titled "${c.title}"`);
    titles.add(c.title);
  }
  return inRunOrder(out);
}

/** The cases a selection keeps: all when it is empty. */
export function selectCases(cases: readonly Case[], s: Selection): Case[] {
  const byClause = (c: Case) =>
    !s.clauses?.length || s.clauses.some((id) => (id.endsWith('*') ? c.clause.startsWith(id.slice(0, -1)) : c.clause === id));
  const byCommand = (c: Case) => !s.commands?.length || s.commands.includes(c.command);
  return cases.filter((c) => (!s.grep || s.grep.test(c.title)) && (!s.grepInvert || !s.grepInvert.test(c.title)) && byClause(c) && byCommand(c));
}
