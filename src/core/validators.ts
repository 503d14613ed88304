/**
 * The one Ajv instance: strict, every schema under schemas/ registered by its $id, formats added once, and the
 * keywords this project's schemas add to JSON Schema registered here and nowhere else.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_DIR, schemaFiles } from './paths.js';
import type { SchemaFiles } from '../../types/schemas.js';

export type SchemaFile = keyof SchemaFiles;

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
// strictRequired is off: a branch of anyOf (one documented reading) requires a property declared beside the anyOf.
// validateSchema is off for the same reason as compiling on first use (below): compileEverySchema checks each schema
// against the JSON Schema meta-schema instead.
const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true, allowUnionTypes: true, validateSchema: false });
addFormats(ajv);

/** maxBytes: the UTF-8 length of a string, which the docs limit (a UserID is at most 32 bytes), not its characters. */
function maxBytes(limit: number, data: string): boolean {
  if (Buffer.byteLength(data, 'utf8') <= limit) return true;
  maxBytes.errors = [{ keyword: 'maxBytes', message: `must be at most ${limit} bytes in UTF-8`, params: { limit } }];
  return false;
}
maxBytes.errors = [] as Array<Partial<ErrorObject>>;
ajv.addKeyword({ keyword: 'maxBytes', type: 'string', schemaType: 'number', validate: maxBytes, errors: true });

const ids = new Map<string, string>();
/** Each schema file as parsed once here, for code that reads a rule's parameters. */
const parsed = new Map<string, Readonly<Record<string, unknown>>>();
for (const file of schemaFiles()) {
  const schema = JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')) as { $id: string };
  ajv.addSchema(schema);
  ids.set(file, schema.$id);
  parsed.set(file, schema);
}
/**
 * Validators are compiled when first asked for, not on load: every process of a run loads this module (each Playwright
 * worker, and a new one after every failed test), and compiling every schema there took most of a worker's start. That
 * every schema compiles in strict mode is checked by compileEverySchema in the self-tests.
 */
const compiled = new Map<string, ValidateFunction>();

function compiledAt(file: string, pointer = ''): ValidateFunction {
  const key = `${file}#${pointer}`;
  let v = compiled.get(key);
  if (!v) {
    const id = ids.get(file);
    v = id === undefined ? undefined : ajv.getSchema(pointer ? `${id}#${pointer}` : id);
    if (!v) throw new Error(`no schema at schemas/${key}`);
    compiled.set(key, v);
  }
  return v;
}

/**
 * Checks every schema file against the JSON Schema meta-schema and compiles it, so that one that is malformed or breaks
 * strict mode fails here; returns the files checked.
 */
export function compileEverySchema(): string[] {
  for (const [file, schema] of parsed) {
    if (!ajv.validateSchema(schema)) throw new Error(`schemas/${file} is not a valid JSON Schema: ${ajv.errorsText(ajv.errors)}`);
    compiledAt(file);
  }
  return [...parsed.keys()];
}

/** The schema files Ajv has compiled so far in this process, asked for or reached through a $ref. */
export function compiledSchemas(): string[] {
  return [...ids].filter(([, id]) => ajv.schemas[id]?.validate !== undefined).map(([file]) => file);
}

/** The validator of one schema file (path under schemas/). */
export function validator<F extends SchemaFile>(file: F): ValidateFunction<SchemaFiles[F]> {
  return compiledAt(file) as ValidateFunction<SchemaFiles[F]>;
}

/** Human-readable list of what a value breaks, for assertion messages and reports. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? e.keyword}`);
}

/** Whether a value meets one part of a schema, named by JSON pointer: the rule is read where the schema states it. */
export function conforms(file: SchemaFile, pointer: string, value: unknown): boolean {
  return compiledAt(file, pointer)(value) as boolean;
}

/** The violations of one part of a schema, as Ajv reports them (empty when the value conforms). */
export function errorsAt(file: string, pointer: string, value: unknown): readonly ErrorObject[] {
  return errorsOf(file, pointer)(value);
}

/**
 * errorsAt with the validator looked up once, on the first call (compiling it then, like every validator), for code
 * that checks a value on every request.
 */
export function errorsOf(file: string, pointer = ''): (value: unknown) => readonly ErrorObject[] {
  let v: ValidateFunction | undefined;
  return (value) => {
    v ??= compiledAt(file, pointer);
    return v(value) ? NO_ERRORS : [...(v.errors ?? [])];
  };
}

/** What a conforming value gets: one empty list, never changed, rather than a new one on every request. */
const NO_ERRORS: readonly ErrorObject[] = Object.freeze([]);

/** Validates a value and returns the list of violations (empty when valid). */
export function violations(file: SchemaFile, value: unknown): string[] {
  const v = validator(file);
  return v(value) ? [] : describeErrors(v.errors);
}

/**
 * A schema file's parsed text, for code that reads a rule's parameters (a bound, a list of fields). The object is the
 * one Ajv compiled, read on every request by the client report: read it, never change it.
 */
export function schemaText(file: SchemaFile): Readonly<Record<string, unknown>> {
  const schema = parsed.get(file);
  if (!schema) throw new Error(`no schema file schemas/${file}`);
  return schema;
}

/** The schema files of a command's request and response body. */
export const requestSchemaFile = (command: string) => `api/${command}.request.schema.json` as SchemaFile;
export const responseSchemaFile = (command: string) => `api/${command}.response.schema.json` as SchemaFile;

/** The largest 32-bit unsigned value, read from the schema that states the range. */
export const UINT32_MAX = schemaText('common/uint32.schema.json').maximum as number;
