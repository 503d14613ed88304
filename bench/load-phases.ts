/**
 * How fast this machine sends the rate-limit cases' calls: `node --import tsx bench/load-phases.ts`.
 *
 * 1. The client's cost per call through each transport the suite has (Playwright's request context, fetch,
 *    node:http), closed loops against `im-conformance mock --rate-limit 0` in its own process: calls per second and
 *    the client's CPU milliseconds per call, which decide whether a busy runner can outpace a 200/s limit.
 * 2. The rate-limit cases themselves (`im-conformance run --clause 'admin_set_msg_read.rate-limit.*'` against the
 *    embedded mock): per case, its verdict and the rate it reached, as the report states it.
 *
 * BENCH_HOGS=N starts N busy loops beside it, as other work on a shared runner would (killed at the end);
 * BENCH_CALLS (1500) sets the calls per transport measurement.
 */
import { request as playwrightRequest } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../src/core/clock.js';
import { ROOT } from '../src/core/paths.js';
import { DEFAULT_ADMIN, DEFAULT_SDKAPPID, DEFAULT_SECRET_KEY } from '../mocks/config.js';
import { ImClient } from '../src/suite/client.js';
import { Pacer } from '../src/suite/pacer.js';
import { playwrightTransport } from '../src/suite/playwright/transport.js';
import { resolveTarget, type Target } from '../src/suite/target.js';
import { fetchTransport, nodeHttpTransport, type Transport } from '../src/suite/transport.js';
import type { ConformanceReport } from '../types/schemas.js';
import { runToEnd, startChild, stopAll, stopChild } from './children.js';

const CLI = ['--import', 'tsx', join(ROOT, 'src/cli/main.ts')];
const HOGS = Number(process.env.BENCH_HOGS ?? 0);
const CALLS = Number(process.env.BENCH_CALLS ?? 1500);
const IN_FLIGHT = [16, 64];
const RUN_TIMEOUT_MS = 5 * 60_000;

/** Calls per second and client CPU per call of `calls` unpaced calls, `inFlight` at a time. */
async function closedLoop(client: ImClient, inFlight: number, calls: number): Promise<{ perSecond: number; cpuMs: number; served: number }> {
  const body = Buffer.from(JSON.stringify({ Report_Account: 'bench_a', Peer_Account: 'bench_b' }));
  const inputs = { otherIdentifier: 'x', otherKey: 'y', garbage: 'z', random: () => Math.floor(Math.random() * 2 ** 32) };
  let next = 0;
  let served = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next++ < calls) if (((await client.call({ command: 'admin_set_msg_read', body, paced: false }, inputs)).json as { ErrorCode?: number })?.ErrorCode === 0) served++;
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { perSecond: calls / seconds, cpuMs: (cpu.user + cpu.system) / 1000 / calls, served };
}

async function transports(): Promise<void> {
  const mock = await startChild('mock', process.execPath, [...CLI, 'mock', '--port', '0', '--rate-limit', '0', '--account', 'bench_a', '--account', 'bench_b'], /listening on http:\/\/127\.0\.0\.1:(\d+)/, 60_000);
  // The mock's app, through the settings a user gives; one attempt a call, so that the figures count calls, not retries.
  const target: Target = {
    ...resolveTarget({ IM_BASE_URL: `http://127.0.0.1:${mock.port}`, IM_SDKAPPID: String(DEFAULT_SDKAPPID), IM_SECRET_KEY: DEFAULT_SECRET_KEY, IM_ADMIN_IDENTIFIER: DEFAULT_ADMIN }),
    maxAttempts: 1,
  };
  const context = await playwrightRequest.newContext();
  const lean = nodeHttpTransport();
  const kinds: Array<[string, Transport]> = [
    ['Playwright request', playwrightTransport(context)],
    ['fetch', fetchTransport],
    ['node:http', lean],
  ];
  try {
    console.log(`transport            in flight   calls/s   client CPU ms/call   (${CALLS} calls each, mock without a limit)`);
    for (const inFlight of IN_FLIGHT) {
      for (const [name, transport] of kinds) {
        const client = new ImClient(transport, target, new Pacer(target.callsPerSecond, systemClock), systemClock);
        const r = await closedLoop(client, inFlight, CALLS);
        if (r.served !== CALLS) throw new Error(`${name}: ${CALLS - r.served} calls not served`);
        console.log(`${name.padEnd(20)} ${String(inFlight).padStart(9)} ${r.perSecond.toFixed(0).padStart(9)} ${r.cpuMs.toFixed(2).padStart(20)}`);
      }
    }
  } finally {
    lean.close();
    await context.dispose();
    await stopChild(mock.proc);
  }
}

async function phases(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'im-bench-load-'));
  const { IM_BASE_URL: _u, ...env } = process.env;
  const r = await runToEnd(process.execPath, [...CLI, 'run', '--clause', 'admin_set_msg_read.rate-limit.*'], RUN_TIMEOUT_MS, { ...env, IM_REPORT_DIR: dir });
  if (r.timedOut) throw new Error(`the rate-limit cases did not end within ${RUN_TIMEOUT_MS} ms`);
  const report = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as ConformanceReport;
  console.log(`\nrate-limit cases against the embedded mock (exit ${r.code}, ${(r.ms / 1000).toFixed(1)} s, ${report.rateLimits.reduce((n, section) => n + section.calls.length, 0)} load calls):`);
  for (const x of report.results) console.log(`  ${x.verdict.padEnd(13)} ${x.title}\n                ${x.observed ?? x.reason ?? ''}`);
}

const hogs = Array.from({ length: HOGS }, () => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
try {
  console.log(`load-phases bench: ${HOGS} busy loop(s) beside it`);
  await transports();
  await phases();
} finally {
  for (const h of hogs) h.kill('SIGKILL');
  await stopAll();
}
