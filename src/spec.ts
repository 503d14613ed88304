import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './schema-files';
import { violations, type SchemaFile } from './validators';
import type { SchemaFiles } from '../types/schemas';

/** Reads a data file and refuses it unless it validates against its schema. */
export function loadData<F extends SchemaFile>(path: string, schema: F): SchemaFiles[F] {
  const value: unknown = JSON.parse(readFileSync(join(ROOT, path), 'utf8'));
  const bad = violations(schema, value);
  if (bad.length) throw new Error(`${path} does not match schemas/${schema}:\n  ${bad.join('\n  ')}`);
  return value as SchemaFiles[F];
}

export const clauses = loadData('spec/clauses.json', 'meta/clauses.schema.json');
export const ledger = loadData('spec/ledger.json', 'meta/ledger.schema.json');
export const errorCodes = loadData('spec/error-codes.json', 'meta/error-codes.schema.json');
export const codeSets = loadData('spec/code-sets.json', 'meta/code-sets.schema.json');
export const commands = loadData('spec/commands.json', 'meta/commands.schema.json');

/** The registry entry of a command, by name. */
export function command(name: string) {
  const c = commands.find((x) => x.command === name);
  if (!c) throw new Error(`unknown command ${name}`);
  return c;
}

/** The documented meaning of an error code, or undefined when the catalogue has none. */
export function meaningOf(code: number): string | undefined {
  return errorCodes.find((e) => e.code === code)?.meaning;
}
