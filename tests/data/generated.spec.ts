/** Generated files are generated: types/schemas.ts is exactly what the generator makes from schemas/ today. */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateTypes, TYPES_FILE } from '../../src/generate/types.js';
import { ROOT } from '../../src/core/paths.js';

test('types/schemas.ts equals a fresh generation byte for byte', async () => {
  const committed = readFileSync(join(ROOT, TYPES_FILE), 'utf8');
  const fresh = await generateTypes();
  expect(fresh === committed, `${TYPES_FILE} is stale: run npm run generate`).toBe(true);
});
