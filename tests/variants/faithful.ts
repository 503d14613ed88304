/**
 * Faithful simulators that read the docs differently where the docs leave a point open, or that differ in what the
 * docs do not state at all (limiter design, delays, wording, key order, quotas). The suite must find every one of
 * them conformant: a suite that rejects one asserts more than the docs say.
 */
import type { Clock } from '../../src/core/clock.js';
import type { ReadPolicy } from '../../mocks/commands/admin_set_msg_read.js';
import type { Limiter, Policies } from '../../mocks/policies.js';
import { fail, ok } from '../../mocks/reply.js';
import type { MessageExtras } from '../../mocks/state.js';
import { MAX_ACCOUNTS } from '../../src/suite/accounts.js';
import type { Target } from '../../src/suite/target.js';
import type { Transport } from '../../src/suite/transport.js';
import type { MockConfig } from '../../mocks/config.js';
import { createLimits } from '../../mocks/policies.js';
import { faithfulAdminMsgwithdraw } from './faithful-admin_msgwithdraw.js';
import { faithfulModifyC2cMsg } from './faithful-modify_c2c_msg.js';
import { faithfulImportmsg } from './faithful-importmsg.js';
import { faithfulSendmsg } from './faithful-sendmsg.js';
import { faithfulAdminGetroammsg } from './faithful-admin_getroammsg.js';
import { all, deferred, envelope, fields, handler, hmacComparedBy, read, reply, type Variant } from './compose.js';
import { faithfulBatchsendmsg } from './faithful-batchsendmsg.js';
import { faithfulGetC2cUnreadMsgNum } from './faithful-get_c2c_unread_msg_num.js';

export interface FaithfulVariant extends Variant {
  /** What the target's settings would say for it (another frequency code). */
  target?: Partial<Target>;
  /** Between the suite and the simulator: latency, gateway faults, lost answers. */
  transport?: (inner: Transport, clock: Clock) => Transport;
  latencyMs?: number;
  /** The service's clock ahead of the suite's machine (behind when negative), in milliseconds. */
  clockOffsetMs?: number;
  /** Runs against the same simulator twice, as a daily job meets the same app again. */
  twice?: boolean;
  /** Faults may leave some results indeterminate: the run is conformant or has no verdict, never non-conformant. */
  faults?: boolean;
}

/** Fixed one-second windows aligned to the clock's seconds. */
const fixedWindow = (limit: number): Limiter => {
  let second = -1;
  let used = 0;
  return {
    tryAcquire(now) {
      const s = Math.floor(now / 1000);
      if (s !== second) [second, used] = [s, 0];
      return used < limit ? (used++, true) : false;
    },
  };
};

/** A token bucket of one second of calls, full at the start. */
const tokenBucket = (limit: number): Limiter => {
  let tokens = limit;
  let last: number | undefined;
  return {
    tryAcquire(now) {
      tokens = Math.min(limit, tokens + ((now - (last ?? now)) * limit) / 1000);
      last = now;
      return tokens >= 1 ? (tokens--, true) : false;
    },
  };
};

/** Effects that show `delayMs` late: marking read, and new messages in the unread counts. */
function lateEffects(delayMs: number) {
  const later = deferred();
  let lateSeq = 1;
  const late: Partial<ReadPolicy> = {
    markRead: (_s, reader, peer, upTo, now) => later.at(now + delayMs, (s) => s.markRead(reader, peer, upTo)),
    settle: later.settle,
    reset: later.reset,
  };
  return all(
    read(() => late),
    handler('sendmsg', (b, ctx, doc) => {
      const state = ctx.state;
      const delayed = new Proxy(state, {
        get: (s, name) =>
          name === 'send'
            ? (from: string, to: string, time: number, unread: boolean, random: number, extras?: MessageExtras) => {
                // The MsgKey answered now is the one the message has once it shows, as a service's would be.
                const seq = extras?.seq ?? lateSeq++;
                later.at(ctx.nowMs + delayMs, (st) => void st.send(from, to, time, unread, random, { ...extras, seq }));
                return `${seq}_${random}_${time}`;
              }
            : Reflect.get(s, name),
      });
      return doc(b, { ...ctx, state: delayed });
    }),
  );
}

/**
 * One read mark per conversation, in seconds, that every call sets, to an earlier time too (ledger
 * AMB-READ-MARK-ORDER): unread are the messages after the mark. Every message is logged, so that the state can be
 * rebuilt from the mark, and a message stamped at or before its conversation's mark is read from the start.
 */
function readMarks() {
  const marks = new Map<string, number>();
  const log: Array<{ from: string; to: string; time: number; unread: boolean; random: number }> = [];
  const key = (reader: string, peer: string) => JSON.stringify([reader, peer]);
  const marking: Partial<ReadPolicy> = {
    markRead(s, reader, peer, upTo, nowMs) {
      const mark = upTo ?? Math.floor(nowMs / 1000);
      marks.set(key(reader, peer), mark);
      s.markRead(reader, peer);
      for (const m of log) if (m.from === peer && m.to === reader && m.unread && m.time > mark) s.send(peer, reader, m.time, true, m.random);
    },
    reset: () => {
      marks.clear();
      log.splice(0);
    },
  };
  return all(
    read(() => marking),
    handler('sendmsg', (b, ctx, doc) => {
      const logged = new Proxy(ctx.state, {
        get: (st, name) =>
          name === 'send'
            ? (from: string, to: string, time: number, unread: boolean, random: number, extras?: MessageExtras) => {
                log.push({ from, to, time, unread, random });
                return st.send(from, to, time, unread && time > (marks.get(key(to, from)) ?? -1), random, extras);
              }
            : Reflect.get(st, name),
      });
      return doc(b, { ...ctx, state: logged });
    }),
  );
}

/** Answers that a gateway turns into HTTP 429 without an envelope for a while, asking the caller to come back. */
const gateway429 = (fromMs: number, forMs: number) => (inner: Transport, clock: Clock): Transport => {
  let start: number | undefined;
  return {
    async send(r) {
      start ??= clock.now();
      const t = clock.now() - start;
      if (t >= fromMs && t < fromMs + forMs) return { status: 429, headers: { 'retry-after': '1', 'content-type': 'text/html' }, body: Buffer.from('<html>Too Many Requests</html>') };
      return inner.send(r);
    },
  };
};

/**
 * Every third sendmsg that stores a message reaches the service, but its answer is lost on the way back. Refusals
 * (the load cases' calls) travel intact: losing those would only leave the load cases without a verdict.
 */
const lostSendmsgAnswers = (inner: Transport): Transport => {
  let n = 0;
  return {
    async send(r) {
      const res = await inner.send(r);
      if (r.path.endsWith('/sendmsg') && /"ErrorCode":0[,}]/.test(res.body.toString()) && ++n % 3 === 0) throw new Error('socket hang up');
      return res;
    },
  };
};

export const faithful: Record<string, FaithfulVariant> = {
  documented: { does: 'the simulator as shipped' },
  ...faithfulAdminGetroammsg,
  ...faithfulSendmsg,
  ...faithfulImportmsg,
  ...faithfulAdminMsgwithdraw,
  ...faithfulModifyC2cMsg,
  ...faithfulBatchsendmsg,
  ...faithfulGetC2cUnreadMsgNum,
  'account-codes-swapped': {
    does: 'answers 90003 for Report_Account and 90008 for Peer_Account, the other reading of DOC-ACCOUNT-CODES',
    // admin_set_msg_read's alone: sendmsg's and importmsg's table names the field of each code.
    policies: handler('admin_set_msg_read', (b, ctx, doc) => ((r) => (r.ErrorCode === 90003 ? fail(90008) : r.ErrorCode === 90008 ? fail(90003) : r))(doc(b, ctx))),
  },
  'admin-code-60010': { does: 'refuses a caller who is no admin with 60010', policies: reply((r) => (r.ErrorCode === 90009 || r.ErrorCode === 70403 ? fail(60010) : r)) },
  'account-type-as-parse-failure': { does: 'refuses an account of another JSON type with 90001', policies: reply((r) => (r.ErrorCode === 60015 ? fail(90001) : r)) },
  'lenient-utf8': {
    does: 'decodes invalid UTF-8 leniently',
    policies: fields(() => ({
      decodeBody: (bytes) => {
        try {
          return JSON.parse(new TextDecoder('utf-8').decode(bytes));
        } catch {
          return undefined;
        }
      },
    })),
  },
  'fixed-window-limiter': { does: 'limits calls in fixed one-second windows', policies: (_d, config: MockConfig) => ({ limits: createLimits(config, fixedWindow) }) },
  'token-bucket-limiter': { does: 'limits calls with a token bucket of one second of calls', policies: (_d, config: MockConfig) => ({ limits: createLimits(config, tokenBucket) }) },
  'frequency-code-60011': {
    does: 'refuses calls over the limit with 60011, another documented frequency code',
    policies: reply((r) => (r.ErrorCode === 60007 ? fail(60011) : r)),
  },
  'late-effects': { does: 'shows new messages and marks read three seconds late', policies: lateEffects(3000) },
  'late-imports': {
    does: 'shows an imported account two seconds after account_import answered',
    policies: (() => {
      const pending: Array<{ at: number; id: string }> = [];
      return handler(
        'account_import',
        (b, ctx, doc) => {
          const id = (b.UserID ?? b.Identifier) as string;
          if (ctx.state.hasAccount(id) || pending.some((p) => p.id === id)) return doc(b, ctx);
          pending.push({ at: ctx.nowMs + 2000, id });
          return ok();
        },
        {
          settle(state, now) {
            while (pending.length && pending[0]!.at <= now) state.importAccount(pending.shift()!.id);
          },
        },
      );
    })(),
  },
  latency: { does: 'answers 30 ms late', latencyMs: 30 },
  'clock-ahead': { does: "keeps a clock 90 s ahead of the suite's machine", clockOffsetMs: 90_500 },
  'clock-behind': { does: "keeps a clock 90 s behind the suite's machine", clockOffsetMs: -90_500 },
  'extra-fields-and-key-order': {
    does: 'adds RequestId and ErrorDisplay and orders the keys ErrorCode first',
    policies: reply((r) => {
      const { ErrorCode, ErrorInfo, ActionStatus, ...rest } = r;
      return { ErrorCode, ErrorInfo, ErrorDisplay: '', RequestId: `req-${ErrorCode}`, ...rest, ActionStatus } as typeof r;
    }),
  },
  'text-plain': { does: 'answers with content-type text/plain', policies: envelope((r, _q, doc) => ({ ...doc(r), headers: { 'content-type': 'text/plain' } })) },
  'other-error-info': { does: 'words every ErrorInfo its own way', policies: reply((r) => ({ ...r, ErrorInfo: r.ErrorCode ? `Err_${r.ErrorCode}: request rejected` : 'ok' })) },
  strict: { does: 'refuses a missing or other contenttype and a missing or out-of-range random', config: { strict: true } },
  'integer-msg-read-time-refused': {
    does: 'refuses MsgReadTime sent as a JSON integer with 90001',
    policies: read((d) => ({ readTime: (v) => (typeof v === 'number' ? { code: 90001 } : d.readTime(v)) })),
  },
  'unread-count-as-string': {
    does: "gives C2CUnreadMsgNum as a string, as Tencent's OpenAPI description types it",
    policies: handler('get_c2c_unread_msg_num', (b, ctx, doc) => {
      const r = doc(b, ctx);
      const list = r.C2CUnreadMsgNumList as Array<Record<string, unknown>> | undefined;
      return list ? { ...r, C2CUnreadMsgNumList: list.map((x) => ({ ...x, C2CUnreadMsgNum: String(x.C2CUnreadMsgNum) })) } : r;
    }),
  },
  'trial-app': {
    does: `keeps the limits of a trial app (100 accounts, 1,000 messages a day), all but the ${MAX_ACCOUNTS} a run may use already taken; run twice`,
    // The admin is one of the app's accounts.
    config: { accounts: Array.from({ length: 100 - MAX_ACCOUNTS - 1 }, (_, i) => `trial_user_${i}`) },
    twice: true,
    policies: all(
      handler('account_import', (b, ctx, doc) => {
        const id = (b.UserID ?? b.Identifier) as string;
        return !ctx.state.hasAccount(id) && ctx.state.accountCount >= 100 ? fail(70398) : doc(b, ctx);
      }),
      // The quota is given on sendmsg's page; batchsendmsg's messages are not counted in it.
      (() => {
        let sent = 0;
        return handler('sendmsg', (b, ctx, doc) => (sent >= 1000 ? fail(60020) : ((r) => ((sent += r.ErrorCode === 0 ? 1 : 0), r))(doc(b, ctx))));
      })(),
    ),
  },
  'gateway-429': {
    does: 'sits behind a gateway that answers HTTP 429 without an envelope for two seconds, with Retry-After',
    transport: gateway429(300, 2000),
    faults: true,
  },
  'lost-sendmsg-answers': {
    does: 'loses the answer of every third sendmsg after storing the message, so the suite sends it again',
    transport: lostSendmsgAnswers,
    faults: true,
  },
  'msg-read-time-exclusive': {
    does: 'reads the messages strictly before MsgReadTime, the other reading of AMB-MSGREADTIME-BOUNDARY',
    policies: read(() => ({ markRead: (s, reader, peer, upTo) => s.markRead(reader, peer, upTo === undefined ? undefined : upTo - 1) })),
  },
  'hmac-compared-as-bytes': {
    does: 'compares the HMAC as the 32 bytes its base64 decodes to, with a lenient decoder',
    policies: hmacComparedBy((given, want) => ((g, w) => g.length === w.length && g.equals(w))(Buffer.from(given, 'base64'), Buffer.from(want, 'base64'))),
  },
  'read-mark-follows-last-call': {
    does: 'keeps one read mark per conversation that every call sets, an earlier MsgReadTime making messages unread again',
    policies: readMarks(),
  },
};

/**
 * A second client of the same app makes `calls` calls of admin_set_msg_read at the moment `when` first holds for one
 * of the suite's calls, and never again: the app's one limit counts both clients, as the service's limit does.
 */
const phantomClient =
  (calls: number, when: (call: { n: number; nowMs: number; lastMs: number | undefined; lastRefusedMs: number | undefined }) => boolean) =>
  (d: Policies): Partial<Policies> => {
    let n = 0;
    let done = false;
    let lastMs: number | undefined;
    let lastRefusedMs: number | undefined;
    return {
      limits: {
        admit(command, nowMs) {
          if (command !== 'admin_set_msg_read') return d.limits.admit(command, nowMs);
          n++;
          if (!done && when({ n, nowMs, lastMs, lastRefusedMs })) {
            done = true;
            for (let i = 0; i < calls; i++) d.limits.admit(command, nowMs);
          }
          const admitted = d.limits.admit(command, nowMs);
          if (!admitted) lastRefusedMs = nowMs;
          lastMs = nowMs;
          return admitted;
        },
        reset: d.limits.reset,
      },
    };
  };

/**
 * Faithful simulators of an app whose limit another client used up during one try of a phase: the phase under the
 * limit has no verdict, and says the limit appears shared.
 */
export const sharedApp: Record<string, FaithfulVariant & { phase: RegExp }> = {
  'shared-during-paced': {
    does: 'counts 200 calls of another client at the first call after a pause, the run\'s own first call aside',
    phase: /^calls paced at 180/,
    policies: phantomClient(200, ({ n, nowMs, lastMs }) => n > 1 && lastMs !== undefined && nowMs - lastMs >= 1000),
  },
  'shared-during-recovery': {
    does: 'counts 200 calls of another client at the first call a second after a refusal',
    phase: /^a call after a quiet second/,
    policies: phantomClient(200, ({ nowMs, lastRefusedMs }) => lastRefusedMs !== undefined && nowMs - lastRefusedMs >= 1000),
  },
};
