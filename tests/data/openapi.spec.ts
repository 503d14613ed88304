/**
 * The generated OpenAPI document: committed, valid OpenAPI 3.1, and saying exactly what schemas/ says. The agreement
 * check maps refs of both sides to `<file>#<pointer>` independently of the generator, so a rewriting bug shows.
 */
import { test, expect } from '@playwright/test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { compileErrors, validate } from '@readme/openapi-parser';
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { OPENAPI_FILE } from '../../src/generate/openapi.js';
import { ROOT, SCHEMA_DIR, schemaFiles } from '../../src/core/paths.js';
import { commands } from '../../src/core/spec.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const committed = readFileSync(join(ROOT, OPENAPI_FILE), 'utf8');
const doc = JSON.parse(committed) as {
  openapi: string;
  paths: Record<string, { post?: JsonObject }>;
  components: { schemas: Record<string, JsonObject>; parameters: Record<string, JsonObject> };
};
const readSchema = (file: string) => JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')) as JsonObject;

/** Component name → schema file, by the title each top-level schema carries. */
const fileByTitle = new Map(schemaFiles().map((f) => [readSchema(f).title as string, f]));

/** Rewrites every $ref of a tree with `map`. */
function mapRefs(node: Json, map: (ref: string) => string): Json {
  if (Array.isArray(node)) return node.map((n) => mapRefs(n, map));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? map(v) : mapRefs(v, map)]));
}

/** A schema file with its refs made absolute (`file#pointer`) and without $id and $schema, which a component drops. */
function canonicalFile(file: string): Json {
  const { $id: _id, $schema: _schema, ...rest } = readSchema(file);
  return mapRefs(rest, (ref) => {
    const [path = '', pointer = ''] = ref.split('#');
    return `${path === '' ? file : posix.normalize(posix.join(posix.dirname(file), path))}#${pointer}`;
  });
}

/** The byte bound as the schema files state it: the generator spells it maxLength plus x-maxBytes for OpenAPI tools. */
function bytesBack(node: Json): Json {
  if (Array.isArray(node)) return node.map(bytesBack);
  if (node === null || typeof node !== 'object') return node;
  const { maxLength, 'x-maxBytes': bytes, ...rest } = node as JsonObject;
  const back = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, bytesBack(v)]));
  if (bytes !== undefined) {
    expect(maxLength, 'maxLength beside x-maxBytes').toBe(bytes);
    return { ...back, maxBytes: bytes };
  }
  return maxLength === undefined ? back : { ...back, maxLength };
}

/** A component with its refs mapped back to `file#pointer`. */
function canonicalComponent(schema: JsonObject): Json {
  return mapRefs(bytesBack(schema), (ref) => {
    const m = /^#\/components\/schemas\/([^/]+)(.*)$/.exec(ref);
    const file = m && fileByTitle.get(m[1]!);
    if (!m || !file) throw new Error(`ref ${ref} is not a component of a schema file`);
    return `${file}#${m[2]}`;
  });
}

/** The component a `{ $ref }` media-type schema points at. */
function componentOf(schema: Json | undefined): JsonObject {
  const ref = (schema as { $ref?: string } | undefined)?.$ref ?? '';
  const name = /^#\/components\/schemas\/([^/]+)$/.exec(ref)?.[1];
  const component = name === undefined ? undefined : doc.components.schemas[name];
  if (!component) throw new Error(`media type schema ${JSON.stringify(schema)} is not a component ref`);
  return component;
}

const operation = (path: string) => doc.paths[`/${path}`]?.post as
  | { parameters: { $ref: string }[]; requestBody: { content: Record<string, { schema: Json }> }; responses: Record<string, { content: Record<string, { schema: Json }> }> }
  | undefined;

test('OpenAPI document is valid OpenAPI 3.1', async () => {
  expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
  // validate() dereferences its argument in place, so it gets a copy.
  const result = await validate(structuredClone(doc) as never);
  expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
});

test('common query properties are the parameters of every operation', () => {
  const query = readSchema('common/query.schema.json');
  const required = new Set(query.required as string[]);
  for (const [name, prop] of Object.entries(query.properties as Record<string, JsonObject>)) {
    const param = doc.components.parameters[name];
    expect(param, name).toBeDefined();
    const { description, ...schema } = (canonicalFile('common/query.schema.json') as { properties: Record<string, JsonObject> }).properties[name]!;
    const { schema: paramSchema, ...rest } = param as JsonObject & { schema: JsonObject };
    expect(rest).toEqual({ name, in: 'query', required: required.has(name), description });
    expect(canonicalComponent(paramSchema)).toEqual(schema);
    void prop;
  }
  for (const c of commands) {
    expect(operation(c.path)?.parameters.map((p) => p.$ref).sort(), c.command).toEqual(
      Object.keys(query.properties as JsonObject).map((n) => `#/components/parameters/${n}`).sort(),
    );
  }
});

for (const c of commands) {
  test(`${c.command} is a POST operation at its command path`, () => {
    expect(Object.keys(doc.paths[`/${c.path}`] ?? {})).toEqual(['post']);
    expect(operation(c.path)?.responses).toHaveProperty('200');
  });

  test(`${c.command} request and response agree with schemas/`, () => {
    const op = operation(c.path)!;
    const request = componentOf(op.requestBody.content['application/json']?.schema);
    const response = componentOf(op.responses['200']?.content['application/json']?.schema);
    expect(canonicalComponent(request)).toEqual(canonicalFile(`api/${c.command}.request.schema.json`));
    expect(canonicalComponent(response)).toEqual(canonicalFile(`api/${c.command}.response.schema.json`));
  });
}

test('every component agrees with its schema file', () => {
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    const file = fileByTitle.get(name);
    expect(file, name).toBeDefined();
    expect(canonicalComponent(schema), name).toEqual(canonicalFile(file!));
  }
});

const DOC_ID = 'https://openapi.im-rest-conformance.test/im-rest.openapi.json';

/** A validator for a media-type schema of the document, compiled by Ajv 2020 against the document's own components. */
function compileFromDocument(schema: Json | undefined) {
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  // The document is registered whole so that its #/components/... refs resolve; only the schemas in it are compiled.
  ajv.addVocabulary(['openapi', 'jsonSchemaDialect', 'info', 'servers', 'paths', 'components', 'x-maxBytes']);
  ajv.addSchema({ ...doc, $id: DOC_ID });
  const ref = (schema as { $ref?: string } | undefined)?.$ref;
  if (!ref?.startsWith('#/components/schemas/')) throw new Error(`not a component ref: ${JSON.stringify(schema)}`);
  return ajv.compile({ $ref: `${DOC_ID}${ref}` });
}

test("doc's sample request validates against the OpenAPI request schema", () => {
  const check = compileFromDocument(operation('v4/openim/admin_set_msg_read')?.requestBody.content['application/json']?.schema);
  // The English endpoint page, "Sample request packet" (docs/facts/admin_set_msg_read.md#request-body).
  const sample = { Report_Account: 'dramon1', Peer_Account: 'dramon2' };
  expect(check(sample), JSON.stringify(check.errors)).toBe(true);
  // Without this the check above could pass on an empty schema.
  expect(check({ Report_Account: 'dramon1' })).toBe(false);
});

test("doc's sample response validates against the OpenAPI response schema", () => {
  const check = compileFromDocument(operation('v4/openim/admin_set_msg_read')?.responses['200']?.content['application/json']?.schema);
  // The English endpoint page, "Sample response packet" (docs/facts/admin_set_msg_read.md#response).
  expect(check({ ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0 }), JSON.stringify(check.errors)).toBe(true);
  expect(check({ ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 90001 })).toBe(false);
});
