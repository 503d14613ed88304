/**
 * Simulators whose admin_getroammsg departs from one documented rule each, the way a sloppy server would: paging that
 * repeats or loses the boundary of a page, a window or a side read loosely, pages that lie about what is left, and
 * items short of a documented field.
 */
import { roamPolicyOf, withRoam, type RoamPolicy } from '../../mocks/commands/admin_getroammsg.js';
import type { StoredMessage } from '../../mocks/state.js';
import { fail } from '../../mocks/reply.js';
import type { BrokenVariant } from './broken.js';
import { envelope, handler, stickyLimit, type Customize } from './compose.js';

const X = 'admin_getroammsg.';
const COMMAND = 'admin_getroammsg';

/** A request body of this command, told apart by its bytes before they are decoded. */
const isOurs = (bytes: Uint8Array) => Buffer.from(bytes).includes('"Operator_Account"');

/**
 * admin_getroammsg built again from its roam policy, parts of it replaced given the policy it had. It makes the
 * handler anew: in `all(...)` it goes before any `handler(COMMAND, ...)` wrap.
 */
export const roam =
  (replace: (documented: RoamPolicy) => Partial<RoamPolicy>): Customize =>
  (d) => {
    const current = roamPolicyOf(d.handlers.admin_getroammsg);
    return { handlers: { ...d.handlers, admin_getroammsg: withRoam({ ...current, ...replace(current) }) } };
  };

/** A successful page with some of its fields changed after the documented handler made it. */
const page = (change: (r: Record<string, unknown>) => Record<string, unknown>): Customize =>
  handler(COMMAND, (b, ctx, doc) => {
    const r = doc(b, ctx);
    return r.ErrorCode === 0 ? { ...r, ...change(r) } : r;
  });

/** Messages without one of their fields, or only when its value is `dropped`. */
export const itemWithout = (field: string, dropped: (value: unknown) => boolean = () => true): Customize =>
  roam((d) => ({
    item: (m) => {
      const { [field]: value, ...rest } = d.item(m);
      return dropped(value) ? rest : { ...rest, [field]: value };
    },
  }));

/** Going on from a LastMsgKey of the window with `left` instead of the messages before it. */
const goingOn = (left: (window: readonly StoredMessage[], at: number) => readonly StoredMessage[]): Customize =>
  roam((d) => ({
    before(window, lastKey) {
      const at = window.findIndex((m) => m.key === lastKey);
      return at >= 0 ? left(window, at) : d.before(window, lastKey);
    },
  }));

export const brokenAdminGetroammsg: Record<string, BrokenVariant> = {
  'roam-repeats-boundary': {
    does: 'goes on from LastMsgKey with the message it names included, so each page repeats the oldest of the one before',
    breaks: [`${X}effect.paging.every-once`],
    policies: goingOn((window, at) => window.slice(0, at + 1)),
  },
  'roam-drops-boundary-second': {
    does: 'reads MaxTime as exclusive once LastMsgKey is given, losing the messages left in the boundary second',
    breaks: [`${X}effect.paging.every-once`],
    policies: goingOn((window, at) => window.filter((m) => m.time < window[at]!.time)),
  },
  'roam-ignores-min-time': {
    does: 'returns the messages before MinTime too',
    breaks: [`${X}effect.window`],
    policies: handler(COMMAND, (b, ctx, doc) => doc(typeof b.MinTime === 'number' ? { ...b, MinTime: 0 } : b, ctx)),
  },
  'roam-ignores-max-time-on-first-page': {
    does: 'returns the messages after MaxTime on a first page (no LastMsgKey)',
    breaks: [`${X}effect.window`],
    policies: handler(COMMAND, (b, ctx, doc) => doc(typeof b.MaxTime === 'number' && b.LastMsgKey === undefined ? { ...b, MaxTime: b.MaxTime + 86_400 } : b, ctx)),
  },
  'roam-ignores-perspective': {
    does: "shows a message sent with SyncOtherMachine 2 on its sender's side too",
    breaks: [`${X}effect.sync-other-machine.hidden`],
    policies: roam(() => ({ shows: () => true })),
  },
  'roam-hides-own-messages': {
    does: "shows only the messages the operator received, as if every message were sent with SyncOtherMachine 2",
    breaks: [`${X}effect.sync-other-machine.kept`],
    policies: roam(() => ({ shows: (m, operator) => m.from !== operator })),
  },
  'roam-no-msg-key': {
    does: 'leaves MsgKey out of the messages',
    breaks: [`${X}effect.shows-sent`, `${X}response.fields`],
    policies: itemWithout('MsgKey'),
  },
  'roam-newest-first': {
    does: 'lists the messages of a page newest first',
    breaks: [`${X}effect.shows-sent`],
    policies: page((r) => ({ MsgList: [...(r.MsgList as unknown[])].reverse() })),
  },
  'roam-complete-always-1': {
    does: 'says Complete 1 on every page, also when messages are left',
    breaks: [`${X}effect.paging.complete`, `${X}effect.paging.every-once`],
    policies: page(() => ({ Complete: 1 })),
  },
  'roam-ignores-max-cnt': {
    does: 'cuts a page only at its size cap, whatever MaxCnt above 0 says',
    breaks: [`${X}effect.paging.max-cnt`],
    policies: handler(COMMAND, (b, ctx, doc) => doc(typeof b.MaxCnt === 'number' && b.MaxCnt > 0 ? { ...b, MaxCnt: Number.MAX_SAFE_INTEGER } : b, ctx)),
  },
  'roam-last-msg-newest': {
    does: 'gives the newest message of a page as LastMsgTime and LastMsgKey, so going on repeats the rest of the page',
    breaks: [`${X}effect.paging.last-msg`, `${X}effect.paging.every-once`],
    policies: page((r) => {
      const list = r.MsgList as Array<Record<string, unknown>>;
      const newest = list[list.length - 1];
      return newest ? { LastMsgTime: newest.MsgTimeStamp, LastMsgKey: newest.MsgKey } : {};
    }),
  },
  'roam-msg-cnt-off-by-one': {
    does: 'counts one message more in MsgCnt than MsgList holds',
    breaks: [`${X}response.fields`],
    policies: page((r) => ({ MsgCnt: (r.MsgList as unknown[]).length + 1 })),
  },
  'roam-flag-bits-absent': {
    does: 'leaves MsgFlagBits out of a message as sent',
    breaks: [`${X}effect.shows-sent`, `${X}response.fields`],
    policies: itemWithout('MsgFlagBits', (flags) => flags === 0),
  },
  'roam-cloud-custom-data-dropped': {
    does: 'leaves CloudCustomData out of the messages',
    breaks: [`${X}response.fields`],
    policies: itemWithout('CloudCustomData'),
  },
  'roam-peer-code-60015': {
    does: 'answers a missing Peer_Account with 60015, the code for an account that is no string',
    breaks: [`${X}request.peer-account.required`],
    policies: handler(COMMAND, (b, ctx, doc) => (b.Peer_Account === undefined && b.To_Account === undefined && b.Operator_Account !== undefined ? fail(60015) : doc(b, ctx))),
  },
  'roam-operator-code-60015': {
    does: 'answers a missing Operator_Account with 60015, the code for an account that is no string',
    breaks: [`${X}request.operator-account.required`],
    policies: handler(COMMAND, (b, ctx, doc) => (b.Operator_Account === undefined && b.From_Account === undefined ? fail(60015) : doc(b, ctx))),
  },
  'roam-accounts-trimmed': {
    does: 'trims spaces around account names and ignores their letter case',
    breaks: [`${X}request.account.exists`],
    policies: handler(COMMAND, (b, ctx, doc) => {
      const known = (v: unknown) => (typeof v === 'string' ? ([...ctx.state.snapshot().accounts].find((a) => a.toLowerCase() === v.trim().toLowerCase()) ?? v) : v);
      return doc({ ...b, Operator_Account: known(b.Operator_Account), Peer_Account: known(b.Peer_Account) }, ctx);
    }),
  },
  'roam-account-type-coerced': {
    does: 'turns an account of another JSON type into a string',
    breaks: [`${X}request.account.string`],
    policies: handler(COMMAND, (b, ctx, doc) => {
      const coerced = (v: unknown) => (v === undefined || v === null || typeof v === 'string' ? v : String(v));
      return doc({ ...b, Operator_Account: coerced(b.Operator_Account), Peer_Account: coerced(b.Peer_Account) }, ctx);
    }),
  },
  'roam-window-defaults': {
    does: 'reads a missing MaxCnt, MinTime or MaxTime as 100, 0 and now',
    breaks: [`${X}request.window.required`],
    policies: handler(COMMAND, (b, ctx, doc) => doc({ MaxCnt: 100, MinTime: 0, MaxTime: ctx.nowSeconds, ...b }, ctx)),
  },
  'roam-window-coerced': {
    does: 'reads MaxCnt, MinTime and MaxTime of any JSON type as numbers (parseInt), 0 when they are none',
    breaks: [`${X}request.window.integer`],
    policies: handler(COMMAND, (b, ctx, doc) => {
      const n = (v: unknown) => (v === undefined || v === null || typeof v === 'number' ? v : Number.parseInt(String(v), 10) || 0);
      return doc({ ...b, MaxCnt: n(b.MaxCnt), MinTime: n(b.MinTime), MaxTime: n(b.MaxTime) }, ctx);
    }),
  },
  'roam-window-capped': {
    does: "refuses with 90001 a window longer than 30 minutes, the doc sample's hour included",
    breaks: [`${X}request.valid`],
    policies: handler(COMMAND, (b, ctx, doc) => {
      const r = doc(b, ctx);
      return r.ErrorCode === 0 && Number(b.MaxTime) - Number(b.MinTime) > 1800 ? fail(90001) : r;
    }),
  },
  'roam-parse-failure-as-operator-error': {
    does: 'answers a request packet that does not parse with 90008, as if it lacked Operator_Account',
    breaks: [`${X}request.body.json`],
    policies: envelope((r, q, doc) => doc(q.url.includes(`/${COMMAND}?`) && r.ErrorCode === 90001 ? fail(90008) : r)),
  },
  'roam-array-body-unwrapped': {
    does: 'reads a JSON array body as its first element',
    breaks: [`${X}request.body.object`],
    policies: (d) => ({
      fields: {
        ...d.fields,
        decodeBody: (bytes) => ((v) => (Array.isArray(v) && isOurs(bytes) ? v[0] : v))(d.fields.decodeBody(bytes)),
      },
    }),
  },
  'roam-invalid-utf8-accepted': {
    does: "serves a body of invalid UTF-8 as a call for the admin's own history",
    breaks: [`${X}request.body.utf8`],
    policies: (d, config) => ({
      fields: {
        ...d.fields,
        decodeBody(bytes) {
          const v = d.fields.decodeBody(bytes);
          if (v !== undefined || !isOurs(bytes) || Buffer.from(Buffer.from(bytes).toString('utf8'), 'utf8').equals(Buffer.from(bytes))) return v;
          return { Operator_Account: config.adminIdentifier, Peer_Account: config.adminIdentifier, MaxCnt: 1, MinTime: 0, MaxTime: 0 };
        },
      },
    }),
  },
  'roam-rate-limit-100': { does: 'limits the command to 100 calls per second', breaks: [`${X}rate-limit.accepts-under-limit`], config: { rateLimit: { [COMMAND]: 100 } } },
  'roam-rate-limit-400': { does: 'limits the command to 400 calls per second', breaks: [`${X}rate-limit.refuses-over-limit`], config: { rateLimit: { [COMMAND]: 400 } } },
  'roam-rate-limit-sticky': {
    does: 'refuses every call of the command for five seconds after a refusal',
    breaks: [`${X}rate-limit.recovers`],
    policies: stickyLimit(COMMAND),
  },
};
