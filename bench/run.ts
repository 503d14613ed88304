/**
 * npm run bench: requests per second and p50/p99 latency of valid admin_set_msg_read calls, side by side against
 * (a) a bare node:http server answering the same bytes, the practical ceiling, (b) our mock, (c) Stoplight Prism
 * mocking our OpenAPI document; then the wall time of `npm run conformance` when that script exists. Loopback only,
 * every child killed at the end; last, what a failing run costs beside a conformant one (bench/failure-cost.ts).
 * Settings: BENCH_CONCURRENCY (32), BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (1).
 *
 * The measured seconds are taken in one-second slices, in rounds of one slice per target, so that background load on a
 * shared machine weighs on all three alike. Server CPU per call (from /proc, the whole process group of each child)
 * is printed beside the throughput: unlike req/s it does not depend on how the two share the machine's cores. The
 * bare/mock CPU ratio is the median of the rounds' ratios: each round compares the two under nearly the same load,
 * and a round that another job disturbed does not move the median.
 */
import { request } from 'node:http';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api } from 'tls-sig-api-v2';
import { credentialsFromEnv } from '../mocks/config.js';
import { ok } from '../mocks/reply.js';
import { ROOT } from '../src/core/paths.js';
import { OPENAPI_FILE } from '../src/generate/openapi.js';
import { runToEnd, startChild, stopAll } from './children.js';
import { FAILURE_COST_TIMEOUT_MS, measureFailureCost } from './failure-cost.js';
import { LoadSession } from './load.js';
import { groupCpuSeconds } from './proc-cpu.js';

const CONCURRENCY = wholeNumber('BENCH_CONCURRENCY', 32);
const SECONDS = wholeNumber('BENCH_SECONDS', 10);
const WARMUP_SECONDS = wholeNumber('BENCH_WARMUP_SECONDS', 1);
const SLICE_MS = 1000;
/** After the loops resume, before a slice counts: the connections are open, only the pipeline refills. */
const SETTLE_MS = 200;
/** Before each round: quiet, so that no target's slice begins while another still works off its own (warm-up too). */
const ROUND_GAP_MS = 500;
const START_TIMEOUT_MS = 60_000;
const CONFORMANCE_TIMEOUT_MS = 10 * 60_000;
/** Nothing here may run unbounded: past this the run stops, children included. */
const RUN_DEADLINE_MS = 3 * 60_000 + CONFORMANCE_TIMEOUT_MS + FAILURE_COST_TIMEOUT_MS;

const READY = /listening on http:\/\/127\.0\.0\.1:(\d+)/;
const ENDPOINT = '/v4/openim/admin_set_msg_read';
const REPORT = 'bench_report';
const PEER = 'bench_peer';

function wholeNumber(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  if (!/^[1-9][0-9]*$/.test(v)) throw new Error(`${name} must be a positive whole number, not ${v}`);
  return Number(v);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

function postOnce(port: number, path: string, body: string): Promise<{ status?: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path, headers: { 'content-type': 'application/json' }, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.setTimeout(10_000, () => req.destroy(new Error('no answer in 10 s')));
    req.on('error', reject);
    req.end(body);
  });
}

/** The success shape of the doc's sample response: ActionStatus OK and ErrorCode 0. */
function isSuccess(text: string): boolean {
  try {
    const b = JSON.parse(text) as { ActionStatus?: unknown; ErrorCode?: unknown };
    return b.ActionStatus === 'OK' && b.ErrorCode === 0;
  } catch {
    return false;
  }
}

/** The middle value (the mean of the two middle ones for an even count); NaN when there is none. */
function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

async function main() {
  const creds = credentialsFromEnv();
  const usersig = new Api(creds.sdkAppId, creds.secretKey).genUserSig(creds.adminIdentifier, 86_400);
  const query = `?sdkappid=${creds.sdkAppId}&identifier=${encodeURIComponent(creds.adminIdentifier)}&usersig=${usersig}&random=12345678&contenttype=json`;
  const body = Buffer.from(JSON.stringify({ Report_Account: REPORT, Peer_Account: PEER }));
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
  const prism = join(ROOT, 'node_modules', '.bin', 'prism');
  const prismVersion = (JSON.parse(readFileSync(join(ROOT, 'node_modules/@stoplight/prism-cli/package.json'), 'utf8')) as { version: string }).version;

  console.log(
    `bench: ${CONCURRENCY} concurrent keep-alive connections per target; ${WARMUP_SECONDS} s warm-up, then ${SECONDS} s measured in ${SLICE_MS / 1000} s slices taken in turn`,
  );
  const prismPort = await freePort();
  const [bare, mock, prismChild] = await Promise.all([
    startChild('bare node:http', tsx, ['bench/bare-server.ts'], READY, START_TIMEOUT_MS, { ...process.env, BENCH_BODY: JSON.stringify(ok()) }),
    // The client report on, as an SDK author runs it: every request is checked as it arrives.
    startChild('mock', 'npm', ['run', '-s', 'mock', '--', '--port', '0', '--rate-limit', '0', '--client-report', join(mkdtempSync(join(tmpdir(), 'im-bench-')), 'client-report.json')], READY, START_TIMEOUT_MS),
    startChild(`prism ${prismVersion}`, prism, ['mock', OPENAPI_FILE, '-p', String(prismPort), '-h', '127.0.0.1'], READY, START_TIMEOUT_MS),
  ]);

  // The mock answers 90008/90003 for accounts never imported.
  for (const id of [REPORT, PEER]) {
    const r = await postOnce(mock.port, `/v4/im_open_login_svc/account_import${query}`, JSON.stringify({ UserID: id }));
    if (!isSuccess(r.text)) throw new Error(`account_import ${id} on the mock failed: ${r.status} ${r.text}`);
  }

  const targets = [
    { child: bare, label: '(a) bare node:http' },
    { child: mock, label: '(b) mock' },
    { child: prismChild, label: `(c) prism ${prismVersion}` },
  ].map((t) => ({ ...t, session: new LoadSession({ port: t.child.port, path: `${ENDPOINT}${query}`, body, accept: isSuccess }, CONCURRENCY), serverCpu: 0, perRound: [] as number[] }));
  for (const t of targets) {
    const probe = await postOnce(t.child.port, `${ENDPOINT}${query}`, body.toString());
    if (probe.status !== 200 || !isSuccess(probe.text)) throw new Error(`${t.label} does not answer the valid call with success: ${probe.status} ${probe.text}`);
    await t.session.warmUp(WARMUP_SECONDS * 1000);
  }
  const rounds = Math.max(1, Math.round((SECONDS * 1000) / SLICE_MS));
  process.stdout.write(`measuring ${rounds} rounds `);
  const [bareTarget, mockTarget, prismTarget] = targets as [(typeof targets)[0], (typeof targets)[0], (typeof targets)[0]];
  for (let round = 0; round < rounds; round++) {
    process.stdout.write('.');
    // The bare server and the mock, whose CPU per call is compared, follow each other, each first in every other round;
    // Prism, far dearer, comes last and is followed by a pause, so that the work it still does after its slice falls on
    // neither of them.
    const order = round % 2 ? [mockTarget, bareTarget, prismTarget] : [bareTarget, mockTarget, prismTarget];
    await sleep(ROUND_GAP_MS);
    for (const t of order) {
      const cpu0 = groupCpuSeconds(t.child.proc.pid);
      const calls = await t.session.slice(SLICE_MS, SETTLE_MS);
      const cpu1 = groupCpuSeconds(t.child.proc.pid);
      const cpu = cpu0 === undefined || cpu1 === undefined ? Number.NaN : cpu1 - cpu0;
      t.serverCpu += cpu;
      t.perRound.push(calls ? cpu / calls : Number.NaN);
    }
  }
  console.log(' done');
  const results = targets.map((t) => {
    t.session.close();
    const r = t.session.result();
    return { label: t.label, r, serverCpuUs: (t.serverCpu / Math.max(1, r.ok)) * 1e6, perRound: t.perRound };
  });
  await stopAll();

  console.log('');
  const head = ['target'.padEnd(22), 'req/s'.padStart(8), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'ok'.padStart(8), 'bad'.padStart(5), 'errors'.padStart(7), 'server CPU/call'.padStart(16), 'client CPU'.padStart(11)];
  console.log(head.join(''));
  for (const { label, r, serverCpuUs } of results) {
    console.log(
      [
        label.padEnd(22),
        fmt(r.rps).padStart(8),
        fmt(r.p50Ms, 2).padStart(8),
        fmt(r.p99Ms, 2).padStart(8),
        String(r.ok).padStart(8),
        String(r.bad).padStart(5),
        String(r.errors).padStart(7),
        `${fmt(serverCpuUs)} us`.padStart(16),
        `${fmt(r.clientCpuPercent)}%`.padStart(11),
      ].join(''),
    );
    if (r.sample) console.log(`${''.padEnd(22)}first miss: ${r.sample}`);
  }
  const [a, b, c] = results as [(typeof results)[0], (typeof results)[0], (typeof results)[0]];
  console.log('');
  const goal = (name: string, ratio: number, want: number, note: string) =>
    console.log(`${name.padEnd(22)}${fmt(ratio, 2).padStart(8)}  goal >= ${want}  ${ratio >= want ? 'met   ' : 'MISSED'}  (${note})`);
  // Each round measures the targets one after the other, a second each: a round's ratio compares them under nearly the
  // same background load, and the median of the rounds' ratios is not moved by a round that another job disturbed.
  // A round without a figure (no call counted, /proc unreadable) is left out rather than spoiling the median.
  const roundRatios = a.perRound.map((bare, i) => bare / b.perRound[i]!).filter(Number.isFinite);
  const cpuRatio = median(roundRatios);
  goal('mock / bare  req/s', b.r.rps / a.r.rps, 0.5, `by server CPU per call: ${fmt(cpuRatio, 2)}`);
  goal('mock / prism req/s', b.r.rps / c.r.rps, 5, `by server CPU per call: ${fmt(c.serverCpuUs / b.serverCpuUs, 2)}`);
  goal('bare / mock CPU/call', cpuRatio, 0.9, `server CPU per valid call, bare server's over the mock's: median of ${roundRatios.length} of ${a.perRound.length} rounds; ${fmt(a.serverCpuUs / b.serverCpuUs, 2)} over the whole`);
  console.log('');
  console.log(await measureConformance());
  console.log('');
  for (const line of await measureFailureCost()) console.log(line);
}

/** Wall time of `npm run conformance`, or why it was not measured. */
async function measureConformance(): Promise<string> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  if (!pkg.scripts?.conformance) return 'conformance: skipped, package.json has no "conformance" script yet';
  process.stdout.write('running npm run conformance ... ');
  const r = await runToEnd('npm', ['run', 'conformance'], CONFORMANCE_TIMEOUT_MS);
  console.log('done');
  if (r.timedOut) return `conformance: skipped, did not finish within ${CONFORMANCE_TIMEOUT_MS / 1000} s`;
  const summary = /^(\d+ passed, \d+ failed[^\n]*)$/m.exec(r.output)?.[1] ?? 'no summary line';
  if (r.code !== 0) return `conformance: skipped, npm run conformance failed (exit ${r.code}; ${summary}) after ${fmt(r.ms / 1000, 1)} s`;
  return `conformance: npm run conformance took ${fmt(r.ms / 1000, 1)} s wall time (${summary})`;
}

const deadline = setTimeout(() => {
  console.error(`bench: gave up after ${RUN_DEADLINE_MS / 1000} s`);
  void stopAll().finally(() => process.exit(1));
}, RUN_DEADLINE_MS);
deadline.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stopAll().finally(() => process.exit(130)));

main()
  .then(() => stopAll())
  .catch(async (e: unknown) => {
    console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
    await stopAll();
    process.exitCode = 1;
  });
