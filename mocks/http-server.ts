/** The simulator served over real HTTP on loopback: reads the body with a cap and a deadline, then asks the core. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { fail, type Simulator, type SimResponse } from './simulator';

/** The documented server-side timeout (im-rest-facts §1): a body not received by then is answered with 60008. */
export const BODY_DEADLINE_MS = 3000;

function envelopeResponse(code: number): SimResponse {
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(fail(code)) };
}

function send(res: ServerResponse, r: SimResponse, close = false): void {
  if (res.headersSent || res.destroyed) return;
  const body = Buffer.from(r.body);
  res.writeHead(r.status, { ...r.headers, 'content-length': body.byteLength, ...(close ? { connection: 'close' } : {}) });
  res.end(body);
}

export function createMockServer(sim: Simulator): Server {
  const max = sim.config.maxBodyBytes;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > max) {
      send(res, envelopeResponse(60002), true);
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: SimResponse, close = false) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      send(res, r, close);
    };
    const timer = setTimeout(() => {
      finish(envelopeResponse(60008), true);
      res.once('finish', () => req.destroy());
    }, BODY_DEADLINE_MS);
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.byteLength;
      if (size > max) {
        finish(envelopeResponse(60002), true);
        res.once('finish', () => req.destroy());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => finish(sim.handle({ method: req.method ?? 'GET', url: req.url ?? '/', body: Buffer.concat(chunks, size) })));
    req.on('error', () => {
      clearTimeout(timer);
      done = true;
    });
  });
  // Malformed HTTP still gets an envelope when the socket can take one; a request that never completes its headers
  // is a transport failure by then.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) return socket.destroy();
    const code = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 60008 : 60002;
    const body = JSON.stringify(fail(code));
    socket.end(
      `HTTP/1.1 200 OK\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  return server;
}

/** Listens on 127.0.0.1; port 0 picks a free one. Resolves with the base URL. */
export function listen(server: Server, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const addr = server.address();
      resolve(`http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : port}`);
    });
  });
}
