import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.js';

/** The name and version of this package, for reports and --version. */
export function packageInfo(): { name: string; version: string } {
  return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
}
