/**
 * `im-conformance render-report [conformance.json]`: writes conformance.md, conformance.html and junit.xml beside a
 * report, for instance one downloaded from a CI run: a report of format 4, or of format 3 (an earlier suite's).
 * Exit 0: written; 2: the file is missing, of another format, or does not match
 * schemas/report/conformance-report.schema.json.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { READ_FORMATS, asCurrent, formatOf, reportViolations } from '../report/formats.js';
import { writeRenderings } from '../report/write.js';
import type { ConformanceReport } from '../../types/schemas.js';

export const RENDER_USAGE = 'usage: im-conformance render-report [path/to/conformance.json]  (default reports/conformance.json)';

export function renderReportMain(args: string[]): number {
  if (args.includes('--help')) {
    console.log(RENDER_USAGE);
    return 0;
  }
  const file = args[0] ?? 'reports/conformance.json';
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`render-report: cannot read ${file} as JSON (${(e as NodeJS.ErrnoException).code ?? (e as Error).name})`);
    return 2;
  }
  const format = formatOf(value);
  if (typeof format === 'number' && !READ_FORMATS.includes(format)) {
    console.error(`render-report: ${file} is a report of format ${format}; this suite renders formats ${READ_FORMATS.join(' and ')}`);
    return 2;
  }
  const bad = reportViolations(value);
  if (bad.length) {
    console.error(`render-report: ${file} does not match the report schema:\n  ${bad.join('\n  ')}`);
    return 2;
  }
  writeRenderings(dirname(file), asCurrent(value) as ConformanceReport);
  console.log(`wrote conformance.md, conformance.html and junit.xml beside ${file}`);
  return 0;
}
