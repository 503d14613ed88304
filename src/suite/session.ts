/**
 * What a run does around its cases, written once for the runner and for the in-process self-tests: check that the
 * target accepts the credentials, import the accounts the selected cases need, hand the cases to an executor (the
 * runner's Playwright, or `runInOrder`), and delete the accounts afterwards.
 */
import type { CaseResult, KnownDeparture, RunSetup } from '../../types/schemas.js';
import { planPool, type Pool } from './accounts.js';
import type { Case } from './cases.js';
import type { SuiteContext } from './case-run.js';
import type { ImClient } from './client.js';
import { checkCredentials, deleteAccounts, importPool, runCase, type CredentialCheck } from './engine.js';

export interface SessionInput {
  client: ImClient;
  seed: number;
  runId: string;
  cases: readonly Case[];
  /** IM_KEEP_ACCOUNTS=1: leave the accounts for debugging. */
  keepAccounts: boolean;
  /** IM_EXPECTATIONS. */
  declared: readonly KnownDeparture[];
}

export type SessionOutcome =
  | { stopped: CredentialCheck & { ok: false } }
  | { stopped?: undefined; results: CaseResult[]; setup: RunSetup };

/** Runs a session; stops before any case when the credentials are refused or the target does not answer. */
export async function runSession(input: SessionInput, execute: (ctx: SuiteContext, pool: Pool) => Promise<CaseResult[]>): Promise<SessionOutcome> {
  const credentials = await checkCredentials(input.client, input.seed, input.cases.map((c) => c.command));
  if (!credentials.ok) return { stopped: credentials };
  const notes: string[] = [];
  const pool = planPool(input.runId, input.cases);
  const imported = await importPool(input.client, pool, input.seed);
  if (imported.refused) {
    await deleteAccounts(input.client, imported.imported, input.seed);
    return { stopped: imported.refused };
  }
  if (imported.problem) notes.push(imported.problem.reason);
  const ctx: SuiteContext = { client: input.client, seed: input.seed, pool, declared: input.declared, charged: new Map(), ...(imported.problem ? { poolProblem: imported.problem } : {}) };
  let results: CaseResult[] = [];
  let broke: unknown;
  try {
    results = await execute(ctx, pool);
  } catch (e) {
    broke = e;
  }
  // Accounts are deleted whatever became of the cases.
  const removal = input.keepAccounts ? { deleted: 0 } : await deleteAccounts(input.client, imported.imported, input.seed);
  if (broke !== undefined) throw broke;
  if (input.keepAccounts && imported.imported.length) notes.push(`IM_KEEP_ACCOUNTS=1 kept ${imported.imported.length} accounts`);
  if (removal.note) notes.push(removal.note);
  const left = input.keepAccounts || removal.deleted < imported.imported.length ? imported.imported : [];
  return {
    results,
    setup: {
      credentials: credentials.answer,
      accounts: { imported: imported.imported.length, deleted: removal.deleted, kept: input.keepAccounts, ...(left.length ? { ids: left } : {}) },
      notes,
    },
  };
}

/** Every case in turn: request and effect cases, then the load cases, which must have the target to themselves. */
export async function runInOrder(cases: readonly Case[], ctx: SuiteContext): Promise<CaseResult[]> {
  const ordered = [...cases.filter((c) => c.kind !== 'load'), ...cases.filter((c) => c.kind === 'load')];
  const results: CaseResult[] = [];
  for (const c of ordered) results.push(await runCase(c, ctx));
  return results;
}
