/**
 * How the self-tests' variants of the simulator are made: each replaces or wraps one of its policies (auth, limits,
 * fields, envelope, handlers, or a command's own policy such as admin_set_msg_read's read policy) and keeps the others,
 * the way msw handlers are composed rather than subclassed.
 */
import { decodeUserSig, userSigHmac, type UserSigVerdict } from '../../src/core/usersig.js';
import type { Body, CommandContext, CommandHandler } from '../../mocks/command.js';
import { readPolicyOf, withRead, type ReadPolicy } from '../../mocks/commands/admin_set_msg_read.js';
import type { MockConfig } from '../../mocks/config.js';
import { createAuth, defaultAuthParts, type AuthParts, type FieldPolicy, type Policies, type SimResponse } from '../../mocks/policies.js';
import { RateLimiter } from '../../mocks/rate-limiter.js';
import { fail, type Reply } from '../../mocks/reply.js';
import type { ImState } from '../../mocks/state.js';
import { command as commandSpec } from '../../src/core/spec.js';

export type Customize = (documented: Policies, config: MockConfig) => Partial<Policies>;

export interface Variant {
  /** What the variant does differently, in one line. */
  does: string;
  config?: Partial<MockConfig>;
  policies?: Customize;
}

/** Several customisations, applied in order, each to what the one before made. */
export const all =
  (...steps: Customize[]): Customize =>
  (documented, config) =>
    steps.reduce<Policies>((p, step) => ({ ...p, ...step(p, config) }), documented);

export const envelope =
  (render: (reply: Reply, request: { method: string; url: string }, documented: (r: Reply) => SimResponse) => SimResponse): Customize =>
  (d) => ({ envelope: { render: (reply, request) => render(reply, request, (r) => d.envelope.render(r, request)) } });

/** A reply rewritten before it travels. */
export const reply = (rewrite: (r: Reply) => Reply): Customize => envelope((r, _q, documented) => documented(rewrite(r)));

type Hooks = Pick<CommandHandler, 'settle' | 'reset'>;

/** Two hooks of one kind, each run in turn. */
const both = <A extends unknown[]>(first?: (...a: A) => void, second?: (...a: A) => void) =>
  first && second ? (...a: A) => (first(...a), second(...a)) : (first ?? second);

/**
 * Effects that show later than the call that made them: `at` keeps one until `when`, and the hooks apply those due as
 * the simulator settles (they are kept in time order, each at its call's time plus one delay) and forget them on reset.
 */
export function deferred(): Required<Hooks> & { at: (when: number, apply: (state: ImState) => void) => void } {
  const pending: Array<{ when: number; apply: (state: ImState) => void }> = [];
  return {
    at: (when, apply) => void pending.push({ when, apply }),
    settle: (state, now) => {
      while (pending.length && pending[0]!.when <= now) pending.shift()!.apply(state);
    },
    reset: () => void pending.splice(0),
  };
}

/**
 * A command's handler wrapped; it keeps what the handler carries (its hooks, its own policy) and adds `hooks`, for
 * effects that show late.
 */
export const handler =
  (command: string, wrap: (b: Body, ctx: CommandContext, documented: (b: Body, ctx: CommandContext) => Reply) => Reply, hooks: Hooks = {}): Customize =>
  (d) => {
    const documented = d.handlers[command]!;
    const wrapped: CommandHandler = Object.assign((b: Body, ctx: CommandContext) => wrap(b, ctx, documented), documented, {
      settle: both(documented.settle, hooks.settle),
      reset: both(documented.reset, hooks.reset),
    });
    return { handlers: { ...d.handlers, [command]: wrapped } };
  };

/**
 * admin_set_msg_read built again from its read policy, parts of it replaced given the policy it had. It makes the
 * handler anew: in `all(...)` it goes before any `handler('admin_set_msg_read', ...)` wrap.
 */
export const read =
  (replace: (documented: ReadPolicy) => Partial<ReadPolicy>): Customize =>
  (d) => {
    const current = readPolicyOf(d.handlers.admin_set_msg_read);
    return { handlers: { ...d.handlers, admin_set_msg_read: withRead({ ...current, ...replace(current) }) } };
  };

export const fields =
  (replace: (documented: FieldPolicy) => Partial<FieldPolicy>): Customize =>
  (d) => ({ fields: { ...d.fields, ...replace(d.fields) } });

export const authParts =
  (replace: (documented: AuthParts, config: MockConfig) => Partial<AuthParts>): Customize =>
  (_d, config) => ({ auth: createAuth(config, replace(defaultAuthParts(config), config)) });

/** The query rewritten before authentication: how a server that reads the URL loosely sees it. */
export const query =
  (rewrite: (q: URLSearchParams) => void): Customize =>
  (d) => ({
    auth: {
      authenticate: (q, now) => {
        const copy = new URLSearchParams();
        q.forEach((value, name) => copy.append(name, value));
        rewrite(copy);
        return d.auth.authenticate(copy, now);
      },
      isAdmin: d.auth.isAdmin,
    },
  });

/** A field of the UserSig the query carries. */
export const fromUserSig = (q: URLSearchParams, field: 'TLS.identifier' | 'TLS.sdkappid'): string | undefined => {
  const v = decodeUserSig(q.get('usersig') ?? '')?.[field];
  return v === undefined ? undefined : String(v);
};

/** The documented verdict of a UserSig, then `amend`ed with the token's own fields. */
export const verdictAmended = (amend: (v: UserSigVerdict, doc: Record<string, unknown>, expected: { identifier: string; key: string }, now: number) => UserSigVerdict) =>
  authParts((d) => ({
    verify(sig, expected, now) {
      const v = d.verify(sig, expected, now);
      const doc = decodeUserSig(sig);
      return doc ? amend(v, doc, expected, now) : v;
    },
  }));

/** Verification that, when the HMAC text differs, compares it again another way and serves the call when that matches. */
export const hmacComparedBy = (same: (given: string, want: string) => boolean) =>
  verdictAmended((v, doc, expected) => {
    if (v.ok || v.reason !== 'bad-hmac') return v;
    const f = { identifier: String(doc['TLS.identifier']), sdkappid: Number(doc['TLS.sdkappid']), time: Number(doc['TLS.time']), expire: Number(doc['TLS.expire']) };
    return same(String(doc['TLS.sig']), userSigHmac(expected.key, f, doc['TLS.userbuf'] as string | undefined)) ? { ok: true, fields: f } : v;
  });

/**
 * A command built again from the policy its handler carries under `key` (the documented one when it carries none),
 * parts of it replaced given the policy it had, as `read` does for admin_set_msg_read. It makes the handler anew: in
 * `all(...)` it goes before any `handler(command, ...)` wrap.
 */
export const rebuilt =
  <P extends object>(command: string, key: string, build: (policy: P) => CommandHandler, documented: P) =>
  (replace: (current: P) => Partial<P>): Customize =>
  (d) => {
    const current = (d.handlers[command] as unknown as Record<string, P | undefined> | undefined)?.[key] ?? documented;
    return { handlers: { ...d.handlers, [command]: build({ ...current, ...replace(current) }) } };
  };

/** `command` limited to its documented rate for each value of `keyOf` instead of once for the app. */
export const limitedPer = (command: string, keyOf: (b: Body) => string): Customize => {
  let limiters = new Map<string, RateLimiter>();
  return handler(
    command,
    (b, ctx, documented) => {
      const key = keyOf(b);
      let limiter = limiters.get(key);
      if (!limiter) limiters.set(key, (limiter = new RateLimiter(commandSpec(command).callsPerSecond)));
      return limiter.tryAcquire(ctx.nowMs) ? documented(b, ctx) : fail(60007);
    },
    { reset: () => void (limiters = new Map()) },
  );
};

/** One command's calls admitted without any limit; the others keep theirs. */
export const unlimited =
  (command: string): Customize =>
  (d) => ({ limits: { admit: (name, now) => name === command || d.limits.admit(name, now), reset: d.limits.reset } });

/** One command's calls all refused for `ms` (five seconds unless said) after its limiter refused one: a limit that does not recover at once. */
export const stickyLimit =
  (command: string, ms = 5000): Customize =>
  (d) => {
    let blockedUntil = 0;
    return {
      limits: {
        admit(name, now) {
          if (name === command && now < blockedUntil) return false;
          const admitted = d.limits.admit(name, now);
          if (!admitted && name === command) blockedUntil = now + ms;
          return admitted;
        },
        reset: () => ((blockedUntil = 0), d.limits.reset()),
      },
    };
  };
