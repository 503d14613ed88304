/**
 * The schemas against example data in the JSON-Schema-Test-Suite shape: each file under examples/ is a list of
 * groups `{description, schema, tests: [{description, data, valid}]}`, where schema is a path under schemas/.
 */
import { expect, test } from '@playwright/test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemaFiles } from '../../src/core/paths.js';
import { commands } from '../../src/core/spec.js';
import { violations, type SchemaFile } from '../../src/core/validators.js';

interface ExampleGroup {
  description: string;
  schema: string;
  tests: { description: string; data: unknown; valid: boolean }[];
}

const description = { type: 'string', minLength: 3, maxLength: 70, not: { pattern: '\\b[Ss]hould\\b' } };

/**
 * The shape of an examples file. It lives here rather than under schemas/, which holds the API and the spec data
 * and feeds the generated types; test data is neither.
 */
const EXAMPLES_FILE_SCHEMA = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['description', 'schema', 'tests'],
    properties: {
      description,
      schema: { type: 'string', pattern: '\\.schema\\.json$' },
      tests: {
        type: 'array',
        minItems: 2,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['description', 'data', 'valid'],
          properties: { description, data: true, valid: { type: 'boolean' } },
        },
      },
    },
  },
};
const validateFileShape = new Ajv2020({ strict: true, allErrors: true }).compile<ExampleGroup[]>(EXAMPLES_FILE_SCHEMA);

const EXAMPLES_DIR = join(import.meta.dirname, 'examples');
const files = readdirSync(EXAMPLES_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((name) => ({ name, content: JSON.parse(readFileSync(join(EXAMPLES_DIR, name), 'utf8')) as unknown }));
const groups = files.flatMap((f) => (validateFileShape(f.content) ? f.content : []));
const knownSchemas = new Set(schemaFiles());

test.describe('examples files', () => {
  test('every examples file has the test-suite shape', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(validateFileShape(f.content), `${f.name}: ${JSON.stringify(validateFileShape.errors)}`).toBe(true);
  });

  test('every group names a schema file that exists', () => {
    for (const g of groups) expect(knownSchemas.has(g.schema), g.schema).toBe(true);
  });

  test('group descriptions are unique', () => {
    const names = groups.map((g) => g.description);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  test('descriptions are unique within each group', () => {
    for (const g of groups) {
      const names = g.tests.map((t) => t.description);
      expect(names.filter((n, i) => names.indexOf(n) !== i), g.description).toEqual([]);
    }
  });

  test('every group has a valid and an invalid example', () => {
    for (const g of groups) expect(new Set(g.tests.map((t) => t.valid)), g.description).toEqual(new Set([true, false]));
  });

  test('every command schema, the query and the envelope have examples', () => {
    const covered = new Set(groups.map((g) => g.schema));
    const wanted = ['common/query.schema.json', 'common/envelope.schema.json'];
    for (const c of commands) wanted.push(`api/${c.command}.request.schema.json`, `api/${c.command}.response.schema.json`);
    expect(wanted.filter((s) => !covered.has(s))).toEqual([]);
  });
});

for (const g of groups) {
  test.describe(g.description, () => {
    for (const t of g.tests) {
      test(t.description, () => {
        const problems = violations(g.schema as SchemaFile, t.data);
        if (t.valid) expect(problems).toEqual([]);
        else expect(problems.length, 'violations').toBeGreaterThan(0);
      });
    }
  });
}
