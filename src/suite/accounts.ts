/**
 * The accounts a run uses: a small, fixed set imported once before the cases and deleted after them. Request and
 * load cases share one pair (what they change on it no other case counts); each effect case gets conversations of its
 * own: no two effect cases share a pair of accounts, counting the admin and the shared pair as the partners a scenario
 * names, so no other case touches a conversation it counts, even with an effect that shows late. An account may serve
 * several effect cases, each in conversations of its own, unless a scenario reads its totals (exclusive). IDs carry
 * the run's ID, never reused: a deleted UserID cannot be imported again for three months on paid apps.
 */
import { randomBytes } from 'node:crypto';
import type { Case } from './cases.js';
import { mentioned } from './placeholders.js';
import { scenarios } from './scenarios/index.js';

/** A trial app holds 100 accounts (docs/facts/call-limits.md#trial-apps); a run never needs more than this. */
export const MAX_ACCOUNTS = 30;

export interface Pool {
  runId: string;
  /** The pair the request and load cases share, when any selected case names one. */
  shared?: { report: string; peer: string };
  /** Accounts of each effect case, by case title. */
  own: Record<string, string[]>;
  /** IDs the run never imports. */
  unknown: [string, string];
}

/** A run ID: eight characters of base36, from the time and randomness, so that IDs never repeat across runs. */
export function newRunId(nowMs: number): string {
  return `${(nowMs % 36 ** 6).toString(36).padStart(6, '0')}${randomBytes(2).readUInt16BE(0).toString(36).padStart(2, '0').slice(-2)}`;
}

/** The placeholders that name the shared pair. */
export const SHARED_NAMES = ['report', 'peer', 'reportUpper', 'peerUpper'];

/** The accounts the selected cases need. */
export function planPool(runId: string, cases: readonly Case[]): Pool {
  const id = (tag: string) => `ct${runId}_${tag}`;
  const needsShared = cases.some((c) => c.kind !== 'effect' && c.request !== undefined && [...mentioned(c.request)].some((n) => SHARED_NAMES.includes(n)));
  const own: Record<string, string[]> = {};
  const shareable: string[] = [];
  let made = 0;
  const paired = new Set<string>();
  const pair = (a: string, b: string) => (a < b ? `${a} ${b}` : `${b} ${a}`);
  // The partners as names no account has, so that a conversation with one is a pair like any other.
  const partnerNames = { admin: ['admin'], shared: ['shared report', 'shared peer'] };
  for (const c of cases.filter((x) => x.kind === 'effect')) {
    const s = scenarios[c.scenario!]!;
    const partners = (s.partners ?? []).flatMap((p) => partnerNames[p]);
    const free = (a: string, chosen: string[]) => [...chosen, ...partners].every((b) => !paired.has(pair(a, b)));
    // Greedily, the earliest accounts with none of the case's pairs taken; new ones when none is left.
    const chosen: string[] = [];
    for (const a of s.exclusive ? [] : shareable) {
      if (chosen.length === s.accounts) break;
      if (free(a, chosen)) chosen.push(a);
    }
    while (chosen.length < s.accounts) {
      const a = id(`e${made++}`);
      if (!s.exclusive) shareable.push(a);
      chosen.push(a);
    }
    for (const [i, a] of chosen.entries()) for (const b of [...chosen.slice(i + 1), ...partners]) paired.add(pair(a, b));
    own[c.title] = chosen;
  }
  const pool: Pool = { runId, own, unknown: [id('u1'), id('u2')], ...(needsShared ? { shared: { report: id('r'), peer: id('p') } } : {}) };
  const n = poolIds(pool).length;
  if (n > MAX_ACCOUNTS) throw new Error(`the selected cases need ${n} accounts; a run uses at most ${MAX_ACCOUNTS}`);
  return pool;
}

/** Every account of the pool, the ones to import. */
export function poolIds(pool: Pool): string[] {
  return [...(pool.shared ? [pool.shared.report, pool.shared.peer] : []), ...new Set(Object.values(pool.own).flat())];
}
