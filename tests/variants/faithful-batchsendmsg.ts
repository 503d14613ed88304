/**
 * Simulators that read batchsendmsg's open points otherwise than the mock does: the suite must find them conformant.
 */
import { fail, type Reply } from '../../mocks/reply.js';
import type { FaithfulVariant } from './faithful.js';
import { handler } from './compose.js';
import { MESSAGES_PER_MINUTE } from '../../mocks/commands/batchsendmsg.js';
import type { WeightedWindow } from '../../mocks/rate-limiter.js';

const MINUTE_MS = 60_000;

/** The per-minute limit kept by `make`'s design instead of a sliding minute; a batch that would cross it takes nothing. */
const minuteLimit = (make: () => Pick<WeightedWindow, 'tryAcquire'>) =>
  handler('batchsendmsg', (b, ctx, doc) => {
    if (!ctx.state.messageWindows.has('batchsendmsg')) ctx.state.messageWindows.set('batchsendmsg', make() as WeightedWindow);
    return doc(b, ctx);
  });

const namedIn = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export const faithfulBatchsendmsg: Record<string, FaithfulVariant> = {
  'batch-unknown-recipients-dropped': {
    does: 'leaves recipients that do not exist out of the answer, and fails a batch that reached no one, as a 2020 report saw',
    policies: handler('batchsendmsg', (b, ctx, doc) => {
      const r = doc(b, ctx);
      if (!Array.isArray(r.ErrorList)) return r;
      if (r.MsgKey === undefined) return fail(70107);
      const { ErrorList: _dropped, ...reached } = r;
      return reached as Reply;
    }),
  },
  'batch-error-list-always': {
    does: 'sends ErrorList as [] when every recipient was reached',
    policies: handler('batchsendmsg', (b, ctx, doc) => {
      const r = doc(b, ctx);
      return r.ErrorCode === 0 && r.ErrorList === undefined ? { ...r, ErrorList: [] } : r;
    }),
  },
  'batch-partial-failure-fails': {
    does: 'answers FAIL with 70107 beside the ErrorList when some recipients do not exist, the others still reached',
    policies: handler('batchsendmsg', (b, ctx, doc) => {
      const r = doc(b, ctx);
      return Array.isArray(r.ErrorList) ? { ...fail(70107), MsgKey: r.MsgKey, ErrorList: r.ErrorList } : r;
    }),
  },
  'batch-minute-calendar': {
    does: 'counts the 12,000 messages a minute in calendar minutes of its clock (ledger AMB-BATCH-MINUTE-COUNT)',
    policies: minuteLimit(() => {
      let [minute, used] = [-1, 0];
      return {
        tryAcquire(now, weight) {
          if (Math.floor(now / MINUTE_MS) !== minute) [minute, used] = [Math.floor(now / MINUTE_MS), 0];
          return used + weight <= MESSAGES_PER_MINUTE ? ((used += weight), true) : false;
        },
      };
    }),
  },
  'batch-minute-bucket': {
    does: 'counts the 12,000 messages a minute with a bucket of 12,000 that refills 200 a second (ledger AMB-BATCH-MINUTE-COUNT)',
    policies: minuteLimit(() => {
      let tokens = MESSAGES_PER_MINUTE;
      let last: number | undefined;
      return {
        tryAcquire(now, weight) {
          tokens = Math.min(MESSAGES_PER_MINUTE, tokens + ((now - (last ?? now)) * MESSAGES_PER_MINUTE) / MINUTE_MS);
          last = now;
          return tokens >= weight ? ((tokens -= weight), true) : false;
        },
      };
    }),
  },
  'batch-minute-counts-every-recipient': {
    does: 'counts every recipient named toward the 12,000 messages a minute, those that do not exist too',
    policies: handler('batchsendmsg', (b, ctx, doc) => {
      const r = doc(b, ctx);
      const missing = namedIn(b.To_Account).filter((a) => !ctx.state.hasAccount(a)).length;
      if (r.ErrorCode === 0 && missing) ctx.state.messageWindows.get('batchsendmsg')?.tryAcquire(ctx.nowMs, missing);
      return r;
    }),
  },
};
