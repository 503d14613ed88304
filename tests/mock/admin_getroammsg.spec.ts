/**
 * The mock's admin_getroammsg where the suite does not look: where a page is cut below MaxCnt (13 KB of messages),
 * a LastMsgKey of a message no longer kept, and which name wins when a body carries both namings.
 */
import { expect, test } from '@playwright/test';
import { handle, PAGE_BYTES } from '../../mocks/commands/admin_getroammsg.js';
import type { CommandContext } from '../../mocks/command.js';
import { defaultConfig } from '../../mocks/config.js';
import { createFields } from '../../mocks/policies.js';
import { ImState } from '../../mocks/state.js';

const T = 1_700_000_000;

function context(): CommandContext {
  const config = defaultConfig({ rateLimit: 0 });
  const state = new ImState();
  for (const id of ['alice', 'bob', 'carol']) state.importAccount(id);
  return { state, config, fields: createFields(config), nowMs: (T + 60) * 1000, nowSeconds: T + 60 };
}

/** `n` messages bob → alice, all in one second, each with a text of `chars` characters. */
function sendMany(ctx: CommandContext, n: number, chars: number): string[] {
  const text = [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'x'.repeat(chars) } }];
  return Array.from({ length: n }, (_, i) => ctx.state.send('bob', 'alice', T, true, i, { body: text }));
}

type Page = { Complete: number; MsgCnt: number; LastMsgTime: number; LastMsgKey: string; MsgList: Array<{ MsgKey: string }> };

/** Every page of alice's side, following Complete 0 as the docs say. */
function pull(ctx: CommandContext, maxCnt: number): Page[] {
  const pages: Page[] = [];
  let more: Record<string, unknown> = {};
  for (;;) {
    const r = handle({ Operator_Account: 'alice', Peer_Account: 'bob', MaxCnt: maxCnt, MinTime: T, MaxTime: T, ...more }, ctx) as unknown as Page;
    pages.push(r);
    if (r.Complete !== 0) return pages;
    more = { MaxTime: r.LastMsgTime, LastMsgKey: r.LastMsgKey };
  }
}

test('a page is cut at 13 KB of messages before MaxCnt, and the pages still give every message once, newest first', () => {
  const ctx = context();
  const keys = sendMany(ctx, 30, 1000);
  const pages = pull(ctx, 100);
  expect(pages.length).toBeGreaterThan(1);
  for (const p of pages) {
    expect(Buffer.byteLength(JSON.stringify(p.MsgList))).toBeLessThanOrEqual(PAGE_BYTES + 2);
    expect(p.MsgCnt).toBe(p.MsgList.length);
    expect(p.LastMsgKey).toBe(p.MsgList[0]!.MsgKey);
  }
  expect(pages.slice(0, -1).every((p) => p.Complete === 0)).toBe(true);
  expect([...pages].reverse().flatMap((p) => p.MsgList.map((m) => m.MsgKey))).toEqual(keys);
});

test('a message larger than the cut still makes a page of its own', () => {
  const ctx = context();
  const keys = sendMany(ctx, 2, PAGE_BYTES * 2);
  expect(pull(ctx, 100).map((p) => p.MsgList.map((m) => m.MsgKey))).toEqual([[keys[1]], [keys[0]]]);
});

test('a LastMsgKey of a message no longer in the window goes on from the time and MsgSeq it names', () => {
  const ctx = context();
  const keys = sendMany(ctx, 4, 10);
  const [seq, random] = keys[2]!.split('_');
  const stray = `${seq}_${Number(random) + 1000}_${T}`;
  const r = handle({ Operator_Account: 'alice', Peer_Account: 'bob', MaxCnt: 100, MinTime: T, MaxTime: T, LastMsgKey: stray }, ctx) as unknown as Page;
  expect(r.MsgList.map((m) => m.MsgKey)).toEqual(keys.slice(0, 2));
});

test('the current names win over the older ones in a body that carries both', () => {
  const ctx = context();
  ctx.state.send('carol', 'alice', T, true, 1);
  const both = { Operator_Account: 'alice', Peer_Account: 'carol', From_Account: 'alice', To_Account: 'bob', MaxCnt: 10, MinTime: T, MaxTime: T };
  expect((handle(both, ctx) as unknown as Page).MsgCnt).toBe(1);
  expect((handle({ ...both, Operator_Account: undefined, Peer_Account: undefined }, ctx) as unknown as Page).MsgCnt).toBe(0);
});

test('a message sent with SyncOtherMachine 2 is on its recipient side only', () => {
  const ctx = context();
  const key = ctx.state.send('bob', 'alice', T, true, 1, { hiddenFromSender: true });
  const side = (operator: string, peer: string) => (handle({ Operator_Account: operator, Peer_Account: peer, MaxCnt: 10, MinTime: T, MaxTime: T }, ctx) as unknown as Page).MsgList.map((m) => m.MsgKey);
  expect(side('alice', 'bob')).toEqual([key]);
  expect(side('bob', 'alice')).toEqual([]);
});
