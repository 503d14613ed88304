/**
 * A client that sends more than --max-body-bytes reads the mock's 60002 answer instead of a reset: the mock answers,
 * then takes (and drops) the rest of the body so the client can finish writing, and closes. A client that never stops
 * is cut off after DRAIN_BYTES. Memory stays bounded throughout: the excess is never kept.
 */
import { expect, test } from '@playwright/test';
import { request as httpRequest, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { Api } from 'tls-sig-api-v2';
import { defaultConfig, DEFAULT_ADMIN, DEFAULT_SDKAPPID, DEFAULT_SECRET_KEY } from '../../mocks/config.js';
import { createMockServer, DRAIN_BYTES, listen } from '../../mocks/http-server.js';
import { Simulator } from '../../mocks/simulator.js';

const SIG = new Api(DEFAULT_SDKAPPID, DEFAULT_SECRET_KEY).genUserSig(DEFAULT_ADMIN, 300);
const PATH = `/v4/openim/admin_set_msg_read?sdkappid=${DEFAULT_SDKAPPID}&identifier=${DEFAULT_ADMIN}&usersig=${SIG}&random=1&contenttype=json`;
const MIB = 2 ** 20;
const CHUNK = Buffer.alloc(64 * 1024, 0x20);

let server: Server;
let base: string;
const sockets: Socket[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  server = createMockServer(new Simulator(defaultConfig({ rateLimit: 0 })));
  server.on('connection', (s: Socket) => sockets.push(s));
  base = await listen(server, 0);
});

test.afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

interface Upload {
  /** The answer's status and body, when one was read in full. */
  status?: number;
  text?: string;
  /** The error that ended the exchange, if any. */
  error?: string;
  sent: number;
}

/**
 * Posts `total` bytes (declared, or chunked when `total` is Infinity) through node:http, writing as fast as the
 * socket takes them; resolves once the answer has been read or the exchange failed.
 */
function upload(total: number): Promise<Upload> {
  return new Promise((resolve) => {
    const out: Upload = { sent: 0 };
    const headers: Record<string, string | number> = { 'content-type': 'application/json' };
    if (Number.isFinite(total)) headers['content-length'] = total;
    const req = httpRequest(`${base}${PATH}`, { method: 'POST', headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        out.status = res.statusCode;
        out.text = text;
      });
    });
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      resolve(out);
    };
    req.on('error', (e) => {
      out.error = (e as NodeJS.ErrnoException).code ?? e.message;
      finish();
    });
    req.on('close', () => setImmediate(finish));
    req.setTimeout(20_000, () => req.destroy(new Error('no end in 20 s')));
    const pump = () => {
      while (out.sent < total && !req.destroyed) {
        const piece = Number.isFinite(total) ? CHUNK.subarray(0, Math.min(CHUNK.length, total - out.sent)) : CHUNK;
        out.sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      if (!req.destroyed) req.end();
    };
    pump();
  });
}

const errorCode = (text: string | undefined) => (JSON.parse(text ?? 'null') as { ErrorCode?: number } | null)?.ErrorCode;

test('a declared 20 MiB body is answered 60002, and node:http reads the answer without EPIPE', async () => {
  test.setTimeout(30_000);
  global.gc?.();
  const before = process.memoryUsage().arrayBuffers;
  const r = await upload(20 * MIB);
  const grown = process.memoryUsage().arrayBuffers - before;
  console.log(`20 MiB declared: sent ${(r.sent / MIB).toFixed(1)} MiB, arrayBuffers +${(grown / MIB).toFixed(1)} MiB`);
  // node:http stops writing by itself once it has read an answer that closes the connection: no error either way.
  expect(r.error).toBeUndefined();
  expect(r.status).toBe(200);
  expect(errorCode(r.text)).toBe(60002);
  // The excess is dropped as it arrives: nothing near the body's size is kept.
  expect(grown).toBeLessThan(16 * MIB);
});

test('a chunked 20 MiB body is answered 60002 once it outgrows the limit, without EPIPE', async () => {
  test.setTimeout(30_000);
  const r = await new Promise<Upload>((resolve) => {
    const out: Upload = { sent: 0 };
    const req = httpRequest(`${base}${PATH}`, { method: 'POST', headers: { 'transfer-encoding': 'chunked' }, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ ...out, status: res.statusCode, text }));
    });
    req.on('error', (e) => resolve({ ...out, error: (e as NodeJS.ErrnoException).code ?? e.message }));
    const pump = () => {
      while (out.sent < 20 * MIB && !req.destroyed) {
        out.sent += CHUNK.length;
        if (!req.write(CHUNK)) return void req.once('drain', pump);
      }
      if (!req.destroyed) req.end();
    };
    pump();
  });
  expect(r.error).toBeUndefined();
  expect(r.status).toBe(200);
  expect(errorCode(r.text)).toBe(60002);
});

test('fetch sending 20 MiB reads the 60002 envelope', async () => {
  test.setTimeout(30_000);
  const res = await fetch(`${base}${PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.alloc(20 * MIB, 0x20) });
  expect(res.status).toBe(200);
  expect(res.headers.get('connection')).toBe('close');
  expect(((await res.json()) as { ErrorCode: number }).ErrorCode).toBe(60002);
});

test('a client that never stops sending is cut off after DRAIN_BYTES, having been answered', async () => {
  test.setTimeout(30_000);
  // A raw socket, since node:http itself stops writing once it has read the answer.
  const r = await new Promise<{ sent: number; received: string; error?: string }>((resolve) => {
    const out = { sent: 0, received: '', error: undefined as string | undefined };
    const socket = connect(Number(new URL(base).port), '127.0.0.1');
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (out.received += d));
    socket.on('error', (e: NodeJS.ErrnoException) => (out.error = e.code ?? e.message));
    socket.on('close', () => resolve(out));
    const pump = () => {
      while (!socket.destroyed) {
        out.sent += CHUNK.length;
        if (!socket.write(CHUNK)) return void socket.once('drain', pump);
      }
    };
    socket.once('connect', () => {
      socket.write(`POST ${PATH} HTTP/1.1\r\nHost: x\r\nContent-Length: ${1024 * DRAIN_BYTES}\r\n\r\n`);
      pump();
    });
  });
  console.log(`endless upload: sent ${(r.sent / MIB).toFixed(1)} MiB, ended by ${r.error ?? 'a close'}`);
  expect(r.sent).toBeGreaterThan(DRAIN_BYTES);
  expect(r.sent).toBeLessThan(DRAIN_BYTES + 32 * MIB);
  expect(errorCode(r.received.slice(r.received.indexOf('\r\n\r\n') + 4))).toBe(60002);
});

test('the mock still serves valid calls afterwards', async () => {
  const res = await fetch(`${base}${PATH}`, { method: 'POST', body: JSON.stringify({ Report_Account: DEFAULT_ADMIN, Peer_Account: DEFAULT_ADMIN }) });
  expect(res.status).toBe(200);
  expect(typeof ((await res.json()) as { ErrorCode: number }).ErrorCode).toBe('number');
});
