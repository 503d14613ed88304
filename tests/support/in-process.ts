/**
 * The suite run in-process against a simulator: the same cases, engine, session and report as a real run, with a
 * transport that calls the simulator directly and a virtual clock shared by both sides. Each broken and faithful
 * variant runs through here in well under a second.
 */
import type { Clock } from '../../src/core/clock.js';
import { packageInfo } from '../../src/core/package.js';
import { codeSets } from '../../src/core/spec.js';
import { DEFAULT_ADMIN, DEFAULT_SDKAPPID, DEFAULT_SECRET_KEY, defaultConfig, type MockConfig } from '../../mocks/config.js';
import type { Policies } from '../../mocks/policies.js';
import { Simulator } from '../../mocks/simulator.js';
import { buildReport } from '../../src/report/build.js';
import { newRunId } from '../../src/suite/accounts.js';
import { loadCases, selectCases, type Case, type Selection } from '../../src/suite/cases.js';
import { ImClient } from '../../src/suite/client.js';
import { Pacer } from '../../src/suite/pacer.js';
import { runInOrder, runSession } from '../../src/suite/session.js';
import type { Target } from '../../src/suite/target.js';
import type { Transport, WireRequest, WireResponse } from '../../src/suite/transport.js';
import type { ConformanceReport, KnownDeparture } from '../../types/schemas.js';
import { VirtualClock } from './virtual-clock.js';

export const SEED = 20261122;

/** A transport that answers through a simulator's handle, after `latencyMs` on the clock. */
export function inProcessTransport(sim: Simulator, clock: Clock, latencyMs = 0): Transport {
  return {
    async send(r: WireRequest): Promise<WireResponse> {
      if (latencyMs) await clock.sleep(latencyMs / 2);
      const res = sim.handle({ method: r.method, url: `${r.path}?${r.query.toString()}`, body: r.body });
      if (latencyMs) await clock.sleep(latencyMs / 2);
      const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k.toLowerCase(), v]));
      return { status: res.status, headers, body: Buffer.from(res.body) };
    },
  };
}

export function targetFor(overrides: Partial<Target> = {}): Target {
  return {
    kind: 'embedded-mock',
    baseUrl: 'http://127.0.0.1:1',
    sdkAppId: DEFAULT_SDKAPPID,
    secretKey: DEFAULT_SECRET_KEY,
    adminIdentifier: DEFAULT_ADMIN,
    callsPerSecond: 150,
    rateLimitTest: true,
    frequencyCodes: codeSets.get('frequency-limit')!.codes!,
    pollTimeoutMs: 15_000,
    maxAttempts: 3,
    ...overrides,
  };
}

export interface InProcessRun {
  report: ConformanceReport;
  /** Why the run stopped before any case, when it did. */
  stopped?: string;
  sim: Simulator;
  clock: VirtualClock;
}

export interface InProcessOptions {
  config?: Partial<MockConfig>;
  policies?: (documented: Policies, config: MockConfig) => Partial<Policies>;
  /** Wraps the transport: latency, faults, anything between the suite and the simulator. */
  transport?: (inner: Transport, clock: VirtualClock) => Transport;
  latencyMs?: number;
  target?: Partial<Target>;
  selection?: Selection;
  declared?: KnownDeparture[];
  baseline?: unknown;
  /** Reuse a simulator (and its clock) from an earlier run, as a scheduled job meets the same app again. */
  reuse?: { sim: Simulator; clock: VirtualClock };
  seed?: number;
  /** How far the simulator's clock runs ahead of the suite's (behind when negative), in milliseconds. */
  clockOffsetMs?: number;
}

let allCases: Case[] | undefined;

/** One whole run, in-process, ending in the report a real run would write. */
export async function runInProcess(o: InProcessOptions = {}): Promise<InProcessRun> {
  const clock = o.reuse?.clock ?? new VirtualClock();
  const sim = o.reuse?.sim ?? new Simulator(defaultConfig({ now: o.clockOffsetMs ? () => clock.now() + o.clockOffsetMs! : clock.now, internalErrors: 'throw', ...o.config }), o.policies);
  const seed = o.seed ?? SEED;
  allCases ??= loadCases(SEED);
  const cases = selectCases(seed === SEED ? allCases : loadCases(seed), o.selection ?? {});
  const target = targetFor(o.target);
  const inner = inProcessTransport(sim, clock, o.latencyMs);
  const client = new ImClient(o.transport ? o.transport(inner, clock) : inner, target, new Pacer(target.callsPerSecond, clock), clock);
  const startedAt = new Date(clock.now());
  const runId = newRunId(clock.now());
  const enabled = target.rateLimitTest ? cases : cases.filter((c) => c.kind !== 'load');
  const outcome = await runSession({ client, seed, runId, cases: enabled, keepAccounts: false, declared: o.declared ?? [] }, (ctx) => runInOrder(enabled, ctx));
  const pkg = packageInfo();
  const base = { suite: { name: pkg.name, version: pkg.version }, target: { kind: target.kind, host: 'in-process' }, seed, runId, frequencyCodes: target.frequencyCodes, declared: o.declared ?? [], ...(o.baseline === undefined ? {} : { baseline: o.baseline }) };
  if (outcome.stopped) {
    const why = outcome.stopped.refused ? `credentials refused with ${outcome.stopped.code}` : outcome.stopped.fault;
    const report = buildReport({ ...base, startedAt, finishedAt: new Date(clock.now()), results: [], setup: { notes: [why] } });
    return { report, stopped: why, sim, clock };
  }
  const report = buildReport({ ...base, startedAt, finishedAt: new Date(clock.now()), results: outcome.results, setup: outcome.setup });
  return { report, sim, clock };
}
