/**
 * The effects of sendmsg, on a conversation of the App admin with an account of the case's own: the answer's MsgTime
 * and MsgKey, the recipient's roaming history (admin_getroammsg) and unread count (get_c2c_unread_msg_num). The
 * companions that observe may show effects late, so they are polled; sendmsg refusing a valid call departs from
 * sendmsg.request.valid.
 */
import { UINT32_MAX } from '../../core/validators.js';
import type { CaseRun } from '../case-run.js';
import { poll, roamed, succeeds, unread, unreadBeforeMarker, withAdmin, type Sent } from '../companions.js';
import { Departure, Indeterminate } from '../outcomes.js';
import type { Scenario } from '../scenario.js';

const VALID_CALL = 'sendmsg.request.valid';
/** The documented bound of a MsgKey's length. */
const MAX_KEY_CHARS = 50;

/** A text message from the admin (or, with `from` undefined, from no named sender) to the case's own account. */
async function send(run: CaseRun, to: string, fields: { from?: string | undefined; control?: string[] } = {}): Promise<Sent> {
  const random = run.faker.number.int({ min: 0, max: UINT32_MAX });
  const text = run.faker.lorem.sentence();
  const env = await succeeds(
    run,
    'sendmsg',
    {
      ...(fields.from === undefined ? {} : { From_Account: fields.from }),
      To_Account: to,
      MsgRandom: random,
      MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }],
      ...(fields.control ? { SendMsgControl: fields.control } : {}),
    },
    // Without From_Account a refusal departs from the clause that makes the admin the sender.
    fields.from === undefined ? run.c.clause : VALID_CALL,
  );
  return {
    key: typeof env.MsgKey === 'string' ? env.MsgKey : undefined,
    time: typeof env.MsgTime === 'number' ? env.MsgTime : Math.floor(run.clock.now() / 1000),
    random,
    text,
  };
}

/** A message that must add one to the recipient's unread count from the admin, sent with or without From_Account. */
function countsOne(from: 'admin' | 'absent'): Scenario {
  return {
    kind: 'effect',
    accounts: 1,
    partners: ['admin'],
    async run(run) {
      const { own, admin } = withAdmin(run);
      const before = await unread(run, own, admin);
      await send(run, own, { from: from === 'admin' ? admin : undefined });
      const after = await poll(run, () => unread(run, own, admin), (x) => x > before);
      run.result.expected = `${own}'s unread count from ${admin} one more than ${before}`;
      run.result.observed = `${after}`;
      if (after <= before) {
        throw new Departure(run.c.clause, `${own}'s unread count from ${admin} stayed ${after} after a message ${from === 'admin' ? 'from the admin' : 'sent without From_Account'}`);
      }
    },
  };
}

export const scenarios: Record<string, Scenario> = {
  'sendmsg-answer': {
    kind: 'effect',
    accounts: 1,
    partners: ['admin'],
    async run(run) {
      const { own, admin } = withAdmin(run);
      const body = { From_Account: admin, To_Account: own, MsgRandom: run.faker.number.int({ min: 0, max: UINT32_MAX }), MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: run.faker.lorem.sentence() } }] };
      const env = await succeeds(run, 'sendmsg', body, VALID_CALL);
      run.result.expected = `MsgTime a JSON integer, MsgKey a string of 1 to ${MAX_KEY_CHARS} characters`;
      run.result.observed = `MsgTime ${JSON.stringify(env.MsgTime) ?? 'absent'}, MsgKey ${JSON.stringify(env.MsgKey) ?? 'absent'}`;
      if (!Number.isSafeInteger(env.MsgTime)) throw new Departure(run.c.clause, `MsgTime is ${JSON.stringify(env.MsgTime) ?? 'absent'}, not an integer`);
      const key = env.MsgKey;
      if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_CHARS) {
        throw new Departure(run.c.clause, `MsgKey is ${JSON.stringify(key) ?? 'absent'}, not a string of 1 to ${MAX_KEY_CHARS} characters`);
      }
    },
  },
  /** The recipient's side: a sender's side may not keep it (SyncOtherMachine 2), the recipient's always does. */
  'sendmsg-roamed': {
    kind: 'effect',
    accounts: 1,
    partners: ['admin'],
    async run(run) {
      const { own, admin } = withAdmin(run);
      const sent = await send(run, own, { from: admin });
      if (sent.key === undefined) throw new Indeterminate('sendmsg answered no MsgKey to look for (its answer clause judges that)');
      const m = await roamed(run, own, admin, sent);
      run.result.expected = `${own}'s history with ${admin} holds MsgKey ${sent.key} with MsgFlagBits 0`;
      run.result.observed = m === undefined ? 'not in the history' : `MsgFlagBits ${JSON.stringify(m.MsgFlagBits) ?? 'absent'}`;
      if (m === undefined) throw new Departure(run.c.clause, `MsgKey ${sent.key} (MsgTime ${sent.time}) is not in ${own}'s roaming history with ${admin}`);
      if (m.MsgFlagBits !== 0) throw new Departure(run.c.clause, `MsgKey ${sent.key} has MsgFlagBits ${JSON.stringify(m.MsgFlagBits) ?? 'absent'}, not 0`);
    },
  },
  'sendmsg-unread': countsOne('admin'),
  'sendmsg-default-sender': countsOne('absent'),
  'sendmsg-no-unread': {
    kind: 'effect',
    accounts: 1,
    partners: ['admin'],
    async run(run) {
      const { own, admin } = withAdmin(run);
      const before = await unread(run, own, admin);
      await send(run, own, { from: admin, control: ['NoUnread'] });
      const after = await unreadBeforeMarker(run, own, admin, before);
      run.result.expected = `${own}'s unread count from ${admin} stays ${before}`;
      run.result.observed = `${after}`;
      if (after !== before) throw new Departure(run.c.clause, `a message sent with NoUnread changed ${own}'s unread count from ${admin} from ${before} to ${after}`);
    },
  },
};
