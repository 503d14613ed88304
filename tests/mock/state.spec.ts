/** ImState: unread one-to-one messages per reader and sender, and marking them read. */
import { expect, test } from '@playwright/test';
import { ImState } from '../../src/mock/state.js';

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
