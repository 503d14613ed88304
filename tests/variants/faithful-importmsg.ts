/**
 * Faithful simulators of importmsg that follow another dated reading of its page (SyncFromOldSystem values, the key a
 * repeated import is recognised by) or answer a repeated import otherwise.
 */
import type { Body } from '../../mocks/command.js';
import { fail } from '../../mocks/reply.js';
import type { StoredMessage } from '../../mocks/state.js';
import { lateImports } from './broken-importmsg.js';
import { handler } from './compose.js';
import type { FaithfulVariant } from './faithful.js';

/** importmsg refusing the SyncFromOldSystem values `refused` with 90030, as a server of another page's time does. */
const syncValuesRefused = (...refused: number[]) =>
  handler('importmsg', (b, ctx, doc) => (refused.includes(b.SyncFromOldSystem as number) ? fail(90030) : doc(b, ctx)));

/** importmsg looking up the message an import repeats through `find`, given the conversation's messages at its time. */
const repeatFoundBy = (find: (b: Body, candidates: StoredMessage[]) => StoredMessage | undefined, answer?: () => ReturnType<typeof fail>) =>
  handler('importmsg', (b, ctx, doc) => {
    const at = b.MsgTimeStamp as number;
    const candidates = typeof b.From_Account === 'string' && typeof b.To_Account === 'string' ? ctx.state.history(b.From_Account, b.To_Account, at, at) : [];
    const repeated = Number.isSafeInteger(at) ? find(b, candidates) : undefined;
    if (repeated && answer) return answer();
    return doc(b, { ...ctx, state: new Proxy(ctx.state, { get: (s, name) => (name === 'message' ? () => repeated : Reflect.get(s, name)) }) });
  });

const sameSeq = (b: Body, c: StoredMessage[]) => c.find((m) => m.seq === b.MsgSeq && m.random === b.MsgRandom);

export const faithfulImportmsg: Record<string, FaithfulVariant> = {
  'importmsg-before-2022': { does: 'takes SyncFromOldSystem 1 or 2 only, as the page before 2022 (5 refused with 90030)', policies: syncValuesRefused(5) },
  'importmsg-since-2022': { does: 'takes SyncFromOldSystem 2 or 5 only, as the page since 2022 (1 refused with 90030)', policies: syncValuesRefused(1) },
  'importmsg-repeat-refused': {
    does: 'refuses a repeated import with 90010 and keeps the first',
    policies: repeatFoundBy(sameSeq, () => fail(90010)),
  },
  'importmsg-late': {
    does: 'answers an import at once and stores it three seconds later',
    policies: lateImports(3000),
  },
  'importmsg-repeat-by-old-key': {
    does: 'recognises a repeat by From_Account, To_Account, MsgRandom and MsgTimeStamp, MsgSeq aside, as the page before 2022',
    policies: repeatFoundBy((b, c) => c.find((m) => m.from === b.From_Account && m.to === b.To_Account && m.random === b.MsgRandom)),
  },
};
