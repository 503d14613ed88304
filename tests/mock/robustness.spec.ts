/**
 * The HTTP mock under abuse: whatever arrives, an answer is HTTP 200 with a well-formed envelope (docs/facts/envelope.md#http-status) or,
 * for bytes that are no HTTP request at all, a clean close; memory and sockets stay bounded; valid calls keep working.
 * The fuzz is seeded: FUZZ_SEED=<n> replays a run, and every run prints its seed.
 */
import { expect, test } from '@playwright/test';
import { Agent, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { Api } from 'tls-sig-api-v2';
import { defaultConfig, DEFAULT_ADMIN, DEFAULT_MAX_BODY_BYTES, DEFAULT_SDKAPPID, DEFAULT_SECRET_KEY } from '../../mocks/config.js';
import { BODY_DEADLINE_MS, createMockServer, listen } from '../../mocks/http-server.js';
import { Simulator } from '../../mocks/simulator.js';
import { violations } from '../../src/core/validators.js';

const ENDPOINT = '/v4/openim/admin_set_msg_read';
const REPORT = 'robust_report';
const PEER = 'robust_peer';
const ADMIN_SIG = new Api(DEFAULT_SDKAPPID, DEFAULT_SECRET_KEY).genUserSig(DEFAULT_ADMIN, 300);
const QUERY = `?sdkappid=${DEFAULT_SDKAPPID}&identifier=${DEFAULT_ADMIN}&usersig=${ADMIN_SIG}&random=12345&contenttype=json`;
const VALID_BODY = JSON.stringify({ Report_Account: REPORT, Peer_Account: PEER });

let server: Server;
let port: number;

test.beforeAll(async () => {
  server = createMockServer(new Simulator(defaultConfig({ rateLimit: 0 })));
  port = Number(new URL(await listen(server, 0)).port);
  for (const id of [REPORT, PEER]) {
    const r = await post(`/v4/im_open_login_svc/account_import${QUERY}`, JSON.stringify({ UserID: id }));
    expect(r.body.ErrorCode, `import ${id}`).toBe(0);
  }
});

test.afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

type Envelope = { ActionStatus: string; ErrorCode: number; ErrorInfo: string };

/** The checks every answer must pass; returns the envelope. */
function envelope(status: number | undefined, headers: IncomingHttpHeaders | Record<string, string>, text: string, what: string): Envelope {
  expect(status, what).toBe(200);
  expect(String(headers['content-type']), what).toContain('application/json');
  let body: unknown;
  expect(() => (body = JSON.parse(text)), `${what}: body ${JSON.stringify(text.slice(0, 200))}`).not.toThrow();
  expect(violations('common/envelope.schema.json', body), what).toEqual([]);
  return body as Envelope;
}

/** One request through node:http with a fresh connection; resolves with status, headers and raw text. */
function exchange(opts: { method: string; path: string; headers?: Record<string, string>; body?: string | Buffer }) {
  return new Promise<{ status?: number; headers: IncomingHttpHeaders; text: string }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: opts.method, path: opts.path, headers: opts.headers, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(BODY_DEADLINE_MS + 3000, () => req.destroy(new Error('no answer in time')));
    req.on('error', reject);
    req.end(opts.body);
  });
}

async function post(path: string, body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const r = await exchange({ method: 'POST', path, headers, body });
  return { ...r, body: envelope(r.status, r.headers, r.text, `POST ${path.split('?')[0]}`) };
}

const validCall = () => post(`${ENDPOINT}${QUERY}`, VALID_BODY);

/** What came back on a raw socket: the bytes, how it ended, and when. */
interface RawResult {
  data: Buffer;
  /** 'closed' when the server closed (FIN); 'reset' on ECONNRESET; 'held' when still open at the limit. */
  end: 'closed' | 'reset' | 'held';
  ms: number;
}

/**
 * Writes `pieces` on a raw socket (pausing `gapMs` between them), half-closes unless `keepOpen`, and collects all
 * bytes until the server closes or `limitMs` passes.
 */
function rawExchange(pieces: (string | Buffer)[], opts: { keepOpen?: boolean; limitMs?: number; gapMs?: number } = {}): Promise<RawResult> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const parts: Buffer[] = [];
    let end: RawResult['end'] = 'closed';
    const socket: Socket = connect(port, '127.0.0.1');
    const done = () => {
      clearTimeout(limit);
      resolve({ data: Buffer.concat(parts), end, ms: Date.now() - t0 });
    };
    const limit = setTimeout(() => {
      end = 'held';
      socket.destroy();
    }, opts.limitMs ?? BODY_DEADLINE_MS + 3000);
    socket.on('data', (d: Buffer) => parts.push(d));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (end !== 'held') end = e.code === 'ECONNRESET' ? 'reset' : 'closed';
    });
    socket.on('close', done);
    socket.on('connect', async () => {
      for (const [i, p] of pieces.entries()) {
        if (i && opts.gapMs) await new Promise((r) => setTimeout(r, opts.gapMs));
        if (socket.destroyed) return;
        socket.write(p);
      }
      if (!opts.keepOpen && !socket.destroyed) socket.end();
    });
  });
}

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Splits raw bytes into HTTP/1.1 responses framed by content-length (the only framing the mock uses), skipping
 * interim 100 Continue. Throws on
 * anything else, so a half-written or garbled answer is a failure.
 */
function parseResponses(data: Buffer, headRequest = false): RawResponse[] {
  const out: RawResponse[] = [];
  let at = 0;
  while (at < data.length) {
    const headEnd = data.indexOf('\r\n\r\n', at);
    if (headEnd < 0) throw new Error(`truncated response head: ${JSON.stringify(data.subarray(at, at + 200).toString('latin1'))}`);
    const [statusLine = '', ...lines] = data.subarray(at, headEnd).toString('latin1').split('\r\n');
    const m = /^HTTP\/1\.[01] (\d{3}) /.exec(statusLine);
    if (!m) throw new Error(`not a status line: ${JSON.stringify(statusLine)}`);
    // An interim 100 Continue (Expect: 100-continue) has no body and precedes the answer.
    if (m[1] === '100') {
      at = headEnd + 4;
      continue;
    }
    const headers: Record<string, string> = {};
    for (const l of lines) {
      const i = l.indexOf(':');
      headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
    }
    if (headers['transfer-encoding']) throw new Error(`unexpected transfer-encoding ${headers['transfer-encoding']}`);
    // A HEAD answer has no body, but a raw envelope for a malformed HEAD request (then the connection closes) has one.
    const bodiless = headRequest && (headEnd + 4 === data.length || data.subarray(headEnd + 4, headEnd + 9).toString('latin1') === 'HTTP/');
    const length = bodiless ? 0 : Number(headers['content-length']);
    if (!Number.isInteger(length)) throw new Error(`no content-length in ${JSON.stringify(lines)}`);
    const bodyStart = headEnd + 4;
    if (bodyStart + length > data.length) throw new Error('truncated response body');
    out.push({ status: Number(m[1]), headers, body: data.subarray(bodyStart, bodyStart + length).toString('utf8') });
    at = bodyStart + length;
  }
  return out;
}

/** Every response on the wire is HTTP 200 with an envelope; returns them. */
function rawEnvelopes(r: RawResult, what: string, headRequest = false): Envelope[] {
  let responses: RawResponse[] = [];
  expect(() => (responses = parseResponses(r.data, headRequest)), what).not.toThrow();
  return responses.flatMap((x) => {
    // A HEAD answer carries the headers of an envelope without its body.
    if (headRequest && x.body === '') {
      expect(x.status, what).toBe(200);
      expect(x.headers['content-type'], what).toContain('application/json');
      return [];
    }
    return [envelope(x.status, x.headers, x.body, what)];
  });
}

// ---------------------------------------------------------------------------------------------------------------
// A tiny seeded PRNG (mulberry32): enough spread for fuzzing, and the same seed replays the same run.

const DEFAULT_SEED = 0x5eed2026;
const SEED_SETTING = process.env.FUZZ_SEED?.trim() || undefined;
if (SEED_SETTING !== undefined && !/^\d+$/.test(SEED_SETTING)) throw new Error(`FUZZ_SEED must be a whole number, not ${SEED_SETTING}`);
const SEED = SEED_SETTING === undefined ? DEFAULT_SEED : Number(SEED_SETTING) >>> 0;

function prng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  return { next, int, pick, bytes, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof prng>;

const METHODS = ['POST', 'POST', 'POST', 'GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'PATCH', 'TRACE', 'post', 'P0ST', 'BREW', ''];
const PATHS = [
  ENDPOINT,
  ENDPOINT,
  '/v4/im_open_login_svc/account_import',
  '/v4/openim/sendmsg',
  '/v4/openim/get_c2c_unread_msg_num',
  '/',
  '/v4/openim/',
  '//v4//openim//admin_set_msg_read',
  '/v4/openim/admin_set_msg_read/../../etc/passwd',
  '/%00%ff%c3%28',
  '*',
  'http://console.tim.qq.com/v4/openim/admin_set_msg_read',
  `/${'a'.repeat(3000)}`,
];
const CONTENT_TYPES = ['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '', 'application/json; charset=latin1', '\u00ff'];

function query(rng: Rng): string {
  switch (rng.int(6)) {
    case 0:
    case 1:
    case 2:
      return QUERY;
    case 3:
      return '';
    case 4:
      return `?sdkappid=${rng.pick(['', '-1', '99999999999', 'abc', String(DEFAULT_SDKAPPID)])}&identifier=${rng.pick(['', DEFAULT_ADMIN, '%zz', 'x'.repeat(500)])}&usersig=${rng.pick(['', 'eJ', ADMIN_SIG.slice(0, 40), '%%%'])}&random=${rng.pick(['1', '-1', '1e3', '4294967296'])}&contenttype=${rng.pick(['json', 'JSON', 'xml', ''])}`;
    default:
      return `?${rng.bytes(rng.int(80)).toString('latin1').replace(/[\s#]/g, '_')}`;
  }
}

function body(rng: Rng): Buffer {
  switch (rng.int(12)) {
    case 0:
      return Buffer.from(VALID_BODY);
    case 1:
      return Buffer.from(VALID_BODY.slice(0, rng.int(VALID_BODY.length)));
    case 2:
      return rng.bytes(rng.int(2000));
    case 3:
      // Invalid UTF-8 inside an otherwise valid JSON shape.
      return Buffer.concat([Buffer.from('{"Report_Account":"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from(`","Peer_Account":"${PEER}"}`)]);
    case 4:
      return Buffer.from('['.repeat(100_000));
    case 5:
      return Buffer.from(`{"Report_Account":${'['.repeat(50_000)}${']'.repeat(50_000)}}`);
    case 6:
      return Buffer.alloc(DEFAULT_MAX_BODY_BYTES + 1 + rng.int(2 * DEFAULT_MAX_BODY_BYTES), 0x20);
    case 7:
      return Buffer.from(JSON.stringify({ Report_Account: 'x'.repeat(DEFAULT_MAX_BODY_BYTES - 100), Peer_Account: PEER }));
    case 8:
      return Buffer.alloc(0);
    case 9:
      return Buffer.from(JSON.stringify({ Report_Account: rng.int(1e6), Peer_Account: null, MsgReadTime: rng.pick(['-1', 'abc', 1.5, {}, []]) }));
    case 10:
      return Buffer.from('\ufeff' + VALID_BODY);
    default:
      return Buffer.from(JSON.stringify(rng.pick([null, 0, 'str', [], true, {}])));
  }
}

/** A chunked encoding of `b`, sometimes broken (bad sizes, missing terminator). */
function chunked(rng: Rng, b: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at < b.length; ) {
    const n = Math.min(b.length - at, 1 + rng.int(70_000));
    parts.push(Buffer.from(`${n.toString(16)}\r\n`), b.subarray(at, at + n), Buffer.from('\r\n'));
    at += n;
  }
  if (rng.chance(0.15)) parts.splice(rng.int(parts.length + 1), 0, Buffer.from(rng.pick(['zz\r\n', 'ffffffffffffffffff\r\n', '-1\r\n', '\r\n'])));
  if (!rng.chance(0.1)) parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}

interface FuzzCase {
  kind: 'bytes' | 'http';
  head: boolean;
  pieces: Buffer[];
  label: string;
}

function fuzzCase(rng: Rng, i: number): FuzzCase {
  if (rng.chance(0.12)) {
    const data = rng.bytes(1 + rng.int(rng.chance(0.2) ? 100_000 : 300));
    return { kind: 'bytes', head: false, pieces: [data], label: `#${i} ${data.length} random bytes` };
  }
  const method = rng.pick(METHODS);
  const path = rng.pick(PATHS) + query(rng);
  const b = body(rng);
  const headers: string[] = ['Host: 127.0.0.1'];
  const type = rng.pick(CONTENT_TYPES);
  if (rng.chance(0.8)) headers.push(`Content-Type: ${type}`);
  const framing = rng.pick(['length', 'length', 'chunked', 'none', 'short', 'double']);
  let payload = b;
  if (framing === 'length') headers.push(`Content-Length: ${b.length}`);
  else if (framing === 'chunked') {
    headers.push('Transfer-Encoding: chunked');
    payload = chunked(rng, b);
  } else if (framing === 'short') headers.push(`Content-Length: ${Math.max(0, b.length - 1 - rng.int(10))}`);
  else if (framing === 'double') headers.push(`Content-Length: ${b.length}`, `Content-Length: ${b.length + 1}`);
  if (rng.chance(0.2)) headers.push(rng.pick(['Expect: 100-continue', 'Connection: close', 'Connection: Upgrade\r\nUpgrade: websocket', 'X-Junk: \u0001', `X-Long: ${'v'.repeat(20_000)}`, 'Expect: teapot', 'Accept-Encoding: gzip']));
  const version = rng.pick(['HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 extra']);
  const wire = Buffer.concat([Buffer.from(`${method} ${path} ${version}\r\n${headers.join('\r\n')}\r\n\r\n`, 'latin1'), payload]);
  // Truncating anywhere exercises every parser state at end of stream.
  const cut = rng.chance(0.15) ? wire.subarray(0, rng.int(wire.length)) : wire;
  const pieces: Buffer[] = [];
  for (let at = 0; at < cut.length; ) {
    const n = rng.chance(0.3) ? 1 + rng.int(64) : cut.length;
    pieces.push(cut.subarray(at, at + n));
    at += n;
  }
  return { kind: 'http', head: method === 'HEAD', pieces, label: `#${i} ${method} ${path.slice(0, 60)} ${framing} ${b.length}B${cut === wire ? '' : ' cut'}` };
}

test('seeded fuzz of malformed requests gets envelopes or clean closes', async () => {
  test.setTimeout(30_000);
  console.log(`FUZZ_SEED=${SEED}${SEED_SETTING === undefined ? ' (default)' : ''}`);
  const rng = prng(SEED);
  const cases = Array.from({ length: 300 }, (_, i) => fuzzCase(rng, i));
  const failures: string[] = [];
  let answered = 0;
  const started = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++]!;
      // Each case half-closes after writing, so nothing waits for the body deadline.
      const r = await rawExchange(c.pieces, { limitMs: BODY_DEADLINE_MS + 2000 });
      try {
        expect(r.end, `${c.label}: socket held open`).not.toBe('held');
        const envs = rawEnvelopes(r, c.label, c.head);
        answered += envs.length;
        // Bytes that are no HTTP request may be closed without an answer; an HTTP-shaped request that reached the
        // server whole may not, unless it never finished its request line.
        if (r.end === 'reset') expect(envs.length, `${c.label}: reset without an answer`).toBeGreaterThan(0);
      } catch (e) {
        const sent = JSON.stringify(Buffer.concat(c.pieces).subarray(0, 300).toString('latin1'));
        const got = JSON.stringify(r.data.subarray(0, 300).toString('latin1'));
        failures.push(`${(e as Error).message.split('\n').filter(Boolean).slice(0, 4).join(' | ')}\n    sent ${sent}\n    got ${got}`);
      }
      // A valid call between abusive ones shows the server keeps serving during the abuse.
      if (next % 25 === 0) {
        const ok = await validCall().catch((e: Error) => ({ body: { ErrorCode: -1, ErrorInfo: e.message } }));
        if (ok.body.ErrorCode !== 0) failures.push(`valid call during fuzz: ${JSON.stringify(ok.body)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: 12 }, worker));
  console.log(`fuzz: ${cases.length} cases, ${answered} envelopes, ${Date.now() - started} ms`);
  expect(failures, `FUZZ_SEED=${SEED}`).toEqual([]);
  expect(answered).toBeGreaterThan(cases.length / 2);
  expect((await validCall()).body).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0 });
});

test('slow senders get 60008 at the deadline and idle sockets close', async () => {
  const headers = `POST ${ENDPOINT}${QUERY} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n`;
  const [idle, slowBody, slowHead, trickle] = await Promise.all([
    rawExchange([], { keepOpen: true }),
    rawExchange([`${headers}Content-Length: 500\r\n\r\n{"Report_Account"`], { keepOpen: true }),
    rawExchange([`${headers}X-Slow: 1`], { keepOpen: true }),
    // One byte every 400 ms: activity never stops, only the deadline ends it.
    rawExchange([`${headers}Transfer-Encoding: chunked\r\n\r\n`, ...Array.from({ length: 40 }, () => '1\r\n \r\n')], { keepOpen: true, gapMs: 400 }),
  ]);
  for (const [what, r] of [['slow body', slowBody], ['slow headers', slowHead], ['trickle', trickle]] as const) {
    expect(r.end, what).toBe('closed');
    expect(r.ms, what).toBeGreaterThanOrEqual(BODY_DEADLINE_MS - 50);
    expect(r.ms, what).toBeLessThan(BODY_DEADLINE_MS + 1500);
    expect(rawEnvelopes(r, what).map((e) => e.ErrorCode), what).toEqual([60008]);
  }
  // A connection that never sent a byte has nothing to answer.
  expect(idle.end).toBe('closed');
  expect(idle.data.length).toBe(0);
  expect(idle.ms).toBeLessThan(BODY_DEADLINE_MS + 1500);
  expect((await validCall()).body.ErrorCode).toBe(0);
});

test('HEAD, OPTIONS and unknown methods and paths answer HTTP 200', async () => {
  const head = await exchange({ method: 'HEAD', path: `${ENDPOINT}${QUERY}` });
  expect(head.status).toBe(200);
  expect(head.headers['content-type']).toContain('application/json');
  expect(head.text).toBe('');
  for (const [method, path] of [
    ['OPTIONS', `${ENDPOINT}${QUERY}`],
    ['OPTIONS', '*'],
    ['GET', `${ENDPOINT}${QUERY}`],
    ['DELETE', '/nowhere'],
    ['POST', `/v4/openim/no_such_command${QUERY}`],
    ['PROPFIND', '/'],
  ] as const) {
    const r = await exchange({ method, path, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
    const e = envelope(r.status, r.headers, r.text, `${method} ${path.split('?')[0]}`);
    expect(e.ErrorCode, `${method} ${path.split('?')[0]}`).not.toBe(0);
  }
});

test('CONNECT, odd Expect values and non-HTTP bytes get envelopes', async () => {
  const connectReq = await rawExchange(['CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: 127.0.0.1:443\r\n\r\n'], { keepOpen: true });
  expect(rawEnvelopes(connectReq, 'CONNECT')).toHaveLength(1);
  const expectation = await exchange({ method: 'POST', path: `${ENDPOINT}${QUERY}`, headers: { expect: 'teapot', 'content-type': 'application/json' }, body: VALID_BODY });
  expect(envelope(expectation.status, expectation.headers, expectation.text, 'Expect: teapot').ErrorCode).toBe(0);
  for (const bytes of [Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01]), Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), Buffer.from('GET /\r\n')]) {
    const r = await rawExchange([bytes]);
    expect(r.end).toBe('closed');
    expect(rawEnvelopes(r, JSON.stringify(bytes.toString('latin1'))).map((e) => e.ErrorCode)).toEqual([60002]);
  }
});

test('bodies over maxBodyBytes answer 60002 with and without length', async () => {
  const big = Buffer.alloc(DEFAULT_MAX_BODY_BYTES + 1, 0x20);
  const declared = await post(`${ENDPOINT}${QUERY}`, big);
  expect(declared.body.ErrorCode).toBe(60002);
  const streamed = await rawExchange([`POST ${ENDPOINT}${QUERY} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`, chunked(prng(1), big)]);
  expect(rawEnvelopes(streamed, 'chunked').map((e) => e.ErrorCode)).toEqual([60002]);
  const atLimit = await post(`${ENDPOINT}${QUERY}`, Buffer.concat([Buffer.from(VALID_BODY), Buffer.alloc(DEFAULT_MAX_BODY_BYTES - VALID_BODY.length, 0x20)]));
  expect(atLimit.body.ErrorCode).toBe(0);
});

test('invalid UTF-8, binary and deep nesting answer 90001', async () => {
  const bodies: [string, Buffer][] = [
    ['invalid UTF-8', Buffer.concat([Buffer.from('{"Report_Account":"'), Buffer.from([0xc3, 0x28]), Buffer.from(`","Peer_Account":"${PEER}"}`)])],
    ['binary', Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0x80])],
    ['100k [', Buffer.from('['.repeat(100_000))],
    ['100k {"a":', Buffer.from('{"a":'.repeat(100_000))],
  ];
  for (const [what, b] of bodies) {
    for (const headers of [{ 'content-type': 'application/octet-stream' }, {}, { 'content-type': 'application/json' }] as Record<string, string>[]) {
      expect((await post(`${ENDPOINT}${QUERY}`, b, headers)).body.ErrorCode, what).toBe(90001);
    }
  }
  const nested = Buffer.from(`{"Report_Account":${'['.repeat(100_000)}${']'.repeat(100_000)},"Peer_Account":"${PEER}"}`);
  expect((await post(`${ENDPOINT}${QUERY}`, nested)).body.ErrorCode).toBe(60015);
});

test('hundreds of concurrent connections are all answered', async () => {
  test.setTimeout(30_000);
  // Half of them idle mid-request while the others are served.
  const stalled = Array.from({ length: 200 }, () => rawExchange([`POST ${ENDPOINT}${QUERY} HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{`], { keepOpen: true }));
  const agent = new Agent({ keepAlive: false, maxSockets: 400 });
  const calls = Array.from({ length: 400 }, (_, i) =>
    new Promise<Envelope>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: `${ENDPOINT}${i % 2 ? QUERY : ''}`, agent }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve(envelope(res.statusCode, res.headers, text, `call ${i}`)));
      });
      req.on('error', reject);
      req.end(VALID_BODY);
    }),
  );
  const answers = await Promise.all(calls);
  agent.destroy();
  expect(answers.filter((e) => e.ErrorCode === 0)).toHaveLength(200);
  expect(answers.filter((e) => e.ErrorCode === 60012)).toHaveLength(200);
  const late = await Promise.all(stalled);
  expect(late.every((r) => r.end === 'closed')).toBe(true);
  expect(late.flatMap((r) => rawEnvelopes(r, 'stalled').map((e) => e.ErrorCode))).toEqual(Array(200).fill(60008));
});

test('concurrent bodies beyond the memory budget are all served', async () => {
  test.setTimeout(30_000);
  // 48 bodies near the limit exceed the server's in-flight budget (32 × maxBodyBytes): some wait, none starve.
  const padded = Buffer.concat([Buffer.from(VALID_BODY), Buffer.alloc(DEFAULT_MAX_BODY_BYTES - VALID_BODY.length, 0x20)]);
  const answers = await Promise.all(
    Array.from({ length: 48 }, (_, i) => post(`${ENDPOINT}${QUERY}`, padded, i % 2 ? { 'content-type': 'application/json' } : { 'transfer-encoding': 'chunked' })),
  );
  expect(answers.map((a) => a.body.ErrorCode)).toEqual(Array(48).fill(0));
});

test('clients that leave mid-body give back their share of the body budget', async () => {
  test.setTimeout(30_000);
  // Bodies declared at the limit fill the server's in-flight budget (32 × maxBodyBytes); then their clients leave.
  const arrived = new Promise<void>((resolve) => {
    let n = 0;
    const count = () => {
      if (++n < 32) return;
      server.off('request', count);
      resolve();
    };
    server.on('request', count);
  });
  const leavers = Array.from({ length: 32 }, () => {
    const s = connect(port, '127.0.0.1');
    s.on('error', () => {});
    s.write(`POST ${ENDPOINT}${QUERY} HTTP/1.1\r\nHost: x\r\nContent-Length: ${DEFAULT_MAX_BODY_BYTES}\r\n\r\n{`);
    return s;
  });
  await arrived;
  for (const s of leavers) s.destroy();
  const t0 = Date.now();
  expect((await validCall()).body.ErrorCode).toBe(0);
  // Had the leavers kept their share, the call would have waited for their deadline.
  expect(Date.now() - t0).toBeLessThan(BODY_DEADLINE_MS);
});

test('a 50 MiB chunked body is answered 60002 and never buffered', async () => {
  test.setTimeout(30_000);
  const TOTAL = 50 * 1024 * 1024;
  const sockets: Socket[] = [];
  const track = (s: Socket) => sockets.push(s);
  server.on('connection', track);
  global.gc?.();
  const before = process.memoryUsage();
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let sent = 0;
  const outcome = await new Promise<{ status?: number; text: string; error?: string }>((resolve) => {
    let settled: { status?: number; text: string } | undefined;
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: `${ENDPOINT}${QUERY}`, agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        settled = { status: res.statusCode, text };
        resolve(settled);
      });
    });
    // The server closing mid-upload is the expected end of the upload; only an upload without an answer fails.
    req.on('error', (e) => resolve(settled ?? { text: '', error: e.message }));
    req.setTimeout(15_000, () => req.destroy(new Error('no answer in 15 s')));
    const pump = () => {
      while (sent < TOTAL && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!req.destroyed) req.end();
    };
    pump();
  });
  server.off('connection', track);
  const after = process.memoryUsage();
  // The server answers 60002 and takes the rest of the body without keeping it, so the client reads the answer.
  expect(outcome.error).toBeUndefined();
  expect(envelope(outcome.status, { 'content-type': 'application/json' }, outcome.text, '50 MiB').ErrorCode).toBe(60002);
  const read = sockets.reduce((n, s) => n + s.bytesRead, 0);
  console.log(`50 MiB upload: client wrote ${(sent / 2 ** 20).toFixed(1)} MiB, server read ${(read / 2 ** 20).toFixed(2)} MiB, arrayBuffers +${((after.arrayBuffers - before.arrayBuffers) / 2 ** 20).toFixed(1)} MiB`);
  expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(32 * 2 ** 20);
  expect((await validCall()).body.ErrorCode).toBe(0);
});
