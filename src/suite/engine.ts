/**
 * Runs cases against a target through a client, and nothing else: the same code serves Playwright's tests, the
 * runner's setup around them, and the self-tests that run every case in-process against the simulator. Each case ends
 * in a result with its verdict decided here, once.
 */
import type { CaseResult } from '../../types/schemas.js';
import { catalogued, commandsUnderTest } from '../core/spec.js';
import { UINT32_MAX } from '../core/validators.js';
import { poolIds, type Pool } from './accounts.js';
import { fakerFor, type Case } from './cases.js';
import { CaseRun, type PoolProblem, type SuiteContext } from './case-run.js';
import { acceptedCodes, answerOf, EVERY_ANSWER, inWords, unmet } from './checks.js';
import { errorCodeOf, PLAIN_BODY, type AuthInputs, type ImClient } from './client.js';
import { Departure, Indeterminate, NotApplicable } from './outcomes.js';
import { fill, mentioned, MissingValue } from './placeholders.js';
import { scenarios } from './scenarios/index.js';

export type { SuiteContext } from './case-run.js';

/**
 * Runs one case; a bug of the harness itself rejects, so that it is never mistaken for a verdict. A departure that
 * IM_EXPECTATIONS declares is known: a declared break of a rule checked on every answer lets the case go on to judge
 * its own clause; a declared break of its own clause ends it as known.
 */
export async function runCase(c: Case, ctx: SuiteContext): Promise<CaseResult> {
  const run = new CaseRun(c, ctx, fakerFor(ctx.seed, c.title));
  const r = run.result;
  const started = run.clock.now();
  try {
    if (c.scenario !== undefined) await scenarios[c.scenario]!.run(run, c.params ?? {});
    else await requestCase(run);
    r.verdict = c.strength === 'open' ? 'observed' : 'pass';
  } catch (e) {
    if (e instanceof Departure) {
      r.reason = e.clause === c.clause ? e.message : `[${e.clause}] ${e.message}`;
      if (run.declared(e.clause)) r.verdict = 'known';
      else {
        r.verdict = 'fail';
        r.violated = [e.clause];
        if (EVERY_ANSWER.has(e.clause) && !ctx.charged.has(e.clause)) ctx.charged.set(e.clause, c.title);
      }
    } else if (e instanceof Indeterminate) {
      r.verdict = 'indeterminate';
      r.reason = e.message;
    } else if (e instanceof NotApplicable || e instanceof MissingValue) {
      r.verdict = 'skip';
      r.reason = e.message;
    } else throw e;
  }
  r.durationMs = Math.max(0, run.clock.now() - started);
  if (run.chargedElsewhere.size) r.chargedElsewhere = [...run.chargedElsewhere].map(([clause, title]) => ({ clause, title }));
  if (run.knownBroken.size) {
    r.knownViolated = [...run.knownBroken.keys()];
    r.known = [...new Set(run.knownBroken.values())].join('; ');
    if (r.verdict === 'pass' || r.verdict === 'observed') r.verdict = 'known';
  }
  return r;
}

/** A request case: the call (repeated if asked), the envelope, then the expectation. */
async function requestCase(run: CaseRun): Promise<void> {
  const { c } = run;
  const req = c.request!;
  const values = run.values(mentioned(req));
  let body: Buffer;
  if (req.body !== undefined) {
    body = Buffer.from(JSON.stringify(fill(req.body, values)));
    // The cut is a percentage drawn when the case was generated; a JSON object cut short never parses.
    if (typeof req.truncate === 'number') body = body.subarray(0, Math.min(body.length - 1, Math.max(1, Math.floor((body.length * req.truncate) / 100))));
  } else if (req.raw !== undefined) body = Buffer.from(fill(req.raw, values) as string, 'utf8');
  else body = Buffer.from(req.rawBase64 ?? '', 'base64');
  const query = req.query ? (fill(req.query, values) as Record<string, string | null>) : undefined;
  const expect = c.expect;
  const accepted = expect?.outcome === 'error' ? acceptedCodes(expect.codes!, run.target) : undefined;
  run.result.expected = `HTTP 200 with a well-formed envelope; ${!expect ? 'open: any answer, recorded' : expect.outcome === 'ok' ? 'ActionStatus OK, ErrorCode 0' : `ActionStatus FAIL, ${inWords(accepted!)}`}`;
  const answers: string[] = [];
  for (let i = 0; i < (req.repeat ?? 1); i++) {
    const r = await run.send({ command: c.command, method: req.method ?? 'POST', auth: req.auth ?? 'for-url', ...(query ? { query } : {}), body });
    const env = run.envelope(r);
    answers.push(answerOf(env));
    run.result.answer = answerOf(env);
    run.result.observed = answers.join(', then ');
    if (expect?.outcome === 'ok' && env.ErrorCode !== 0) throw new Departure(c.clause, `expected success, got ErrorCode ${env.ErrorCode}`);
    const missed = expect?.outcome === 'error' ? unmet(accepted!, env.ErrorCode) : undefined;
    if (missed) throw new Departure(c.clause, missed);
  }
}

/** Inputs for the calls the runner makes around the cases. */
function setupInputs(seed: number): AuthInputs {
  const f = fakerFor(seed, 'setup');
  return { otherIdentifier: 'x', otherKey: 'x', garbage: 'x', random: () => f.number.int({ min: 0, max: UINT32_MAX }) };
}

export type CredentialRefusal = { ok: false; refused: true; code: number; meaning: string; setting: string };
export type CredentialCheck = { ok: true; answer: string } | CredentialRefusal | { ok: false; refused: false; fault: string };

/** The refusal an ErrorCode means for the run's credentials, if it means one. */
function refusal(json: unknown): CredentialRefusal | undefined {
  const code = errorCodeOf(json);
  const entry = typeof code === 'number' ? catalogued(code) : undefined;
  return entry?.refusesCredentials ? { ok: false, refused: true, code: entry.code, meaning: entry.meaning, setting: entry.refusesCredentials } : undefined;
}

/**
 * The command the credential check calls: the first by name of the commands under test that the run's cases are
 * about, or, when they are about none, the first command under test by name. Never the order of spec/commands' files.
 */
export function credentialCommand(commands: Iterable<string>): string {
  const names = commandsUnderTest();
  const about = new Set(commands);
  const name = names.find((n) => about.has(n)) ?? names[0];
  if (name === undefined) throw new Error('spec/commands describes no command under test (role endpoint)');
  return name;
}

/**
 * Whether the target accepts the run's credentials, before any case: a command under test called with an empty body
 * answers a body error when they hold, and a UserSig, app or permission error when they do not.
 */
export async function checkCredentials(client: ImClient, seed: number, commands: Iterable<string> = []): Promise<CredentialCheck> {
  const r = await client.call({ command: credentialCommand(commands), body: PLAIN_BODY }, setupInputs(seed));
  if (r.fault) return { ok: false, refused: false, fault: r.fault };
  const code = errorCodeOf(r.json);
  return refusal(r.json) ?? { ok: true, answer: typeof code === 'number' ? `ErrorCode ${code} to an empty body` : `HTTP ${r.status}` };
}

export interface PoolImport {
  imported: string[];
  problem?: PoolProblem;
  /** A target that reads the body before the caller's rights refuses a non-admin identifier only here. */
  refused?: CredentialRefusal;
}

const POLL_MS = 250;

/**
 * Imports the pool's accounts with account_import, stopping at the first that does not go through, then waits, within
 * the target's poll timeout, until account_check says every one exists: a service may show an import late.
 */
export async function importPool(client: ImClient, pool: Pool, seed: number): Promise<PoolImport> {
  const imported: string[] = [];
  const inputs = setupInputs(seed);
  for (const id of poolIds(pool)) {
    const r = await client.call({ command: 'account_import', body: Buffer.from(JSON.stringify({ UserID: id })) }, inputs);
    const code = errorCodeOf(r.json);
    if (r.fault) return { imported, problem: { verdict: 'indeterminate', reason: `the run's accounts could not be imported: account_import: ${r.fault}` } };
    if (r.status === 404 || code === 60009) return { imported, problem: { verdict: 'skip', reason: 'the target does not offer account_import, so the cases that need accounts cannot run' } };
    const refused = refusal(r.json);
    if (refused) return { imported, refused };
    if (r.status !== 200 || code !== 0) {
      return { imported, problem: { verdict: 'indeterminate', reason: `precondition did not hold: account_import refused a valid call (${r.status === 200 ? `ErrorCode ${String(code)}` : `HTTP ${r.status}`})` } };
    }
    imported.push(id);
  }
  const deadline = client.clock.now() + client.target.pollTimeoutMs;
  for (;;) {
    const missing = await notYetImported(client, imported, inputs);
    if (missing.length === 0) return { imported };
    if (client.clock.now() >= deadline) {
      return { imported, problem: { verdict: 'indeterminate', reason: `precondition did not hold: ${missing.length} imported accounts did not show in account_check within ${client.target.pollTimeoutMs} ms` } };
    }
    await client.clock.sleep(POLL_MS);
  }
}

/** The accounts account_check does not yet call Imported; none when the target offers no account_check to ask. */
async function notYetImported(client: ImClient, ids: readonly string[], inputs: AuthInputs): Promise<string[]> {
  if (ids.length === 0) return [];
  const r = await client.call({ command: 'account_check', body: Buffer.from(JSON.stringify({ CheckItem: ids.map((UserID) => ({ UserID })) })) }, inputs);
  const items = (r.json as { ErrorCode?: unknown; ResultItem?: Array<{ UserID?: unknown; AccountStatus?: unknown }> } | undefined);
  if (r.fault || r.status !== 200 || items?.ErrorCode !== 0 || !Array.isArray(items.ResultItem)) return [];
  const imported = new Set(items.ResultItem.filter((i) => i.AccountStatus === 'Imported').map((i) => i.UserID));
  return ids.filter((id) => !imported.has(id));
}

/** Deletes accounts with account_delete; a target that cannot delete gets a note, never a failure. */
export async function deleteAccounts(client: ImClient, ids: readonly string[], seed: number): Promise<{ deleted: number; note?: string }> {
  if (ids.length === 0) return { deleted: 0 };
  const r = await client.call({ command: 'account_delete', body: Buffer.from(JSON.stringify({ DeleteItem: ids.map((UserID) => ({ UserID })) })) }, setupInputs(seed));
  const json = r.json as { ErrorCode?: unknown; ResultItem?: Array<{ ResultCode?: unknown }> } | undefined;
  if (r.fault) return { deleted: 0, note: `account_delete did not answer (${r.fault}); ${ids.length} accounts are left` };
  if (r.status === 404 || json?.ErrorCode === 60009) return { deleted: 0, note: `the target does not offer account_delete; ${ids.length} accounts are left` };
  if (json?.ErrorCode !== 0) return { deleted: 0, note: `account_delete refused to delete (ErrorCode ${String(json?.ErrorCode)}); ${ids.length} accounts are left` };
  const deleted = Array.isArray(json.ResultItem) ? json.ResultItem.filter((i) => i.ResultCode === 0).length : ids.length;
  return deleted === ids.length ? { deleted } : { deleted, note: `account_delete deleted ${deleted} of ${ids.length} accounts` };
}
