import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_DIR, schemaFiles } from './schema-files';
import type { SchemaFiles } from '../types/schemas';

export type SchemaFile = keyof SchemaFiles;

/** The one Ajv instance: strict, every schema registered under its $id, formats added once. */
const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
addFormats(ajv);
const ids = new Map<string, string>();
for (const file of schemaFiles()) {
  const schema = JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')) as { $id: string };
  ajv.addSchema(schema);
  ids.set(file, schema.$id);
}
// Compiling every schema up front makes a schema that breaks strict mode fail on load, not in the middle of a run.
for (const id of ids.values()) ajv.getSchema(id);

const compiled = new Map<string, ValidateFunction>();

/** The validator of one schema file (path under schemas/). */
export function validator<F extends SchemaFile>(file: F): ValidateFunction<SchemaFiles[F]> {
  let v = compiled.get(file);
  if (!v) {
    const id = ids.get(file);
    if (!id) throw new Error(`no schema ${file}`);
    v = ajv.getSchema(id)!;
    compiled.set(file, v);
  }
  return v as ValidateFunction<SchemaFiles[F]>;
}

/** Human-readable list of what a value breaks, for assertion messages and reports. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? e.keyword}`);
}

/** Whether a value meets one part of a schema, named by JSON pointer: the rule is read where the schema states it. */
export function conforms(file: SchemaFile, pointer: string, value: unknown): boolean {
  const key = `${file}#${pointer}`;
  let v = compiled.get(key);
  if (!v) {
    v = ajv.getSchema(`${ids.get(file)}#${pointer}`);
    if (!v) throw new Error(`no schema at ${key}`);
    compiled.set(key, v);
  }
  return v(value) as boolean;
}

/** Validates a value and returns the list of violations (empty when valid). */
export function violations(file: SchemaFile, value: unknown): string[] {
  const v = validator(file);
  return v(value) ? [] : describeErrors(v.errors);
}
