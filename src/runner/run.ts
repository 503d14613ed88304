/**
 * `im-conformance run` (npm run conformance): checks the settings, serves the embedded mock when no IM_BASE_URL is
 * given, checks that the target accepts the credentials, imports the run's accounts, runs the selected cases in
 * Playwright, deletes the accounts, writes the reports and scans everything the run wrote for credentials.
 *
 * Exit status: 0 conformant; 1 non-conformant, or the run itself broke; 2 a bad setting, or credentials the target
 * refuses; 3 no verdict (indeterminate results, or no documented clause checked); 4 a credential in the run's output;
 * 128 + the signal's number when SIGINT or SIGTERM ended it (130, 143).
 */
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import { constants as osConstants, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { systemClock } from '../core/clock.js';
import { packageInfo } from '../core/package.js';
import { ROOT } from '../core/paths.js';
import { redact, type Leak } from '../core/redaction.js';
import { scanPaths } from '../core/secret-scan.js';
import { SEED_MAX, SettingError } from '../core/settings.js';
import { codeSets } from '../core/spec.js';
import { defaultConfig } from '../../mocks/config.js';
import { createMockServer, listen } from '../../mocks/http-server.js';
import { Simulator } from '../../mocks/simulator.js';
import { buildReport, notRunReason } from '../report/build.js';
import { readRecords } from '../report/reporters/records.js';
import { closingLine, commandLine, VERDICT_WORDS } from '../report/view.js';
import { REPORT_FILES, writeReports } from '../report/write.js';
import { newRunId, type Pool } from '../suite/accounts.js';
import { loadCases, selectCases, type Case, type Selection } from '../suite/cases.js';
import { ImClient } from '../suite/client.js';
import type { CredentialCheck } from '../suite/engine.js';
import { Pacer } from '../suite/pacer.js';
import { RUN_CONTEXT_VAR, type RunContext } from '../suite/run-context.js';
import { runSession } from '../suite/session.js';
import { targetHost, type Target } from '../suite/target.js';
import { fetchTransport } from '../suite/transport.js';
import type { CaseResult, Interruption, Selection as ReportSelection } from '../../types/schemas.js';
import { relay } from './relay.js';
import { runArgs, runSettings, type RunSettings } from './settings.js';

export const RUN_USAGE = `usage: im-conformance run [--grep RE] [--grep-invert RE] [--clause ID]... [--command NAME]... [--list]

Runs the conformance suite against a target and writes reports/conformance.{json,md,html}, junit.xml and
playwright-html/.

options:
  --grep RE, -g RE   only the cases whose title matches RE (case-insensitive)
  --grep-invert RE   leave out the cases whose title matches RE
  --clause ID        only the cases of a clause; a prefix ending in * selects several (repeatable)
  --command NAME     only the cases of a command under test (repeatable)
  --list             list the selected cases and write nothing
  --help, -h         this text

environment:
  IM_BASE_URL            the target (https://console.tim.qq.com, or http:// on loopback); unset: the embedded mock
                         with its default app; "embedded": the embedded mock with the app given below
  IM_SDKAPPID, IM_SECRET_KEY, IM_ADMIN_IDENTIFIER
                         the app and its admin; required with IM_BASE_URL, refused without it
  IM_SEED                replays a run's generated cases
  IM_RATE_LIMIT_TEST     1 sends the rate-limit bursts to a remote target (always on loopback; 0 turns them off)
  IM_RATE_LIMIT_CODES    codes accepted as a frequency refusal (default ${codeSets.get('frequency-limit')?.codes?.join(',')})
  IM_PACE                calls per second outside the bursts (default 40 remote, 150 loopback; at most 150)
  IM_POLL_TIMEOUT_MS     how long effects may take to show (default 15000)
  IM_REPORT_DIR          where reports go (default reports/)
  IM_EXPECTATIONS        a file of known departures: {"knownDepartures": [{"clause": "...", "reason": "..."}]}
  IM_BASELINE            an earlier conformance.json: the report says what changed since
  IM_KEEP_ACCOUNTS       1 keeps the accounts the run imported (they are deleted otherwise)
A variable that is set but empty is refused.

exit status: 0 conformant; 1 non-conformant; 2 a bad setting, or credentials the target refuses; 3 no verdict;
4 a credential found in what the run wrote; 130 and 143 interrupted by SIGINT or SIGTERM (the reports keep what
finished).`;

/** What each refusal of the credentials asks the user to check. */
const CHECK: Record<string, string> = {
  IM_SECRET_KEY: 'check IM_SECRET_KEY: it must be the current key of the app (a rotated key must be updated)',
  IM_ADMIN_IDENTIFIER: 'check IM_ADMIN_IDENTIFIER: it must be an App admin account of the app',
  IM_SDKAPPID: 'check IM_SDKAPPID: it must be the SDKAppID of the app',
  IM_BASE_URL: "check IM_BASE_URL: it must be the host of the app's region",
  clock: "check this machine's clock: the target found a fresh UserSig expired",
  app: 'the app itself refuses calls (disabled, plan expired, or this IP not allowed): see the IM console',
};

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

const consoleIo: Io = { out: (l) => console.log(l), err: (l) => console.error(l) };

/** The selection as the report records it; undefined when every case was selected. */
function selectionWords(s: Selection): ReportSelection | undefined {
  const words = { ...(s.grep ? { grep: s.grep.source } : {}), ...(s.grepInvert ? { grepInvert: s.grepInvert.source } : {}), ...(s.clauses ? { clauses: s.clauses } : {}), ...(s.commands ? { commands: s.commands } : {}) };
  return Object.keys(words).length ? words : undefined;
}

async function serveEmbedded(settings: RunSettings): Promise<{ server: Server; target: Target }> {
  const creds = settings.embedded!;
  const server = createMockServer(new Simulator(defaultConfig(creds)));
  const url = await listen(server, 0);
  return { server, target: { ...settings.target, ...creds, baseUrl: url } };
}

/**
 * Runs the cases in Playwright, relaying its output redacted; resolves with the results it recorded, and the signal
 * that interrupted it (a person's Ctrl-C, a CI job cancelled), if one did.
 */
async function playwright(context: RunContext, target: Target, source: NodeJS.ProcessEnv, leaks: Leak[]): Promise<{ results: CaseResult[]; code: number; signal?: Interruption['signal'] }> {
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const config = join(import.meta.dirname, `playwright.config${ext}`);
  const child = spawn(process.execPath, [cli, 'test', '-c', config], {
    cwd: ROOT,
    env: {
      ...source,
      IM_BASE_URL: target.baseUrl,
      IM_SDKAPPID: String(target.sdkAppId),
      IM_SECRET_KEY: target.secretKey,
      IM_ADMIN_IDENTIFIER: target.adminIdentifier,
      [RUN_CONTEXT_VAR]: JSON.stringify(context),
      FORCE_COLOR: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let signal: Interruption['signal'] | undefined;
  // Playwright ends in order (its reporters' end hooks, the HTML report) on SIGINT only: a SIGTERM, recorded as the
  // run's signal, reaches it as SIGINT. Results are kept as each case ends, so a harder end loses only cases under way.
  const forward = (s: Interruption['signal']) => {
    signal ??= s;
    child.kill('SIGINT');
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const relayed = Promise.all([
    relay(child.stdout, process.stdout, 'standard output', [target.secretKey], leaks),
    relay(child.stderr, process.stderr, 'standard error', [target.secretKey], leaks),
  ]);
  const code: number = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  await relayed;
  process.off('SIGINT', forward);
  process.off('SIGTERM', forward);
  return { results: readRecords(context.recordsFile), code, ...(signal ? { signal } : {}) };
}

/** Results for the selected cases that produced none: not run because disabled, or lost because the run broke. */
function missingResults(cases: readonly Case[], have: readonly CaseResult[], why: (c: Case) => Pick<CaseResult, 'verdict' | 'reason'>): CaseResult[] {
  const titles = new Set(have.map((r) => r.title));
  return cases.filter((c) => !titles.has(c.title)).map((c) => ({ command: c.command, clause: c.clause, title: c.title, strength: c.strength, expected: '', observed: '', exchanges: [], ...why(c) }));
}

function credentialRefusal(io: Io, check: Extract<CredentialCheck, { refused: true }>): number {
  io.err(`credentials: the target refused them with ErrorCode ${check.code} (${check.meaning}).`);
  io.err(`  ${CHECK[check.setting] ?? 'check the IM_* settings'}. No case was run; nothing was written.`);
  return 2;
}

export async function runMain(argv: string[], source: NodeJS.ProcessEnv = process.env, io: Io = consoleIo): Promise<number> {
  let settings: RunSettings;
  let args;
  try {
    args = runArgs(argv);
    if (args.help) {
      io.out(RUN_USAGE);
      return 0;
    }
    settings = runSettings(source);
  } catch (e) {
    if (!(e instanceof SettingError)) throw e;
    io.err(e.message);
    return 2;
  }
  const seed = settings.seed >= 0 ? settings.seed : randomInt(SEED_MAX);
  const all = loadCases(seed);
  const selected = selectCases(all, args.selection);
  if (args.list) {
    for (const c of selected) io.out(`${c.clause}  [${c.strength}]  ${c.title}`);
    io.out(`${selected.length} of ${all.length} cases`);
    return 0;
  }

  const started = new Date();
  const runId = newRunId(started.getTime());
  const embedded = settings.embedded ? await serveEmbedded(settings) : undefined;
  const target = embedded?.target ?? settings.target;
  const gated = target.rateLimitTest ? [] : selected.filter((c) => c.kind === 'load');
  const enabled = selected.filter((c) => !gated.includes(c));
  const host = targetHost(target);
  io.out(`target: ${target.kind === 'embedded-mock' ? `the embedded mock on ${host}` : host} (${target.kind})`);
  io.out(`seed: ${seed} (replay with IM_SEED=${seed}); run id ${runId}`);
  io.out(`cases: ${selected.length} of ${all.length} selected; pace ${target.callsPerSecond} calls/s; rate-limit bursts ${gated.length ? 'off (IM_RATE_LIMIT_TEST=1 sends them)' : 'on'}`);

  const leaks: Leak[] = [];
  const dir = settings.reportDir;
  // The last run's reports go only once this run will write its own: refused credentials leave them as they are.
  const clear = () => REPORT_FILES.forEach((o) => rmSync(join(dir, o), { recursive: true, force: true }));
  const work = mkdtempSync(join(tmpdir(), 'im-conformance-'));
  try {
    const pacer = new Pacer(target.callsPerSecond, systemClock);
    const client = new ImClient(fetchTransport, target, pacer, systemClock);
    let interrupted: Interruption['signal'] | undefined;
    const outcome =
      enabled.length === 0
        ? { results: [], setup: { notes: ['no case was selected'] } }
        : await runSession({ client, seed, runId, cases: enabled, keepAccounts: settings.keepAccounts, declared: settings.declared }, async (ctx, pool: Pool) => {
            io.out(`credentials: accepted; accounts: ${ctx.poolProblem ? ctx.poolProblem.reason : `imported for the run (ct${runId}_...)`}`);
            const context: RunContext = {
              kind: target.kind,
              seed,
              runId,
              pool,
              ...(ctx.poolProblem ? { poolProblem: ctx.poolProblem } : {}),
              selected: enabled.map(({ title, command, clause, strength, kind }) => ({ title, command, clause, strength, kind })),
              declared: settings.declared,
              recordsFile: join(work, 'records.jsonl'),
              reportDir: dir,
            };
            clear();
            const run = await playwright(context, target, source, leaks);
            interrupted = run.signal;
            const lost = missingResults(enabled, run.results, () =>
              interrupted
                ? { verdict: 'skip', reason: notRunReason(interrupted) }
                : { verdict: 'fail', reason: `the run itself broke: no result for this case (Playwright exited with ${run.code})` },
            );
            return [...run.results, ...lost];
          });
    if (outcome.stopped?.refused) return credentialRefusal(io, outcome.stopped);
    if (outcome.stopped || enabled.length === 0) clear();
    const unreachable = outcome.stopped?.fault;
    const session = outcome.stopped ? { results: [], setup: { unreachable: outcome.stopped.fault, notes: [] } } : outcome;
    if (unreachable !== undefined) {
      io.err(`target: the credential check got no answer of the API: ${unreachable}.`);
      io.err(`  check IM_BASE_URL (${host}) and that the service is reachable from this machine. No case was run; the reports say the same.`);
    }
    const results = [
      ...session.results,
      ...missingResults(gated, [], () => ({ verdict: 'skip', reason: 'rate-limit bursts go to a remote target only with IM_RATE_LIMIT_TEST=1' })),
    ];
    const { accounts } = session.setup;
    if (accounts) io.out(`accounts: ${accounts.imported} imported, ${accounts.deleted} deleted${accounts.ids?.length ? `, ${accounts.ids.length} left` : ''}`);
    for (const note of session.setup.notes) io.out(`note: ${note}`);
    const pkg = packageInfo();
    const selection = selectionWords(args.selection);
    const report = buildReport({
      suite: { name: pkg.name, version: pkg.version },
      target: { kind: target.kind, host },
      startedAt: started,
      finishedAt: new Date(),
      seed,
      runId,
      ...(selection ? { selection } : {}),
      results,
      setup: session.setup,
      frequencyCodes: target.frequencyCodes,
      declared: settings.declared,
      ...(settings.baseline === undefined ? {} : { baseline: settings.baseline }),
      ...(interrupted ? { interrupted } : {}),
    });
    writeReports(dir, report);
    const fileLeaks = await scanPaths(REPORT_FILES.map((o) => join(dir, o)).filter(existsSync), [target.secretKey]);
    leaks.push(...fileLeaks);
    for (const l of leaks) io.err(`credential leak: ${l.kind} in ${redact(l.where, [target.secretKey])} at byte ${l.offset}`);
    for (const item of report.expectations?.items ?? []) {
      if (item.outcome === 'gone') io.err(`known departure no longer happens: ${item.clause}; remove it from IM_EXPECTATIONS`);
    }
    if (unreachable !== undefined) return leaks.length ? 4 : 3;
    for (const change of report.changes?.items ?? []) io.out(`changed: ${change.text}`);
    if (report.changes?.note) io.out(`baseline: ${report.changes.note}`);
    if (report.changes?.otherTarget) io.err(`baseline: another target: ${report.changes.otherTarget}`);
    for (const c of report.commands) io.out(commandLine(c));
    const cut = report.interrupted ? ` Interrupted by ${report.interrupted.signal}: ${report.interrupted.notRun} cases not run.` : '';
    io.out(`verdict: ${VERDICT_WORDS[report.verdict]}${cut} ${report.clauses.checked} of ${report.clauses.documented} documented clauses checked; reports in ${relative(process.cwd(), dir) || '.'}/`);
    io.out(closingLine(report.summary));
    if (leaks.length) return 4;
    if (interrupted) return 128 + (osConstants.signals[interrupted] ?? 0);
    return report.verdict === 'conformant' ? 0 : report.verdict === 'non-conformant' ? 1 : 3;
  } finally {
    rmSync(work, { recursive: true, force: true });
    if (embedded) {
      embedded.server.closeAllConnections();
      await new Promise((resolve) => embedded.server.close(resolve));
    }
  }
}
