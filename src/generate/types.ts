import { compile, type JSONSchema } from 'json-schema-to-typescript';
import { SCHEMA_DIR, schemaFiles } from '../core/paths.js';

export const TYPES_FILE = 'types/schemas.ts';

const BANNER = `/**
 * Generated from schemas/ by \`npm run generate\`. Do not edit: change the schemas and regenerate.
 */`;

/** TypeScript types for every schema, declared once each through a root that references all files. */
export async function generateTypes(): Promise<string> {
  const root = {
    title: 'SchemaFiles',
    description: 'Every schema file by its path under schemas/, mapped to the type it describes.',
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(schemaFiles().map((f) => [f, { $ref: `./${f}` }])),
    required: schemaFiles(),
  } as JSONSchema;
  return compile(root, 'SchemaFiles', {
    cwd: SCHEMA_DIR,
    bannerComment: BANNER,
    additionalProperties: false,
    strictIndexSignatures: true,
    format: true,
  });
}
