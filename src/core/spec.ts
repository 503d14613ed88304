/**
 * The spec data, read once and validated: the shared rules (spec/clauses.json, ledger.json, code-sets.json,
 * error-codes.json) merged with each command's own (spec/commands/<command>.json). A file that breaks its schema, an
 * ID given twice, or a clause that names the wrong command stops the program on load.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { filesUnder, ROOT } from './paths.js';
import { violations, type SchemaFile } from './validators.js';
import type { Clause, CodeSet, CommandSpec, ErrorCodeEntry, LedgerEntry, SchemaFiles } from '../../types/schemas.js';

/** Reads a data file and refuses it unless it validates against its schema. */
export function loadData<F extends SchemaFile>(path: string, schema: F): SchemaFiles[F] {
  const value: unknown = JSON.parse(readFileSync(join(ROOT, path), 'utf8'));
  const bad = violations(schema, value);
  if (bad.length) throw new Error(`${path} does not match schemas/${schema}:\n  ${bad.join('\n  ')}`);
  return value as SchemaFiles[F];
}

export const commands: CommandSpec[] = filesUnder('spec/commands', '.json').map((f) => {
  const spec = loadData(`spec/commands/${f}`, 'meta/command.schema.json');
  if (f !== `${spec.command}.json`) throw new Error(`spec/commands/${f} describes ${spec.command}; name it ${spec.command}.json`);
  if (!spec.path.endsWith(`/${spec.command}`)) throw new Error(`spec/commands/${f}: path ${spec.path} does not end with its command`);
  for (const c of spec.clauses ?? []) {
    if (!c.id.startsWith(`${spec.command}.`)) throw new Error(`spec/commands/${f}: clause ${c.id} does not start with ${spec.command}.`);
  }
  return spec;
});

function unique<T>(items: T[], key: (t: T) => string | number, what: string): T[] {
  const seen = new Set<string | number>();
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) throw new Error(`${what} ${k} is defined twice in spec/`);
    seen.add(k);
  }
  return items;
}

const shared = loadData('spec/clauses.json', 'meta/clauses.schema.json');
for (const c of shared) if (!c.id.startsWith('rest.')) throw new Error(`spec/clauses.json: clause ${c.id} does not start with rest.`);

/** Every clause of spec/: what a client report may cite, the rules of a client's requests included. */
export const allClauses: Clause[] = unique([...shared, ...commands.flatMap((c) => c.clauses ?? [])], (c) => c.id, 'clause');
/** The clauses a run judges a target by: all but those only a client's requests are checked against. */
export const clauses: Clause[] = allClauses.filter((c) => c.checkedOn !== 'client-requests');
export const ledger: LedgerEntry[] = unique(
  [...loadData('spec/ledger.json', 'meta/ledger.schema.json'), ...commands.flatMap((c) => c.ledger ?? [])],
  (l) => l.id,
  'ledger entry',
);
export const errorCodes: ErrorCodeEntry[] = unique(
  [...loadData('spec/error-codes.json', 'meta/error-codes.schema.json'), ...commands.flatMap((c) => c.errorCodes ?? [])],
  (e) => e.code,
  'error code',
);
const codeSetList = unique(
  [loadData('spec/code-sets.json', 'meta/code-sets.schema.json'), ...commands.map((c) => c.codeSets ?? {})].flatMap((sets) =>
    Object.entries(sets).flatMap(([name, set]): Array<[string, CodeSet]> => (set ? [[name, set]] : [])),
  ),
  ([name]) => name,
  'code set',
);
export const codeSets: ReadonlyMap<string, CodeSet> = new Map(codeSetList);

/** The spec of a command, by name. */
export function command(name: string): CommandSpec {
  const c = commands.find((x) => x.command === name);
  if (!c) throw new Error(`unknown command ${name}`);
  return c;
}

const byPath = new Map(commands.map((c) => [`/${c.path}`, c]));

/** The command a URL path names (/v4/<service>/<command>), if any. */
export function commandAt(pathname: string): CommandSpec | undefined {
  return byPath.get(pathname);
}

/** The command under test; the suite has one endpoint today and is laid out for more. */
export function endpoints(): CommandSpec[] {
  return commands.filter((c) => c.role === 'endpoint');
}

/** The names of the commands under test, in name order: never the order of spec/commands' files. */
export function commandsUnderTest(): string[] {
  return endpoints()
    .map((e) => e.command)
    .sort();
}

/** A clause by ID. */
export function clause(id: string): Clause {
  const c = clauses.find((x) => x.id === id);
  if (!c) throw new Error(`unknown clause ${id}`);
  return c;
}

const byCode = new Map(errorCodes.map((e) => [e.code, e]));

/** The catalogue entry of a code. */
export function catalogued(code: number): ErrorCodeEntry | undefined {
  return byCode.get(code);
}

/** The documented meaning of an error code, or undefined when the catalogue has none. */
export function meaningOf(code: number): string | undefined {
  return catalogued(code)?.meaning;
}

/** The ledger entries that speak of a clause. */
export function ledgerOf(clauseId: string): LedgerEntry[] {
  return ledger.filter((l) => l.clauses.includes(clauseId));
}
