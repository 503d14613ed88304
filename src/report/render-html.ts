/**
 * reports/conformance.html: one self-contained page (no script, no fetch: a Content-Security-Policy forbids both) that
 * shows the verdict, the results by clause with every exchange, the ledger and a picture of each command's rate-limit
 * run against its own limit.
 */
import type { CaseResult, Clause, ConformanceReport, Exchange, RateLimitRun, Verdict } from '../../types/schemas.js';
import {
  TARGET_WORDS,
  VERDICTS,
  VERDICT_WORDS,
  clean,
  codesInWords,
  codesSeen,
  durationSeconds,
  everyAnswerWords,
  gist,
  commandHeading,
  groupByCommand,
  type ClauseGroup,
  phaseSummaries,
  rateSeries,
  rateLimitHeading,
  callsInOrder,
  NO_RATE_LIMIT_RUN,
  replayCommand,
  runNotes,
  shownAs,
} from './view.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text and attribute values alike; every string that came from a report passes through here, redacted first. */
function esc(text: string): string {
  return clean(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const COLOURS: Record<Verdict | 'no-case', string> = {
  pass: '#1a7f37',
  fail: '#cf222e',
  known: '#8250df',
  skip: '#6e7781',
  indeterminate: '#9a6700',
  observed: '#0969da',
  'no-case': '#afb8c1',
};

const OUTCOME_COLOURS = { served: '#1a7f37', refused: '#cf222e', other: '#8c959f' } as const;

const CSS = `
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1200px; margin: 0 auto; padding: 0 24px 48px; }
h2 { margin: 36px 0 12px; font-size: 20px; border-bottom: 1px solid var(--line); padding-bottom: 6px; }
h3 { margin: 20px 0 6px; font-size: 16px; }
code, pre { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.banner { padding: 22px 24px; color: #fff; }
.banner .inner { max-width: 1200px; margin: 0 auto; padding: 0 24px; }
.banner .headline { font-size: 28px; font-weight: 700; }
.banner.v-conformant { background: #1a7f37; }
.banner.v-non-conformant { background: #cf222e; }
.banner.v-no-verdict { background: #9a6700; }
h3.command { border-left: 6px solid #9a6700; padding-left: 8px; }
h3.command.v-conformant { border-left-color: #1a7f37; }
h3.command.v-non-conformant { border-left-color: #cf222e; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 20px 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
.counts { display: flex; flex-wrap: wrap; gap: 10px; margin: 8px 0; }
.count { border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; min-width: 110px; }
.count b { display: block; font-size: 24px; }
.badge { display: inline-block; min-width: 92px; text-align: center; border-radius: 999px; padding: 1px 10px;
  font-size: 12px; font-weight: 600; color: #fff; text-transform: uppercase; letter-spacing: .03em; }
${(Object.keys(COLOURS) as Array<keyof typeof COLOURS>).map((v) => `.badge.${v} { background: ${COLOURS[v]}; }`).join('\n')}
.badge.no-case { color: var(--ink); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); padding: 8px 10px; }
th { background: var(--soft); font-size: 13px; }
td.clause code { font-weight: 600; }
td.clause p { margin: 4px 0 0; color: var(--muted); font-size: 13px; }
td.clause .unknown { color: #cf222e; }
.strength { font-size: 12px; border: 1px solid var(--line); border-radius: 4px; padding: 0 6px; white-space: nowrap; }
.strength.open { border-style: dashed; }
details > summary { cursor: pointer; list-style-position: outside; }
details > summary .title { font-weight: 600; }
details > summary .gist { display: block; color: var(--muted); font-size: 13px; margin-left: 2px; }
.case-body { margin: 8px 0 4px; padding: 10px 12px; background: var(--soft); border-radius: 6px; }
.case-body dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 0 8px; }
.case-body dt { color: var(--muted); }
.case-body dd { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.exchange { border-top: 1px solid var(--line); padding-top: 8px; margin-top: 8px; }
.exchange .line { overflow-wrap: anywhere; }
.exchange .status { font-weight: 600; }
.bodies { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; margin-top: 6px; }
.bodies h4 { margin: 0 0 2px; font-size: 12px; color: var(--muted); font-weight: 600; }
pre { margin: 0; padding: 8px; background: #fff; border: 1px solid var(--line); border-radius: 4px;
  white-space: pre-wrap; overflow-wrap: anywhere; max-height: 320px; overflow: auto; }
.fault { color: #cf222e; }
.ledger-entry { border: 1px solid var(--line); border-radius: 8px; padding: 4px 16px 12px; margin: 12px 0; }
.ledger-entry .kind { font-size: 12px; color: var(--muted); font-weight: 400; margin-left: 8px; }
.muted { color: var(--muted); }
.broken a { color: var(--ink); font-weight: 600; }
ul.attention { list-style: none; padding: 0; margin: 0; }
ul.attention li { padding: 6px 0; border-bottom: 1px solid var(--line); }
ul.attention a { color: var(--ink); font-weight: 600; }
ul.attention div { margin-left: 2px; font-size: 13px; }
.chart { width: 100%; height: auto; border: 1px solid var(--line); border-radius: 8px; }
.legend { display: flex; gap: 18px; font-size: 13px; margin: 6px 0 14px; flex-wrap: wrap; }
.legend i { display: inline-block; width: 14px; height: 10px; margin-right: 6px; vertical-align: middle; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
footer { max-width: 1200px; margin: 0 auto; padding: 12px 24px 32px; color: var(--muted); font-size: 13px; }
`;

function badge(v: Verdict | 'no-case'): string {
  return `<span class="badge ${esc(v)}">${v === 'no-case' ? 'no case' : esc(v)}</span>`;
}

function body(label: string, text: string | undefined): string {
  const shown =
    text === undefined ? '<span class="muted">(none)</span>' : text === '' ? '<span class="muted">(empty)</span>' : esc(text);
  return `<div><h4>${label}</h4><pre>${shown}</pre></div>`;
}

function exchangeHtml(x: Exchange): string {
  const status =
    x.status === undefined
      ? '<span class="status fault">no response</span>'
      : `<span class="status">HTTP ${esc(String(x.status))}</span>`;
  const fault = x.fault === undefined ? '' : `<div class="fault">not the API's own answer: ${esc(x.fault)}</div>`;
  return (
    `<div class="exchange"><div class="line"><b>${esc(x.method)}</b> <code>${esc(x.url)}</code> ` +
    `<span class="muted">(${esc(x.command)}${x.attempt > 1 ? `, attempt ${x.attempt}` : ''})</span> → ${status} <span class="muted">in ${x.ms.toFixed(0)} ms</span></div>` +
    `${fault}<div class="bodies">${body('Request body', x.requestBody)}${body('Response body', x.responseBody)}</div></div>`
  );
}

/** The results that keep a run from being conformant, linked to their details, so nobody scrolls to find them. */
function attentionHtml(report: ConformanceReport): string {
  const items = report.results
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.verdict === 'fail' || r.verdict === 'indeterminate')
    .map(
      ({ r, i }) =>
        `<li>${badge(r.verdict)} <a href="#case-${i}">${esc(r.title)}</a> <code>${esc(r.clause)}</code><div class="muted">${esc(gist(r))}</div></li>`,
    );
  return items.length ? `<section><h2>Needs attention</h2><ul class="attention">${items.join('')}</ul></section>` : '';
}

function caseHtml(r: CaseResult, index: number): string {
  const open = r.verdict === 'fail' || r.verdict === 'indeterminate' ? ' open' : '';
  const facts = [
    `<dt>Expected</dt><dd>${esc(r.expected)}</dd>`,
    `<dt>Observed</dt><dd>${esc(r.observed)}</dd>`,
    r.reason === undefined ? '' : `<dt>Reason</dt><dd>${esc(r.reason)}</dd>`,
    r.violated?.length ? `<dt>Broke</dt><dd>${r.violated.map((c) => `<code>${esc(c)}</code>`).join(', ')}</dd>` : '',
    r.chargedElsewhere?.length
      ? `<dt>Also broke</dt><dd>${r.chargedElsewhere.map((x) => `<code>${esc(x.clause)}</code>, charged to “${esc(x.title)}”`).join('; ')}</dd>`
      : '',
    r.knownViolated?.length ? `<dt>Known</dt><dd>${r.knownViolated.map((c) => `<code>${esc(c)}</code>`).join(', ')}: ${esc(r.known ?? '')}</dd>` : '',
    r.durationMs === undefined ? '' : `<dt>Took</dt><dd>${r.durationMs.toFixed(0)} ms</dd>`,
    `<dt>Exchanges</dt><dd>${r.exchanges.length}</dd>`,
  ].join('');
  return (
    `<details id="case-${index}"${open}><summary>${badge(r.verdict)} <span class="title">${esc(r.title)}</span>` +
    `<span class="gist">${esc(gist(r))}</span></summary>` +
    `<div class="case-body"><dl>${facts}</dl>${r.exchanges.map(exchangeHtml).join('')}</div></details>`
  );
}

function resultsTable(groups: readonly ClauseGroup[], indexOf: ReadonlyMap<CaseResult, number>): string {
  const rows: string[] = [];
  for (const g of groups) {
    const span = Math.max(1, g.results.length + g.brokenBy.length);
    const statement =
      g.statement === undefined ? '<p class="unknown">not in spec/clauses.json</p>' : `<p>${esc(g.statement)}</p>`;
    const head =
      `<td rowspan="${span}" class="clause"><code>${esc(g.id)}</code>${statement}</td>` +
      `<td rowspan="${span}"><span class="strength ${esc(g.strength)}">${esc(g.strength)}</span></td>`;
    const cells = [
      ...g.results.map((r) => caseHtml(r, indexOf.get(r)!)),
      ...g.brokenBy.map(
        (r) =>
          `<div class="broken">${badge('fail')} <a href="#case-${indexOf.get(r)!}">${esc(r.title)}</a> ` +
          `<span class="muted">a case of <code>${esc(r.clause)}</code>, broke this clause</span></div>`,
      ),
    ];
    if (cells.length === 0) cells.push(g.everyAnswer ? `<span class="muted">${esc(everyAnswerWords(g))}</span>` : badge('no-case'));
    cells.forEach((c, i) => rows.push(`<tr>${i === 0 ? head : ''}<td>${c}</td></tr>`));
  }
  return (
    '<table class="clauses"><thead><tr><th style="width:28%">Clause</th><th>Strength</th><th>Cases</th></tr></thead>' +
    `<tbody>${rows.join('\n')}</tbody></table>`
  );
}

function ledgerHtml(report: ConformanceReport): string {
  if (report.ledger.length === 0) return '<p class="muted">The report holds no ledger entry.</p>';
  return report.ledger
    .map((e) => {
      const answers =
        e.answers.length === 0
          ? '<p class="muted">No case of this run asked.</p>'
          : '<table><thead><tr><th>Case</th><th>What this target answered</th></tr></thead><tbody>' +
            e.answers.map((a) => `<tr><td>${esc(a.title)}</td><td>${esc(a.answer)}</td></tr>`).join('') +
            '</tbody></table>';
      const kind = e.kind === 'doc-defect' ? 'doc defect' : 'ambiguity';
      return `<article class="ledger-entry"><h3><code>${esc(e.id)}</code><span class="kind">${kind}</span></h3><p>${esc(e.summary)}</p>${answers}</article>`;
    })
    .join('\n');
}

/** A round step for about `parts` ticks over `span`: 1, 2, 2.5 or 5 times a power of ten. */
function niceStep(span: number, parts: number): number {
  const raw = span / parts;
  if (!(raw > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

/** Numbers in SVG coordinates: one decimal, so the same input always gives the same bytes. */
const n = (x: number) => (Math.round(x * 10) / 10).toFixed(1);
const label = (x: number) => String(Math.round(x * 1000) / 1000);

/**
 * One command's calls per second in a sliding one-second window over time, its limit as a dashed line, phases as
 * bands. `index` keeps the ids of each chart's title apart on the page.
 */
function rateChart(run: RateLimitRun, index: number): string {
  const W = 960;
  const H = 330;
  const x0 = 64;
  const x1 = W - 24;
  const top = 48;
  const bottom = 232;
  const series = rateSeries(run);
  const peak = Math.max(run.limitPerSecond * 1.25, ...series.served, ...series.refused, ...series.other);
  const yStep = niceStep(peak, 5);
  const yMax = Math.ceil(peak / yStep) * yStep;
  const sx = (ms: number) => x0 + (ms / series.endMs) * (x1 - x0);
  const sy = (v: number) => bottom - (v / yMax) * (bottom - top);
  const parts: string[] = [];

  // Labels alternate between two rows so that phases close together stay legible.
  phaseSummaries(run).forEach((p, i) => {
    const a = sx(p.firstAt);
    const w = Math.max(3, sx(p.lastAt) - a);
    const labelY = i % 2 ? 38 : 22;
    parts.push(
      `<rect class="phase" x="${n(a)}" y="${top}" width="${n(w)}" height="${bottom - top}" fill="${i % 2 ? '#eef1f4' : '#f4f6f8'}"/>`,
    );
    parts.push(`<line x1="${n(a)}" x2="${n(a)}" y1="${labelY - 11}" y2="${bottom}" stroke="#8c959f" stroke-width="1"/>`);
    parts.push(`<text class="phase-label" x="${n(a + 4)}" y="${labelY}" font-size="12" fill="#59636e">${esc(p.phase)}</text>`);
  });

  for (let v = 0; v <= yMax + 1e-9; v += yStep) {
    parts.push(
      `<line x1="${x0}" x2="${x1}" y1="${n(sy(v))}" y2="${n(sy(v))}" stroke="#d1d9e0" stroke-width="${v === 0 ? 1.5 : 0.5}"/>`,
    );
    parts.push(`<text x="${x0 - 8}" y="${n(sy(v) + 4)}" font-size="11" text-anchor="end" fill="#59636e">${label(v)}</text>`);
  }
  const xStep = niceStep(series.endMs / 1000, 8);
  for (let s = 0; s * 1000 <= series.endMs + 1e-9; s += xStep) {
    const x = sx(s * 1000);
    parts.push(`<line x1="${n(x)}" x2="${n(x)}" y1="${bottom}" y2="${bottom + 5}" stroke="#59636e"/>`);
    parts.push(`<text x="${n(x)}" y="${H - 30}" font-size="11" text-anchor="middle" fill="#59636e">${label(s)}</text>`);
  }
  parts.push(
    `<text x="${(x0 + x1) / 2}" y="${H - 10}" font-size="12" text-anchor="middle" fill="#1f2328">seconds since the first load call</text>`,
  );
  parts.push(
    `<text x="16" y="${(top + bottom) / 2}" font-size="12" text-anchor="middle" fill="#1f2328" transform="rotate(-90 16 ${(top + bottom) / 2})">calls in the last second</text>`,
  );

  const points = (values: number[]) => values.map((v, i) => `${n(sx(series.t[i]!))},${n(sy(v))}`).join(' ');
  parts.push(
    `<polygon class="served" points="${n(x0)},${n(bottom)} ${points(series.served)} ${n(sx(series.endMs))},${n(bottom)}" fill="${OUTCOME_COLOURS.served}" fill-opacity="0.25" stroke="${OUTCOME_COLOURS.served}" stroke-width="1.5"/>`,
  );
  if (series.refused.some((v) => v > 0)) {
    parts.push(
      `<polyline class="refused" points="${points(series.refused)}" fill="none" stroke="${OUTCOME_COLOURS.refused}" stroke-width="1.8"/>`,
    );
  }
  if (series.other.some((v) => v > 0)) {
    parts.push(
      `<polyline class="other" points="${points(series.other)}" fill="none" stroke="${OUTCOME_COLOURS.other}" stroke-width="1.5" stroke-dasharray="2 2"/>`,
    );
  }

  const ly = sy(run.limitPerSecond);
  parts.push(
    `<line class="limit" x1="${x0}" x2="${x1}" y1="${n(ly)}" y2="${n(ly)}" stroke="#1f2328" stroke-width="1.5" stroke-dasharray="6 4"/>`,
  );
  parts.push(
    `<text class="limit-label" x="${x1 - 4}" y="${n(ly - 6)}" font-size="12" text-anchor="end" fill="#1f2328">limit ${esc(String(run.limitPerSecond))}/s</text>`,
  );

  // One tick per call under the plot, so single calls (a recovery probe) stay visible beside the rates.
  const rows = [
    ['served', bottom + 14],
    ['refused', bottom + 26],
    ['other', bottom + 38],
  ] as const;
  const calls = callsInOrder(run);
  for (const [outcome, y] of rows) {
    const ticks = calls.filter((c) => shownAs(c.outcome) === outcome).map((c) => `M${n(sx(c.at))} ${y - 4}v8`);
    if (ticks.length === 0) continue;
    parts.push(`<text x="${x0 - 8}" y="${y + 4}" font-size="10" text-anchor="end" fill="#59636e">${outcome}</text>`);
    parts.push(
      `<path class="rug ${outcome}" d="${ticks.join('')}" stroke="${OUTCOME_COLOURS[outcome]}" stroke-width="1" stroke-opacity="0.7"/>`,
    );
  }

  const desc =
    `Calls of ${run.command} served and refused per sliding second against its limit of ${run.limitPerSecond} per second, ` +
    `${run.calls.length} calls over ${label(Math.max(0, series.endMs - 1000) / 1000)} s.`;
  return (
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" ` +
    `aria-labelledby="rl-title-${index} rl-desc-${index}" font-family="system-ui, sans-serif"><title id="rl-title-${index}">${esc(`Rate-limit run of ${run.command}`)}</title>` +
    `<desc id="rl-desc-${index}">${esc(desc)}</desc><rect x="0" y="0" width="${W}" height="${H}" fill="#fff"/>${parts.join('')}</svg>`
  );
}

/** Each command's run under a heading that names the command and its limit. */
function rateLimitsHtml(runs: readonly RateLimitRun[]): string {
  if (runs.length === 0) return `<p class="muted">${esc(NO_RATE_LIMIT_RUN)}</p>`;
  return runs
    .map((run, i) => `<h3 class="rate-limit" id="rate-limit-${esc(run.command)}">${esc(rateLimitHeading(run))}</h3>${rateLimitHtml(run, i)}`)
    .join('\n');
}

function rateLimitHtml(run: RateLimitRun, index: number): string {
  const facts =
    `<dl class="meta"><dt>Codes counted as refusals</dt><dd>${esc(run.refusalCodes.length ? run.refusalCodes.join(', ') : 'none')}</dd>` +
    `<dt>Codes on refused calls</dt><dd>${esc(codesInWords(codesSeen(run, 'refused')))}</dd>` +
    `<dt>Codes on other answers</dt><dd>${esc(codesInWords(codesSeen(run, 'other')))}</dd></dl>`;
  const legend =
    '<div class="legend">' +
    `<span><i style="background:${OUTCOME_COLOURS.served};opacity:.5"></i>served in the last second</span>` +
    `<span><i style="background:${OUTCOME_COLOURS.refused}"></i>refused in the last second</span>` +
    `<span><i style="background:${OUTCOME_COLOURS.other}"></i>other answers</span>` +
    '<span><i style="border-top:2px dashed #1f2328;height:0"></i>limit</span>' +
    '<span><i style="background:#eef1f4;border:1px solid #8c959f"></i>phase</span></div>';
  const chart = run.calls.length ? rateChart(run, index) + legend : '<p class="muted">No call was recorded.</p>';
  const rows = phaseSummaries(run)
    .map(
      (p) =>
        `<tr><td>${esc(p.phase)}</td><td class="num">${p.calls}</td><td class="num">${p.served}</td><td class="num">${p.refused}</td>` +
        `<td class="num">${p.other}</td><td class="num">${(p.firstAt / 1000).toFixed(3)}</td><td class="num">${(p.lastAt / 1000).toFixed(3)}</td>` +
        `<td class="num">${p.peakServedPerSecond}</td></tr>`,
    )
    .join('');
  const table =
    '<table><thead><tr><th>Phase</th><th class="num">Calls</th><th class="num">Served</th><th class="num">Refused</th>' +
    '<th class="num">Other</th><th class="num">From (s)</th><th class="num">To (s)</th><th class="num">Most served in 1 s</th></tr></thead>' +
    `<tbody>${rows}</tbody></table>`;
  return facts + chart + table;
}

/** A table of clauses per command, headed by the command's verdict. */
function resultsByCommand(report: ConformanceReport, registry: readonly Clause[] | undefined): string {
  const indexOf = new Map(report.results.map((r, i) => [r, i]));
  return groupByCommand(report, registry)
    .map((c) => {
      const head = commandHeading(c);
      return `<h3 class="command v-${esc(c.verdict?.verdict ?? 'no-verdict')}" id="command-${esc(c.command)}">${esc(head)}</h3>${resultsTable(c.clauses, indexOf)}`;
    })
    .join('\n');
}

export function renderHtml(report: ConformanceReport, registry?: readonly Clause[]): string {
  const [headline, explanation] = (VERDICT_WORDS[report.verdict] ?? String(report.verdict)).split(/: (.*)/s);
  const took = durationSeconds(report.startedAt, report.finishedAt);
  const s = report.summary;
  const counts = [
    ...VERDICTS.map((v) => `<div class="count">${badge(v)}<b>${esc(String(s[v]))}</b></div>`),
    `<div class="count"><span class="muted">total</span><b>${esc(String(s.total))}</b></div>`,
  ].join('');
  const meta =
    `<dl class="meta"><dt>Target</dt><dd><code>${esc(report.target.host)}</code> (${esc(`${report.target.kind}: ${TARGET_WORDS[report.target.kind]}`)})</dd>` +
    `<dt>Seed</dt><dd>${esc(String(report.seed))}; replay with <code>${esc(replayCommand(report.seed))}</code></dd>` +
    `<dt>Started</dt><dd>${esc(report.startedAt)}</dd><dt>Finished</dt><dd>${esc(report.finishedAt)}${took === undefined ? '' : ` (${took.toFixed(1)} s)`}</dd>` +
    `<dt>Suite</dt><dd>${esc(report.suite.name)} ${esc(report.suite.version)}</dd></dl>`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(headline ?? report.verdict)}: ${esc(report.target.host)}</title>`,
    `<style>${CSS}</style></head><body>`,
    `<header class="banner v-${esc(report.verdict)}"><div class="inner"><div class="headline">${esc(headline ?? report.verdict)}</div><div>${esc(explanation ?? '')}</div></div></header>`,
    '<main>',
    meta,
    `<section><h2>Summary</h2><div class="counts">${counts}</div></section>`,
    ...runNotes(report).map((n) => `<section><h2>${esc(n.title)}</h2><ul>${n.lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul></section>`),
    attentionHtml(report),
    `<section><h2>Results by command and clause</h2>${resultsByCommand(report, registry)}</section>`,
    `<section><h2>Ledger: doc defects and ambiguities</h2>${ledgerHtml(report)}</section>`,
    `<section><h2>Rate-limit runs</h2>${rateLimitsHtml(report.rateLimits)}</section>`,
    '</main>',
    '<footer>Rendered from reports/conformance.json. URLs and bodies are redacted; the report names the target by host only.</footer>',
    '</body></html>',
    '',
  ].join('\n');
}
