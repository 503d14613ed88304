/**
 * The global setup of the conformance run: the cases run here, in Playwright's main process, and each worker's test
 * asks for its own case by title and ends the way the answer says.
 *
 * Why here: Playwright ends a worker after every failed test and starts another (documented: "Workers are always
 * shutdown after a test failure"; microsoft/playwright#32803 asks for a way out and there is none). A worker that
 * loaded the engine, the schemas and the cases made a run against a server failing every case take several times as
 * long as a conformant run; a worker that only asks costs no more than Playwright itself. Request and effect cases call
 * through Playwright's request API, one context for the run; the rate-limit cases through node:http, the leanest
 * client; all at one pace shared by every test.
 */
import { request } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock } from '../../core/clock.js';
import { loadCases, type Case } from '../cases.js';
import { ImClient } from '../client.js';
import { runCase, type SuiteContext } from '../engine.js';
import { Pacer } from '../pacer.js';
import { CASE_SERVICE_VAR, casesAtOnce, readRunContext } from '../run-context.js';
import { resolveTarget } from '../target.js';
import { nodeHttpTransport, type Transport } from '../transport.js';
import { playwrightTransport } from './transport.js';

/** Where the service listens and the token a request must carry, as the tests read them from CASE_SERVICE_VAR. */
export interface CaseService {
  url: string;
  token: string;
}

/** Runs tasks with at most `limit` at a time, in the order they come. */
export function queue(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    // A task that ends hands its place to the first waiting one, so that none arriving meanwhile can take it.
    if (running < limit) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

function bodyOf(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (text += d));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const context = readRunContext(process.env);
  const target = resolveTarget(process.env, context.kind);
  const titles = new Set(context.selected.map((c) => c.title));
  const cases = new Map<string, Case>(loadCases(context.seed).filter((c) => titles.has(c.title)).map((c) => [c.title, c]));
  const api = await request.newContext();
  // The rate-limit cases must outpace a 200/s limit from a busy runner: their calls go through the leanest transport.
  const lean = nodeHttpTransport();
  const pacer = new Pacer(target.callsPerSecond, systemClock);
  const charged = new Map<string, string>();
  const suiteFor = (transport: Transport): SuiteContext => ({
    client: new ImClient(transport, target, pacer, systemClock),
    seed: context.seed,
    pool: context.pool,
    declared: context.declared,
    charged,
    ...(context.poolProblem ? { poolProblem: context.poolProblem } : {}),
  });
  const suite = suiteFor(playwrightTransport(api));
  const loadSuite = suiteFor(lean);
  const inTurn = queue(casesAtOnce(context.kind));
  // Only this run's tests may ask: the port is on loopback, and the token is in their environment only.
  const token = randomBytes(16).toString('hex');
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const c = cases.get(await bodyOf(req));
        if (req.method !== 'POST' || req.headers.authorization !== `Bearer ${token}` || !c) {
          res.writeHead(req.headers.authorization === `Bearer ${token}` ? 404 : 403).end();
          return;
        }
        const body = JSON.stringify(await inTurn(() => runCase(c, c.kind === 'load' ? loadSuite : suite)));
        res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      } catch (e) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(e instanceof Error ? (e.stack ?? e.message) : String(e));
      }
    })();
  });
  // A case may take minutes (effects polled, bursts): the test's own timeout bounds it, not the server's.
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const service: CaseService = { url: `http://127.0.0.1:${port}/`, token };
  // Playwright starts its workers after the global setup, with this process's environment.
  process.env[CASE_SERVICE_VAR] = JSON.stringify(service);
  return async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    lean.close();
    await api.dispose();
  };
}
