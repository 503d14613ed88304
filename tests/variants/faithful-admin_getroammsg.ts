/**
 * Simulators whose admin_getroammsg reads the docs another way where they leave a point open: the older names
 * refused, items with or without the fields the sources disagree on, another page cut, and other answers to the
 * requests no page answers. The suite must find each conformant.
 */
import { fail } from '../../mocks/reply.js';
import { itemWithout, roam } from './broken-admin_getroammsg.js';
import { handler } from './compose.js';
import type { FaithfulVariant } from './faithful.js';

const isDigits = (v: unknown) => typeof v === 'string' && /^[0-9]+$/.test(v);

export const faithfulAdminGetroammsg: Record<string, FaithfulVariant> = {
  'roam-older-names-refused': {
    does: 'reads only Operator_Account and Peer_Account, refusing a body with the older From_Account and To_Account',
    policies: roam(() => ({ names: (b) => ({ operator: b.Operator_Account, peer: b.Peer_Account }) })),
  },
  'roam-no-is-peer-read': {
    does: 'leaves IsPeerRead out of the messages, as the older page and a 2022 answer do',
    policies: itemWithout('IsPeerRead'),
  },
  'roam-msg-client-time': {
    does: 'adds MsgClientTime to the messages, as a 2022 answer had it',
    policies: roam((d) => ({ item: (m) => ({ ...d.item(m), MsgClientTime: m.time }) })),
  },
  'roam-page-of-one': {
    does: 'cuts every page after one message, whatever MaxCnt allows',
    policies: roam(() => ({ cut: (newestFirst) => Math.min(1, newestFirst.length) })),
  },
  'roam-open-requests-refused': {
    does: 'refuses with 90001 a MaxCnt below 1, a MinTime after MaxTime, and a LastMsgKey that names no message',
    policies: handler('admin_getroammsg', (b, ctx, doc) => {
      const r = doc(b, ctx);
      if (r.ErrorCode !== 0) return r;
      const reversed = Number(b.MinTime) > Number(b.MaxTime);
      const strayKey = typeof b.LastMsgKey === 'string' && !ctx.state.history(String(b.Operator_Account), String(b.Peer_Account), 0, Number.MAX_SAFE_INTEGER).some((m) => m.key === b.LastMsgKey);
      return Number(b.MaxCnt) < 1 || reversed || strayKey ? fail(90001) : r;
    }),
  },
  'roam-digit-strings-accepted': {
    does: 'reads MaxCnt, MinTime and MaxTime sent as strings of digits as numbers',
    policies: handler('admin_getroammsg', (b, ctx, doc) => {
      const n = (v: unknown) => (isDigits(v) ? Number(v) : v);
      return doc({ ...b, MaxCnt: n(b.MaxCnt), MinTime: n(b.MinTime), MaxTime: n(b.MaxTime) }, ctx);
    }),
  },
  'roam-empty-page-bare': {
    does: 'answers a page without messages with Complete 1, MsgCnt 0 and an empty MsgList, and no LastMsgTime or LastMsgKey',
    policies: handler('admin_getroammsg', (b, ctx, doc) => {
      const r = doc(b, ctx);
      if (r.ErrorCode !== 0 || r.MsgCnt !== 0) return r;
      const { LastMsgTime: _time, LastMsgKey: _key, ...rest } = r;
      return rest as typeof r;
    }),
  },
};
