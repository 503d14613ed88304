/** Generated files are generated: each is exactly what its generator makes today (the list npm run generate uses). */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../src/core/paths.js';
import { generators } from '../../src/generate/index.js';

for (const g of generators) {
  test(`${g.file} equals a fresh generation`, async () => {
    const committed = readFileSync(join(ROOT, g.file), 'utf8');
    expect(committed === (await g.make()), `${g.file} is stale or edited by hand: run npm run generate`).toBe(true);
  });
}
