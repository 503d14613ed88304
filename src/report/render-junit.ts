/**
 * junit.xml from the conformance report, for CI's checks view: a failed case is a failure, an indeterminate one is a
 * skip that says it is indeterminate (it is no verdict, not a pass), a case a signal kept from running is a skip that
 * says so, a known departure is a pass that says so. One testsuite per command under test, so that CI groups them.
 */
import type { CaseResult, ConformanceReport, VerdictCounts } from '../../types/schemas.js';
import { clean, durationSeconds, gist, groupByCommand } from './view.js';

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

/** A testsuite of some cases, with their counts; `properties` first, as the JUnit format places them. */
function testsuite(name: string, s: VerdictCounts, cases: string[], errors: number, timestamp: string, seconds: number, properties: string): string {
  const skipped = s.skip + s.indeterminate;
  return [
    `<testsuite name="${x(name)}" tests="${cases.length}" failures="${s.fail}" errors="${errors}" skipped="${skipped}" timestamp="${x(timestamp)}" time="${seconds.toFixed(3)}">`,
    `<properties>${properties}</properties>`,
    ...cases,
    '</testsuite>',
  ].join('\n');
}

const NO_CASE: VerdictCounts = { pass: 0, fail: 0, known: 0, indeterminate: 0, observed: 0, skip: 0, total: 0 };

export function renderJunit(report: ConformanceReport): string {
  const s = report.summary;
  const seconds = durationSeconds(report.startedAt, report.finishedAt) ?? 0;
  const errors = setupErrors(report);
  const tests = s.total + errors.length;
  const cut = report.interrupted ? `<property name="interrupted" value="${x(report.interrupted.signal)}"/><property name="not-run" value="${report.interrupted.notRun}"/>` : '';
  // Every testsuite carries the run's verdict and seed: JUnit has no place for properties of the whole run.
  const run = `<property name="run-verdict" value="${x(report.verdict)}"/><property name="seed" value="${report.seed}"/>${cut}`;
  const counts = (c: VerdictCounts) => `<property name="indeterminate" value="${c.indeterminate}"/><property name="known" value="${c.known}"/>`;
  const suites = groupByCommand(report)
    .map((g) => ({ g, results: report.results.filter((r) => r.command === g.command) }))
    .filter(({ results }) => results.length)
    .map(({ g, results }) => {
      const own = g.verdict?.summary ?? NO_CASE;
      const time = results.reduce((t, r) => t + (r.durationMs ?? 0), 0) / 1000;
      return testsuite(`${g.command}: ${report.target.host}`, own, results.map(testcase), 0, report.startedAt, time, `<property name="verdict" value="${x(g.verdict?.verdict ?? 'no-verdict')}"/>${counts(own)}${run}`);
    });
  if (errors.length) suites.unshift(testsuite(`setup: ${report.target.host}`, NO_CASE, errors, errors.length, report.startedAt, 0, run));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${x(report.suite.name)}" tests="${tests}" failures="${s.fail}" errors="${errors.length}" skipped="${s.skip + s.indeterminate}" time="${seconds.toFixed(3)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
