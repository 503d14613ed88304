/**
 * The effects of importmsg, on a conversation of the App admin (From_Account) with an account of the case's own:
 * the recipient's roaming history (admin_getroammsg), where an imported message is found by MsgRandom and
 * MsgTimeStamp since importmsg answers no MsgKey, and its unread count (get_c2c_unread_msg_num). Imports are stamped
 * within the last hours: the history keeps only the app's roaming retention (7 days by default).
 */
import { UINT32_MAX } from '../../core/validators.js';
import type { CaseRun } from '../case-run.js';
import type { Envelope } from '../checks.js';
import { poll, roam, succeeds, unread, unreadBeforeMarker, type RoamMessage } from '../companions.js';
import { Departure, Indeterminate } from '../outcomes.js';
import type { Scenario } from '../scenario.js';

const VALID_CALL = 'importmsg.request.valid';
/** How long after an import a second copy would have shown, on a target whose effects show late. */
const SETTLE_MS = 3000;
const HOUR = 3600;

interface Import {
  SyncFromOldSystem: number;
  From_Account: string;
  To_Account: string;
  MsgSeq: number;
  MsgRandom: number;
  MsgTimeStamp: number;
  MsgBody: unknown[];
}

/** An import from the admin to the case's own account, stamped `ago` seconds before now on the runner's clock. */
function importOf(run: CaseRun, sync: number, ago: number): Import {
  const [own] = run.ownAccounts() as [string];
  return {
    SyncFromOldSystem: sync,
    From_Account: run.target.adminIdentifier,
    To_Account: own,
    MsgSeq: run.faker.number.int({ min: 0, max: UINT32_MAX }),
    MsgRandom: run.faker.number.int({ min: 0, max: UINT32_MAX }),
    MsgTimeStamp: Math.floor(run.clock.now() / 1000) - ago,
    MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: run.faker.lorem.sentence() } }],
  };
}

const call = async (run: CaseRun, m: Import): Promise<Envelope> => run.envelope(await run.send({ command: 'importmsg', body: Buffer.from(JSON.stringify(m)) }));

/** The copies of an imported message in its recipient's history. */
async function copiesOf(run: CaseRun, m: Import): Promise<RoamMessage[]> {
  const list = await roam(run, m.To_Account, m.From_Account, m.MsgTimeStamp - 1, m.MsgTimeStamp + 1);
  return list.filter((x) => x.MsgRandom === m.MsgRandom && x.MsgTimeStamp === m.MsgTimeStamp);
}

export const scenarios: Record<string, Scenario> = {
  'importmsg-roamed': {
    kind: 'effect',
    accounts: 1,
    partners: ['admin'],
    async run(run) {
      const m = importOf(run, 2, HOUR);
      await succeeds(run, 'importmsg', { ...m }, VALID_CALL);
      const copies = await poll(run, () => copiesOf(run, m), (x) => x.length > 0);
      run.result.expected = `${m.To_Account}'s history with ${m.From_Account} holds MsgRandom ${m.MsgRandom} at MsgTimeStamp ${m.MsgTimeStamp}`;
      run.result.observed = copies.length ? `found, MsgKey ${JSON.stringify(copies[0]!.MsgKey) ?? 'absent'}` : 'not in the history';
      if (!copies.length) throw new Departure(run.c.clause, `the message imported at ${m.MsgTimeStamp} (MsgRandom ${m.MsgRandom}) is not in ${m.To_Account}'s roaming history`);
    },
  },
  'importmsg-history-not-unread': {
    kind: 'effect',
    accounts: 1,
    partners: ['admin'],
    async run(run) {
      const m = importOf(run, 2, 60);
      const before = await unread(run, m.To_Account, m.From_Account);
      await succeeds(run, 'importmsg', { ...m }, VALID_CALL);
      // The marker goes once the import shows: one stored late would otherwise count after the marker was read.
      const shown = await poll(run, () => copiesOf(run, m), (x) => x.length > 0);
      if (!shown.length) throw new Indeterminate('the imported message did not show in the history at all (the roaming case judges that)');
      const after = await unreadBeforeMarker(run, m.To_Account, m.From_Account, before);
      run.result.expected = `${m.To_Account}'s unread count from ${m.From_Account} stays ${before}`;
      run.result.observed = `${after}`;
      if (after !== before) throw new Departure(run.c.clause, `a history import (SyncFromOldSystem 2) changed the unread count from ${before} to ${after}`);
    },
  },
  /** 5 on the page since 2022; a server that refuses it is tried with 1, the real-time value before (ledger SRC-IMPORTMSG-SYNC-VALUES). */
  'importmsg-realtime-unread': {
    kind: 'effect',
    accounts: 1,
    partners: ['admin'],
    async run(run) {
      // A minute back, so that a runner ahead of the service never stamps the future.
      const m = importOf(run, 5, 60);
      const before = await unread(run, m.To_Account, m.From_Account);
      const answers: string[] = [];
      let accepted: number | undefined;
      for (const sync of [5, 1]) {
        const env = await call(run, { ...m, SyncFromOldSystem: sync });
        answers.push(`SyncFromOldSystem ${sync}: ${env.ErrorCode === 0 ? 'accepted' : `ErrorCode ${env.ErrorCode}`}`);
        if (env.ErrorCode === 0) {
          accepted = sync;
          break;
        }
      }
      run.result.expected = `a real-time import accepted (5, or 1 as before 2022) and ${m.To_Account}'s unread count from ${m.From_Account} one more than ${before}`;
      run.result.observed = answers.join('; ');
      if (accepted === undefined) throw new Departure(run.c.clause, `a real-time import was refused with both documented values (${answers.join('; ')})`);
      const after = await poll(run, () => unread(run, m.To_Account, m.From_Account), (x) => x > before);
      run.result.observed += `; unread count ${before} before, ${after} after`;
      if (after <= before) throw new Departure(run.c.clause, `a real-time import (SyncFromOldSystem ${accepted}) left the unread count at ${after}`);
    },
  },
  /** The same conversation, MsgSeq, MsgRandom and MsgTimeStamp, other content: a duplicate by every version of the page. */
  'importmsg-duplicate': {
    kind: 'effect',
    accounts: 1,
    partners: ['admin'],
    async run(run) {
      const m = importOf(run, 2, HOUR);
      await succeeds(run, 'importmsg', { ...m }, VALID_CALL);
      const again = await call(run, { ...m, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: run.faker.lorem.sentence() } }] });
      const shown = await poll(run, () => copiesOf(run, m), (x) => x.length > 0);
      if (!shown.length) throw new Indeterminate('the imported message did not show in the history at all (the roaming case judges that)');
      await run.clock.sleep(Math.min(SETTLE_MS, run.target.pollTimeoutMs));
      const copies = await copiesOf(run, m);
      run.result.expected = `one message with MsgRandom ${m.MsgRandom} at ${m.MsgTimeStamp} in ${m.To_Account}'s history`;
      run.result.observed = `second import: ${again.ErrorCode === 0 ? 'accepted' : `ErrorCode ${again.ErrorCode}`}; ${copies.length} in the history`;
      if (copies.length > 1) throw new Departure(run.c.clause, `the message imported twice is in the history ${copies.length} times`);
    },
  },
};
