/**
 * The simulator served over real HTTP, with the control API beside it. Whatever arrives, an answer that is not a
 * transport failure is HTTP 200 with an envelope (docs/facts/envelope.md#http-status), memory stays bounded and no socket is held past
 * the deadlines.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ClientChecker } from './client-report.js';
import { control } from './control.js';
import { JSON_CONTENT_TYPE, jsonEnvelope, type SimResponse } from './policies.js';
import { fail } from './reply.js';
import type { Simulator } from './simulator.js';

/** The documented server-side timeout (docs/facts/envelope.md#timeout): a request not received by then is answered with 60008. */
export const BODY_DEADLINE_MS = 3000;

/** How often Node checks header and request deadlines; its default (30 s) would let a slow sender hold a socket. */
const DEADLINE_CHECK_MS = 250;

/**
 * Body bytes that may be in flight server-wide, in units of maxBodyBytes. Each request reserves its declared length
 * (maxBodyBytes when chunked) before its body is read, so many concurrent large bodies cannot grow memory without
 * bound; a request that waits too long for room meets the deadline like any slow request.
 */
const BUFFERED_BODIES = 32;

/**
 * What the mock still takes, unread, of a body it has refused for its size. The answer goes out first; the socket
 * closes once the client has finished sending (so it is not cut off mid-write and can read the answer), or once it
 * has sent this much more, or at the request deadline (requestTimeout), whichever comes first.
 */
export const DRAIN_BYTES = 64 * 2 ** 20;

/** An envelope as a complete HTTP/1.1 message, for sockets that no ServerResponse can serve (parse errors, CONNECT). */
function rawEnvelope(body: string | Uint8Array): Buffer {
  const head = `HTTP/1.1 200 OK\r\ncontent-type: ${JSON_CONTENT_TYPE}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), typeof body === 'string' ? Buffer.from(body) : body]);
}

/** A flat [name, value, ...] list: the cheapest form writeHead takes, on the path every call goes through. */
function headersOf(r: SimResponse, close: boolean): (string | number)[] {
  const headers: (string | number)[] = ['content-length', Buffer.byteLength(r.body)];
  for (const name in r.headers) headers.push(name, r.headers[name]!);
  // Node then ends the socket after this answer, so an unread remainder of the body is never read.
  if (close) headers.push('connection', 'close');
  return headers;
}

function send(res: ServerResponse, r: SimResponse, close: boolean): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(r.status, headersOf(r, close));
  res.end(r.body);
}

/**
 * Answers a body over the size limit, then discards what the client still sends before closing. Closing at once would
 * reset the connection while the client is still writing, and most clients then report the reset, not the answer.
 * Nothing of the excess is kept: memory stays bounded however much arrives.
 */
function refuseOversized(req: IncomingMessage, res: ServerResponse): void {
  if (res.headersSent || res.destroyed) return;
  const r = envelopeOf(60002);
  res.writeHead(r.status, headersOf(r, true));
  // The whole answer is written now; ending the response would close the socket, so it ends when the body does.
  res.write(r.body);
  // A client waiting for 100 Continue sends no body: there is nothing to drain.
  if (req.complete || req.headers.expect !== undefined) return void res.end();
  let drained = 0;
  req.on('data', (chunk: Buffer) => {
    drained += chunk.byteLength;
    if (drained > DRAIN_BYTES) res.destroy();
  });
  req.once('end', () => res.end());
  req.resume();
}

/** What a request gets: the control API's answer under its prefix, the simulator's everywhere else. */
type Answer = (method: string, url: string, body: Uint8Array) => SimResponse;

/** An envelope made here, for what never reaches the simulator (a body over the limit, a deadline). */
const envelopeOf = (code: number): SimResponse => jsonEnvelope.render(fail(code), { method: '', url: '' });

/**
 * Reservations of body bytes, granted in arrival order. A granted request always has room for its whole body, so
 * requests never wait on each other's partial bodies (no deadlock), and memory stays within the limit.
 */
class BodyBudget {
  private free: number;
  private readonly queue: Exchange[] = [];

  constructor(limit: number) {
    this.free = limit;
  }

  /** Starts the exchange once its body's bytes are reserved: at once when there is room and nobody waits. */
  reserve(x: Exchange): void {
    if (this.queue.length === 0 && x.length <= this.free) {
      this.free -= x.length;
      x.read();
    } else {
      this.queue.push(x);
    }
  }

  /** Takes back a reservation not granted yet. */
  cancel(x: Exchange): void {
    const i = this.queue.indexOf(x);
    if (i >= 0) this.queue.splice(i, 1);
    this.grant();
  }

  release(bytes: number): void {
    this.free += bytes;
    this.grant();
  }

  private grant(): void {
    while (this.queue.length && this.queue[0]!.length <= this.free) {
      const next = this.queue.shift()!;
      this.free -= next.length;
      next.read();
    }
  }
}

/**
 * The exchanges begun and not settled, for the deadline sweep. An array whose last entry fills the slot of one that
 * leaves: adding and removing cost no hashing, on the path every call takes.
 */
class LiveExchanges {
  readonly all: Exchange[] = [];

  add(x: Exchange): void {
    x.slot = this.all.length;
    this.all.push(x);
  }

  remove(x: Exchange): void {
    const last = this.all.pop()!;
    if (last !== x) {
      this.all[x.slot] = last;
      last.slot = x.slot;
    }
  }
}

/**
 * One request from headers to answer. Its state lives in an object with prototype methods rather than in closures,
 * and its listeners are shared functions: this is the path every call takes, and per-call closures cost (under tsx,
 * each named one also gets renamed).
 */
class Exchange {
  private first: Buffer | undefined;
  private chunks: Buffer[] | undefined;
  private size = 0;
  done = false;
  private reading = false;
  /** Where it is in the live exchanges. */
  slot = 0;
  /** When the headers arrived (Date.now()): the deadline sweep answers 60008 BODY_DEADLINE_MS later. */
  readonly started = Date.now();

  constructor(
    private readonly answer: Answer,
    private readonly budget: BodyBudget,
    private readonly live: LiveExchanges,
    readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    /** Bytes reserved for the body: its declared length, or maxBodyBytes when chunked. */
    readonly length: number,
    /** Whether the length is the body's, from content-length. */
    private readonly declared: boolean,
  ) {
    live.add(this);
    // The client going away leaves nothing to answer, only the deadline and the reservation to give back. One
    // listener per connection rather than one per request: its bodies are read one request after another, so the
    // exchange still reading is the last one begun. (An aborted request emits 'error' only to listeners, so none is
    // needed for the process to survive it.)
    const socket = req.socket as Tagged<Socket>;
    if (socket[EXCHANGE] === undefined) socket.on('close', onSocketClose);
    socket[EXCHANGE] = this;
    // Until read() attaches a listener the body is not consumed, and Node stops reading the socket.
    budget.reserve(this);
  }

  read(): void {
    this.reading = true;
    (this.req as Tagged<IncomingMessage>)[EXCHANGE] = this;
    this.req.on('data', onRequestData);
    // A body of declared length is whole with its last byte, and answered then (onData): the stream's 'end' comes a
    // tick later and would only say the same.
    if (!this.declared || this.length === 0) this.req.on('end', onRequestEnd);
  }

  onData(chunk: Buffer): void {
    if (this.done) return;
    // Only a chunked body can outgrow its reservation; the parser holds a declared one to its length.
    if (this.size + chunk.byteLength > this.length) {
      this.settle();
      return refuseOversized(this.req, this.res);
    }
    this.size += chunk.byteLength;
    if (!this.first) this.first = chunk;
    else (this.chunks ??= [this.first]).push(chunk);
    if (this.declared && this.size === this.length) this.onEnd();
  }

  onEnd(): void {
    if (this.done) return;
    const body = this.chunks ? Buffer.concat(this.chunks, this.size) : (this.first ?? EMPTY);
    this.settle();
    send(this.res, this.answer(this.req.method ?? 'GET', this.req.url ?? '/', body), false);
  }

  refuse(code: number): void {
    if (this.done) return;
    this.settle();
    send(this.res, envelopeOf(code), true);
  }

  /** Once only: what it holds is given back once. */
  settle(): void {
    if (this.done) return;
    this.done = true;
    this.first = this.chunks = undefined;
    this.live.remove(this);
    if (this.reading) this.budget.release(this.length);
    else this.budget.cancel(this);
  }
}

/** The exchange a request (or the connection it came on) belongs to, for the shared listeners. */
const EXCHANGE = Symbol('exchange');
type Tagged<T> = T & { [EXCHANGE]?: Exchange };

function onRequestData(this: Tagged<IncomingMessage>, chunk: Buffer): void {
  this[EXCHANGE]!.onData(chunk);
}

function onRequestEnd(this: Tagged<IncomingMessage>): void {
  this[EXCHANGE]!.onEnd();
}

function onSocketClose(this: Tagged<Socket>): void {
  this[EXCHANGE]!.settle();
}

/**
 * Answers 60008 to every exchange past its deadline, and gives back what an exchange still holds whose client went
 * away without its connection's listener seeing it (an earlier request of a pipelined connection). One sweep per server
 * instead of a timer per request: a timer is the dearer of the two on the path every call takes, and the sweep's
 * period keeps the answer within 250 ms of 3 s.
 */
function sweepDeadlines(live: LiveExchanges): void {
  const now = Date.now();
  // Backwards: an exchange settled here is replaced by the last one, which has been seen already.
  for (let i = live.all.length - 1; i >= 0; i--) {
    const x = live.all[i]!;
    if (x.req.destroyed) x.settle();
    else if (now - x.started >= BODY_DEADLINE_MS) x.refuse(60008);
  }
}

export interface MockServerOptions {
  /** Checks every request and serves the client report under the control API. */
  checker?: ClientChecker;
}

export function createMockServer(sim: Simulator, options: MockServerOptions = {}): Server {
  const max = sim.config.maxBodyBytes;
  const answer: Answer = (method, url, body) => {
    try {
      return control(sim, options.checker, method, url, body) ?? sim.handle({ method, url, body });
    } catch {
      // A server keeps serving: a simulator told to throw on internal errors (in-process tests) still gets an envelope.
      return envelopeOf(70500);
    }
  };
  const budget = new BodyBudget(BUFFERED_BODIES * max);
  const live = new LiveExchanges();

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    // Node's parser has already refused a content-length that is not digits, and one beside transfer-encoding.
    const declared = req.headers['content-length'];
    const length = declared !== undefined ? Number(declared) : req.headers['transfer-encoding'] !== undefined ? max : 0;
    if (length > max) refuseOversized(req, res);
    else new Exchange(answer, budget, live, req, res, length, declared !== undefined);
  }

  const server = createServer(
    { headersTimeout: BODY_DEADLINE_MS, requestTimeout: BODY_DEADLINE_MS + 1000, connectionsCheckingInterval: DEADLINE_CHECK_MS },
    onRequest,
  );
  const sweep = setInterval(sweepDeadlines, DEADLINE_CHECK_MS, live);
  sweep.unref();
  server.on('close', () => clearInterval(sweep));
  // Any Expect value is served as a normal request (Node would answer 417): the envelope carries the outcome.
  server.on('checkExpectation', onRequest);

  const answered = new WeakSet<Socket>();
  /** Writes a raw envelope once per socket, then closes it; later errors on that socket are ignored. */
  const answerRaw = (socket: Socket, body: string | Uint8Array) => {
    if (answered.has(socket)) return;
    answered.add(socket);
    socket.end(rawEnvelope(body), () => socket.destroy());
    // A peer that never reads must not keep the socket open.
    setTimeout(() => socket.destroy(), BODY_DEADLINE_MS).unref();
  };

  // Malformed HTTP gets an envelope when the socket can still take one; writing after part of another answer would
  // corrupt that answer, and a connection that never sent a byte has nothing to answer.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (answered.has(socket)) return;
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (!socket.writable || inFlight?.headersSent || socket.bytesRead === 0) return void socket.destroy();
    const code = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 60008 : 60002;
    answerRaw(socket, JSON.stringify(fail(code)));
  });

  // CONNECT is a request too: the simulator answers it (it is no POST), then the socket closes instead of tunnelling.
  server.on('connect', (req: IncomingMessage, socket: Socket) => {
    socket.on('error', () => socket.destroy());
    answerRaw(socket, answer(req.method ?? 'CONNECT', req.url ?? '/', EMPTY).body);
  });

  return server;
}

const EMPTY = new Uint8Array(0);

/** Listens on `host` (127.0.0.1 unless told); port 0 picks a free one. Resolves with the base URL. */
export function listen(server: Server, port: number, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      // Once listening, the only server errors are accept failures (EMFILE and the like): transient, and no reason to
      // crash the process, which keeps serving the connections it has.
      server.on('error', () => {});
      const addr = server.address();
      const bound = typeof addr === 'object' && addr ? addr.port : port;
      // The wildcard addresses are reachable as loopback from this machine; a client elsewhere uses the host's name.
      const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
      resolve(`http://${shown}:${bound}`);
    });
  });
}
