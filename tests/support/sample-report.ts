/**
 * A report with every verdict, ledger answers and the rate-limit runs of two commands with different limits, for the
 * renderers' self-tests. Built in code so that a real UserSig can be planted in it without a credential-shaped string
 * ever being committed.
 */
import { ledger as specLedger } from '../../src/core/spec.js';
import type { CaseResult, ClauseCoverage, CommandVerdict, ConformanceReport, Exchange, RateLimitCall, VerdictCounts } from '../../types/schemas.js';

/** The least that buildReport needs besides results: a run of one second against a loopback host. */
export const REPORT_INPUT = {
  suite: { name: 's', version: '1' },
  target: { kind: 'loopback' as const, host: 'h' },
  startedAt: new Date(0),
  finishedAt: new Date(1000),
  seed: 1,
  runId: 'r',
  setup: { notes: [] },
  frequencyCodes: [60007],
};

/** The command under load beside admin_set_msg_read, with a limit of 100 calls per second to its 200. */
export const SECOND_LOADED = 'multiaccount_import';

export const PLANTED_SCRIPT = '<script>alert("owned")</script>';

const ok = '{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}';
const fail = (code: number, info = '') => JSON.stringify({ ActionStatus: 'FAIL', ErrorInfo: info, ErrorCode: code });
const query = 'sdkappid=1400000000&identifier=administrator&usersig=<redacted-usersig>&random=42&contenttype=json';

function call(body: unknown, status: number | undefined, response: string | undefined, extra: Partial<Exchange> = {}): Exchange {
  return {
    command: 'admin_set_msg_read',
    method: 'POST',
    url: `/v4/openim/admin_set_msg_read?${query}`,
    requestBody: typeof body === 'string' ? body : JSON.stringify(body),
    ...(status === undefined ? {} : { status }),
    ...(response === undefined ? {} : { responseBody: response }),
    attempt: 1,
    ms: 12,
    ...extra,
  };
}

/**
 * A command's rate-limit run as the mock's sliding-window limiter would answer it: a second paced at 90% of the limit,
 * a burst of three times the limit (the calls at `faults` get no answer), and a call after a quiet second.
 */
function rateLimitCalls(limit: number, faults: readonly number[] = []): RateLimitCall[] {
  const calls: RateLimitCall[] = [];
  const served: number[] = [];
  const ask = (phase: string, at: number, fault = false) => {
    if (fault) return calls.push({ phase, at, outcome: 'fault' });
    const inWindow = served.filter((t) => at - t < 1000).length;
    if (inWindow < limit) {
      served.push(at);
      calls.push({ phase, at, outcome: 'served', code: 0 });
    } else {
      calls.push({ phase, at, outcome: 'refused', code: 60007 });
    }
  };
  const paced = (limit * 9) / 10;
  for (let i = 0; i < paced; i++) ask('paced', Math.round((i * 1000) / paced));
  const burstStart = 2200;
  for (let i = 0; i < 3 * limit; i++) ask('burst', burstStart + Math.floor(i / 64) * 48 + (i % 64) * 0.5, faults.includes(i));
  ask('recovery', calls[calls.length - 1]!.at + 1200);
  return calls;
}

function count(results: CaseResult[]): VerdictCounts {
  const c: VerdictCounts = { pass: 0, fail: 0, known: 0, skip: 0, indeterminate: 0, observed: 0, total: results.length };
  for (const r of results) c[r.verdict]++;
  return c;
}

/** The sample report; with `plantedSig`, an exchange also carries an unredacted UserSig, as a careless producer would. */
export function sampleReport(plantedSig?: string): ConformanceReport {
  const leakyUrl = plantedSig
    ? `/v4/openim/admin_set_msg_read?sdkappid=1400000000&identifier=administrator&usersig=${plantedSig}&random=7&contenttype=json`
    : undefined;
  const results: CaseResult[] = [
    {
      command: 'admin_set_msg_read',
      clause: 'rest.response.http-200',
      title: 'the sample request answers HTTP 200',
      strength: 'documented',
      verdict: 'pass',
      expected: 'HTTP status 200',
      observed: 'HTTP 200',
      exchanges: [call({ Report_Account: 'r1', Peer_Account: 'p1' }, 200, ok)],
      durationMs: 31,
    },
    {
      command: 'admin_set_msg_read',
      clause: 'admin_set_msg_read.request.valid',
      title: 'existing accounts mark the conversation read',
      strength: 'documented',
      verdict: 'pass',
      expected: 'ErrorCode 0',
      observed: 'ErrorCode 0',
      exchanges: [call({ Report_Account: 'r1', Peer_Account: 'p1' }, 200, ok, leakyUrl ? { url: leakyUrl } : {})],
    },
    {
      command: 'admin_set_msg_read',
      clause: 'admin_set_msg_read.request.report-account.required',
      title: 'missing Report_Account fails',
      strength: 'documented',
      verdict: 'fail',
      expected: 'ErrorCode in account-missing: 90003, 90008',
      observed: 'ErrorCode 0 | ActionStatus OK\nwith a second line',
      reason: '\u001b[31mthe call succeeded\u001b[39m without Report_Account\u0007',
      violated: ['admin_set_msg_read.request.report-account.required', 'rest.response.envelope'],
      exchanges: [call({ Peer_Account: 'p1' }, 200, `${PLANTED_SCRIPT}${ok}`)],
    },
    {
      command: 'admin_set_msg_read',
      clause: 'admin_set_msg_read.request.report-account.required',
      title: 'null Report_Account fails',
      strength: 'documented',
      verdict: 'pass',
      expected: 'ErrorCode in account-missing: 90003, 90008',
      observed: 'ErrorCode 90008',
      exchanges: [call({ Report_Account: null, Peer_Account: 'p1' }, 200, fail(90008, 'From_Account missing'))],
    },
    {
      command: 'admin_set_msg_read',
      clause: 'admin_set_msg_read.request.msg-read-time.integer',
      title: 'MsgReadTime as a JSON integer',
      strength: 'open',
      verdict: 'observed',
      expected: 'not documented; recorded',
      observed: 'accepted: ErrorCode 0',
      exchanges: [call({ Report_Account: 'r1', Peer_Account: 'p1', MsgReadTime: 1700000000 }, 200, ok)],
    },
    {
      command: 'admin_set_msg_read',
      clause: 'rest.request.method',
      title: 'GET instead of POST',
      strength: 'open',
      verdict: 'observed',
      expected: 'not documented; recorded',
      observed: 'ErrorCode 60008',
      exchanges: [call('', 200, fail(60008, 'service timeout or request format error'), { method: 'GET' })],
    },
    {
      command: 'admin_set_msg_read',
      clause: 'rest.auth.usersig.unexpired',
      title: 'an expired UserSig fails with 70001',
      strength: 'documented',
      verdict: 'indeterminate',
      expected: 'ErrorCode in usersig-expired: 70001, 70050',
      observed: 'no answer after 3 attempts',
      reason: plantedSig
        ? `apiRequestContext.post: read ECONNRESET\nCall log:\n  - → POST https://example.test${leakyUrl}`
        : 'apiRequestContext.post: read ECONNRESET',
      exchanges: [
        call({ Report_Account: 'r1', Peer_Account: 'p1' }, undefined, undefined, {
          fault: plantedSig ? `transport fault: read ECONNRESET ${plantedSig}` : 'transport fault: read ECONNRESET',
          ms: 3002,
        }),
      ],
    },
    {
      command: 'admin_set_msg_read',
      clause: 'admin_set_msg_read.effect.marks-conversation-read',
      title: 'the call leaves no unread message from the peer',
      strength: 'documented',
      verdict: 'skip',
      expected: 'unread count 0 for the peer',
      observed: 'not run',
      reason: 'the target does not offer v4/openim/get_c2c_unread_msg_num',
      exchanges: [],
    },
    {
      command: 'admin_set_msg_read',
      clause: 'admin_set_msg_read.rate-limit.accepts-under-limit',
      title: 'calls paced at 180 per second are all served',
      strength: 'documented',
      verdict: 'pass',
      expected: 'every call served',
      observed: '180 of 180 served',
      exchanges: [],
    },
    {
      command: 'admin_set_msg_read',
      clause: 'admin_set_msg_read.rate-limit.refuses-over-limit',
      title: 'a burst of 600 calls is partly refused',
      strength: 'documented',
      verdict: 'pass',
      expected: 'at most 200 served in any second, the rest refused with 60007',
      observed: '200 served, 398 refused with 60007, 2 transport faults',
      exchanges: [],
    },
    {
      command: 'admin_set_msg_read',
      clause: 'admin_set_msg_read.rate-limit.recovers',
      title: 'a call after a quiet second is served',
      strength: 'documented',
      verdict: 'pass',
      expected: 'served',
      observed: 'served',
      exchanges: [],
    },
  ];
  // A second command under load, with a limit of its own (spec/commands/multiaccount_import.json): its calls must be
  // neither merged with the first command's nor drawn against its limit.
  const second: CaseResult[] = [
    {
      command: SECOND_LOADED,
      clause: `${SECOND_LOADED}.rate-limit.accepts-under-limit`,
      title: 'multiaccount_import: calls paced at 90 per second are all served',
      strength: 'documented',
      verdict: 'pass',
      expected: 'every call served',
      observed: '90 of 90 served',
      exchanges: [],
    },
    {
      command: SECOND_LOADED,
      clause: `${SECOND_LOADED}.rate-limit.refuses-over-limit`,
      title: 'multiaccount_import: a burst of 300 calls is partly refused',
      strength: 'documented',
      verdict: 'pass',
      expected: 'at most 100 served in any second, the rest refused with 60007',
      observed: '100 served, 200 refused with 60007',
      exchanges: [],
    },
  ];
  const answers: Record<string, Array<{ title: string; answer: string }>> = {
    'DOC-ACCOUNT-CODES': [
      { title: 'null Report_Account fails', answer: 'ErrorCode 90008' },
      { title: 'missing Report_Account fails', answer: 'accepted (ErrorCode 0) | unexpected' },
    ],
    'SRC-MSGREADTIME-TYPE': [{ title: 'MsgReadTime as a JSON integer', answer: 'accepted' }],
    'AMB-METHOD': [{ title: 'GET instead of POST', answer: 'ErrorCode 60008' }],
    'AMB-FREQUENCY-CODE': [{ title: 'a burst of 600 calls is partly refused', answer: 'ErrorCode 60007' }],
  };
  const coverage: ClauseCoverage = { documented: 29, checked: 27, failed: ['admin_set_msg_read.request.report-account.required'], unchecked: ['admin_set_msg_read.effect.marks-conversation-read', 'admin_set_msg_read.rate-limit.recovers'] };
  const secondCoverage: ClauseCoverage = { documented: 2, checked: 2, failed: [], unchecked: [] };
  const commands: CommandVerdict[] = [
    { command: 'admin_set_msg_read', verdict: 'non-conformant', summary: count(results), clauses: coverage },
    { command: SECOND_LOADED, verdict: 'conformant', summary: count(second), clauses: secondCoverage },
  ];
  const all = [...results, ...second];
  return {
    format: 4,
    suite: { name: 'im-rest-conformance', version: '0.1.0' },
    target: { kind: 'embedded-mock', host: '127.0.0.1:41234' },
    startedAt: '2026-11-21T21:30:00.000Z',
    finishedAt: '2026-11-21T21:31:07.250Z',
    seed: 20261121,
    runId: 'k3x9f2ab',
    verdict: 'non-conformant',
    summary: count(all),
    clauses: coverage,
    commands,
    setup: { credentials: 'ErrorCode 90008 to an empty body', accounts: { imported: 11, deleted: 11, kept: false }, notes: [] },
    results: all,
    ledger: specLedger.map((e) => ({ id: e.id, kind: e.kind, summary: e.summary, answers: answers[e.id] ?? [] })),
    rateLimits: [
      { command: 'admin_set_msg_read', limitPerSecond: 200, refusalCodes: [60007], calls: rateLimitCalls(200, [333, 517]) },
      { command: SECOND_LOADED, limitPerSecond: 100, refusalCodes: [60007], calls: rateLimitCalls(100) },
    ],
  };
}

/**
 * A report as format 3 wrote it: one rate-limit section, `rateLimit`, of the command of the first rate-limit case, and
 * only that command's load cases among the results (format 3 had no room for a second).
 */
export function asFormat3(report: ConformanceReport): Record<string, unknown> {
  const { rateLimits, format: _format, ...rest } = report;
  const [section] = rateLimits;
  if (!section) return { ...rest, format: 3 };
  const { command: loaded, ...rateLimit } = section;
  const results = report.results.filter((r) => r.command === loaded || !r.clause.includes('.rate-limit.'));
  const commands = report.commands.filter((c) => results.some((r) => r.command === c.command));
  return { ...rest, format: 3, results, commands, rateLimit };
}
