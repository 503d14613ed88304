/**
 * The effect of admin_msgwithdraw, observed through sendmsg and admin_getroammsg (docs/facts/admin_msgwithdraw.md#effect).
 * Each case recalls a message it sent and found in the history; a companion that misbehaves is a precondition that
 * did not hold, the recall of that message refused is a departure of the clause that documents the call, and what a
 * recall changes is read in the history, polled, by MsgKey.
 */
import { answerOf, type Envelope } from '../checks.js';
import type { CaseRun } from '../case-run.js';
import { roamed, sendStored, watched, type RoamMessage, type Stored } from '../companions.js';
import { Departure, Indeterminate } from '../outcomes.js';
import type { Scenario } from '../scenario.js';

const VALID_CALL = 'admin_msgwithdraw.request.valid';
const ALREADY_RECALLED = 'withdraw-already-recalled';
/** MsgFlagBits of a message as sent, and of one recalled (https://cloud.tencent.com/document/product/598/42794). */
const NORMAL = 0;
const RECALLED = 8;

const flagOf = (m: RoamMessage | undefined) => (m === undefined ? 'absent' : `MsgFlagBits ${JSON.stringify(m.MsgFlagBits)}`);

/** admin_msgwithdraw itself: its envelope, and whether an attempt before the answered one may have taken effect. */
async function withdraw(run: CaseRun, from: string, to: string, key: string): Promise<{ env: Envelope; retried: boolean }> {
  const r = await run.send({ command: 'admin_msgwithdraw', body: Buffer.from(JSON.stringify({ From_Account: from, To_Account: to, MsgKey: key })) });
  return { env: run.envelope(r), retried: r.unconfirmed > 0 };
}

/**
 * The recall of a message the case sent, which must succeed: a refusal breaks the clause that documents the call,
 * unless an attempt whose answer was lost already recalled it.
 */
async function recall(run: CaseRun, from: string, to: string, sent: Stored): Promise<void> {
  const { env, retried } = await withdraw(run, from, to, sent.key);
  if (env.ErrorCode === 0) return;
  if (retried) {
    run.refusedWith(ALREADY_RECALLED, env, 'a recall sent again after a lost answer');
    return;
  }
  throw new Departure(VALID_CALL, `admin_msgwithdraw refused the recall of a message just sent with ErrorCode ${env.ErrorCode}`);
}

/** Waits until the recipient's history shows the message recalled, a precondition of the cases that go on from there. */
async function flagged(run: CaseRun, from: string, to: string, sent: Stored): Promise<void> {
  const m = await roamed(run, to, from, sent, (x) => x?.MsgFlagBits === RECALLED);
  if (m?.MsgFlagBits !== RECALLED) throw new Indeterminate(`precondition did not hold: after the recall, ${to}'s history shows the message ${flagOf(m)}`);
}

export const scenarios: Record<string, Scenario> = {
  'admin-msgwithdraw-recall': {
    kind: 'effect',
    accounts: 2,
    async run(run) {
      const [sender, recipient] = run.ownAccounts() as [string, string];
      const sent = await sendStored(run, sender, recipient);
      run.result.expected = 'the recall succeeds';
      const { env } = await withdraw(run, sender, recipient, sent.key);
      run.result.observed = answerOf(env);
      if (env.ErrorCode !== 0) throw new Departure(run.c.clause, `admin_msgwithdraw refused the recall of a message just sent with ErrorCode ${env.ErrorCode}`);
    },
  },
  /** Sent with SyncOtherMachine 1, so that the sender's history holds the message too, then recalled. */
  'admin-msgwithdraw-flagged': {
    kind: 'effect',
    accounts: 2,
    async run(run) {
      const [sender, recipient] = run.ownAccounts() as [string, string];
      const sent = await sendStored(run, sender, recipient, { SyncOtherMachine: 1 });
      if (!(await roamed(run, sender, recipient, sent))) throw new Indeterminate("precondition did not hold: the sender's history does not show a message sent with SyncOtherMachine 1");
      await recall(run, sender, recipient, sent);
      const sides: Array<[side: string, operator: string, peer: string]> = [
        ['recipient', recipient, sender],
        ['sender', sender, recipient],
      ];
      const seen: string[] = [];
      run.result.expected = `MsgKey ${sent.key} with MsgFlagBits ${RECALLED} in both sides' history`;
      for (const [side, operator, peer] of sides) {
        const m = await roamed(run, operator, peer, sent, (x) => x?.MsgFlagBits === RECALLED);
        seen.push(`${side}'s history: ${flagOf(m)}`);
        run.result.observed = seen.join('; ');
        if (m?.MsgFlagBits !== RECALLED) throw new Departure(run.c.clause, `after the recall the ${side}'s history shows the message ${flagOf(m)}, expected MsgFlagBits ${RECALLED}`);
      }
    },
  },
  'admin-msgwithdraw-twice': {
    kind: 'effect',
    accounts: 2,
    async run(run) {
      const [sender, recipient] = run.ownAccounts() as [string, string];
      const sent = await sendStored(run, sender, recipient);
      await recall(run, sender, recipient, sent);
      await flagged(run, sender, recipient, sent);
      const { env } = await withdraw(run, sender, recipient, sent.key);
      run.result.expected = 'the second recall fails with 20023';
      run.result.observed = `second recall: ${answerOf(env)}`;
      run.result.answer = answerOf(env);
      run.refusedWith(ALREADY_RECALLED, env, 'the second recall of the message');
    },
  },
  /** Two messages, the earlier one recalled: a server that recalls the latest message of the conversation recalls the other. */
  'admin-msgwithdraw-other-message': {
    kind: 'effect',
    accounts: 2,
    async run(run) {
      const [sender, recipient] = run.ownAccounts() as [string, string];
      const target = await sendStored(run, sender, recipient);
      const other = await sendStored(run, sender, recipient);
      await recall(run, sender, recipient, target);
      await flagged(run, sender, recipient, target);
      const m = await watched(run, () => roamed(run, recipient, sender, other, () => true), (x) => x?.MsgFlagBits !== NORMAL);
      run.result.expected = `the other message (MsgKey ${other.key}) with MsgFlagBits ${NORMAL}`;
      run.result.observed = `the other message: ${flagOf(m)}`;
      if (m?.MsgFlagBits !== NORMAL) throw new Departure(run.c.clause, `recalling one message left the other message of the conversation ${flagOf(m)}`);
    },
  },
  /**
   * A message from sender to recipient, recalled by its MsgKey naming a third account as its recipient: the message
   * stays as it was. The answer is recorded (ledger AMB-WITHDRAW-OTHER-CONVERSATION).
   */
  'admin-msgwithdraw-other-conversation': {
    kind: 'effect',
    accounts: 3,
    async run(run) {
      const [sender, recipient, third] = run.ownAccounts() as [string, string, string];
      const sent = await sendStored(run, sender, recipient);
      const { env } = await withdraw(run, sender, third, sent.key);
      run.result.answer = answerOf(env);
      const m = await watched(run, () => roamed(run, recipient, sender, sent, () => true), (x) => x?.MsgFlagBits !== NORMAL);
      run.result.expected = `the message with MsgFlagBits ${NORMAL}; the recall's answer recorded`;
      run.result.observed = `recall naming ${third} as recipient: ${answerOf(env)}; the message: ${flagOf(m)}`;
      if (m?.MsgFlagBits !== NORMAL) throw new Departure(run.c.clause, `a recall naming another recipient left the message ${flagOf(m)}`);
    },
  },
};
