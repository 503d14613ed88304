import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConformanceReport } from '../../types/schemas.js';
import { renderHtml } from './render-html.js';
import { renderJunit } from './render-junit.js';
import { renderMarkdown } from './render-markdown.js';

/** What a run writes under its report folder: only these are cleared before a run and scanned after it. */
export const REPORT_FILES = ['conformance.json', 'conformance.md', 'conformance.html', 'junit.xml', 'playwright-html', 'test-results'];

/** The renderings of a report, each made from conformance.json alone. */
export function writeRenderings(dir: string, report: ConformanceReport): void {
  writeFileSync(join(dir, 'conformance.md'), renderMarkdown(report));
  writeFileSync(join(dir, 'conformance.html'), renderHtml(report));
  writeFileSync(join(dir, 'junit.xml'), renderJunit(report));
}

export function writeReports(dir: string, report: ConformanceReport): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'conformance.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeRenderings(dir, report);
}
