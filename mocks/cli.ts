/**
 * `im-conformance mock`: the simulator served over HTTP. Prints `listening on <url>` as its first line, then its
 * settings. Stops cleanly on SIGINT and SIGTERM, and when the process that started it (npm, tsx) goes away, so that
 * no server is left behind; with --client-report, the report is written then.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { commands } from '../src/core/spec.js';
import { causeOf, parseWholeNumber, SettingError } from '../src/core/settings.js';
import { conforms } from '../src/core/validators.js';
import { redact } from '../src/core/redaction.js';
import { ClientChecker, writeClientReport } from './client-report.js';
import { CONTROL_ROUTES } from './control.js';
import { credentialsFromEnv, DEFAULT_SECRET_KEY, defaultConfig, type MockConfig, type RateLimits } from './config.js';
import type { Server } from 'node:http';
import { createMockServer, listen } from './http-server.js';
import { Simulator } from './simulator.js';

/** The command a bare `--rate-limit N` sets, as it did when admin_set_msg_read was the only endpoint. */
const SHORTHAND_COMMAND = 'admin_set_msg_read';

export const MOCK_USAGE = `usage: im-conformance mock [options]

Serves a faithful mock of the IM REST API (${commands.map((c) => c.command).join(', ')}).

options:
  --port N               port (default 8787; 0 picks a free one)
  --host HOST            address to listen on (default 127.0.0.1; 0.0.0.0 serves other hosts and containers)
  --account ID           an account that exists from the start and after every reset (repeatable)
  --strict               refuse what no documented reading allows: a missing or other contenttype, a missing or
                         out-of-range random
  --rate-limit COMMAND=N calls per second on COMMAND instead of its documented limit; 0 turns its limit off
                         (repeatable)
  --rate-limit N         the same for ${SHORTHAND_COMMAND}, the first endpoint under test
  --rate-limit 0         turns every limit off
  --max-body-bytes N     largest body read (default 1048576); larger ones are answered with 60002
  --log                  one line per request on standard error
  --client-report FILE   check every request against the documented contract and write FILE (JSON) and FILE's .md
                         beside it when the mock stops
  --help                 this text

environment: IM_SDKAPPID, IM_SECRET_KEY, IM_ADMIN_IDENTIFIER (the app the mock serves; defaults are printed)

control API (not part of IM; for tests):
${CONTROL_ROUTES.map((r) => `  ${r}`).join('\n')}

The first line of output is "listening on <url>". Exit status: 0 after a clean stop, 2 for a bad option.`;

const MAX_RATE = 1_000_000;

/** The --rate-limit values: `0` alone turns every limit off; `N` and `COMMAND=N` set one command's limit each. */
export function parseRateLimits(values: readonly string[]): RateLimits {
  if (values.includes('0')) {
    if (values.length > 1) throw new SettingError('--rate-limit', '0 turns every limit off and cannot be given with other limits');
    return 0;
  }
  const limits: Record<string, number> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    const name = eq < 0 ? SHORTHAND_COMMAND : v.slice(0, eq);
    if (!commands.some((c) => c.command === name)) throw new SettingError('--rate-limit', `${JSON.stringify(name)} is no command; commands: ${commands.map((c) => c.command).join(', ')}`);
    if (name in limits) throw new SettingError('--rate-limit', `${name} is given twice`);
    limits[name] = parseWholeNumber('--rate-limit', eq < 0 ? v : v.slice(eq + 1), 0, MAX_RATE);
  }
  return limits;
}

/** The limits as the startup lines tell them. */
export function describeRateLimits(limits: RateLimits | undefined): string {
  if (limits === 0) return 'off';
  const set = Object.entries(limits ?? {}).map(([name, n]) => `${name} ${n === 0 ? 'off' : `${n} per second`}`);
  return set.length ? `${set.join(', ')}, the others as documented` : 'as documented';
}

export interface MockOptions {
  port: number;
  host: string;
  accounts: string[];
  strict: boolean;
  rateLimit?: RateLimits;
  maxBodyBytes?: number;
  log: boolean;
  clientReport?: string;
}

/** Reads the options; throws SettingError naming the bad one. */
export function parseMockArgs(argv: string[]): MockOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '8787' },
        host: { type: 'string', default: '127.0.0.1' },
        account: { type: 'string', multiple: true, default: [] },
        strict: { type: 'boolean', default: false },
        'rate-limit': { type: 'string', multiple: true },
        'max-body-bytes': { type: 'string' },
        log: { type: 'boolean', default: false },
        'client-report': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new SettingError('mock', (e as Error).message);
  }
  if (values.help) return 'help';
  for (const a of values.account) {
    if (!conforms('common/account-id.schema.json', '', a)) throw new SettingError('--account', `must be an account ID of 1 to 32 bytes (got ${JSON.stringify(a)})`);
  }
  if (values.host === '') throw new SettingError('--host', 'must name an address such as 127.0.0.1 or 0.0.0.0');
  if (values['client-report'] === '') throw new SettingError('--client-report', 'must name a file');
  return {
    port: parseWholeNumber('--port', values.port, 0, 65535),
    host: values.host,
    accounts: values.account,
    strict: values.strict,
    ...(values['rate-limit'] === undefined ? {} : { rateLimit: parseRateLimits(values['rate-limit']) }),
    ...(values['max-body-bytes'] === undefined ? {} : { maxBodyBytes: parseWholeNumber('--max-body-bytes', values['max-body-bytes'], 1, 64 * 1024 * 1024) }),
    log: values.log,
    ...(values['client-report'] === undefined ? {} : { clientReport: values['client-report'] }),
  };
}

export interface ServedMock {
  sim: Simulator;
  config: MockConfig;
  /** Present when the client report is on. */
  checker?: ClientChecker;
  server: Server;
  url: string;
}

/** The simulator the options describe, served over HTTP, with the client report and the request log when asked. */
export async function serveMock(options: MockOptions, source: NodeJS.ProcessEnv = process.env, clientReport = options.clientReport !== undefined): Promise<ServedMock> {
  const config = defaultConfig({
    ...credentialsFromEnv(source),
    strict: options.strict,
    accounts: options.accounts,
    ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
  });
  const sim = new Simulator(config);
  const checker = clientReport ? new ClientChecker([config.secretKey], config.now) : undefined;
  if (checker) sim.observe((req, reply, read) => checker.observe(req, reply, read));
  if (options.log) {
    sim.observe((req, reply) => {
      const path = redact(new URL(req.url, 'http://mock.invalid').pathname, [config.secretKey]);
      console.error(`${new Date().toISOString()} ${req.method} ${path} -> ${reply.ErrorCode}${reply.ErrorCode ? ` (${reply.ErrorInfo})` : ''}`);
    });
  }
  const server = createMockServer(sim, checker ? { checker } : {});
  const url = await listen(server, options.port, options.host);
  return { sim, config, ...(checker ? { checker } : {}), server, url };
}

/** Serves until a signal or the parent's exit; resolves with the exit status. */
export async function mockMain(argv: string[]): Promise<number> {
  // Read before anything can take time: a parent gone before the server listens must still be noticed.
  const parent = process.ppid;
  let options: MockOptions;
  try {
    const parsed = parseMockArgs(argv);
    if (parsed === 'help') {
      console.log(MOCK_USAGE);
      return 0;
    }
    options = parsed;
    credentialsFromEnv();
  } catch (e) {
    if (!(e instanceof SettingError)) throw e;
    console.error(`${e.message}\n\n${MOCK_USAGE}`);
    return 2;
  }
  const opts = options;
  let served: ServedMock;
  try {
    served = await serveMock(opts);
  } catch (e) {
    console.error(`mock: cannot listen on ${opts.host}:${opts.port} (${causeOf(e)})`);
    return 2;
  }
  const { config, checker, server, url } = served;
  if (checker && opts.clientReport) {
    // Written now, so that a path that cannot be written is said at start, not lost when the mock stops.
    try {
      mkdirSync(dirname(opts.clientReport), { recursive: true });
      writeClientReport(opts.clientReport, checker.report());
    } catch (e) {
      console.error(`--client-report: cannot write ${opts.clientReport} (${causeOf(e)})`);
      server.close();
      return 2;
    }
  }
  console.log(`listening on ${url}`);
  console.log(`sdkappid ${config.sdkAppId}`);
  console.log(`admin identifier ${config.adminIdentifier}`);
  console.log(config.secretKey === DEFAULT_SECRET_KEY ? `secret key ${config.secretKey} (built-in default)` : 'secret key from IM_SECRET_KEY');
  console.log(`rate limits ${describeRateLimits(config.rateLimit)}${config.strict ? '; strict' : ''}${opts.accounts.length ? `; accounts ${opts.accounts.join(', ')}` : ''}`);
  if (opts.clientReport) console.log(`client report: ${opts.clientReport} when the mock stops`);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (why: string) => {
      if (stopping) return;
      stopping = true;
      clearInterval(watch);
      if (checker && opts.clientReport) {
        try {
          const readable = writeClientReport(opts.clientReport, checker.report());
          console.error(`mock: ${why}; client report written to ${opts.clientReport} and ${readable}`);
        } catch (e) {
          console.error(`mock: ${why}; the client report could not be written (${causeOf(e)})`);
        }
      }
      server.closeAllConnections();
      server.close(() => resolve(0));
    };
    process.once('SIGINT', () => stop('interrupted'));
    process.once('SIGTERM', () => stop('terminated'));
    // Started by npm or tsx, the mock must not outlive them: a killed parent leaves this process to init.
    const watch = setInterval(() => {
      if (process.ppid !== parent) stop('the process that started the mock exited');
    }, 500);
    watch.unref();
  });
}
