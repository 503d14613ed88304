/**
 * `im-conformance check-client [mock options] -- <command> [args...]`: serves the mock with the client report on,
 * runs the command with the mock's URL and credentials in its environment, then writes the client report.
 * Exit 1 when a request departed from a documented rule; otherwise the command's own exit status, except that a run
 * in which no request reached the mock has no verdict (3 when the command itself succeeded); 2 for bad options; 127
 * (126) when the command is not found (cannot be run), as a shell says.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { dirname, resolve } from 'node:path';
import { causeOf, SettingError } from '../core/settings.js';
import { CLIENT_VERDICT_WORDS, clientSummary, counted, writeClientReport } from '../../mocks/client-report.js';
import { MOCK_USAGE, parseMockArgs, serveMock } from '../../mocks/cli.js';
import { credentialsFromEnv } from '../../mocks/config.js';

export const CHECK_CLIENT_USAGE = `usage: im-conformance check-client [options] -- <command> [args...]

Serves the mock on a free loopback port, runs <command> with IM_BASE_URL, IM_SDKAPPID, IM_SECRET_KEY and
IM_ADMIN_IDENTIFIER set to the mock's, and writes what the mock found in the command's requests: every departure
from the documented contract, the documented readings chosen where the sources disagree, and what was covered.

options: those of \`im-conformance mock\` (--account, --strict, --rate-limit, --log, ...), and
  --client-report FILE   where the report goes (default reports/client-report.json; .md beside it)

exit status: 1 when a request departed from a documented rule; otherwise the command's own status, but 3 when it
succeeded without a request reaching the mock (nothing was checked); 2 for bad options; 127 when the command is not
found, 126 when it cannot be run.`;

/** Exit statuses of a run that judged nothing: a shell's for a command that cannot start, and no verdict. */
const NOT_FOUND = 127;
const CANNOT_RUN = 126;
const NO_VERDICT = 3;

export async function checkClientMain(argv: string[], source: NodeJS.ProcessEnv = process.env): Promise<number> {
  const split = argv.indexOf('--');
  const own = split < 0 ? argv : argv.slice(0, split);
  const command = split < 0 ? [] : argv.slice(split + 1);
  if (own.includes('--help')) {
    console.log(CHECK_CLIENT_USAGE);
    return 0;
  }
  let options;
  try {
    if (command.length === 0) throw new SettingError('check-client', 'give the command to run after --');
    const parsed = parseMockArgs(['--port', '0', ...own]);
    if (parsed === 'help') return 0;
    options = parsed;
    credentialsFromEnv(source);
  } catch (e) {
    if (!(e instanceof SettingError)) throw e;
    console.error(`${e.message}\n\n${CHECK_CLIENT_USAGE}\n\n${MOCK_USAGE}`);
    return 2;
  }
  const file = resolve(options.clientReport ?? 'reports/client-report.json');
  let served;
  try {
    mkdirSync(dirname(file), { recursive: true });
    served = await serveMock(options, source, true);
  } catch (e) {
    console.error(`check-client: cannot serve the mock on ${options.host} or write ${file} (${causeOf(e)})`);
    return 2;
  }
  const { config, checker, server, url } = served;
  console.error(`check-client: mock listening on ${url}; running ${command.join(' ')}`);
  const status = await new Promise<number>((done) => {
    const child = spawn(command[0]!, command.slice(1), {
      stdio: 'inherit',
      env: { ...source, IM_BASE_URL: url, IM_SDKAPPID: String(config.sdkAppId), IM_SECRET_KEY: config.secretKey, IM_ADMIN_IDENTIFIER: config.adminIdentifier },
    });
    // A signal to check-client goes to the command too, which then ends, and the report is still written.
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    const settle = (status: number) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      done(status);
    };
    child.once('error', (e: NodeJS.ErrnoException) => {
      console.error(`check-client: cannot start ${command[0]} (${causeOf(e)}): nothing was checked`);
      settle(e.code === 'ENOENT' ? -NOT_FOUND : -CANNOT_RUN);
    });
    child.once('close', (code, signal) => settle(code ?? (signal ? 128 + (osConstants.signals[signal] ?? 0) : 1)));
  });
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  const report = checker!.report();
  const readable = writeClientReport(file, report);
  console.error(`check-client: ${clientSummary(report)}; report in ${file} and ${readable}`);
  for (const d of report.departures) {
    const where = `${d.commands.join(', ')}: ${d.kind}${d.field ? ` ${d.field}` : ''}${d.suggestion ? ` (did you mean ${d.suggestion}?)` : ''}`;
    console.error(`  ${where} [${d.clause}] ${counted(d.count, 'request')}, first #${d.first.request}`);
  }
  console.error(`check-client: ${CLIENT_VERDICT_WORDS[report.verdict]}`);
  // Written all the same, so that no report of an earlier run is left to be read as this one's.
  if (status < 0) return -status;
  if (report.verdict === 'departs') return 1;
  if (report.verdict === 'no-verdict') return status === 0 ? NO_VERDICT : status;
  return status;
}
