/**
 * What failures cost: the wall time of a whole `im-conformance run` against a conformant server and against one that
 * fails nearly every case, both served the same way (the simulator over HTTP on loopback, from this process), and their
 * ratio. Playwright ends a worker after every failed test, so a run's failures must not cost more than its passes: the
 * goal is a ratio of at most 1.5.
 *
 * Runs alone with `node --import tsx bench/failure-cost.ts`, and as the last part of `npm run bench`. BENCH_FROM
 * chooses the CLI: `source` (the default) through tsx, as `npm run conformance`; `dist`, the built package (after
 * `npm run build`).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../src/core/paths.js';
import { defaultConfig } from '../mocks/config.js';
import { createMockServer, listen } from '../mocks/http-server.js';
import { Simulator } from '../mocks/simulator.js';
import type { Policies } from '../mocks/policies.js';
import type { Reply } from '../mocks/reply.js';
import { runToEnd, stopAll } from './children.js';
import { endedChildrenCpuSeconds } from './proc-cpu.js';

const RUN_TIMEOUT_MS = 10 * 60_000;
/** The longest the runs may take together. */
export const FAILURE_COST_TIMEOUT_MS = 3 * RUN_TIMEOUT_MS;
const GOAL = 1.5;
const APP = { sdkAppId: 1400054321, secretKey: 'bench-failure-cost-key-0123456789', adminIdentifier: 'bench_admin' };
const SEED = '20261122';

interface Timed {
  label: string;
  ms: number;
  /** CPU seconds of the whole run, every process it started included. */
  cpu: number | undefined;
  code: number | null;
  summary: string;
  timedOut: boolean;
}

/** The CLI as a command line: from source through tsx, or from the built package. */
function cli(): string[] {
  const from = process.env.BENCH_FROM ?? 'source';
  if (from === 'source') return ['--import', 'tsx', join(ROOT, 'src/cli/main.ts')];
  if (from !== 'dist') throw new Error(`BENCH_FROM must be source or dist, not ${from}`);
  const built = join(ROOT, 'dist/src/cli/main.js');
  if (!existsSync(built)) throw new Error('BENCH_FROM=dist needs the built package: run npm run build first');
  return [built];
}

type Customize = ConstructorParameters<typeof Simulator>[1];

/**
 * A server that fails every case: its answers leave ErrorInfo out, which the envelope rule requires, so every case
 * that reads an answer fails rest.response.envelope (the self-tests' broken variant error-info-missing).
 */
const withoutErrorInfo: Customize = (documented: Policies) => ({
  envelope: {
    render: (reply, request) => {
      const { ErrorInfo: _dropped, ...rest } = reply;
      return documented.envelope.render(rest as Reply, request);
    },
  },
});

/**
 * A server that accepts every call: each refusal is answered as a success instead, so every case that expects a
 * refusal fails its own clause, a different one for nearly every case (the worst case for a run's length: Playwright
 * replaces a worker after each failed test).
 */
const acceptingEverything: Customize = (documented: Policies) => ({
  envelope: {
    render: (reply, request) => documented.envelope.render(reply.ErrorCode === 0 ? reply : ({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' } as Reply), request),
  },
});

/** One whole run against the simulator made with `policies`, served over HTTP for the run's length. */
async function timedRun(label: string, policies: Customize): Promise<Timed> {
  const server = createMockServer(new Simulator(defaultConfig(APP), policies));
  const url = await listen(server, 0);
  const dir = mkdtempSync(join(tmpdir(), 'im-failure-cost-'));
  const { IM_BASE_URL: _u, IM_SECRET_KEY: _k, IM_EXPECTATIONS: _e, IM_BASELINE: _b, ...clean } = process.env;
  const cpu0 = endedChildrenCpuSeconds();
  try {
    const r = await runToEnd(process.execPath, [...cli(), 'run'], RUN_TIMEOUT_MS, {
      ...clean,
      CI: '',
      IM_SEED: SEED,
      IM_REPORT_DIR: dir,
      IM_BASE_URL: url,
      IM_SDKAPPID: String(APP.sdkAppId),
      IM_SECRET_KEY: APP.secretKey,
      IM_ADMIN_IDENTIFIER: APP.adminIdentifier,
    });
    const summary = /^(\d+ passed, \d+ failed[^\n]*)$/m.exec(r.output)?.[1] ?? `no summary line; last output: ${r.output.slice(-400)}`;
    const cpu1 = endedChildrenCpuSeconds();
    return { label, ms: r.ms, cpu: cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0, code: r.code, summary, timedOut: r.timedOut };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The runs, one after the other, and the lines that say what they took. */
export async function measureFailureCost(): Promise<string[]> {
  process.stdout.write('failure cost: whole runs against the conformant simulator, one whose answers leave out ErrorInfo, one that accepts every call ... ');
  const pass = await timedRun('conformant', undefined);
  const failing = [await timedRun('without ErrorInfo', withoutErrorInfo), await timedRun('accepting every call', acceptingEverything)];
  console.log('done');
  const seconds = (s: number | undefined) => (s === undefined ? '-' : `${s.toFixed(1)} s`);
  const line = (t: Timed) =>
    `  ${t.label.padEnd(24)}${seconds(t.ms / 1000).padStart(9)} wall${seconds(t.cpu).padStart(9)} CPU  exit ${t.timedOut ? `none (stopped after ${RUN_TIMEOUT_MS / 1000} s)` : t.code}  ${t.summary}`;
  const ratio = (fail: Timed) => {
    const wall = fail.ms / pass.ms;
    const cpu = fail.cpu === undefined || pass.cpu === undefined ? Number.NaN : fail.cpu / pass.cpu;
    return `  ${`${fail.label} / conformant`.padEnd(24)}${wall.toFixed(2).padStart(9)} wall${cpu.toFixed(2).padStart(9)} CPU  goal: wall <= ${GOAL}, ${wall <= GOAL ? 'met' : 'MISSED'}`;
  };
  return [line(pass), ...failing.map(line), ...failing.map(ratio)];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  measureFailureCost()
    .then((lines) => lines.forEach((l) => console.log(l)))
    .catch((e: unknown) => {
      console.error(`failure cost: ${e instanceof Error ? e.message : String(e)}`);
      process.exitCode = 1;
    })
    .finally(() => stopAll());
}
