import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/**
 * The package root, from which every data file is read: the nearest folder above this module that holds a
 * package.json. The same code runs from the repository (src/core) and from the built package (dist/src/core).
 */
export const ROOT = findRoot(import.meta.dirname);
export const SCHEMA_DIR = join(ROOT, 'schemas');

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'schemas'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package root above ${from}`);
  }
}

/** Every file under a folder of the root whose name ends with `suffix`, relative to that folder, in a stable order. */
export function filesUnder(folder: string, suffix: string): string[] {
  const base = join(ROOT, folder);
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(suffix) ? [join(dir, e.name)] : [],
    );
  return walk(base)
    .map((f) => relative(base, f).split('\\').join('/'))
    .sort();
}

/** Every hand-written schema file, relative to schemas/. */
export const schemaFiles = (): string[] => filesUnder('schemas', '.schema.json');
