/**
 * The app's data: imported accounts and the unread one-to-one messages. A message that became read (or was sent with
 * NoUnread) can never count again, since read marks only move forward, so only unread messages are kept.
 */
/**
 * The state's bounds, so that a long-running mock under any flood stays within memory: accounts beyond MAX_ACCOUNTS
 * are refused as a full app is (70398); past MAX_UNREAD_MESSAGES unread messages in the app, a new message replaces
 * the oldest unread one of its conversation, or counts as read when its conversation has none. A message is kept as
 * its time alone (8 bytes in a packed array).
 */
export const MAX_ACCOUNTS = 100_000;
export const MAX_UNREAD_MESSAGES = 1_000_000;

/** What the control API and the MSW side show of the state. */
export interface StateSnapshot {
  accounts: string[];
  /** One entry per conversation with unread messages: reader's unread messages from peer. */
  unread: Array<{ reader: string; peer: string; count: number }>;
  /** Messages accepted by sendmsg since the start or the last reset. */
  messagesSent: number;
}

export class ImState {
  private readonly accounts = new Set<string>();
  /** Unread messages by reader, then by sender: the Unix second of each, oldest first. */
  private readonly unread = new Map<string, Map<string, number[]>>();
  private unreadKept = 0;
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

  /** Deletes an account and every unread message to or from it; false when there was none. */
  deleteAccount(id: string): boolean {
    if (!this.accounts.delete(id)) return false;
    for (const list of this.unread.get(id)?.values() ?? []) this.unreadKept -= list.length;
    this.unread.delete(id);
    for (const bySender of this.unread.values()) {
      this.unreadKept -= bySender.get(id)?.length ?? 0;
      bySender.delete(id);
    }
    return true;
  }

  get accountCount(): number {
    return this.accounts.size;
  }

  /** Records a message from → to at `time`; returns its key. */
  send(from: string, to: string, time: number, countsAsUnread: boolean, random: number): string {
    this.seq++;
    if (countsAsUnread) {
      let bySender = this.unread.get(to);
      if (!bySender) this.unread.set(to, (bySender = new Map()));
      let list = bySender.get(from);
      if (this.unreadKept < MAX_UNREAD_MESSAGES) {
        if (!list) bySender.set(from, (list = []));
        list.push(time);
        this.unreadKept++;
      } else if (list) {
        list.shift();
        list.push(time);
      }
    }
    return `${this.seq}_${random}_${time}`;
  }

  /** Marks the messages peer sent to reader as read: all of them, or those at or before `upTo` (Unix seconds). */
  markRead(reader: string, peer: string, upTo?: number): void {
    const bySender = this.unread.get(reader);
    const list = bySender?.get(peer);
    if (!bySender || !list) return;
    const left = upTo === undefined ? [] : list.filter((time) => time > upTo);
    this.unreadKept -= list.length - left.length;
    if (left.length) bySender.set(peer, left);
    else bySender.delete(peer);
  }

  /** The accounts whose messages to reader are unread. */
  peersOf(reader: string): string[] {
    return [...(this.unread.get(reader)?.keys() ?? [])];
  }

  /** Unread messages of reader from one peer. */
  unreadFrom(reader: string, peer: string): number {
    return this.unread.get(reader)?.get(peer)?.length ?? 0;
  }

  /** Unread messages of reader from everyone. */
  unreadTotal(reader: string): number {
    let n = 0;
    for (const list of this.unread.get(reader)?.values() ?? []) n += list.length;
    return n;
  }

  snapshot(): StateSnapshot {
    const unread: StateSnapshot['unread'] = [];
    for (const [reader, bySender] of this.unread) for (const [peer, list] of bySender) unread.push({ reader, peer, count: list.length });
    return { accounts: [...this.accounts].sort(), unread, messagesSent: this.seq };
  }

  /** Forgets every account and message. */
  clear(): void {
    this.accounts.clear();
    this.unread.clear();
    this.unreadKept = 0;
    this.seq = 0;
  }
}
