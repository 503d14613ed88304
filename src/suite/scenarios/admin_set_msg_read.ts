/**
 * The effect of admin_set_msg_read, observed through sendmsg and get_c2c_unread_msg_num (docs/facts/companions.md#observing-the-effect). A
 * companion that misbehaves is a precondition that did not hold, never a departure of the effect's clause; the call
 * itself refused is a departure of the clause that documents the call; effects may show late, so counts are polled.
 */
import type { CaseRun } from '../case-run.js';
import { arrived, poll, sendBatch, unread } from '../companions.js';
import { Departure, Indeterminate } from '../outcomes.js';
import type { Scenario } from '../scenario.js';

const VALID_CALL = 'admin_set_msg_read.request.valid';
const STRING_READ_TIME = 'admin_set_msg_read.request.msg-read-time.string';
/** More than a second: messages sent after it carry a later MsgTime than a call made before it. */
const NEXT_SECOND_MS = 1100;
/** How long a bystander conversation is watched after the call took effect, for a change that shows late. */
const SETTLE_MS = 3000;

/** admin_set_msg_read itself: a refusal of this valid call breaks the clause that documents the call. */
async function markRead(run: CaseRun, report: string, peer: string, msgReadTime?: string): Promise<void> {
  const body = { Report_Account: report, Peer_Account: peer, ...(msgReadTime === undefined ? {} : { MsgReadTime: msgReadTime }) };
  const env = run.envelope(await run.send({ command: 'admin_set_msg_read', body: Buffer.from(JSON.stringify(body)) }));
  if (env.ErrorCode !== 0) {
    throw new Departure(msgReadTime === undefined ? VALID_CALL : STRING_READ_TIME, `admin_set_msg_read refused a valid call with ErrorCode ${env.ErrorCode}`);
  }
}

/**
 * Marking report's conversation with peer read leaves bystander conversations alone: the other direction (peer's
 * messages from report), or the conversations next to it, report's messages from a third account and the third
 * account's messages from peer (a server that reads by sender alone reads those).
 */
function leavesUntouched(bystander: 'reverse' | 'third-account'): Scenario {
  return {
    kind: 'effect',
    accounts: bystander === 'reverse' ? 2 : 3,
    async run(run, p) {
      const n = p.messages ?? 2;
      const [report, peer, third] = run.ownAccounts() as [string, string, string];
      const pairs: Array<[from: string, to: string]> = bystander === 'reverse' ? [[report, peer]] : [[third, report], [peer, third]];
      const target0 = await unread(run, report, peer);
      const start = await Promise.all(pairs.map(([from, to]) => unread(run, to, from)));
      await sendBatch(run, peer, report, n);
      for (const [from, to] of pairs) await sendBatch(run, from, to, n);
      await arrived(run, report, peer, target0, n);
      const before: number[] = [];
      for (const [i, [from, to]] of pairs.entries()) before.push(await arrived(run, to, from, start[i]!, n));
      await markRead(run, report, peer);
      // Whether the call took effect is the marking case's to judge; here the bystanders are read once it has, and
      // again a moment later, when a change made late would show.
      await poll(run, () => unread(run, report, peer), (x) => x === 0);
      const counts = () => Promise.all(pairs.map(([from, to]) => unread(run, to, from)));
      const soon = await counts();
      await run.clock.sleep(Math.min(SETTLE_MS, run.target.pollTimeoutMs));
      const later = await counts();
      const after = pairs.map((_, i) => (soon[i] !== before[i] ? soon[i]! : later[i]!));
      const said = (xs: number[]) => pairs.map(([from, to], i) => `${to}'s unread count from ${from} ${xs[i]}`).join(', ');
      run.result.expected = said(before);
      run.result.observed = `after the call: ${said(after)}`;
      const changed = pairs.findIndex((_, i) => after[i] !== before[i]);
      if (changed >= 0) {
        const [from, to] = pairs[changed]!;
        throw new Departure(run.c.clause, `${to}'s unread count from ${from} changed from ${before[changed]} to ${after[changed]}`);
      }
    },
  };
}

export const scenarios: Record<string, Scenario> = {
  /**
   * Peer sends messages; they are unread until the call, and none are after it. Then it happens again in the same
   * conversation: the second call reads what came after the first, which a server that keeps the first read mark, or
   * that reads one message per call, does not.
   */
  'mark-read': {
    kind: 'effect',
    accounts: 2,
    async run(run, p) {
      const n = p.messages ?? 3;
      const [report, peer] = run.ownAccounts() as [string, string];
      let before = await unread(run, report, peer);
      const observed: string[] = [];
      run.result.expected = 'unread count 0 after each call';
      for (const round of ['first', 'second']) {
        // A service that keeps a read mark in whole seconds takes a message sent in the second of the call for read.
        if (round === 'second') await run.clock.sleep(NEXT_SECOND_MS);
        await sendBatch(run, peer, report, n);
        const sent = await arrived(run, report, peer, before, n);
        await markRead(run, report, peer);
        const after = await poll(run, () => unread(run, report, peer), (x) => x === 0);
        observed.push(`${round} call: unread count ${sent} before, ${after} after`);
        run.result.observed = observed.join('; ');
        if (after !== 0) throw new Departure(run.c.clause, `unread count is ${after} after the ${round} call marking the conversation read, expected 0`);
        before = after;
      }
    },
  },
  'other-direction': leavesUntouched('reverse'),
  'other-conversations': leavesUntouched('third-account'),
  /**
   * Two batches at least gapSeconds apart on the target's own clock (MsgTime), and MsgReadTime one second after the
   * first: an inclusive and an exclusive reading of "before" then agree (ledger AMB-MSGREADTIME-BOUNDARY). The second
   * batch has one message more, so that a server reading the messages after MsgReadTime instead of those before it
   * leaves another count.
   */
  'read-time-boundary': {
    kind: 'effect',
    accounts: 2,
    async run(run, p) {
      const n = p.messages ?? 2;
      const gap = p.gapSeconds ?? 2;
      const [report, peer] = run.ownAccounts() as [string, string];
      const start = await unread(run, report, peer);
      const first = await sendBatch(run, peer, report, n);
      const t1 = Math.max(...first);
      // The target's clock may differ from ours: wait on our clock by the offset its MsgTime showed.
      const offset = t1 - run.clock.now() / 1000;
      const waitMs = (t1 + gap - (run.clock.now() / 1000 + offset)) * 1000 + 150;
      if (waitMs > 0) await run.clock.sleep(waitMs);
      const firstDuplicates = run.duplicates;
      const later = n + 1;
      const second = await sendBatch(run, peer, report, later);
      if (Math.min(...second) < t1 + gap) {
        throw new Indeterminate(`the second batch has MsgTime ${Math.min(...second)}, less than ${gap} s after the first (${t1})`);
      }
      const before = await arrived(run, report, peer, start, n + later);
      await markRead(run, report, peer, String(t1 + 1));
      const after = await poll(run, () => unread(run, report, peer), (x) => x !== before);
      // Sends asked twice in the second batch may each have been stored twice; the first batch's are read anyway.
      const secondDuplicates = run.duplicates - firstDuplicates;
      run.result.expected = `MsgReadTime ${t1 + 1}: the ${n} messages at ${t1} or earlier read, the ${later} from ${Math.min(...second)} on unread`;
      run.result.observed = `unread count ${before} before the call, ${after} after`;
      if (after < start + later || after > start + later + secondDuplicates) {
        throw new Departure(run.c.clause, `unread count is ${after} after MsgReadTime between the batches, expected ${start + later}`);
      }
    },
  },
};
