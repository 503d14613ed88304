/**
 * `im-conformance parity REPORT`: the exchanges of a conformance run against a live app, replayed in order against the
 * mock, and every answer the mock gives differently (HTTP status, ErrorCode, key order, shape: the top-level keys and
 * their JSON types). Values and ErrorInfo wording are not compared: a run's own accounts, times and keys differ.
 *
 * The report redacts every UserSig, so each call is signed afresh with the mock's key for what the call meant: the
 * case's auth (a UserSig that is expired, of another key, identifier or SDKAppID, of the admin) on the case's own
 * command, otherwise valid for the URL. An empty or absent usersig stays so. The differences come out as draft entries
 * of spec/real-answers.json, to be checked and added as captures.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { codeSets } from '../core/spec.js';
import { craftUserSig } from '../core/usersig.js';
import { REDACTED_SIG } from '../core/redaction.js';
import { violations } from '../core/validators.js';
import { defaultConfig, DEFAULT_SECRET_KEY } from '../../mocks/config.js';
import { differences, OTHER_APP_KEY, type Difference, type RealAnswerEntry, type RealReplay } from '../../mocks/real-answers.js';
import { Simulator } from '../../mocks/simulator.js';
import { planPool, poolIds } from '../suite/accounts.js';
import { loadCases } from '../suite/cases.js';
import { userSigFor } from '../suite/usersigs.js';
import type { AuthVariant, ConformanceReport, Exchange } from '../../types/schemas.js';

export const PARITY_USAGE = `usage: im-conformance parity [--json FILE] REPORT

Replays the exchanges of REPORT (a conformance.json of a run against a live app) against the mock, in order, and
lists each answer the mock gives differently: HTTP status, ErrorCode, key order, shape (top-level keys and types).
--json FILE writes the differences, the exchanges not replayed with the reason, and draft entries for
spec/real-answers.json.

exit: 0 no differences; 1 differences; 2 bad input (no such file, not a conformance report, nothing to replay).`;

/** The aspects parity compares; ErrorInfo wording and values differ between any two apps. */
const PARITY_ASPECTS = ['status', 'code', 'key-order', 'shape'] as const;
/** What a UserSig of the suite's live app lasts; the replay's tokens last as long. */
const TOKEN_SECONDS = 300;
const TRUNCATED = /… \([0-9]+ bytes\)$/;

export interface ParityDifference {
  case: string;
  /** The exchange's position in the run: case index, exchange index. */
  at: [number, number];
  command: string;
  differences: Difference[];
}

export interface ParityResult {
  replayed: number;
  differences: ParityDifference[];
  notReplayed: Array<{ case: string; at: [number, number]; command: string; why: string }>;
  captures: RealAnswerEntry[];
}

/** Refusals of the limits, per second or per minute: each depends on the calls before it, which a replay does not make. */
const frequencyCodes = new Set([...(codeSets.get('frequency-limit')?.codes ?? []), ...[...codeSets.values()].filter((s) => s.limit).flatMap((s) => s.codes ?? [])]);

function codeOf(body: string | undefined): number | undefined {
  try {
    const v = JSON.parse(body ?? '') as { ErrorCode?: unknown };
    return typeof v.ErrorCode === 'number' ? v.ErrorCode : undefined;
  } catch {
    return undefined;
  }
}

function keyOf(body: string | undefined): string | undefined {
  try {
    const v = JSON.parse(body ?? '') as { MsgKey?: unknown };
    return typeof v.MsgKey === 'string' && v.MsgKey !== '' ? v.MsgKey : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A request naming messages by the MsgKeys the record's sends answered, renamed to the keys the replay's sends
 * answered: a key holds the time of its send, and the replay sends later.
 */
function renamed(bytes: Uint8Array, keys: ReadonlyMap<string, string>): Uint8Array {
  if (!keys.size) return bytes;
  let text = Buffer.from(bytes).toString('utf8');
  const named = [...keys].filter(([was]) => text.includes(JSON.stringify(was)));
  if (!named.length) return bytes;
  for (const [was, now] of named) text = text.split(JSON.stringify(was)).join(JSON.stringify(now));
  return new TextEncoder().encode(text);
}

function bytesOf(excerpt: string): Uint8Array {
  return excerpt.startsWith('base64:') ? Buffer.from(excerpt.slice('base64:'.length), 'base64') : new TextEncoder().encode(excerpt);
}

/** The value that occurs most often, for the app and admin a run's URLs name. */
function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** Why an exchange cannot be replayed, or undefined when it can. */
function unreplayable(x: Exchange, intent: AuthVariant): string | undefined {
  if (x.fault !== undefined || x.status === undefined) return `no answer of the API's own (${x.fault ?? 'no status'})`;
  if (TRUNCATED.test(x.requestBody)) return 'the request body was cut at 2 KiB in the report';
  const code = codeOf(x.responseBody);
  if (code !== undefined && frequencyCodes.has(code)) return `a frequency refusal (${code}) depends on timing the report does not keep`;
  if (intent === 'garbage') return 'the UserSig was a malformed value, which the report redacts';
  return undefined;
}

/**
 * A fresh token for what the call meant, with the mock's key; null leaves usersig as the report has it (a malformed,
 * empty or absent one).
 */
function tokenFor(intent: AuthVariant, q: URLSearchParams, app: { sdkAppId: number; admin: string }, nowSeconds: number): string | null {
  if (intent === 'garbage' || intent === 'empty' || intent === 'missing') return null;
  const sdkappidText = q.get('sdkappid');
  const identifier = q.get('identifier') ?? '';
  return userSigFor(intent, {
    sdkappid: sdkappidText !== null && /^[0-9]{1,10}$/.test(sdkappidText) ? Number(sdkappidText) : app.sdkAppId,
    identifier,
    key: DEFAULT_SECRET_KEY,
    admin: { sdkappid: app.sdkAppId, identifier: app.admin },
    otherKey: OTHER_APP_KEY,
    otherIdentifier: `${identifier}_other`,
    garbage: '',
    nowSeconds,
    sign: (sdkappid, key, id) => craftUserSig(key, { identifier: id, sdkappid, time: nowSeconds, expire: TOKEN_SECONDS }),
  });
}

/** How the draft capture's replay signs: the same intent, in the record's terms where it has them. */
function signOf(intent: AuthVariant, identifier: string): RealReplay['sign'] | undefined {
  if (intent === 'for-url') return { identifier, key: 'app' };
  if (intent === 'wrong-key') return { identifier, key: 'other' };
  if (intent === 'expired') return { identifier, key: 'app', madeSecondsAgo: 86400, expire: 3600 };
  return undefined;
}

export function parity(report: ConformanceReport, nowMs = Date.now()): ParityResult {
  const urls = report.results.flatMap((r) => r.exchanges.map((x) => new URL(x.url, 'http://report.invalid').searchParams));
  const app = {
    sdkAppId: Number(mostCommon(urls.map((q) => q.get('sdkappid') ?? '').filter((s) => /^[0-9]{1,10}$/.test(s))) ?? 0),
    admin: mostCommon(urls.map((q) => q.get('identifier') ?? '').filter(Boolean)) ?? '',
  };
  const sim = new Simulator(defaultConfig({ sdkAppId: app.sdkAppId || 1, adminIdentifier: app.admin || 'administrator', rateLimit: 0, now: () => nowMs }));
  const cases = new Map(loadCases(report.seed).map((c) => [c.title, c]));
  // The run imported its accounts before the cases, outside the exchanges kept: the same seed and run ID name them.
  const ran = report.results.flatMap((r) => cases.get(r.title) ?? []);
  sim.importAccounts(poolIds(planPool(report.runId, ran)));
  const out: ParityResult = { replayed: 0, differences: [], notReplayed: [], captures: [] };
  const nowSeconds = Math.floor(nowMs / 1000);
  /** MsgKeys of the record's sends, and the keys the same sends got in the replay. */
  const keys = new Map<string, string>();
  report.results.forEach((result, i) => {
    const c = cases.get(result.title);
    result.exchanges.forEach((x, j) => {
      const at: [number, number] = [i, j];
      const intent: AuthVariant = c && c.command === x.command && c.request?.auth ? c.request.auth : 'for-url';
      const why = unreplayable(x, intent);
      if (why) {
        out.notReplayed.push({ case: result.title, at, command: x.command, why });
        return;
      }
      const url = new URL(x.url, 'http://report.invalid');
      const q = url.searchParams;
      const token = q.get('usersig') === REDACTED_SIG ? tokenFor(intent, q, app, nowSeconds) : null;
      if (token !== null) q.set('usersig', token);
      const res = sim.handle({ method: x.method, url: `${url.pathname}?${q.toString()}`, body: renamed(bytesOf(x.requestBody), keys) });
      out.replayed++;
      const [was, now] = [keyOf(x.responseBody), keyOf(Buffer.from(res.body).toString('utf8'))];
      if (was !== undefined && now !== undefined && was !== now) keys.set(was, now);
      const recorded = { status: x.status!, ...(x.responseBody === undefined ? {} : { body: x.responseBody }) };
      const found = differences(recorded, { status: res.status, body: Buffer.from(res.body).toString('utf8') }, PARITY_ASPECTS);
      if (!found.length) return;
      out.differences.push({ case: result.title, at, command: x.command, differences: found });
      out.captures.push(draftCapture(report, x, at, intent, app, sim));
    });
  });
  return out;
}

function draftCapture(report: ConformanceReport, x: Exchange, at: [number, number], intent: AuthVariant, app: { sdkAppId: number; admin: string }, sim: Simulator): RealAnswerEntry {
  const url = new URL(x.url, 'http://report.invalid');
  const q = url.searchParams;
  const sign = signOf(intent, q.get('identifier') ?? '');
  const template = new URLSearchParams();
  for (const [k, v] of q) template.set(k, k === 'usersig' && sign ? '{{usersig}}' : k === 'sdkappid' && v === String(app.sdkAppId) ? '{{sdkappid}}' : v);
  const body = x.requestBody.startsWith('base64:') ? Buffer.from(bytesOf(x.requestBody)).toString('utf8') : x.requestBody;
  const accounts = sim.snapshot().accounts.filter((a) => a !== app.admin && body.includes(JSON.stringify(a)));
  const path = url.pathname.replace(/^\//, '');
  const draft: RealAnswerEntry = {
    id: `cap-${report.runId}-${at[0]}-${at[1]}`.toLowerCase(),
    kind: 'capture',
    source: `conformance run ${report.runId} against ${report.target.host}`,
    date: report.startedAt.slice(0, 10),
    command: path,
    request: { method: x.method, query: x.url.slice(x.url.indexOf('?') + 1), body },
    answer: { status: x.status!, body: x.responseBody ?? '' },
    ...(sign
      ? {
          replay: {
            app: { sdkappid: app.sdkAppId, admin: app.admin },
            method: x.method,
            path,
            query: decodeURIComponent(template.toString()),
            sign,
            body,
            ...(accounts.length ? { accounts } : {}),
          },
        }
      : { notReconstructible: `the UserSig was ${intent}, which the record's replay does not describe` }),
  };
  return draft;
}

export function parityMain(args: string[]): number {
  if (args.includes('--help')) {
    console.log(PARITY_USAGE);
    return 0;
  }
  const jsonAt = args.indexOf('--json');
  const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
  const rest = jsonAt >= 0 ? args.filter((_, i) => i !== jsonAt && i !== jsonAt + 1) : args;
  if (rest.length !== 1 || (jsonAt >= 0 && !jsonFile)) {
    console.error(PARITY_USAGE);
    return 2;
  }
  const file = rest[0]!;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`parity: cannot read ${file} as JSON (${(e as NodeJS.ErrnoException).code ?? (e as Error).name})`);
    return 2;
  }
  const bad = violations('report/conformance-report.schema.json', value);
  if (bad.length) {
    console.error(`parity: ${file} is not a conformance report:\n  ${bad.join('\n  ')}`);
    return 2;
  }
  const result = parity(value as ConformanceReport);
  if (result.replayed === 0) {
    console.error(`parity: ${file} holds no exchange that can be replayed (${result.notReplayed.length} not replayable)`);
    return 2;
  }
  for (const d of result.differences) {
    console.log(`${d.command} in "${d.case}" (exchange ${d.at.join('.')}):`);
    for (const x of d.differences) console.log(`  ${x.what}: service ${x.recorded}; mock ${x.mock}`);
  }
  const why = new Map<string, number>();
  for (const n of result.notReplayed) why.set(n.why, (why.get(n.why) ?? 0) + 1);
  console.log(`parity: ${result.replayed} exchanges replayed, ${result.differences.length} answered differently by the mock, ${result.notReplayed.length} not replayed`);
  for (const [reason, n] of why) console.log(`  not replayed (${n}): ${reason}`);
  if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify(result, null, 2)}\n`);
  return result.differences.length ? 1 : 0;
}
