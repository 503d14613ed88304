/**
 * The app's data: imported accounts and the unread one-to-one messages. A message that became read (or was sent with
 * NoUnread) can never count again, since read marks only move forward, so only unread messages are kept.
 */
interface UnreadMessage {
  /** Unix seconds. */
  time: number;
}

export class ImState {
  private readonly accounts = new Set<string>();
  /** Unread messages by reader, then by sender. */
  private readonly unread = new Map<string, Map<string, UnreadMessage[]>>();
  private seq = 0;

  importAccount(id: string): void {
    this.accounts.add(id);
  }

  hasAccount(id: string): boolean {
    return this.accounts.has(id);
  }

  /** Records a message from → to at `time`; returns its key. */
  send(from: string, to: string, time: number, countsAsUnread: boolean, random: number): string {
    this.seq++;
    if (countsAsUnread) {
      let bySender = this.unread.get(to);
      if (!bySender) this.unread.set(to, (bySender = new Map()));
      let list = bySender.get(from);
      if (!list) bySender.set(from, (list = []));
      list.push({ time });
    }
    return `${this.seq}_${random}_${time}`;
  }

  /** Marks the messages peer sent to reader as read: all of them, or those at or before `upTo` (Unix seconds). */
  markRead(reader: string, peer: string, upTo?: number): void {
    const bySender = this.unread.get(reader);
    const list = bySender?.get(peer);
    if (!bySender || !list) return;
    const left = upTo === undefined ? [] : list.filter((m) => m.time > upTo);
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
}
