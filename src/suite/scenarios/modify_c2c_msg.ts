/**
 * The effect of modify_c2c_msg, observed through sendmsg and admin_getroammsg (docs/facts/modify_c2c_msg.md#effect).
 * Each case modifies a message it sent and found in the history, and reads the message again by the MsgKey it was
 * sent with (ledger AMB-MODIFY-KEY-KEPT), polled; a companion that misbehaves is a precondition that did not hold, and
 * the modification of that message refused is a departure of the clause that documents the call.
 */
import { answerOf, type Envelope } from '../checks.js';
import type { CaseRun } from '../case-run.js';
import { onStoredMessage, onStoredMessages, roamed, sendStored, succeeds, textOf, watched, type RoamMessage, type Stored } from '../companions.js';
import { Departure, Indeterminate } from '../outcomes.js';
import type { Scenario } from '../scenario.js';

const VALID_CALL = 'modify_c2c_msg.request.valid';

const textBody = (text: string) => [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }];
const said = (m: RoamMessage | undefined) => (m === undefined ? 'absent' : `text ${JSON.stringify(textOf(m))}, CloudCustomData ${JSON.stringify(m.CloudCustomData)}`);

/** The fields that name the message from → to the case sent. */
const named = (from: string, to: string, sent: Stored) => ({ From_Account: from, To_Account: to, MsgKey: sent.key });

/** modify_c2c_msg itself, on the message from → to the case sent, with `fields` (MsgBody, CloudCustomData or neither). */
async function modify(run: CaseRun, from: string, to: string, sent: Stored, fields: Record<string, unknown>): Promise<Envelope> {
  return run.envelope(await run.send({ command: 'modify_c2c_msg', body: Buffer.from(JSON.stringify({ ...named(from, to, sent), ...fields })) }));
}

/** A modification that must succeed: a refusal breaks the clause that documents the call. */
const modified = (run: CaseRun, from: string, to: string, sent: Stored, fields: Record<string, unknown>) => succeeds(run, 'modify_c2c_msg', { ...named(from, to, sent), ...fields }, VALID_CALL);

/** The message as the recipient's history shows it, polled until `done`. */
const seen = (run: CaseRun, from: string, to: string, sent: Stored, done: (m: RoamMessage | undefined) => boolean) => roamed(run, to, from, sent, done);

/** The message as the recipient's history shows it now, and a moment later unless it changed already. */
const watchedUnchanged = (run: CaseRun, from: string, to: string, sent: Stored, same: (m: RoamMessage | undefined) => boolean) =>
  watched(
    run,
    () => seen(run, from, to, sent, () => true),
    (m) => !same(m),
  );

/** A message sent with CloudCustomData, shown with it: a precondition of the cases that read it after a change. */
async function sendWithData(run: CaseRun, from: string, to: string): Promise<Stored & { data: string }> {
  const data = run.faker.string.alphanumeric(16);
  const sent = await sendStored(run, from, to, { CloudCustomData: data });
  const m = await seen(run, from, to, sent, (x) => x?.CloudCustomData === data);
  if (m?.CloudCustomData !== data) throw new Indeterminate(`precondition did not hold: the history shows a message sent with CloudCustomData as ${said(m)}`);
  return { ...sent, data };
}

/**
 * One field sent alone: the history then shows it changed under the same MsgKey, and the other field as it was. The
 * message carries CloudCustomData from the start, so that a server dropping the field the call leaves out shows it.
 */
function oneField(field: 'MsgBody' | 'CloudCustomData'): Scenario {
  return {
    kind: 'effect',
    accounts: 2,
    async run(run) {
      const [sender, recipient] = run.ownAccounts() as [string, string];
      const sent = await sendWithData(run, sender, recipient);
      const fresh = field === 'MsgBody' ? run.faker.lorem.sentence() : run.faker.string.alphanumeric(20);
      await modified(run, sender, recipient, sent, field === 'MsgBody' ? { MsgBody: textBody(fresh) } : { CloudCustomData: fresh });
      const want = field === 'MsgBody' ? { text: fresh, data: sent.data } : { text: sent.text, data: fresh };
      const changed = (m: RoamMessage | undefined) => (field === 'MsgBody' ? textOf(m) === fresh : m?.CloudCustomData === fresh);
      const m = await seen(run, sender, recipient, sent, changed);
      run.result.expected = `MsgKey ${sent.key} with text ${JSON.stringify(want.text)}, CloudCustomData ${JSON.stringify(want.data)}`;
      run.result.observed = said(m);
      if (m === undefined) throw new Departure(run.c.clause, `after the call the history has no message under MsgKey ${sent.key}`);
      if (textOf(m) !== want.text || m.CloudCustomData !== want.data) throw new Departure(run.c.clause, `after ${field} alone the history shows ${said(m)}`);
    },
  };
}

/** Sends one message and runs `then` on it, recording the answer of the call it makes and what the history shows after. */
function recorded(then: (run: CaseRun, sender: string, recipient: string, sent: Stored) => Promise<Envelope>): Scenario {
  return onStoredMessage(async (run, sender, recipient, sent) => {
    const env = await then(run, sender, recipient, sent);
    run.result.answer = answerOf(env);
    const m = await watchedUnchanged(run, sender, recipient, sent, (x) => textOf(x) === sent.text);
    run.result.expected = 'open: the answer and the message afterwards, recorded';
    run.result.observed = `${answerOf(env)}; the message afterwards: ${said(m)}, MsgFlagBits ${JSON.stringify(m?.MsgFlagBits)}`;
  });
}

/** MsgBody and CloudCustomData of other JSON types, each sent alone. */
const WRONG_TYPES: Array<Record<string, unknown>> = [{ MsgBody: 'text' }, { MsgBody: { MsgType: 'TIMTextElem', MsgContent: { Text: 'text' } } }, { CloudCustomData: 42 }];

export const scenarios: Record<string, Scenario> = {
  'modify-c2c-msg-modify': onStoredMessage(async (run, sender, recipient, sent) => {
    run.result.expected = 'the modification of a message just sent succeeds';
    run.result.observed = answerOf(await succeeds(run, 'modify_c2c_msg', { ...named(sender, recipient, sent), MsgBody: textBody(run.faker.lorem.sentence()) }, run.c.clause));
  }),
  'modify-c2c-msg-body': oneField('MsgBody'),
  'modify-c2c-msg-custom-data': oneField('CloudCustomData'),
  /** Two messages, the earlier one modified: a server that modifies the latest message of the conversation changes the other. */
  'modify-c2c-msg-other-message': onStoredMessages(2, async (run, sender, recipient, sent) => {
    const [target, other] = sent as [Stored, Stored];
    const fresh = run.faker.lorem.sentence();
    await modified(run, sender, recipient, target, { MsgBody: textBody(fresh) });
    const t = await seen(run, sender, recipient, target, (x) => textOf(x) === fresh);
    if (textOf(t) !== fresh) throw new Indeterminate(`precondition did not hold: the modified message shows ${said(t)}`);
    const m = await watchedUnchanged(run, sender, recipient, other, (x) => textOf(x) === other.text);
    run.result.expected = `the other message (MsgKey ${other.key}) with its text ${JSON.stringify(other.text)}`;
    run.result.observed = `the other message: ${said(m)}`;
    if (textOf(m) !== other.text) throw new Departure(run.c.clause, `modifying one message left the other message of the conversation ${said(m)}`);
  }),
  'modify-c2c-msg-content-types': {
    kind: 'effect',
    accounts: 2,
    async run(run) {
      const [sender, recipient] = run.ownAccounts() as [string, string];
      const sent = await sendWithData(run, sender, recipient);
      const answers: string[] = [];
      run.result.expected = 'each call refused or the field ignored, the message as it was';
      for (const fields of WRONG_TYPES) {
        const env = await modify(run, sender, recipient, sent, fields);
        answers.push(`${JSON.stringify(fields)}: ${answerOf(env)}`);
        run.result.observed = answers.join('; ');
      }
      // The page types both fields but gives no code for another type, and both are optional: a server may refuse the
      // call or ignore the field, as an optional field of another type may be on sendmsg (ledger
      // AMB-SENDMSG-OPTIONAL-TYPES). The answers are recorded; what every reading gives is the message as it was.
      const same = (x: RoamMessage | undefined) => textOf(x) === sent.text && x?.CloudCustomData === sent.data;
      const m = await watchedUnchanged(run, sender, recipient, sent, same);
      run.result.observed = `${answers.join('; ')}; the message afterwards: ${said(m)}`;
      if (!same(m)) throw new Departure(run.c.clause, `calls with a field of another type left the message ${said(m)}`);
    },
  },
  'modify-c2c-msg-neither': recorded((run, sender, recipient, sent) => modify(run, sender, recipient, sent, {})),
  /** Recalled through admin_msgwithdraw, here a companion, then given a new text. */
  'modify-c2c-msg-recalled': recorded(async (run, sender, recipient, sent) => {
    await run.companion('admin_msgwithdraw', { From_Account: sender, To_Account: recipient, MsgKey: sent.key });
    return modify(run, sender, recipient, sent, { MsgBody: textBody(run.faker.lorem.sentence()) });
  }),
};
