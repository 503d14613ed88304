/**
 * The whole suite, in-process, against every variant of the simulator: each broken one must be rejected on exactly
 * the clauses it breaks, no fewer and no more, and each faithful one must be found conformant (or, where it injects
 * faults, have no verdict), never non-conformant. A run takes well under a second on the virtual clock.
 */
import { expect, test } from '@playwright/test';
import { clauses } from '../../src/core/spec.js';
import { MAX_ACCOUNTS } from '../../src/suite/accounts.js';
import type { ConformanceReport } from '../../types/schemas.js';
import type { Transport } from '../../src/suite/transport.js';
import { runInProcess } from '../support/in-process.js';
import { broken, type BrokenVariant } from '../variants/broken.js';
import { faithful } from '../variants/faithful.js';

const failedClauses = (r: ConformanceReport) => [...new Set(r.results.filter((x) => x.verdict === 'fail').flatMap((x) => x.violated ?? []))].sort();
const problems = (r: ConformanceReport) => r.results.filter((x) => x.verdict === 'fail' || x.verdict === 'indeterminate').map((x) => `${x.verdict} ${x.title}: ${x.reason}`);

test('every broken variant breaks documented clauses that exist', () => {
  const documented = new Set(clauses.filter((c) => c.strength === 'documented').map((c) => c.id));
  for (const [name, v] of Object.entries(broken)) for (const c of v.breaks) expect(documented.has(c), `${name}: ${c}`).toBe(true);
});

test('every documented clause is broken by some variant', () => {
  const broke = new Set(Object.values(broken).flatMap((v) => v.breaks));
  expect(clauses.filter((c) => c.strength === 'documented' && !broke.has(c.id)).map((c) => c.id)).toEqual([]);
});

/**
 * The commands whose cases judge a broken variant: those its broken clauses belong to, or admin_set_msg_read's for
 * the shared rules (rest.*), which every command's cases check alike. Each variant departs in one place, so the run
 * stays as short as the departure allows, and "exactly" holds over every case of those commands.
 */
function commandsJudging(v: BrokenVariant): string[] {
  const own = v.breaks.map((c) => c.split('.')[0]!).filter((c) => c !== 'rest');
  return v.commands ?? [...new Set(own.length ? own : ['admin_set_msg_read'])];
}

for (const [name, v] of Object.entries(broken)) {
  test(`broken ${name} fails exactly ${v.breaks.join(', ')}`, async () => {
    const { report } = await runInProcess({ ...(v.config ? { config: v.config } : {}), ...(v.policies ? { policies: v.policies } : {}), selection: { commands: commandsJudging(v) } });
    expect(failedClauses(report), problems(report).join('\n')).toEqual([...v.breaks].sort());
    expect(report.verdict).toBe('non-conformant');
  });
}

for (const [name, v] of Object.entries(faithful)) {
  test(`faithful ${name} passes`, async () => {
    const options = {
      ...(v.config ? { config: v.config } : {}),
      ...(v.policies ? { policies: v.policies } : {}),
      ...(v.target ? { target: v.target } : {}),
      ...(v.transport ? { transport: v.transport } : {}),
      ...(v.latencyMs ? { latencyMs: v.latencyMs } : {}),
      ...(v.clockOffsetMs ? { clockOffsetMs: v.clockOffsetMs } : {}),
    };
    const runs = [await runInProcess(options)];
    if (v.twice) {
      // The next scheduled run, a minute later at the soonest: batchsendmsg's per-minute window has passed.
      await runs[0]!.clock.sleep(60_000);
      runs.push(await runInProcess({ ...options, reuse: { sim: runs[0]!.sim, clock: runs[0]!.clock } }));
    }
    for (const { report } of runs) {
      expect(report.summary.fail, problems(report).join('\n')).toBe(0);
      expect(v.faults ? ['conformant', 'no-verdict'] : ['conformant'], problems(report).join('\n')).toContain(report.verdict);
      expect(report.clauses.checked).toBe(report.clauses.documented);
    }
  });
}

test.describe('what the faithful variants exercise', () => {
  test('a gateway that answers 429 without an envelope is asked again after its Retry-After', async () => {
    const { report } = await runInProcess({ transport: faithful['gateway-429']!.transport! });
    const exchanges = report.results.flatMap((r) => r.exchanges);
    expect(exchanges.some((x) => x.fault === 'HTTP 429 without an envelope')).toBe(true);
    expect(exchanges.some((x) => x.attempt > 1)).toBe(true);
    expect(report.ledger.flatMap((l) => l.answers).some((a) => /429|fault/.test(a.answer))).toBe(false);
  });

  test('a sendmsg whose answer was lost is sent again with the same bytes, and the count allows for it', async () => {
    // Sends the service stored (every one it accepted) against sends the suite was told of: the difference was lost.
    const accepted = { stored: 0, told: 0 };
    const sendmsgAccepted = (side: keyof typeof accepted) => (inner: Transport): Transport => ({
      async send(r) {
        const res = await inner.send(r);
        if (r.path.endsWith('/sendmsg') && (JSON.parse(Buffer.from(res.body).toString('utf8')) as { ErrorCode?: unknown }).ErrorCode === 0) accepted[side]++;
        return res;
      },
    });
    const lose = faithful['lost-sendmsg-answers']!.transport!;
    // A service that recognises no repeat stores such a message twice; one that does stores it once, which any count allows.
    const { report } = await runInProcess({
      transport: (inner, clock) => sendmsgAccepted('told')(lose(sendmsgAccepted('stored')(inner), clock)),
      policies: faithful['sendmsg-resend-stored']!.policies!,
    });
    const sends = report.results.flatMap((r) => r.exchanges).filter((x) => x.command === 'sendmsg');
    const retried = sends.filter((x) => x.attempt === 2);
    expect(retried.length).toBeGreaterThan(0);
    for (const again of retried) expect(sends.some((x) => x.attempt === 1 && x.requestBody === again.requestBody && x.fault)).toBe(true);
    expect(accepted.stored).toBeGreaterThan(accepted.told);
    expect(report.verdict).toBe('conformant');
  });

  test('a run fits a trial app twice a day: at most 30 accounts, all deleted, and fewer than 500 messages sent', async () => {
    // As against a live app by default: the rate-limit cases only with IM_RATE_LIMIT_TEST=1, never set for a trial app.
    let messages = 0;
    const counting = (inner: Transport): Transport => ({
      async send(r) {
        const res = await inner.send(r);
        const command = r.path.split('/').pop();
        if (command === 'sendmsg' || command === 'batchsendmsg') {
          const answer = JSON.parse(Buffer.from(res.body).toString('utf8')) as { ErrorCode?: unknown; ErrorList?: unknown[] };
          const to = (JSON.parse(Buffer.from(r.body).toString('utf8')) as { To_Account?: unknown }).To_Account;
          const recipients = Array.isArray(to) ? to.length - (answer.ErrorList?.length ?? 0) : 1;
          if (answer.ErrorCode === 0) messages += recipients;
        }
        return res;
      },
    });
    const { report, sim } = await runInProcess({ transport: counting, target: { rateLimitTest: false } });
    expect(report.setup.accounts?.imported).toBeLessThanOrEqual(MAX_ACCOUNTS);
    expect(MAX_ACCOUNTS).toBeLessThanOrEqual(30);
    expect(report.setup.accounts?.deleted).toBe(report.setup.accounts?.imported);
    expect(sim.snapshot().accounts.filter((a) => a.startsWith(`ct${report.runId}`))).toEqual([]);
    // A trial app accepts 1,000 one-to-one messages a day (docs/facts/call-limits.md#trial-apps).
    expect(messages).toBeGreaterThan(0);
    expect(messages).toBeLessThan(500);
  });

  test('two runs never use the same account IDs', async () => {
    const a = await runInProcess({ selection: { grep: /sample request succeeds/ } });
    const b = await runInProcess({ selection: { grep: /sample request succeeds/ } });
    expect(a.report.runId).not.toBe(b.report.runId);
  });
});
