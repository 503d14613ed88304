/** reports/conformance.md: the report as a reviewer reads it in a pull request or a CI summary. */
import type { ConformanceReport, Clause } from '../../types/schemas.js';
import {
  TARGET_WORDS,
  VERDICTS,
  VERDICT_WORDS,
  codesInWords,
  codesSeen,
  durationSeconds,
  everyAnswerWords,
  gist,
  commandHeading,
  groupByCommand,
  oneLine,
  phaseSummaries,
  rateLimitHeading,
  replayCommand,
  NO_RATE_LIMIT_RUN,
  runNotes,
} from './view.js';

/**
 * Text that Markdown shows as written: inline HTML (even `<redacted-usersig>`) would vanish or run, entity-like
 * sequences would be decoded, and a backslash could swallow the escape of the next character.
 */
function inline(text: string): string {
  return oneLine(text, 2000)
    .replace(/\\/g, '\\\\')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A table cell: one line, and a pipe that does not end the cell. */
function cell(text: string): string {
  return inline(text).replace(/\|/g, '\\|');
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

export function renderMarkdown(report: ConformanceReport, registry?: readonly Clause[]): string {
  const out: string[] = [];
  const s = report.summary;
  const took = durationSeconds(report.startedAt, report.finishedAt);

  out.push(`# Conformance report: ${inline(report.suite.name)}`, '');
  out.push(`**${inline(VERDICT_WORDS[report.verdict] ?? String(report.verdict))}**`, '');
  out.push(`- Target: ${inline(report.target.host)} (${inline(`${report.target.kind}: ${TARGET_WORDS[report.target.kind]}`)})`);
  out.push(`- Seed: ${inline(String(report.seed))}; replay with \`${inline(replayCommand(report.seed))}\``);
  out.push(
    `- Started ${inline(report.startedAt)}, finished ${inline(report.finishedAt)}` +
      (took === undefined ? '' : ` (${took.toFixed(1)} s)`),
  );
  out.push(`- Suite version: ${inline(report.suite.version)}`, '');

  out.push('## Summary', '');
  out.push(row([...VERDICTS, 'total']));
  out.push(row([...VERDICTS, 'total'].map(() => '---:')));
  out.push(row([...VERDICTS.map((v) => s[v]), s.total].map((x) => cell(String(x)))));
  out.push('');
  for (const n of runNotes(report)) out.push(`## ${n.title}`, '', ...n.lines.map((l) => `- ${inline(l)}`), '');

  out.push('## Results by command and clause', '');
  for (const byCommand of groupByCommand(report, registry)) {
    out.push(`### ${inline(commandHeading(byCommand))}`, '');
    out.push(row(['Clause', 'Strength', 'Statement', 'Case', 'Verdict', 'Observed / reason']));
    out.push(row(['---', '---', '---', '---', '---', '---']));
    for (const g of byCommand.clauses) {
      const head = [cell(g.id), cell(g.strength), cell(g.statement ?? '(not in spec/clauses.json)')];
      const lines = [
        ...g.results.map((r) => [cell(r.title), r.verdict === 'fail' ? '**fail**' : cell(r.verdict), cell(gist(r))]),
        ...g.brokenBy.map((r) => [cell(`${r.title} (a case of ${r.clause})`), '**fail**', cell(`broke this clause: ${gist(r)}`)]),
      ];
      if (lines.length === 0) lines.push(['', g.everyAnswer ? 'every answer' : 'no case', g.everyAnswer ? everyAnswerWords(g) : '']);
      lines.forEach((l, i) => out.push(row([...(i === 0 ? head : ['', '', '']), ...l])));
    }
    out.push('');
  }

  out.push('## Ledger: doc defects and ambiguities', '');
  if (report.ledger.length === 0) out.push('The report holds no ledger entry.', '');
  for (const entry of report.ledger) {
    out.push(`### ${inline(entry.id)} (${entry.kind === 'doc-defect' ? 'doc defect' : 'ambiguity'})`, '');
    out.push(inline(entry.summary), '');
    if (entry.answers.length === 0) {
      out.push('No case of this run asked.', '');
      continue;
    }
    out.push(row(['Case', 'What this target answered']), row(['---', '---']));
    for (const a of entry.answers) out.push(row([cell(a.title), cell(a.answer)]));
    out.push('');
  }

  out.push('## Rate-limit runs', '');
  if (report.rateLimits.length === 0) out.push(NO_RATE_LIMIT_RUN, '');
  for (const rl of report.rateLimits) {
    out.push(`### ${inline(rateLimitHeading(rl))}`, '');
    out.push(`- Codes counted as refusals: ${inline(rl.refusalCodes.length ? rl.refusalCodes.join(', ') : 'none')}`);
    out.push(`- Codes on refused calls: ${codesInWords(codesSeen(rl, 'refused'))}`);
    out.push(`- Codes on other answers: ${codesInWords(codesSeen(rl, 'other'))}`, '');
    out.push(row(['Phase', 'Calls', 'Served', 'Refused', 'Other', 'From (s)', 'To (s)', 'Most served in 1 s']));
    out.push(row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']));
    for (const p of phaseSummaries(rl)) {
      out.push(
        row([
          cell(p.phase),
          String(p.calls),
          String(p.served),
          String(p.refused),
          String(p.other),
          seconds(p.firstAt),
          seconds(p.lastAt),
          String(p.peakServedPerSecond),
        ]),
      );
    }
    out.push('');
  }
  return out.join('\n');
}
