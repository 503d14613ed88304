/**
 * The Markdown and HTML renderings show every result, the ledger and each command's rate-limit run against its own
 * limit, and leak nothing.
 */
import { expect, test } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api } from 'tls-sig-api-v2';
import { renderReportMain } from '../../src/cli/render-report.js';
import { renderHtml } from '../../src/report/render-html.js';
import { renderJunit } from '../../src/report/render-junit.js';
import { renderMarkdown } from '../../src/report/render-markdown.js';
import { findLeaks, redact, USERSIG_SHAPE } from '../../src/core/redaction.js';
import { clauses } from '../../src/core/spec.js';
import { violations } from '../../src/core/validators.js';
import type { ConformanceReport, RateLimitRun } from '../../types/schemas.js';
import { PLANTED_SCRIPT, SECOND_LOADED, asFormat3, sampleReport } from '../support/sample-report.js';

const SIG = new Api(1400000000, 'some-key-123456').genUserSig('administrator', 300);
const report = sampleReport();

/**
 * The rows of the Markdown results tables, of one command's when it is named, cells split on unescaped pipes, the
 * clause carried down blank cells.
 */
function resultRows(md: string, command?: string): Array<{ clause: string; cells: string[] }> {
  const all = md.split('## Results by command and clause')[1]?.split('\n## ')[0] ?? '';
  const section = command === undefined ? all : (all.split(`\n### ${command}: `)[1]?.split('\n### ')[0] ?? '');
  const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Clause |') && !l.startsWith('| --- |'));
  let clause = '';
  return rows.map((line) => {
    const cells = line.slice(2, -2).split(/ (?<!\\)\| /);
    if (cells[0]) clause = cells[0];
    return { clause, cells };
  });
}

/** A command's rate-limit run in a rendering: from its heading to the next heading. */
function rateLimitSection(text: string, run: RateLimitRun, html: boolean): string {
  const heading = `${run.command}: limit ${run.limitPerSecond} calls per second`;
  const [, after] = text.split(html ? `id="rate-limit-${run.command}">${heading}</h3>` : `### ${heading}\n`);
  return after?.split(html ? '<h3' : '\n### ')[0] ?? '';
}

/** The first SVG chart in some HTML. */
const chartIn = (html: string) => html.match(/<svg[\s\S]*?<\/svg>/)?.[0] ?? '';

/** The `<details>` block of one case in the HTML. */
function caseBlock(html: string, title: string): string {
  return html.split('<details').find((chunk) => chunk.includes(`<span class="title">${title}</span>`)) ?? '';
}

test('the sample report matches the report schema', () => {
  expect(violations('report/conformance-report.schema.json', report)).toEqual([]);
  expect(violations('report/conformance-report.schema.json', sampleReport(SIG))).toEqual([]);
  const verdicts = new Set(report.results.map((r) => r.verdict));
  expect([...verdicts].sort()).toEqual(['fail', 'indeterminate', 'observed', 'pass', 'skip']);
});

test.describe('JUnit', () => {
  test('one testsuite per command, with its own counts and verdict, the run\'s totals on testsuites', () => {
    const other = { ...report.results[0]!, command: 'other_command', title: 'another command\'s case' };
    const two: ConformanceReport = {
      ...report,
      results: [...report.results, other],
      summary: { ...report.summary, pass: report.summary.pass + 1, total: report.summary.total + 1 },
      commands: [...report.commands, { command: 'other_command', verdict: 'conformant', summary: { pass: 1, fail: 0, known: 0, indeterminate: 0, observed: 0, skip: 0, total: 1 }, clauses: report.clauses }],
    };
    const junit = renderJunit(two);
    expect(junit).toMatch(/<testsuites [^>]*tests="14" failures="1"/);
    const suites = [...junit.matchAll(/<testsuite name="([^"]*)" tests="(\d+)" failures="(\d+)"[^>]*>\n<properties><property name="verdict" value="([^"]*)"/g)].map((m) => m.slice(1));
    expect(suites).toEqual([
      ['admin_set_msg_read: 127.0.0.1:41234', '11', '1', 'non-conformant'],
      [`${SECOND_LOADED}: 127.0.0.1:41234`, '2', '0', 'conformant'],
      ['other_command: 127.0.0.1:41234', '1', '0', 'conformant'],
    ]);
    expect(junit.split('<testsuite name="other_command')[1]).toContain(`name="another command&apos;s case"`);
  });
});

test.describe('Markdown', () => {
  const md = renderMarkdown(report);

  test('names target, seed replay and verdict in words', () => {
    const head = md.split('## Summary')[0]!;
    expect(head).toContain('127.0.0.1:41234 (embedded-mock');
    expect(head).toContain('`IM_SEED=20261121 npm run conformance`');
    expect(head).toContain('2026-11-21T21:30:00.000Z');
    expect(head).toContain('(67.3 s)');
    expect(head).toContain('Suite version: 0.1.0');
    expect(head).toContain('**Non-conformant: a documented expectation failed, or a declared known departure no longer happens.**');
  });

  test('gives the summary counts', () => {
    expect(md).toContain('| 8 | 1 | 0 | 1 | 2 | 1 | 13 |');
  });

  test('names every clause of the report with each case and verdict', () => {
    const rows = resultRows(md);
    for (const r of report.results) {
      const row = resultRows(md, r.command).find((x) => x.cells[3] === r.title);
      expect(row, r.title).toBeDefined();
      expect(row!.clause).toBe(r.clause);
      expect(row!.cells[4]).toBe(r.verdict === 'fail' ? '**fail**' : r.verdict);
    }
  });

  test('lists clauses in registry order, marking those without a case', () => {
    const rows = resultRows(md, 'admin_set_msg_read');
    const order = [...new Set(rows.map((r) => r.clause))];
    expect(order).toEqual(clauses.map((c) => c.id));
    const unrun = rows.find((r) => r.clause === 'admin_set_msg_read.request.body.json');
    expect(unrun?.cells[4]).toBe('no case');
    const every = rows.find((r) => r.clause === 'rest.response.ok-iff-zero');
    expect(every?.cells[4]).toBe('every answer');
  });

  test('shows a case under every other clause it broke', () => {
    const row = resultRows(md, 'admin_set_msg_read').find((r) => r.clause === 'rest.response.envelope');
    expect(row?.cells.slice(3, 5)).toEqual([
      'missing Report_Account fails (a case of admin_set_msg_read.request.report-account.required)',
      '**fail**',
    ]);
    expect(resultRows(md, 'admin_set_msg_read').filter((r) => r.clause === 'admin_set_msg_read.request.report-account.required')).toHaveLength(2);
  });

  test('heads the results of each command with its verdict, and says each command\'s verdict before the clauses', () => {
    const section = md.split('## Results by command and clause')[1]!;
    expect(section).toContain('### admin_set_msg_read: Non-conformant, 27 of 29 documented clauses checked');
    expect(md.split('## By command')[1]!.split('\n## ')[0]).toContain('- admin_set_msg_read: Non-conformant, 27 of 29 documented clauses checked; 6 passed, 1 failed');
  });

  test('strips colour codes and control characters', () => {
    expect(md).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(md).toContain('the call succeeded without Report_Account\uFFFD');
  });

  test('keeps pipes and newlines inside their table cell', () => {
    for (const row of resultRows(md)) expect(row.cells).toHaveLength(6);
    const failed = resultRows(md).find((r) => r.cells[3] === 'missing Report_Account fails');
    expect(failed?.cells[5]).toContain('ErrorCode 0 \\| ActionStatus OK with a second line');
  });

  test('lists every ledger entry with what the target answered', () => {
    const ledger = md.split('## Ledger')[1]!.split('\n## ')[0]!;
    for (const e of report.ledger) {
      expect(ledger).toContain(`### ${e.id} (`);
      for (const a of e.answers) expect(ledger).toContain(`| ${a.title} | ${a.answer.replace(/\|/g, '\\|')} |`);
    }
    expect(ledger).toContain('No case of this run asked.');
  });

  test('summarises the rate-limit run of each command per phase, under a heading with its own limit', () => {
    const runs = md.split('## Rate-limit runs')[1]!;
    expect([...runs.matchAll(/^### (.*)$/gm)].map((m) => m[1])).toEqual([
      'admin_set_msg_read: limit 200 calls per second',
      `${SECOND_LOADED}: limit 100 calls per second`,
    ]);
    const [first, second] = report.rateLimits.map((run) => rateLimitSection(md, run, false));
    expect(first).toContain('Codes on refused calls: 60007 ×398');
    expect(first).toContain('Codes on other answers: no code ×2');
    expect(first).toContain('| paced | 180 | 180 | 0 | 0 | 0.000 | 0.994 | 180 |');
    expect(first).toContain('| burst | 600 | 200 | 398 | 2 | 2.200 | 2.643 | 200 |');
    expect(first).toContain('| recovery | 1 | 1 | 0 | 0 | 3.844 | 3.844 | 1 |');
    // The second command's calls alone, timed from its own first call: merged, the phases would count both commands'.
    expect(second).toContain('Codes on refused calls: 60007 ×200');
    expect(second).toContain('Codes on other answers: none');
    expect(second).toContain('| paced | 90 | 90 | 0 | 0 | 0.000 | 0.989 | 90 |');
    expect(second).toContain('| burst | 300 | 100 | 200 | 0 | 2.200 | 2.413 | 100 |');
    expect(second).toContain('| recovery | 1 | 1 | 0 | 0 | 3.614 | 3.614 | 1 |');
  });

  test('says when the rate-limit scenarios did not run', () => {
    expect(renderMarkdown({ ...report, rateLimits: [] })).toContain('The rate-limit scenarios did not run.');
  });
});

test.describe('HTML', () => {
  const html = renderHtml(report);

  test('names every clause with each case and its verdict badge', () => {
    for (const c of new Set(report.results.map((r) => r.clause))) expect(html).toContain(`<code>${c}</code>`);
    expect(html).toContain('<h3 class="command v-non-conformant" id="command-admin_set_msg_read">admin_set_msg_read: Non-conformant, 27 of 29 documented clauses checked</h3>');
    for (const r of report.results) {
      const block = caseBlock(html, r.title.replace(/&/g, '&amp;'));
      expect(block, r.title).toContain(`<span class="badge ${r.verdict}">${r.verdict}</span>`);
    }
  });

  test('links a case from every other clause it broke', () => {
    const index = report.results.findIndex((r) => r.title === 'missing Report_Account fails');
    const envelopeRow = html.split('<code>rest.response.envelope</code>')[1]?.split('</tr>')[0] ?? '';
    expect(envelopeRow).toContain(`<a href="#case-${index}">missing Report_Account fails</a>`);
    expect(caseBlock(html, 'missing Report_Account fails')).toContain(
      '<dt>Broke</dt><dd><code>admin_set_msg_read.request.report-account.required</code>, <code>rest.response.envelope</code></dd>',
    );
  });

  test('drops colour codes and control characters from the page', () => {
    expect(html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(html).toContain('the call succeeded without Report_Account\uFFFD');
  });

  test('opens the details of failed and indeterminate cases', () => {
    expect(caseBlock(html, 'missing Report_Account fails')).toMatch(/^ id="case-\d+" open>/);
    expect(caseBlock(html, 'an expired UserSig fails with 70001')).toMatch(/^ id="case-\d+" open>/);
    expect(caseBlock(html, 'GET instead of POST')).toMatch(/^ id="case-\d+">/);
  });

  test('links the failed and indeterminate cases from the top', () => {
    const top = html.split('<h2>Needs attention</h2>')[1]?.split('</section>')[0] ?? '';
    const linked = [...top.matchAll(/<a href="#case-(\d+)">/g)].map((m) => report.results[Number(m[1])]?.verdict);
    expect(linked.sort()).toEqual(['fail', 'indeterminate']);
    const conformant = renderHtml({ ...report, results: report.results.filter((r) => r.verdict === 'pass') });
    expect(conformant).not.toContain('Needs attention');
  });

  test('shows the exchanges of a case', () => {
    const block = caseBlock(html, 'GET instead of POST');
    expect(block).toContain('<b>GET</b>');
    expect(block).toContain('usersig=&lt;redacted-usersig&gt;&amp;random=42');
    expect(block).toContain('HTTP 200');
    expect(block).toContain('&quot;ErrorCode&quot;:60008');
    expect(caseBlock(html, 'an expired UserSig fails with 70001')).toContain("not the API's own answer: transport fault: read ECONNRESET");
  });

  test('lists every ledger entry with its answers in a table', () => {
    for (const e of report.ledger) expect(html).toContain(`<code>${e.id}</code>`);
    expect(html).toContain('<td>accepted (ErrorCode 0) | unexpected</td>');
  });

  test('draws one chart per command under load, headed by the command and its limit', () => {
    const runs = html.split('<h2>Rate-limit runs</h2>')[1]!.split('</section>')[0]!;
    expect([...runs.matchAll(/<h3 class="rate-limit" id="([^"]*)">([^<]*)<\/h3>/g)].map((m) => m.slice(1))).toEqual([
      ['rate-limit-admin_set_msg_read', 'admin_set_msg_read: limit 200 calls per second'],
      [`rate-limit-${SECOND_LOADED}`, `${SECOND_LOADED}: limit 100 calls per second`],
    ]);
    expect(runs.match(/<svg /g)).toHaveLength(2);
    const ids = [...runs.matchAll(/ id="(rl-[^"]*)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('draws the run in an inline SVG with the 200/s limit line', () => {
    const svg = chartIn(rateLimitSection(html, report.rateLimits[0]!, true));
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toMatch(/<line class="limit" [^>]*stroke-dasharray/);
    expect(svg).toContain('limit 200/s');
    for (const phase of ['paced', 'burst', 'recovery']) expect(svg).toContain(`>${phase}</text>`);
    expect(svg).toContain('<polygon class="served"');
    expect(svg).toContain('<polyline class="refused"');
  });

  test('ticks every call of a command under its own plot, a call without an answer of the API\'s own among the other answers', () => {
    expect(report.rateLimits[0]!.calls.some((c) => c.outcome === 'fault')).toBe(true);
    for (const run of report.rateLimits) {
      const svg = chartIn(rateLimitSection(html, run, true));
      const ticks = (row: string) => (svg.match(new RegExp(`<path class="rug ${row}" d="([^"]*)"`))?.[1] ?? '').split('M').length - 1;
      expect(ticks('served'), run.command).toBe(run.calls.filter((c) => c.outcome === 'served').length);
      expect(ticks('refused'), run.command).toBe(run.calls.filter((c) => c.outcome === 'refused').length);
      expect(ticks('other'), run.command).toBe(run.calls.filter((c) => c.outcome === 'other' || c.outcome === 'fault').length);
    }
  });

  test('puts each command\'s limit line where its own limit is drawn: 200 calls per second, and 100', () => {
    expect(report.rateLimits.map((r) => r.limitPerSecond)).toEqual([200, 100]);
    for (const run of report.rateLimits) {
      const svg = chartIn(rateLimitSection(html, run, true));
      expect(svg, run.command).toContain(`limit ${run.limitPerSecond}/s`);
      const limitY = Number(svg.match(/<line class="limit" [^>]*y1="([\d.]+)"/)?.[1]);
      const tickY = Number(svg.match(new RegExp(`<line [^>]*y1="([\\d.]+)"[^>]*/><text [^>]*>${run.limitPerSecond}</text>`))?.[1]);
      expect(limitY, run.command).toBeGreaterThan(0);
      expect(limitY, run.command).toBe(tickY);
    }
  });

  test('escapes a script planted in a response body', () => {
    expect(report.results.some((r) => r.exchanges.some((x) => x.responseBody?.includes(PLANTED_SCRIPT)))).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;');
  });

  test('fetches nothing: no external asset, no script', () => {
    expect(html).not.toMatch(/<(script|link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/\bsrc\s*=/i);
    expect(html.match(/\bhref="[^"]*"/g)?.every((h) => h.startsWith('href="#case-'))).toBe(true);
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  test('leaves out the picture when the rate-limit scenarios did not run', () => {
    const page = renderHtml({ ...report, rateLimits: [] });
    expect(page).not.toContain('<svg');
    expect(page).toContain('The rate-limit scenarios did not run.');
  });
});

test('both renderings are the same for the same report', () => {
  const copy = JSON.parse(JSON.stringify(report)) as ConformanceReport;
  expect(renderHtml(copy)).toBe(renderHtml(report));
  expect(renderMarkdown(copy)).toBe(renderMarkdown(report));
});

test('a UserSig a producer failed to redact never reaches a rendering', () => {
  const leaky = sampleReport(SIG);
  expect(JSON.stringify(leaky)).toContain(SIG);
  for (const out of [renderHtml(leaky), renderMarkdown(leaky)]) {
    expect(out).not.toContain(SIG);
    expect(out).not.toMatch(new RegExp(USERSIG_SHAPE.source));
    expect(findLeaks(out, 'rendering', [])).toEqual([]);
  }
});

test('a redacted report renders its redaction marks escaped', () => {
  const leaky = sampleReport(SIG);
  for (const r of leaky.results) {
    r.exchanges = r.exchanges.map((x) => ({
      ...x,
      url: redact(x.url, []),
      ...(x.fault === undefined ? {} : { fault: redact(x.fault, []) }),
    }));
  }
  leaky.results[0]!.observed = 'answered to usersig=<redacted-usersig>';
  expect(renderHtml(leaky)).toContain('usersig=&lt;redacted-usersig&gt;&amp;random=7');
  expect(renderMarkdown(leaky)).toContain('answered to usersig=&lt;redacted-usersig&gt; |');
});

test('a report that breaks its schema still cannot inject markup', () => {
  const bad = '<x-injected a="1">';
  const broken = JSON.parse(JSON.stringify(report)) as Record<string, unknown> & ConformanceReport;
  Object.assign(broken, { verdict: bad, seed: bad });
  Object.assign(broken.target, { kind: bad });
  Object.assign(broken.summary, { pass: bad });
  Object.assign(broken.results[0]!, { verdict: bad, strength: bad });
  Object.assign(broken.results[0]!.exchanges[0]!, { status: bad });
  Object.assign(broken.rateLimits[0]!, { command: bad, limitPerSecond: 200, refusalCodes: [bad] });
  for (const out of [renderHtml(broken), renderMarkdown(broken)]) expect(out).not.toContain('<x-injected');
});

test('a clause missing from the registry still renders, marked', () => {
  const odd: ConformanceReport = { ...report, results: [{ ...report.results[0]!, clause: 'legacy.unknown-clause' }] };
  expect(renderMarkdown(odd)).toContain('| legacy.unknown-clause | documented | (not in spec/clauses.json) |');
  expect(renderHtml(odd)).toContain('<code>legacy.unknown-clause</code><p class="unknown">not in spec/clauses.json</p>');
});

test.describe('im-conformance render-report', () => {
  /** Writes a report, renders it as the command does, and gives its exit status, its messages and the Markdown. */
  function render(value: unknown): { status: number; said: string[]; md: string; html: string } {
    const dir = mkdtempSync(join(tmpdir(), 'im-render-'));
    const file = join(dir, 'conformance.json');
    writeFileSync(file, JSON.stringify(value));
    const said: string[] = [];
    const { log, error } = console;
    console.log = console.error = (...a: unknown[]) => void said.push(a.join(' '));
    try {
      const status = renderReportMain([file]);
      const read = (name: string) => (status === 0 ? readFileSync(join(dir, name), 'utf8') : '');
      return { status, said, md: read('conformance.md'), html: read('conformance.html') };
    } finally {
      Object.assign(console, { log, error });
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const headings = (md: string) => [...(md.split('## Rate-limit runs')[1] ?? '').matchAll(/^### (.*)$/gm)].map((m) => m[1]);

  test('renders a report of format 4 with a section per command under load', () => {
    const r = render(report);
    expect(r.status).toBe(0);
    expect(headings(r.md)).toEqual(['admin_set_msg_read: limit 200 calls per second', `${SECOND_LOADED}: limit 100 calls per second`]);
    expect(r.md).toBe(renderMarkdown(report));
  });

  test('renders a report of format 3, its one section under the command of its rate-limit cases', () => {
    const older = asFormat3(report);
    expect(violations('report/conformance-report.schema.json', older)).not.toEqual([]);
    const r = render(older);
    expect(r.said).toEqual([expect.stringMatching(/^wrote conformance\.md/)]);
    expect(headings(r.md)).toEqual(['admin_set_msg_read: limit 200 calls per second']);
    expect(rateLimitSection(r.md, report.rateLimits[0]!, false)).toContain('| burst | 600 | 200 | 398 | 2 | 2.200 | 2.643 | 200 |');
    expect(r.html.match(/<svg /g)).toHaveLength(1);
  });

  test('refuses a report of another format, naming the formats it renders', () => {
    const r = render({ ...report, format: 2 });
    expect(r.status).toBe(2);
    expect(r.said).toEqual([expect.stringMatching(/ is a report of format 2; this suite renders formats 4 and 3$/)]);
  });

  test('refuses a report of format 3 that breaks its schema', () => {
    const r = render({ ...asFormat3(report), rateLimit: { limitPerSecond: 'fast' } });
    expect(r.status).toBe(2);
    expect(r.said[0]).toMatch(/does not match the report schema/);
  });
});
