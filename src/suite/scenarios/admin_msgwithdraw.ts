/**
 * The effect of admin_msgwithdraw, observed through sendmsg and admin_getroammsg (docs/facts/admin_msgwithdraw.md#effect).
 * Each case recalls a message it sent and found in the history; a companion that misbehaves is a precondition that
 * did not hold, the recall of that message refused is a departure of the clause that documents the call, and what a
 * recall changes is read in the history, polled, by MsgKey.
 */
import { answerOf, type Envelope } from '../checks.js';
import type { CaseRun } from '../case-run.js';
import { onStoredMessage, onStoredMessages, roamed, succeeds, watched, type RoamMessage, type Stored } from '../companions.js';
import { Departure, Indeterminate } from '../outcomes.js';
import type { Scenario } from '../scenario.js';

const VALID_CALL = 'admin_msgwithdraw.request.valid';
/** The current error list's code for a message already recalled (ledger DOC-WITHDRAW-CODES). */
const ALREADY_RECALLED = 20023;
/**
 * The older list has neither 20022 nor 20023: the one code it gives for a MsgKey that names nothing it can recall is
 * 90054, so a server of that list answers a second recall with it (ledger DOC-WITHDRAW-CODES).
 */
const OLDER_LIST_KEY_UNUSABLE = 90054;
const CURRENT_LIST_NOT_FOUND = 20022;
/** MsgFlagBits of a message as sent, and of one recalled (https://cloud.tencent.com/document/product/598/42794). */
const NORMAL = 0;
const RECALLED = 8;

const flagOf = (m: RoamMessage | undefined) => (m === undefined ? 'absent' : `MsgFlagBits ${JSON.stringify(m.MsgFlagBits)}`);

/** admin_msgwithdraw itself: its envelope, and whether an attempt before the answered one may have taken effect. */
async function withdraw(run: CaseRun, from: string, to: string, key: string): Promise<{ env: Envelope; retried: boolean }> {
  const r = await run.send({
    command: 'admin_msgwithdraw',
    body: Buffer.from(JSON.stringify({ From_Account: from, To_Account: to, MsgKey: key })),
  });
  return { env: run.envelope(r), retried: r.unconfirmed > 0 };
}

/**
 * The recall of a message the case sent, which must succeed: a refusal breaks the clause that documents the call,
 * unless an attempt whose answer was lost already recalled it.
 */
async function recall(run: CaseRun, from: string, to: string, sent: Stored): Promise<void> {
  const { env, retried } = await withdraw(run, from, to, sent.key);
  if (env.ErrorCode === 0) return;
  if (retried && (env.ErrorCode === ALREADY_RECALLED || env.ErrorCode === OLDER_LIST_KEY_UNUSABLE)) return;
  throw new Departure(VALID_CALL, `admin_msgwithdraw refused the recall of a message just sent with ErrorCode ${env.ErrorCode}`);
}

/** Waits until the recipient's history shows the message recalled, a precondition of the cases that go on from there. */
async function flagged(run: CaseRun, from: string, to: string, sent: Stored): Promise<void> {
  const m = await roamed(run, to, from, sent, (x) => x?.MsgFlagBits === RECALLED);
  if (m?.MsgFlagBits !== RECALLED) throw new Indeterminate(`precondition did not hold: after the recall, ${to}'s history shows the message ${flagOf(m)}`);
}

export const scenarios: Record<string, Scenario> = {
  'admin-msgwithdraw-recall': onStoredMessage(async (run, sender, recipient, sent) => {
    run.result.expected = 'the recall of a message just sent succeeds';
    run.result.observed = answerOf(await succeeds(run, 'admin_msgwithdraw', { From_Account: sender, To_Account: recipient, MsgKey: sent.key }, run.c.clause));
  }),
  /** Sent with SyncOtherMachine 1, so that the sender's history holds the message too, then recalled. */
  'admin-msgwithdraw-flagged': onStoredMessage(
    async (run, sender, recipient, sent) => {
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
    { SyncOtherMachine: 1 },
  ),
  'admin-msgwithdraw-twice': onStoredMessage(async (run, sender, recipient, sent) => {
    await recall(run, sender, recipient, sent);
    await flagged(run, sender, recipient, sent);
    const { env } = await withdraw(run, sender, recipient, sent.key);
    run.result.expected = `the second recall fails with ${ALREADY_RECALLED}, or with ${OLDER_LIST_KEY_UNUSABLE} from a server of the older list (one that answers a MsgKey of no message with ${OLDER_LIST_KEY_UNUSABLE}, not ${CURRENT_LIST_NOT_FOUND})`;
    run.result.observed = `second recall: ${answerOf(env)}`;
    run.result.answer = answerOf(env);
    if (env.ErrorCode === OLDER_LIST_KEY_UNUSABLE) {
      // Which list the server follows shows in its answer to a well-formed MsgKey of no message in the same conversation.
      const probe = await withdraw(run, sender, recipient, `4294967295_4294967295_${sent.time - 3600}`);
      run.result.observed += `; a MsgKey of no message: ${answerOf(probe.env)}`;
      if (probe.env.ErrorCode === OLDER_LIST_KEY_UNUSABLE) return;
    }
    if (env.ErrorCode !== ALREADY_RECALLED) throw new Departure(run.c.clause, `the second recall of the message: expected ErrorCode ${ALREADY_RECALLED}, got ${answerOf(env)}`);
  }),
  /** Two messages, the earlier one recalled: a server that recalls the latest message of the conversation recalls the other. */
  'admin-msgwithdraw-other-message': onStoredMessages(2, async (run, sender, recipient, sent) => {
    const [target, other] = sent as [Stored, Stored];
    await recall(run, sender, recipient, target);
    await flagged(run, sender, recipient, target);
    const m = await watched(
      run,
      () => roamed(run, recipient, sender, other, () => true),
      (x) => x?.MsgFlagBits !== NORMAL,
    );
    run.result.expected = `the other message (MsgKey ${other.key}) with MsgFlagBits ${NORMAL}`;
    run.result.observed = `the other message: ${flagOf(m)}`;
    if (m?.MsgFlagBits !== NORMAL) throw new Departure(run.c.clause, `recalling one message left the other message of the conversation ${flagOf(m)}`);
  }),
  /**
   * A message from sender to recipient, recalled by its MsgKey naming another existing account, the admin, as its
   * recipient: the message stays as it was. The answer is recorded (ledger AMB-WITHDRAW-OTHER-CONVERSATION). No
   * message goes to the admin, so no other case's conversation is touched.
   */
  'admin-msgwithdraw-other-conversation': onStoredMessage(async (run, sender, recipient, sent) => {
    const third = run.target.adminIdentifier;
    const { env } = await withdraw(run, sender, third, sent.key);
    run.result.answer = answerOf(env);
    const m = await watched(
      run,
      () => roamed(run, recipient, sender, sent, () => true),
      (x) => x?.MsgFlagBits !== NORMAL,
    );
    run.result.expected = `the message with MsgFlagBits ${NORMAL}; the recall's answer recorded`;
    run.result.observed = `recall naming ${third} as recipient: ${answerOf(env)}; the message: ${flagOf(m)}`;
    if (m?.MsgFlagBits !== NORMAL) throw new Departure(run.c.clause, `a recall naming another recipient left the message ${flagOf(m)}`);
  }),
};
