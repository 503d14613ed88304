/**
 * The report's verdict, coverage, known departures and changes since a baseline, on real runs made in-process: a
 * declared departure that happens does not fail the run, one that no longer happens does, and what the target answers
 * is compared even when every case passes.
 */
import { expect, test } from '@playwright/test';
import { buildReport, clauseCoverage } from '../../src/report/build.js';
import { baselineProblem, compareWithBaseline } from '../../src/report/baseline.js';
import { runNotes } from '../../src/report/view.js';
import { violations } from '../../src/core/validators.js';
import type { CaseResult, KnownDeparture, TimelineCall } from '../../types/schemas.js';
import { runInProcess } from '../support/in-process.js';
import { REPORT_INPUT, asFormat3 } from '../support/sample-report.js';
import { broken } from '../variants/broken.js';
import { faithful } from '../variants/faithful.js';
import { all, reply } from '../variants/compose.js';
import type { Transport } from '../../src/suite/transport.js';

const peerOptional = broken['peer-account-optional']!;
const PEER_REQUIRED = 'admin_set_msg_read.request.peer-account.required';
const declare = (over: Partial<KnownDeparture> = {}): KnownDeparture[] => [{ clause: PEER_REQUIRED, reason: 'ticket 4711: staging accepts a missing peer', ...over }];

test.describe('known departures', () => {
  test('a declared departure that happens is known and does not fail the run', async () => {
    const { report } = await runInProcess({ policies: peerOptional.policies!, declared: declare() });
    expect(report.verdict).toBe('conformant');
    expect(report.summary.fail).toBe(0);
    expect(report.summary.known).toBe(2);
    expect(report.results.filter((r) => r.verdict === 'known').every((r) => r.known === 'ticket 4711: staging accepts a missing peer')).toBe(true);
    expect(report.expectations?.items).toEqual([{ clause: PEER_REQUIRED, reason: 'ticket 4711: staging accepts a missing peer', outcome: 'happened' }]);
  });

  test('a declared departure that no longer happens fails the run', async () => {
    const { report } = await runInProcess({ declared: declare() });
    expect(report.verdict).toBe('non-conformant');
    expect(report.expectations?.items[0]?.outcome).toBe('gone');
    expect(report.commands.map((c) => [c.command, c.verdict])).toEqual([['admin_set_msg_read', 'non-conformant']]);
  });

  test('a declaration limited to some cases leaves the others failing', async () => {
    const { report } = await runInProcess({ policies: peerOptional.policies!, declared: declare({ cases: ['missing Peer_Account fails'] }) });
    expect(report.summary.known).toBe(1);
    expect(report.summary.fail).toBe(1);
    expect(report.verdict).toBe('non-conformant');
  });

  test('a declaration past its until date no longer applies', async () => {
    const { report } = await runInProcess({ policies: peerOptional.policies!, declared: declare({ until: '2020-01-01' }) });
    expect(report.summary.known).toBe(0);
    expect(report.verdict).toBe('non-conformant');
    expect(report.expectations?.items[0]?.outcome).toBe('expired');
  });

  test('a declared break of a rule of every answer does not hide the case\'s own clause', async () => {
    const declared = [{ clause: 'rest.response.http-200', reason: 'the gateway answers refusals with HTTP 400' }];
    const http400 = broken['error-http-400']!.policies!;
    const tolerated = await runInProcess({ policies: http400, declared });
    expect(tolerated.report.verdict).toBe('conformant');
    expect(tolerated.report.summary.known).toBeGreaterThan(10);
    expect(tolerated.report.clauses.checked).toBe(tolerated.report.clauses.documented);
    // The same gateway in front of a server that answers every refusal with the wrong code.
    const wrongCodes = all(http400, reply((r) => (r.ErrorCode !== 0 && r.ErrorCode !== 60007 ? { ...r, ErrorCode: 70500 } : r)));
    const { report } = await runInProcess({ policies: wrongCodes, declared });
    expect(report.verdict).toBe('non-conformant');
    expect(report.clauses.failed).toEqual(expect.arrayContaining(['admin_set_msg_read.request.account.exists', 'rest.auth.usersig.key']));
    expect(report.clauses.failed).not.toContain('rest.response.http-200');
  });

  test('a declaration whose case had no verdict is not gone', async () => {
    const faulty = (inner: Transport): Transport => ({
      send: async (r) => (Buffer.from(r.body).toString().includes('_p "') ? { status: 502, headers: {}, body: Buffer.from('Bad Gateway') } : inner.send(r)),
    });
    const { report } = await runInProcess({
      transport: faulty,
      declared: [{ clause: 'admin_set_msg_read.request.account.exists', reason: 'trims spaces', cases: ['Peer_Account with a trailing space fails'] }],
    });
    expect(report.results.find((r) => r.title === 'Peer_Account with a trailing space fails')?.verdict).toBe('indeterminate');
    expect(report.expectations?.items[0]?.outcome).toBe('unchecked');
    expect(report.verdict).toBe('no-verdict');
  });

  test('a declared clause the run did not check is said so, and fails nothing', async () => {
    const { report } = await runInProcess({ declared: declare(), selection: { clauses: ['rest.auth.*'] } });
    expect(report.expectations?.items[0]?.outcome).toBe('unchecked');
    expect(report.verdict).toBe('conformant');
  });
});

test.describe('changes since a baseline', () => {
  test('an answer that changed is reported although every case passes', async () => {
    const before = await runInProcess();
    const { report } = await runInProcess({ policies: faithful['integer-msg-read-time-refused']!.policies!, baseline: before.report });
    expect(report.verdict).toBe('conformant');
    const change = report.changes?.items.find((c) => c.title === 'MsgReadTime as a JSON integer is recorded');
    expect(change).toMatchObject({ kind: 'answer', before: 'accepted', after: 'ErrorCode 90001' });
    expect(change?.ledger).toContain('SRC-MSGREADTIME-TYPE');
    expect(change?.text).toBe('MsgReadTime as a JSON integer is recorded: accepted before, ErrorCode 90001 now');
  });

  test('a verdict that changed is reported', async () => {
    const before = await runInProcess();
    const { report } = await runInProcess({ policies: peerOptional.policies!, baseline: before.report });
    const verdicts = report.changes?.items.filter((c) => c.kind === 'verdict').map((c) => `${c.title}: ${c.before} -> ${c.after}`);
    expect(verdicts).toEqual(expect.arrayContaining(['missing Peer_Account fails: pass -> fail']));
  });

  test('nothing changes between two runs of the same target', async () => {
    const before = await runInProcess();
    const { report } = await runInProcess({ baseline: before.report });
    expect(report.changes?.items).toEqual([]);
    expect(report.changes?.baseline?.verdict).toBe('conformant');
    expect(report.changes?.otherTarget).toBeUndefined();
  });

  test('a baseline of another target is compared, and the changes and their notes say so first', async () => {
    const before = await runInProcess();
    const { report } = await runInProcess({ baseline: { ...before.report, target: { kind: 'remote', host: 'staging.example:443' } } });
    expect(report.changes?.baseline?.host).toBe('staging.example:443');
    expect(report.changes?.otherTarget).toMatch(/^the baseline judged staging\.example:443, this run in-process: /);
    const notes = runNotes(report).find((n) => n.title === 'Changes since the baseline');
    expect(notes?.lines[0]).toMatch(/^Another target: the baseline judged staging\.example:443/);
  });

  test('a baseline of another format is noted and not compared', () => {
    const older = { format: 1, target: { host: 'h' }, suite: { name: 'x', version: '0.1.0' }, results: [] };
    expect(baselineProblem(older)).toBeUndefined();
    const changes = compareWithBaseline(older, [], { kind: 'loopback', host: 'h' });
    expect(changes.items).toEqual([]);
    expect(changes.note).toMatch(/not a conformance report of a format this suite compares \(4 or 3; /);
  });

  test('a baseline of format 3, with its one rate-limit section, is compared: its results are of the same shape', async () => {
    const before = await runInProcess();
    const older = asFormat3(before.report);
    expect(older.rateLimit).toMatchObject({ limitPerSecond: 200 });
    expect(baselineProblem(older)).toBeUndefined();
    const { report } = await runInProcess({ policies: peerOptional.policies!, baseline: older });
    expect(report.changes?.note).toBeUndefined();
    expect(report.changes?.baseline?.verdict).toBe('conformant');
    const verdicts = report.changes?.items.filter((c) => c.kind === 'verdict').map((c) => `${c.title}: ${c.before} -> ${c.after}`);
    expect(verdicts).toEqual(expect.arrayContaining(['missing Peer_Account fails: pass -> fail']));
    // Still held to its schema: a broken one, or one that says format 3 and has format 4's sections, is refused.
    expect(baselineProblem({ ...older, verdict: 'green' })).toMatch(/^does not match schemas\/report\/conformance-report\.schema\.json: /);
    expect(baselineProblem({ ...before.report, format: 3 })).toMatch(/^does not match /);
  });

  test('a file that is no conformance report, or a report of this format that breaks its schema, cannot be a baseline', async () => {
    for (const value of [{}, [], 'text', null, { knownDepartures: [] }, { suite: { name: 'x', version: '1' }, results: [] }]) {
      expect(baselineProblem(value), JSON.stringify(value)).toMatch(/^is not a conformance report/);
    }
    const { report } = await runInProcess({ policies: faithful['integer-msg-read-time-refused']!.policies! });
    expect(baselineProblem(report)).toBeUndefined();
    expect(baselineProblem({ ...report, verdict: 'green' })).toMatch(/^does not match schemas\/report\/conformance-report\.schema\.json: /);
  });
});

test.describe('rate-limit sections', () => {
  const load = (command: string, clause: string, timeline: TimelineCall[]): CaseResult => ({
    command,
    clause,
    title: `${command}: ${clause} ${timeline[0]?.atEpochMs}`,
    strength: 'documented',
    verdict: 'pass',
    expected: '',
    observed: '',
    exchanges: [],
    timeline,
  });
  const at = (phase: string, atEpochMs: number, outcome: TimelineCall['outcome'] = 'served', code?: number): TimelineCall => ({ phase, atEpochMs, outcome, ...(code === undefined ? {} : { code }) });

  test('each command under load has its own section: its own calls, timed from its own first, against its own limit', () => {
    // Two commands' load cases, their calls interleaved in time; the second's clause is a shared one, naming no command.
    const results = [
      load('admin_set_msg_read', 'admin_set_msg_read.rate-limit.accepts-under-limit', [at('paced', 10_000), at('paced', 10_010), at('paced', 10_005)]),
      load('multiaccount_import', 'rest.rate-limit.refuses-over-limit', [at('burst', 10_002), at('burst', 10_007, 'refused', 60007)]),
      load('multiaccount_import', 'rest.rate-limit.recovers', [at('recovery', 20_000)]),
      load('admin_set_msg_read', 'admin_set_msg_read.rate-limit.recovers', []),
      { ...load('other_command', 'rest.response.envelope', []), timeline: undefined },
    ];
    const r = buildReport({ ...REPORT_INPUT, results });
    expect(violations('report/conformance-report.schema.json', r)).toEqual([]);
    expect(r.format).toBe(4);
    expect(r.rateLimits).toEqual([
      {
        command: 'admin_set_msg_read',
        limitPerSecond: 200,
        refusalCodes: [60007],
        calls: [
          { phase: 'paced', at: 0, outcome: 'served' },
          { phase: 'paced', at: 5, outcome: 'served' },
          { phase: 'paced', at: 10, outcome: 'served' },
        ],
      },
      {
        command: 'multiaccount_import',
        limitPerSecond: 100,
        refusalCodes: [60007],
        calls: [
          { phase: 'burst', at: 0, outcome: 'served' },
          { phase: 'burst', at: 5, outcome: 'refused', code: 60007 },
          { phase: 'recovery', at: 9998, outcome: 'served' },
        ],
      },
    ]);
  });

  test('no section when no load case called', () => {
    const r = buildReport({ ...REPORT_INPUT, results: [load('admin_set_msg_read', 'admin_set_msg_read.rate-limit.recovers', [])] });
    expect(r.rateLimits).toEqual([]);
  });
});

test.describe('the verdict', () => {
  const base = REPORT_INPUT;

  test('no result at all is no verdict', () => {
    const r = buildReport({ ...base, results: [] });
    expect(r.verdict).toBe('no-verdict');
    expect(r.clauses.checked).toBe(0);
  });

  test('an indeterminate result leaves no verdict; a failure wins over it', () => {
    const ok = { command: 'admin_set_msg_read', clause: 'admin_set_msg_read.request.valid', title: 'a', strength: 'documented' as const, expected: '', observed: '', exchanges: [] };
    expect(buildReport({ ...base, results: [{ ...ok, verdict: 'pass' }, { ...ok, title: 'b', verdict: 'indeterminate' }] }).verdict).toBe('no-verdict');
    expect(buildReport({ ...base, results: [{ ...ok, verdict: 'fail', violated: [ok.clause] }, { ...ok, title: 'b', verdict: 'indeterminate' }] }).verdict).toBe('non-conformant');
  });

  test('the rules checked on every answer count as checked once any answer came', () => {
    const open = { command: 'admin_set_msg_read', clause: 'rest.query.random', title: 'a', strength: 'open' as const, expected: '', observed: '', exchanges: [], verdict: 'observed' as const };
    expect(clauseCoverage([open]).checked).toBe(3);
    expect(clauseCoverage([{ ...open, verdict: 'indeterminate' }]).checked).toBe(0);
  });

  test('each command is judged by its own cases alone, the shared rules charged to the command whose case checked them', () => {
    const ok = { command: 'admin_set_msg_read', clause: 'admin_set_msg_read.request.valid', title: 'a', strength: 'documented' as const, expected: '', observed: '', exchanges: [], verdict: 'pass' as const };
    // A second command under test, named only by its results: its case broke a shared rule.
    const other = { ...ok, command: 'other_command', clause: 'rest.response.envelope', title: 'b', verdict: 'fail' as const, violated: ['rest.response.http-200'] };
    const r = buildReport({ ...base, results: [ok, other] });
    expect(r.verdict).toBe('non-conformant');
    const [mine, theirs] = r.commands;
    expect(mine).toMatchObject({ command: 'admin_set_msg_read', verdict: 'conformant', summary: { pass: 1, total: 1 }, clauses: { failed: [] } });
    expect(theirs).toMatchObject({ command: 'other_command', verdict: 'non-conformant', summary: { fail: 1, total: 1 }, clauses: { failed: ['rest.response.http-200'] } });
    // The other command is judged by the shared rules only; this one by its own clauses too.
    const shared = clauseCoverage([]).unchecked.filter((id) => id.startsWith('rest.')).length;
    expect(theirs!.clauses.documented).toBe(shared);
    expect(mine!.clauses.documented).toBe(r.clauses.documented);
    expect(mine!.clauses.unchecked.some((id) => id.startsWith('rest.'))).toBe(true);
    expect(mine!.clauses.checked).toBeGreaterThan(0);
  });

  test('a command without a selected case has no entry', () => {
    expect(buildReport({ ...base, results: [] }).commands).toEqual([]);
  });

  test("a case stopped by another clause's departure did not check its own", () => {
    const stopped = { command: 'admin_set_msg_read', clause: 'admin_set_msg_read.request.valid', title: 'a', strength: 'documented' as const, expected: '', observed: '', exchanges: [], verdict: 'fail' as const, violated: ['rest.response.http-200'] };
    const coverage = clauseCoverage([stopped]);
    expect(coverage.unchecked).toContain('admin_set_msg_read.request.valid');
    expect(coverage.failed).toEqual(['rest.response.http-200']);
  });
});
