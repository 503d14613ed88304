/**
 * tsx scripts/render-report.ts [reports/conformance.json]
 *
 * Writes conformance.md and conformance.html beside a report, for instance one downloaded from a CI run.
 * Exit 0: written; 2: the file is missing or does not match schemas/report/conformance-report.schema.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderHtml } from '../reports/render-html';
import { renderMarkdown } from '../reports/render-markdown';
import { violations } from '../src/validators';
import type { ConformanceReport } from '../types/schemas';

function main(): number {
  const file = process.argv[2] ?? 'reports/conformance.json';
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`render-report: cannot read ${file} as JSON (${(e as NodeJS.ErrnoException).code ?? (e as Error).name})`);
    return 2;
  }
  const bad = violations('report/conformance-report.schema.json', value);
  if (bad.length) {
    console.error(`render-report: ${file} does not match the report schema:\n  ${bad.join('\n  ')}`);
    return 2;
  }
  const report = value as ConformanceReport;
  const md = join(dirname(file), 'conformance.md');
  const html = join(dirname(file), 'conformance.html');
  writeFileSync(md, renderMarkdown(report));
  writeFileSync(html, renderHtml(report));
  console.log(`wrote ${md} and ${html}`);
  return 0;
}

process.exitCode = main();
