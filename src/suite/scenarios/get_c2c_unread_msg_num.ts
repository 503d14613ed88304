/**
 * What get_c2c_unread_msg_num answers about counts the case itself made (docs/facts/get_c2c_unread_msg_num.md):
 * messages come through sendmsg, reads through admin_set_msg_read, both companions here. The command is the one
 * under test: its refusal of a valid call departs from the clause that documents the call. Effects may show late, so
 * counts are polled.
 */
import type { CaseRun } from '../case-run.js';
import type { Envelope } from '../checks.js';
import { countFor, countOf, poll, sendBatch, sharedPair } from '../companions.js';
import { Departure } from '../outcomes.js';
import type { Scenario } from '../scenario.js';

const VALID_CALL = 'get_c2c_unread_msg_num.request.valid';
const COUNTS = 'get_c2c_unread_msg_num.effect.counts';

/** The command under test, asked a valid question. */
async function ask(run: CaseRun, reader: string, peers?: readonly string[]): Promise<Envelope> {
  const body = { To_Account: reader, ...(peers ? { Peer_Account: peers } : {}) };
  const env = run.envelope(await run.send({ command: 'get_c2c_unread_msg_num', body: Buffer.from(JSON.stringify(body)) }));
  if (env.ErrorCode !== 0) throw new Departure(VALID_CALL, `get_c2c_unread_msg_num refused a valid call with ErrorCode ${env.ErrorCode}`);
  return env;
}

/** Each peer's count in the answer (countFor); a count that is neither an integer nor digits breaks the clause of the counts. */
async function perPeer(run: CaseRun, reader: string, peers: readonly string[]): Promise<number[]> {
  const env = await ask(run, reader, peers);
  return peers.map((peer) => {
    const n = countFor(env, peer);
    if (typeof n !== 'number') throw new Departure(COUNTS, `get_c2c_unread_msg_num gives ${peer} no count: ${JSON.stringify(n.unreadable)}`);
    return n;
  });
}

/** The reader's total, from a call without Peer_Account. */
async function total(run: CaseRun, reader: string): Promise<number | undefined> {
  return countOf((await ask(run, reader)).AllC2CUnreadMsgNum);
}

export const scenarios: Record<string, Scenario> = {
  /**
   * A shared account sends n messages to one of the case's own, whose conversation with it no other case touches: the count grows by n (up to the sends asked twice more). admin_set_msg_read then marks
   * the conversation read: the count is 0.
   */
  'get-c2c-unread-msg-num-counts': {
    kind: 'effect',
    accounts: 1,
    partners: ['shared'],
    async run(run, p) {
      const n = p.messages ?? 3;
      const [reader] = run.ownAccounts() as [string];
      const { peer } = sharedPair(run);
      const [before] = await perPeer(run, reader, [peer]);
      await sendBatch(run, peer, reader, n);
      const inRange = (x: number) => x >= before! + n && x <= before! + n + run.duplicates;
      const sent = (await poll(run, () => perPeer(run, reader, [peer]), ([x]) => inRange(x!)))[0]!;
      run.result.expected = `${before! + n} after ${n} messages, 0 once read`;
      run.result.observed = `${before} before, ${sent} after ${n} messages`;
      if (!inRange(sent)) throw new Departure(run.c.clause, `the count went from ${before} to ${sent} after ${n} messages`);
      await run.companion('admin_set_msg_read', { Report_Account: reader, Peer_Account: peer });
      const [read] = await poll(run, () => perPeer(run, reader, [peer]), ([x]) => x === 0);
      run.result.observed += `, ${read} once read`;
      if (read !== 0) throw new Departure(run.c.clause, `the count is ${read} after admin_set_msg_read marked the conversation read`);
    },
  },
  /**
   * A shared account and the admin send n and n + 1 messages to an account of the case's own, which has no other
   * conversation: its total
   * is the sum of the two counts, and grew by 2n + 1.
   */
  'get-c2c-unread-msg-num-total': {
    kind: 'effect',
    accounts: 1,
    partners: ['shared', 'admin'],
    exclusive: true,
    async run(run, p) {
      const n = p.messages ?? 2;
      const [reader] = run.ownAccounts() as [string];
      const { peer } = sharedPair(run);
      const peers = [peer, run.target.adminIdentifier];
      const start = await total(run, reader);
      await sendBatch(run, peer, reader, n);
      await sendBatch(run, run.target.adminIdentifier, reader, n + 1);
      // Counts and total read together, until the counts show every send and the total is their sum: a send asked
      // twice, or one that shows late, moves both.
      const read = async () => ({ counts: await perPeer(run, reader, peers), after: await total(run, reader) });
      const sumOf = (xs: number[]) => xs[0]! + xs[1]!;
      const { counts, after } = await poll(run, read, (x) => x.counts[0]! >= n && x.counts[1]! >= n + 1 && x.after === sumOf(x.counts));
      const sum = sumOf(counts);
      run.result.expected = `AllC2CUnreadMsgNum ${sum}, the sum of ${counts.join(' and ')}`;
      run.result.observed = `AllC2CUnreadMsgNum ${JSON.stringify(start) ?? 'absent'} before, ${JSON.stringify(after) ?? 'absent'} after; counts ${counts.join(', ')}`;
      if (after !== sum) throw new Departure(run.c.clause, `AllC2CUnreadMsgNum is ${JSON.stringify(after) ?? 'absent'}, the counts per peer add up to ${sum}`);
    },
  },
  /**
   * A peer never imported, asked beside one that sent a message: the call succeeds, ErrorList gives the missing peer
   * 70107, and the other peer is counted.
   */
  'get-c2c-unread-msg-num-unknown-peer': {
    kind: 'effect',
    accounts: 0,
    async run(run) {
      const reader = sharedPair(run).report;
      const admin = run.target.adminIdentifier;
      const missing = run.ctx.pool.unknown[0];
      await sendBatch(run, admin, reader, 1);
      const body = Buffer.from(JSON.stringify({ To_Account: reader, Peer_Account: [admin, missing] }));
      const env = run.envelope(await run.send({ command: 'get_c2c_unread_msg_num', body }));
      const errors = Array.isArray(env.ErrorList) ? (env.ErrorList as Array<Record<string, unknown>>) : [];
      const listed = errors.find((x) => x?.Peer_Account === missing);
      const counted = countFor(env, admin);
      run.result.expected = `success; ErrorList {Peer_Account: ${missing}, ErrorCode: 70107}; a count for ${admin}`;
      run.result.observed = `ErrorCode ${env.ErrorCode}, ErrorList ${JSON.stringify(env.ErrorList) ?? 'absent'}, C2CUnreadMsgNumList ${JSON.stringify(env.C2CUnreadMsgNumList) ?? 'absent'}`;
      if (env.ErrorCode !== 0) throw new Departure(run.c.clause, `a peer never imported failed the whole call with ErrorCode ${env.ErrorCode}`);
      if (listed?.ErrorCode !== 70107) throw new Departure(run.c.clause, `ErrorList gives ${missing} ${listed ? `ErrorCode ${JSON.stringify(listed.ErrorCode)}` : 'no entry'}, not 70107`);
      if (typeof counted !== 'number') throw new Departure(run.c.clause, `the existing peer ${admin} has no count beside the missing one: ${JSON.stringify(counted.unreadable)}`);
    },
  },
};
