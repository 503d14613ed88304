import type { WeightedWindow } from './rate-limiter.js';

/**
 * The app's data: imported accounts, and one message store per one-to-one conversation (an unordered pair of
 * accounts). Each message keeps what the C2C commands read or change: its MsgKey, MsgSeq, MsgRandom, time, body,
 * sender and recipient, whether it was recalled or edited, and whether its recipient still has it unread.
 *
 * The MsgKey of a one-to-one message is "{MsgSeq}_{MsgRandom}_{MsgTimeStamp}". No page states it as a rule, but
 * every sample fits it: the admin_getroammsg page's keys (549396494_2578554_1584669680) match their messages' three
 * fields (https://cloud.tencent.com/document/product/598/42794, 2024-07-09), and the sendmsg page's sample MsgSeq
 * 93847636 and MsgRandom 1287657 come back in a callback sample's key, 93847636_1287657_1764688415. History is
 * ordered by time, then by MsgSeq within a second (https://cloud.tencent.com/document/product/269/2282, 2026-02-04).
 *
 * Read state is per message, not a mark per conversation: admin_set_msg_read reads the messages there are at the
 * time of the call, and a message sent later stays unread even when stamped before an earlier call's MsgReadTime.
 */
/**
 * The state's bounds, so that a long-running mock under any flood stays within memory. Accounts beyond MAX_ACCOUNTS
 * are refused as a full app is (70398). Messages now keep their bodies, so both their number and the characters of
 * their bodies and CloudCustomData are capped (content that a batch's recipients share counted once, as it is kept
 * once): past MAX_MESSAGES or MAX_KEPT_BODY_CHARS in the app, or
 * MAX_MESSAGES_PER_CONVERSATION in one conversation, the message stored first goes (its unread count with it). A suite
 * run works on the messages it has just sent, so forgetting the oldest under a flood changes no answer it reads.
 */
export const MAX_ACCOUNTS = 100_000;
export const MAX_MESSAGES = 100_000;
export const MAX_MESSAGES_PER_CONVERSATION = 10_000;
/**
 * 16 Mi characters of MsgBody JSON in the whole app: over 1 300 messages of 12 KB, the largest body documented. A
 * body is kept as parsed JSON, several times the size of its text.
 */
export const MAX_KEPT_BODY_CHARS = 16 * 1024 * 1024;

/** One message of a one-to-one conversation. */
export interface StoredMessage {
  readonly key: string;
  readonly seq: number;
  readonly random: number;
  /** Unix seconds: MsgTimeStamp when given, else when it was sent. */
  readonly time: number;
  readonly from: string;
  readonly to: string;
  /** The MsgBody elements, as sent or as last edited. */
  body: readonly unknown[];
  recalled: boolean;
  edited: boolean;
  /** Whether To_Account still has it unread: false once read, or from the start when sent with NoUnread. */
  unread: boolean;
  /** Sent with SyncOtherMachine 2: kept out of From_Account's roaming history, in To_Account's. */
  hiddenFromSender?: boolean;
  /** CloudCustomData, when the message was sent with one. */
  cloudCustomData?: string;
}

/** What sendmsg (and later importmsg) knows of a message beyond its route, time and random. */
export interface MessageExtras {
  /** MsgSeq; the service picks one when absent, here the app's running count of messages. */
  seq?: number;
  body?: readonly unknown[];
  hiddenFromSender?: boolean;
  cloudCustomData?: string;
  /** The body and CloudCustomData above, as several messages hold them at once (ImState.sharedContent). */
  shared?: SharedContent;
}

/**
 * Content that several messages hold at once, as a batch's recipients hold the one body and CloudCustomData its request
 * carried: its characters count once against the bound, as it is kept once, until the last message holding it goes.
 */
export interface SharedContent {
  readonly chars: number;
  holders: number;
}

/** Characters of a body's JSON and of CloudCustomData: what counts against the bound on kept characters. */
const contentChars = (body: readonly unknown[], cloudCustomData: string | undefined): number =>
  (body.length ? JSON.stringify(body).length : 0) + (cloudCustomData?.length ?? 0);

/** What the control API and the MSW side show of the state. */
export interface StateSnapshot {
  accounts: string[];
  /** One entry per conversation with unread messages: reader's unread messages from peer. */
  unread: Array<{ reader: string; peer: string; count: number }>;
  /** Messages accepted by sendmsg since the start or the last reset. */
  messagesSent: number;
}

/** A stored message with what the bounds need: its conversation and its body's size. */
interface Kept {
  readonly message: StoredMessage;
  readonly conversation: Conversation;
  /** Characters of body and CloudCustomData counted against the app's bound; an edit changes them. */
  chars: number;
  /** Content it shares with other messages, counted there instead (its own chars are then 0); an edit ends it. */
  shared: SharedContent | undefined;
  /** Set once the message left the store (bound, account deletion), so that the app's queue skips it. */
  gone: boolean;
}

/** Spent places a conversation's array may hold at its front before they are cut off. */
const SPENT_FRONT = 32;

/** The messages between two accounts, in the order they were stored. */
class Conversation {
  /**
   * From `head` on: the kept messages, oldest first. The front is cut off lazily, once it is longer than what is kept
   * (and than SPENT_FRONT): dropping stays O(1) on average, and a conversation of a few messages that keeps receiving
   * does not hold thousands of spent places.
   */
  private kept: Kept[] = [];
  private head = 0;
  readonly byKey = new Map<string, Kept>();
  /**
   * The unread messages of each reader (at most two), so that marking read and counting cost what is unread, not what
   * the conversation holds.
   */
  private readonly unread = new Map<string, Set<StoredMessage>>();

  get size(): number {
    return this.kept.length - this.head;
  }

  add(k: Kept): void {
    this.kept.push(k);
    this.byKey.set(k.message.key, k);
    if (!k.message.unread) return;
    let set = this.unread.get(k.message.to);
    if (!set) this.unread.set(k.message.to, (set = new Set()));
    set.add(k.message);
  }

  /** The message stored first, taken out of the conversation. */
  dropOldest(): Kept | undefined {
    const k = this.kept[this.head];
    if (!k) return undefined;
    this.kept[this.head++] = undefined as unknown as Kept;
    if (this.head > SPENT_FRONT && this.head * 2 > this.kept.length) {
      this.kept = this.kept.slice(this.head);
      this.head = 0;
    }
    // A later message with the same MsgKey replaced this one in the index: leave that one there.
    if (this.byKey.get(k.message.key) === k) this.byKey.delete(k.message.key);
    if (k.message.unread) this.readOne(k.message);
    return k;
  }

  unreadCount(reader: string): number {
    return this.unread.get(reader)?.size ?? 0;
  }

  /** Marks read reader's unread messages stamped at or before `upTo` (all when undefined). */
  markRead(reader: string, upTo: number | undefined): void {
    const set = this.unread.get(reader);
    if (!set) return;
    for (const m of set) if (upTo === undefined || m.time <= upTo) this.readOne(m);
  }

  private readOne(m: StoredMessage): void {
    m.unread = false;
    const set = this.unread.get(m.to)!;
    set.delete(m);
    if (!set.size) this.unread.delete(m.to);
  }

  messages(): StoredMessage[] {
    const out: StoredMessage[] = [];
    for (let i = this.head; i < this.kept.length; i++) out.push(this.kept[i]!.message);
    return out;
  }

  *all(): IterableIterator<Kept> {
    for (let i = this.head; i < this.kept.length; i++) yield this.kept[i]!;
  }

  /** Takes one unread message out of its reader's count. */
  readMessage(m: StoredMessage): void {
    if (m.unread) this.readOne(m);
  }
}

/** History order: by time, then by MsgSeq within a second, then as stored. */
const byHistoryOrder = (x: StoredMessage, y: StoredMessage) => x.time - y.time || x.seq - y.seq;

export class ImState {
  private readonly accounts = new Set<string>();
  /** Each conversation under both of its accounts. */
  private readonly conversations = new Map<string, Map<string, Conversation>>();
  /** Every kept message in the order it was stored, from `head` on; entries of messages gone since are skipped. */
  private queue: Kept[] = [];
  private head = 0;
  private messagesKept = 0;
  private charsKept = 0;
  private seq = 0;

  /** Imports an account; false when the app is full and the account is new. */
  importAccount(id: string): boolean {
    if (this.accounts.size >= MAX_ACCOUNTS && !this.accounts.has(id)) return false;
    this.accounts.add(id);
    return true;
  }

  hasAccount(id: string): boolean {
    return this.accounts.has(id);
  }

  /** Deletes an account and every message to or from it; false when there was none. */
  deleteAccount(id: string): boolean {
    if (!this.accounts.delete(id)) return false;
    const mine = this.conversations.get(id);
    if (!mine) return true;
    this.conversations.delete(id);
    for (const [peer, conversation] of mine) {
      this.conversations.get(peer)?.delete(id);
      for (const k of conversation.all()) this.release(k);
    }
    this.compactQueue();
    return true;
  }

  get accountCount(): number {
    return this.accounts.size;
  }

  /** Messages kept in the whole app. */
  get messageCount(): number {
    return this.messagesKept;
  }

  /** Content for several messages at once: give it to each send that stores this body and CloudCustomData. */
  sharedContent(body: readonly unknown[], cloudCustomData?: string): SharedContent {
    return { chars: contentChars(body, cloudCustomData), holders: 0 };
  }

  /** Stores a message from → to at `time` (Unix seconds); returns its MsgKey. */
  send(from: string, to: string, time: number, countsAsUnread: boolean, random: number, extras: MessageExtras = {}): string {
    this.seq++;
    const seq = extras.seq ?? this.seq;
    const body = extras.body ?? [];
    const key = msgKeyOf(seq, random, time);
    const message: StoredMessage = { key, seq, random, time, from, to, body, recalled: false, edited: false, unread: countsAsUnread };
    if (extras.hiddenFromSender) message.hiddenFromSender = true;
    if (extras.cloudCustomData !== undefined) message.cloudCustomData = extras.cloudCustomData;
    const conversation = this.conversation(from, to, true)!;
    // CloudCustomData counts against the bound on kept characters as the body does.
    const { shared } = extras;
    const kept: Kept = { message, conversation, chars: shared ? 0 : contentChars(body, extras.cloudCustomData), shared, gone: false };
    conversation.add(kept);
    this.queue.push(kept);
    this.messagesKept++;
    this.charsKept += kept.chars;
    if (shared && shared.holders++ === 0) this.charsKept += shared.chars;
    if (conversation.size > MAX_MESSAGES_PER_CONVERSATION) this.release(conversation.dropOldest()!);
    while (this.messagesKept > MAX_MESSAGES || this.charsKept > MAX_KEPT_BODY_CHARS) this.dropOldestInApp();
    return key;
  }

  /**
   * Overwrites a stored message's MsgBody and/or CloudCustomData (modify_c2c_msg) and marks it edited. The new content
   * counts against the bound on kept characters as a new message's does, so the oldest messages may go.
   */
  edit(m: StoredMessage, content: { body?: readonly unknown[]; cloudCustomData?: string }): void {
    if (content.body !== undefined) m.body = content.body;
    if (content.cloudCustomData !== undefined) m.cloudCustomData = content.cloudCustomData;
    if (content.body === undefined && content.cloudCustomData === undefined) return;
    m.edited = true;
    const k = this.conversation(m.from, m.to)?.byKey.get(m.key);
    if (!k || k.message !== m || k.gone) return;
    // An edited message holds its content alone.
    this.unshare(k);
    const chars = contentChars(m.body, m.cloudCustomData);
    this.charsKept += chars - k.chars;
    k.chars = chars;
    while (this.charsKept > MAX_KEPT_BODY_CHARS) this.dropOldestInApp();
  }

  /** A message of the conversation between a and b, by its MsgKey. */
  message(a: string, b: string, key: string): StoredMessage | undefined {
    return this.conversation(a, b)?.byKey.get(key)?.message;
  }

  /** The conversation's messages stamped from `from` to `to` (Unix seconds, both included), in history order. */
  history(a: string, b: string, from: number, to: number): StoredMessage[] {
    const all = this.conversation(a, b)?.messages() ?? [];
    return all.filter((m) => m.time >= from && m.time <= to).sort(byHistoryOrder);
  }

  /** Marks the messages peer sent to reader as read: all of them, or those at or before `upTo` (Unix seconds). */
  markRead(reader: string, peer: string, upTo?: number): void {
    this.conversation(reader, peer)?.markRead(reader, upTo);
  }

  /** The accounts whose messages to reader are unread. */
  peersOf(reader: string): string[] {
    const out: string[] = [];
    for (const [peer, conversation] of this.conversations.get(reader) ?? []) if (conversation.unreadCount(reader)) out.push(peer);
    return out;
  }

  /** Unread messages of reader from one peer. */
  unreadFrom(reader: string, peer: string): number {
    return this.conversation(reader, peer)?.unreadCount(reader) ?? 0;
  }

  /** Unread messages of reader from everyone. */
  unreadTotal(reader: string): number {
    let n = 0;
    for (const conversation of this.conversations.get(reader)?.values() ?? []) n += conversation.unreadCount(reader);
    return n;
  }

  snapshot(): StateSnapshot {
    const unread: StateSnapshot['unread'] = [];
    for (const [reader, byPeer] of this.conversations) {
      for (const [peer, conversation] of byPeer) {
        const count = conversation.unreadCount(reader);
        if (count) unread.push({ reader, peer, count });
      }
    }
    return { accounts: [...this.accounts].sort(), unread, messagesSent: this.seq };
  }

  /** Forgets every account and message. */
  clear(): void {
    this.accounts.clear();
    this.conversations.clear();
    this.queue = [];
    this.head = 0;
    this.messagesKept = 0;
    this.charsKept = 0;
    this.seq = 0;
    this.messageWindows.clear();
    this.repeats.clear();
  }

  /** Takes one message out of its recipient's unread count, as a recall may (ledger AMB-WITHDRAW-UNREAD). */
  readMessage(a: string, b: string, key: string): void {
    const found = this.conversation(a, b)?.byKey.get(key);
    if (found) found.conversation.readMessage(found.message);
  }

  private conversation(a: string, b: string, create = false): Conversation | undefined {
    const found = this.conversations.get(a)?.get(b);
    if (found || !create) return found;
    const conversation = new Conversation();
    for (const [x, y] of [[a, b], [b, a]] as const) {
      let byPeer = this.conversations.get(x);
      if (!byPeer) this.conversations.set(x, (byPeer = new Map()));
      byPeer.set(y, conversation);
    }
    return conversation;
  }

  /** An empty conversation goes, so that the pairs of accounts that ever talked do not outgrow the messages kept. */
  private forget(a: string, b: string): void {
    for (const [x, y] of [[a, b], [b, a]] as const) {
      const byPeer = this.conversations.get(x);
      byPeer?.delete(y);
      if (byPeer?.size === 0) this.conversations.delete(x);
    }
  }

  /** A message that left its conversation leaves the app's counts too. */
  private release(k: Kept): void {
    k.gone = true;
    this.messagesKept--;
    this.charsKept -= k.chars;
    this.unshare(k);
  }

  /** A message stops holding shared content: the content stops counting with the last message holding it. */
  private unshare(k: Kept): void {
    const { shared } = k;
    if (!shared) return;
    k.shared = undefined;
    if (--shared.holders === 0) this.charsKept -= shared.chars;
  }

  private dropOldestInApp(): void {
    while (this.head < this.queue.length) {
      const k = this.queue[this.head]!;
      this.queue[this.head++] = undefined as unknown as Kept;
      if (k.gone) continue;
      // Both queues keep arrival order, so the app's oldest message is its conversation's oldest too.
      k.conversation.dropOldest();
      this.release(k);
      if (k.conversation.size === 0) this.forget(k.message.from, k.message.to);
      break;
    }
    this.compactQueue();
  }

  /** Cuts off the queue's consumed front and the entries of messages gone, once they outnumber the kept ones. */
  private compactQueue(): void {
    const waste = this.queue.length - this.messagesKept;
    if (waste > 1024 && waste > this.messagesKept) {
      this.queue = this.queue.slice(this.head).filter((k) => !k.gone);
      this.head = 0;
    }
  }

  /**
   * Messages by a key a command recognises a repeat by (sendmsg: the conversation, MsgSeq, MsgRandom and content),
   * each with when it was stored, oldest first. Bounded by time (`keepMs`) and by MAX_MESSAGES entries.
   */
  private readonly repeats = new Map<string, { from: string; to: string; key: string; atMs: number }>();

  /** Remembers a message just stored under `key`, forgetting entries older than `keepMs`. */
  rememberAs(key: string, message: StoredMessage, nowMs: number, keepMs: number): void {
    this.repeats.delete(key);
    // Where to find it, not the message: one the store let go is not held here.
    this.repeats.set(key, { from: message.from, to: message.to, key: message.key, atMs: nowMs });
    for (const [k, e] of this.repeats) {
      if (e.atMs >= nowMs - keepMs && this.repeats.size <= MAX_MESSAGES) break;
      this.repeats.delete(k);
    }
  }

  /** The message remembered under `key` since `sinceMs`, while the conversation still keeps it. */
  rememberedAs(key: string, sinceMs: number): StoredMessage | undefined {
    const e = this.repeats.get(key);
    if (!e || e.atMs < sinceMs) return undefined;
    return this.message(e.from, e.to, e.key);
  }

  /**
   * Limits a command counts in messages rather than calls (batchsendmsg: 12,000 a minute), by command: they belong to
   * the app, and are forgotten with it.
   */
  readonly messageWindows = new Map<string, WeightedWindow>();
}

/** The MsgKey of a one-to-one message, as the service's samples show it (see the top of this file). */
export const msgKeyOf = (seq: number, random: number, time: number): string => `${seq}_${random}_${time}`;
