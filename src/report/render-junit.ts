/**
 * junit.xml from the conformance report, for CI's checks view: a failed case is a failure, an indeterminate one is a
 * skip that says it is indeterminate (it is no verdict, not a pass), a case a signal kept from running is a skip that
 * says so, a known departure is a pass that says so.
 */
import type { CaseResult, ConformanceReport } from '../../types/schemas.js';
import { clean, durationSeconds, gist } from './view.js';

const XML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
/** Attribute and text alike; characters XML 1.0 forbids are dropped. */
const x = (s: string) => clean(s).replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd]/g, '').replace(/[&<>"']/g, (c) => XML[c]!);

function testcase(r: CaseResult): string {
  const head = `<testcase classname="${x(r.clause)}" name="${x(r.title)}" time="${((r.durationMs ?? 0) / 1000).toFixed(3)}"`;
  const detail = `expected: ${r.expected}\nobserved: ${r.observed}${r.reason ? `\nreason: ${r.reason}` : ''}`;
  switch (r.verdict) {
    case 'fail':
      return `${head}><failure message="${x(gist(r))}" type="${x((r.violated ?? [r.clause]).join(' '))}">${x(detail)}</failure></testcase>`;
    case 'indeterminate':
      return `${head}><skipped message="${x(`indeterminate: ${r.reason ?? ''}`)}"/></testcase>`;
    case 'skip':
      return `${head}><skipped message="${x(r.reason ?? 'skipped')}"/></testcase>`;
    case 'known':
      return `${head}><system-out>${x(`known departure: ${r.known ?? ''}\n${detail}`)}</system-out></testcase>`;
    default:
      return `${head}><system-out>${x(`${r.verdict}: ${r.observed}`)}</system-out></testcase>`;
  }
}

/**
 * A run that reached no answer of the API is one error, so that CI shows it as broken rather than as a suite with
 * nothing wrong in it.
 */
function setupErrors(report: ConformanceReport): string[] {
  const why = report.setup.unreachable;
  if (why === undefined) return [];
  const message = `no case was run: the credential check got no answer of the API: ${why}`;
  return [`<testcase classname="setup" name="credential check" time="0.000"><error message="${x(message)}" type="unreachable">${x(`${message}\ncheck IM_BASE_URL and that the service is reachable`)}</error></testcase>`];
}

export function renderJunit(report: ConformanceReport): string {
  const s = report.summary;
  const skipped = s.skip + s.indeterminate;
  const seconds = durationSeconds(report.startedAt, report.finishedAt) ?? 0;
  const errors = setupErrors(report);
  const tests = s.total + errors.length;
  const cut = report.interrupted ? `<property name="interrupted" value="${x(report.interrupted.signal)}"/><property name="not-run" value="${report.interrupted.notRun}"/>` : '';
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${x(report.suite.name)}" tests="${tests}" failures="${s.fail}" errors="${errors.length}" skipped="${skipped}" time="${seconds.toFixed(3)}">`,
    `<testsuite name="${x(`conformance: ${report.target.host}`)}" tests="${tests}" failures="${s.fail}" errors="${errors.length}" skipped="${skipped}" timestamp="${x(report.startedAt)}" time="${seconds.toFixed(3)}">`,
    `<properties><property name="verdict" value="${x(report.verdict)}"/><property name="seed" value="${report.seed}"/><property name="indeterminate" value="${s.indeterminate}"/><property name="known" value="${s.known}"/>${cut}</properties>`,
    ...errors,
    ...report.results.map(testcase),
    '</testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
