/**
 * The simulator core: the documented behaviour of the endpoint and its companion APIs, written once as policies and
 * command handlers (policies.ts, commands/). The MSW handlers and the HTTP server are thin adapters over `handle`,
 * which is synchronous and answers every request with an envelope.
 */
import { redact, REDACTED_SIG } from '../core/redaction.js';
import { commandAt, commands } from '../core/spec.js';
import type { CommandContext } from './command.js';
import { handlers as documentedHandlers } from './commands/index.js';
import type { MockConfig } from './config.js';
import {
  createAuth,
  createFields,
  createLimits,
  immediateRead,
  jsonEnvelope,
  type Policies,
  type SimResponse,
} from './policies.js';
import { fail, inServiceOrder, isRefusal, type Reply } from './reply.js';
import { ImState, type StateSnapshot } from './state.js';

export type { SimResponse } from './policies.js';

export interface SimRequest {
  method: string;
  /** Path and query, e.g. /v4/openim/admin_set_msg_read?sdkappid=... */
  url: string;
  body: Uint8Array;
}

/** A request as the mock keeps it for its users: the usersig redacted, the body cut short. */
export interface ReceivedRequest {
  at: string;
  method: string;
  path: string;
  /** The command the path names, when it names one. */
  command?: string;
  query: Record<string, string>;
  body: string;
  /** The ErrorCode the mock answered. */
  errorCode: number;
}

/** Watches every request the simulator receives, before it is answered (the client report). */
export type RequestObserver = (request: SimRequest, reply: Reply) => void;

const KEPT_REQUESTS = 1000;
/** The service of each command, the second segment of its path (v4/<service>/<command>). */
const SERVICE_OF: ReadonlyMap<string, string> = new Map(commands.map((c) => [c.command, c.path.split('/')[1]!]));
const KEPT_BODY_CHARS = 2048;

/** The documented behaviour; `customize` replaces policies of it, given the documented ones. */
export function documentedPolicies(config: MockConfig): Policies {
  return {
    auth: createAuth(config),
    limits: createLimits(config),
    fields: createFields(config),
    read: immediateRead,
    envelope: jsonEnvelope,
    handlers: documentedHandlers,
  };
}

export class Simulator {
  readonly state = new ImState();
  readonly policies: Policies;
  private readonly received: ReceivedRequest[] = [];
  private readonly observers: RequestObserver[] = [];

  constructor(
    readonly config: MockConfig,
    customize: (documented: Policies, config: MockConfig) => Partial<Policies> = () => ({}),
  ) {
    const documented = documentedPolicies(config);
    this.policies = { ...documented, ...customize(documented, config) };
    // A command the spec knows but no handler serves would answer 70500 to every call: refuse to start instead.
    const missing = commands.filter((c) => !this.policies.handlers[c.command]).map((c) => c.command);
    if (missing.length) throw new Error(`no handler for ${missing.join(', ')}: add src/mock/commands/<command>.ts and run npm run generate`);
    this.seed();
  }

  /** Answers one request. Every answer is an envelope, whatever arrives. */
  handle(req: SimRequest): SimResponse {
    const now = this.config.now();
    this.policies.read.settle?.(this.state, now);
    const url = new URL(req.url, 'http://mock.invalid');
    let reply: Reply;
    try {
      reply = this.process(req, url, now);
    } catch (e) {
      if (this.config.internalErrors === 'throw') throw e;
      reply = fail(70500);
    }
    this.keep(req, url, reply, now);
    for (const observe of this.observers) observe(req, reply);
    return this.policies.envelope.render(reply, req);
  }

  /**
   * The order of checks follows the record (spec/real-answers.json): sdkappid and UserSig first, then the method (a GET
   * without random from an ordinary account got 60008, not 60002, 70403 or 90009), then the query, the path, admin
   * rights and the body.
   */
  private process(req: SimRequest, url: URL, nowMs: number): Reply {
    const q = url.searchParams;
    const nowSeconds = Math.floor(nowMs / 1000);
    const { auth, limits, fields } = this.policies;
    const caller = auth.authenticate(q, nowSeconds);
    if (isRefusal(caller)) return fail(caller.code);
    if (req.method.toUpperCase() !== 'POST') return fail(60008);
    const refused = fields.query(q);
    if (refused) return fail(refused.code);
    const spec = commandAt(url.pathname);
    if (!spec) return fail(60009);
    if (!auth.isAdmin(caller.identifier)) return fail(spec.codes.admin);
    if (!limits.admit(spec.command, nowMs)) return fail(60007);
    if (req.body.byteLength > this.config.maxBodyBytes) return fail(60002);
    const body = fields.decodeBody(req.body);
    if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) return fail(spec.codes.parse);
    const ctx: CommandContext = { state: this.state, config: this.config, fields, read: this.policies.read, nowMs, nowSeconds };
    return inServiceOrder(this.policies.handlers[spec.command]!(body as Record<string, unknown>, ctx), SERVICE_OF.get(spec.command)!);
  }

  /** Watches every request from now on. */
  observe(observer: RequestObserver): void {
    this.observers.push(observer);
  }

  /** The requests received since the start or the last reset, oldest first (the last 1000). */
  requests(): ReceivedRequest[] {
    return [...this.received];
  }

  snapshot(): StateSnapshot {
    return this.state.snapshot();
  }

  /** Imports accounts, as account_import would. */
  importAccounts(ids: readonly string[]): void {
    for (const id of ids) this.state.importAccount(id);
  }

  /** Back to the start: only the admin and the configured accounts, no message, no call counted, no request kept. */
  reset(): void {
    this.state.clear();
    this.policies.limits.reset();
    this.policies.read.reset?.();
    this.received.length = 0;
    this.seed();
  }

  private seed(): void {
    this.importAccounts([this.config.adminIdentifier, ...this.config.accounts]);
  }

  private keep(req: SimRequest, url: URL, reply: Reply, nowMs: number): void {
    const command = commandAt(url.pathname)?.command;
    const secrets = [this.config.secretKey];
    this.received.push({
      at: new Date(nowMs).toISOString(),
      method: req.method,
      // A client that joins its query with & instead of ? puts its usersig in the path.
      path: redact(url.pathname, secrets),
      ...(command ? { command } : {}),
      query: Object.fromEntries([...url.searchParams].map(([k, v]) => [k, k === 'usersig' ? REDACTED_SIG : redact(v, secrets)])),
      body: redact(Buffer.from(req.body).toString('utf8'), secrets).slice(0, KEPT_BODY_CHARS),
      errorCode: reply.ErrorCode,
    });
    if (this.received.length > KEPT_REQUESTS) this.received.shift();
  }
}
