/**
 * Rewrites every generated file from schemas/. With --check it writes nothing and exits 1 when a file would change,
 * so that CI catches schemas edited without regenerating (or generated files edited by hand).
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from '../src/schema-files';
import { generateTypes, TYPES_FILE } from '../src/generate/types';
import { generateOpenApi, OPENAPI_FILE } from '../src/generate/openapi';

type Generator = { file: string; make: () => Promise<string> };
const generators: Generator[] = [{ file: TYPES_FILE, make: generateTypes }, { file: OPENAPI_FILE, make: generateOpenApi }];

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
    console.error(`generated files are out of date with schemas/: ${stale.join(', ')}; run npm run generate`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
