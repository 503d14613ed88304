/**
 * The simulator core: the documented behaviour of the endpoint and its companion APIs, written once as policies and
 * command handlers (policies.ts, commands/). The MSW handlers and the HTTP server are thin adapters over `handle`,
 * which is synchronous and answers every request with an envelope.
 */
import { redact, REDACTED_SIG } from '../src/core/redaction.js';
import { commandAt, commands } from '../src/core/spec.js';
import type { CommandContext, CommandHandler } from './command.js';
import { handlers as documentedHandlers } from './commands/index.js';
import type { MockConfig } from './config.js';
import {
  createAuth,
  createFields,
  createLimits,
  decodeJsonBody,
  jsonEnvelope,
  type Policies,
  type SimResponse,
} from './policies.js';
import { fail, inServiceOrder, isRefusal, type Reply } from './reply.js';
import { BASE, isPost, ReadRequest, type SimRequest } from './request.js';
import { ImState, type StateSnapshot } from './state.js';

export type { SimResponse } from './policies.js';
export type { SimRequest } from './request.js';

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

/**
 * Watches every request the simulator receives, before it is answered (the client report); `read` is the simulator's
 * own reading of it, to use rather than parse the request again.
 */
export type RequestObserver = (request: SimRequest, reply: Reply, read: ReadRequest) => void;

/** The request log's bounds: the last 1000 requests, each body cut to 2048 characters. */
export const KEPT_REQUESTS = 1000;
const KEPT_BODY_CHARS = 2048;
/** Enough bytes for 2048 characters of UTF-8; copied, so that a kept request never holds its socket's buffer. */
const KEPT_BODY_BYTES = KEPT_BODY_CHARS * 4;
/** Node's default limit on a request head: longer targets only reach the simulator in process (MSW), cut here. */
const KEPT_URL_CHARS = 16 * 1024;
/** The service of each command, the second segment of its path (v4/<service>/<command>). */
const SERVICE_OF: ReadonlyMap<string, string> = new Map(commands.map((c) => [c.command, c.path.split('/')[1]!]));

/**
 * The first `max` characters of a text, held on their own: a part cut with slice would keep the whole text alive (V8
 * makes a slice of a long string a view of it).
 */
function cut(text: string, max: number): string {
  return text.length <= max ? text : Buffer.from(text.slice(0, max), 'utf16le').toString('utf16le');
}

/** A request as kept on the hot path: its raw parts; redaction and the readable form wait until someone asks. */
interface KeptRequest {
  nowMs: number;
  method: string;
  url: string;
  /**
   * The first KEPT_BODY_BYTES bytes of the body, one character per byte: a copy on the JS heap, cheaper than bytes, or
   * an ASCII body's decoded text, which is the same.
   */
  body: string;
  errorCode: number;
}

/** The documented behaviour; `customize` replaces policies of it, given the documented ones. */
export function documentedPolicies(config: MockConfig): Policies {
  return {
    auth: createAuth(config),
    limits: createLimits(config),
    fields: createFields(config),
    envelope: jsonEnvelope,
    handlers: documentedHandlers,
  };
}

export class Simulator {
  readonly state = new ImState();
  readonly policies: Policies;
  /** A ring of the last KEPT_REQUESTS requests; `next` is where the next one goes. */
  private readonly received: KeptRequest[] = [];
  private next = 0;
  private readonly observers: RequestObserver[] = [];
  /** The handlers whose effects show late: most variants and the documented behaviour have none. */
  private readonly settling: CommandHandler[];

  constructor(
    readonly config: MockConfig,
    customize: (documented: Policies, config: MockConfig) => Partial<Policies> = () => ({}),
  ) {
    const documented = documentedPolicies(config);
    this.policies = { ...documented, ...customize(documented, config) };
    // A command the spec knows but no handler serves would answer 70500 to every call: refuse to start instead.
    const missing = commands.filter((c) => !this.policies.handlers[c.command]).map((c) => c.command);
    if (missing.length) throw new Error(`no handler for ${missing.join(', ')}: add mocks/commands/<command>.ts and run npm run generate`);
    this.settling = Object.values(this.policies.handlers).filter((h) => h.settle);
    this.seed();
  }

  /** Answers one request. Every answer is an envelope, whatever arrives. */
  handle(req: SimRequest): SimResponse {
    const now = this.config.now();
    for (const h of this.settling) h.settle!(this.state, now);
    const read = new ReadRequest(req);
    let reply: Reply;
    try {
      reply = this.process(read, now);
    } catch (e) {
      if (this.config.internalErrors === 'throw') throw e;
      reply = fail(70500);
    }
    this.keep(req, reply, now, read);
    for (const observe of this.observers) {
      // What watches the answers never changes one, nor fails the request.
      try {
        observe(req, reply, read);
      } catch (e) {
        if (this.config.internalErrors === 'throw') throw e;
      }
    }
    return this.policies.envelope.render(reply, req);
  }

  /**
   * The order of checks follows the record (spec/real-answers.json): sdkappid and UserSig first, then the method (a GET
   * without random from an ordinary account got 60008, not 60002, 70403 or 90009), then the query, the path, admin
   * rights and the body.
   */
  private process(read: ReadRequest, nowMs: number): Reply {
    const req = read.request;
    const nowSeconds = Math.floor(nowMs / 1000);
    const { auth, limits, fields } = this.policies;
    const caller = auth.authenticate(read, nowSeconds);
    if (isRefusal(caller)) return fail(caller.code);
    if (!isPost(req.method)) return fail(60008);
    const refused = fields.query(read);
    if (refused) return fail(refused.code);
    const spec = read.command;
    if (!spec) return fail(60009);
    if (!auth.isAdmin(caller.identifier)) return fail(spec.codes.admin);
    if (!limits.admit(spec.command, nowMs)) return fail(60007);
    if (req.body.byteLength > this.config.maxBodyBytes) return fail(60002);
    // The documented decoding is shared with the observers; a variant's own is its alone.
    const body = fields.decodeBody === decodeJsonBody ? read.json() : fields.decodeBody(req.body);
    if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) return fail(spec.codes.parse);
    const ctx: CommandContext = { state: this.state, config: this.config, fields, nowMs, nowSeconds };
    return inServiceOrder(this.policies.handlers[spec.command]!(body as Record<string, unknown>, ctx), SERVICE_OF.get(spec.command)!);
  }

  /** Watches every request from now on. */
  observe(observer: RequestObserver): void {
    this.observers.push(observer);
  }

  /** The requests received since the start or the last reset, oldest first (the last 1000). */
  requests(): ReceivedRequest[] {
    const ring = this.received;
    const inOrder = ring.length < KEPT_REQUESTS ? ring : [...ring.slice(this.next), ...ring.slice(0, this.next)];
    return inOrder.map((k) => this.readable(k));
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
    for (const h of Object.values(this.policies.handlers)) h.reset?.();
    this.received.length = 0;
    this.next = 0;
    this.seed();
  }

  private seed(): void {
    this.importAccounts([this.config.adminIdentifier, ...this.config.accounts]);
  }

  private keep(req: SimRequest, reply: Reply, nowMs: number, read: ReadRequest): void {
    const b = req.body;
    const text = read.bodyText;
    // A text of one character per byte is ASCII, the same as its copy would be: it is kept as it is, with no copy.
    const body =
      text !== undefined && text.length === b.byteLength && text.length <= KEPT_BODY_BYTES
        ? text
        : (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength)).toString('latin1', 0, Math.min(b.byteLength, KEPT_BODY_BYTES));
    const kept: KeptRequest = { nowMs, method: cut(req.method, KEPT_URL_CHARS), url: cut(req.url, KEPT_URL_CHARS), body, errorCode: reply.ErrorCode };
    this.received[this.next] = kept;
    this.next = (this.next + 1) % KEPT_REQUESTS;
  }

  private readable(k: KeptRequest): ReceivedRequest {
    const url = new URL(k.url, BASE);
    const command = commandAt(url.pathname)?.command;
    const secrets = [this.config.secretKey];
    return {
      at: new Date(k.nowMs).toISOString(),
      method: k.method,
      // A client that joins its query with & instead of ? puts its usersig in the path.
      path: redact(url.pathname, secrets),
      ...(command ? { command } : {}),
      query: Object.fromEntries([...url.searchParams].map(([key, v]) => [key, key === 'usersig' ? REDACTED_SIG : redact(v, secrets)])),
      body: redact(Buffer.from(k.body, 'latin1').toString('utf8'), secrets).slice(0, KEPT_BODY_CHARS),
      errorCode: k.errorCode,
    };
  }
}
