/** ImState: one message store per conversation, unread counts per reader and peer, and marking messages read. */
import { expect, test } from '@playwright/test';
import { ImState } from '../../mocks/state.js';

/** Sends one message per time, from → to, counting as unread unless told otherwise. */
function sendAt(s: ImState, from: string, to: string, times: number[], countsAsUnread = true): void {
  for (const t of times) s.send(from, to, t, countsAsUnread, 0);
}

test('a new state has no accounts and no unread messages', () => {
  const s = new ImState();
  expect(s.hasAccount('alice')).toBe(false);
  expect(s.unreadFrom('alice', 'bob')).toBe(0);
  expect(s.unreadTotal('alice')).toBe(0);
});

test('imported accounts exist, others do not', () => {
  const s = new ImState();
  s.importAccount('alice');
  s.importAccount('alice');
  expect(s.hasAccount('alice')).toBe(true);
  expect(s.hasAccount('Alice')).toBe(false);
});

test('unread counts are kept per peer and in total', () => {
  const s = new ImState();
  sendAt(s, 'bob', 'alice', [100, 101, 102]);
  sendAt(s, 'carol', 'alice', [100, 105]);
  expect(s.unreadFrom('alice', 'bob')).toBe(3);
  expect(s.unreadFrom('alice', 'carol')).toBe(2);
  expect(s.unreadTotal('alice')).toBe(5);
  expect(s.unreadTotal('bob')).toBe(0);
});

test('each message gets its own key', () => {
  const s = new ImState();
  const keys = [s.send('bob', 'alice', 100, true, 7), s.send('bob', 'alice', 100, true, 7), s.send('bob', 'alice', 100, false, 7)];
  expect(new Set(keys).size).toBe(3);
});

test('markRead without upTo reads every message from that peer', () => {
  const s = new ImState();
  sendAt(s, 'bob', 'alice', [100, 200, 300]);
  sendAt(s, 'carol', 'alice', [150]);
  s.markRead('alice', 'bob');
  expect(s.unreadFrom('alice', 'bob')).toBe(0);
  expect(s.unreadFrom('alice', 'carol')).toBe(1);
  expect(s.unreadTotal('alice')).toBe(1);
});

test('markRead with upTo reads only messages at or before it', () => {
  const s = new ImState();
  sendAt(s, 'bob', 'alice', [100, 200, 300]);
  s.markRead('alice', 'bob', 199);
  expect(s.unreadFrom('alice', 'bob')).toBe(2);
  s.markRead('alice', 'bob', 299);
  expect(s.unreadFrom('alice', 'bob')).toBe(1);
});

test('a message whose time equals upTo becomes read', () => {
  const s = new ImState();
  sendAt(s, 'bob', 'alice', [200, 201]);
  s.markRead('alice', 'bob', 200);
  expect(s.unreadFrom('alice', 'bob')).toBe(1);
});

test('upTo before every message reads nothing', () => {
  const s = new ImState();
  sendAt(s, 'bob', 'alice', [200, 300]);
  s.markRead('alice', 'bob', 0);
  expect(s.unreadFrom('alice', 'bob')).toBe(2);
});

test('upTo after every message reads them all', () => {
  const s = new ImState();
  sendAt(s, 'bob', 'alice', [200, 300]);
  s.markRead('alice', 'bob', 10_000);
  expect(s.unreadFrom('alice', 'bob')).toBe(0);
  expect(s.unreadTotal('alice')).toBe(0);
});

test('messages sent out of time order are read by time, not by order', () => {
  const s = new ImState();
  sendAt(s, 'bob', 'alice', [300, 100, 200]);
  s.markRead('alice', 'bob', 150);
  expect(s.unreadFrom('alice', 'bob')).toBe(2);
});

test('markRead leaves the other direction untouched', () => {
  const s = new ImState();
  sendAt(s, 'bob', 'alice', [100, 101]);
  sendAt(s, 'alice', 'bob', [100, 101, 102]);
  s.markRead('alice', 'bob');
  expect(s.unreadFrom('alice', 'bob')).toBe(0);
  expect(s.unreadFrom('bob', 'alice')).toBe(3);
  expect(s.unreadTotal('bob')).toBe(3);
});

test('markRead of a conversation without messages changes nothing', () => {
  const s = new ImState();
  sendAt(s, 'bob', 'alice', [100]);
  s.markRead('alice', 'carol');
  s.markRead('dave', 'bob', 500);
  expect(s.unreadFrom('alice', 'bob')).toBe(1);
  expect(s.unreadTotal('dave')).toBe(0);
});

test('messages sent later count again after a markRead', () => {
  const s = new ImState();
  sendAt(s, 'bob', 'alice', [100]);
  s.markRead('alice', 'bob');
  sendAt(s, 'bob', 'alice', [200, 201]);
  expect(s.unreadFrom('alice', 'bob')).toBe(2);
});

test('NoUnread messages never count', () => {
  const s = new ImState();
  sendAt(s, 'bob', 'alice', [100, 200], false);
  expect(s.unreadFrom('alice', 'bob')).toBe(0);
  expect(s.unreadTotal('alice')).toBe(0);
  sendAt(s, 'bob', 'alice', [150]);
  expect(s.unreadFrom('alice', 'bob')).toBe(1);
  s.markRead('alice', 'bob', 120);
  expect(s.unreadFrom('alice', 'bob')).toBe(1);
  s.markRead('alice', 'bob');
  expect(s.unreadFrom('alice', 'bob')).toBe(0);
});

test('a message keeps its MsgSeq, MsgRandom, time, body and route, and its key is MsgSeq_MsgRandom_time', () => {
  const s = new ImState();
  const body = [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hi' } }];
  const key = s.send('bob', 'alice', 1_700_000_000, true, 1287657, { seq: 93847636, body });
  expect(key).toBe('93847636_1287657_1700000000');
  expect(s.message('alice', 'bob', key)).toEqual({
    key,
    seq: 93847636,
    random: 1287657,
    time: 1_700_000_000,
    from: 'bob',
    to: 'alice',
    body,
    recalled: false,
    edited: false,
    unread: true,
  });
  expect(s.message('alice', 'carol', key)).toBeUndefined();
  s.markRead('alice', 'bob');
  expect(s.message('bob', 'alice', key)?.unread).toBe(false);
});

test('without a MsgSeq a message takes the app\'s count of messages', () => {
  const s = new ImState();
  expect([s.send('bob', 'alice', 100, true, 7), s.send('carol', 'alice', 100, true, 7)]).toEqual(['1_7_100', '2_7_100']);
});

test('one conversation holds both directions, in history order: by time, then MsgSeq', () => {
  const s = new ImState();
  s.send('bob', 'alice', 200, true, 1, { seq: 5 });
  s.send('alice', 'bob', 100, true, 1, { seq: 9 });
  s.send('bob', 'alice', 200, true, 1, { seq: 2 });
  s.send('alice', 'bob', 300, true, 1, { seq: 1 });
  s.send('bob', 'carol', 150, true, 1, { seq: 1 });
  const order = (a: string, b: string, from: number, to: number) => s.history(a, b, from, to).map((m) => `${m.from}:${m.time}:${m.seq}`);
  expect(order('alice', 'bob', 0, 1000)).toEqual(['alice:100:9', 'bob:200:2', 'bob:200:5', 'alice:300:1']);
  expect(order('bob', 'alice', 200, 300)).toEqual(['bob:200:2', 'bob:200:5', 'alice:300:1']);
  expect(order('alice', 'bob', 101, 199)).toEqual([]);
});

test('deleting an account forgets its conversations and their unread counts', () => {
  const s = new ImState();
  for (const id of ['alice', 'bob', 'carol']) s.importAccount(id);
  const key = s.send('bob', 'alice', 100, true, 1);
  sendAt(s, 'carol', 'alice', [100]);
  s.deleteAccount('bob');
  expect(s.message('alice', 'bob', key)).toBeUndefined();
  expect(s.unreadTotal('alice')).toBe(1);
  expect(s.peersOf('alice')).toEqual(['carol']);
  expect(s.messageCount).toBe(1);
});
