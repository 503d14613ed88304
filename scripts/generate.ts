/**
 * Rewrites every generated file: the types and the OpenAPI document from schemas/, and the registries of command
 * handlers and scenarios from their folders. With --check it writes nothing and exits 1 when a file would change, so
 * that CI catches a source edited without regenerating, or a generated file edited by hand.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from '../src/core/paths.js';
import { generators } from '../src/generate/index.js';

async function main() {
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const g of generators) {
    const path = join(ROOT, g.file);
    const next = await g.make();
    let current: string | undefined;
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === next) continue;
    if (check) stale.push(g.file);
    else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, next);
      console.log(`wrote ${g.file}`);
    }
  }
  if (stale.length) {
    console.error(`generated files are out of date: ${stale.join(', ')}; run npm run generate`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
