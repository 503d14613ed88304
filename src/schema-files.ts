import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Root of the repository, from which every data file is read. */
export const ROOT = join(__dirname, '..');
export const SCHEMA_DIR = join(ROOT, 'schemas');

/** Every hand-written schema file, relative to schemas/, in a stable order. */
export function schemaFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.schema.json') ? [join(dir, e.name)] : [],
    );
  return walk(SCHEMA_DIR)
    .map((f) => relative(SCHEMA_DIR, f).split('\\').join('/'))
    .sort();
}
