/**
 * The one thing the suite needs from the network: send a request, get the status, headers and body back, or an error
 * for a transport fault. Playwright's request context is one transport; the runner's fetch is another; the self-tests
 * add one that calls a simulator in the same process.
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

export interface WireRequest {
  /** Scheme, host and port. */
  baseUrl: string;
  /** Starts with a slash. */
  path: string;
  query: URLSearchParams;
  method: string;
  headers: Record<string, string>;
  body: Uint8Array;
  timeoutMs: number;
}

export interface WireResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface Transport {
  /** Rejects on a transport fault: no connection, a reset, a timeout, a body cut short. */
  send(request: WireRequest): Promise<WireResponse>;
}

/** Node's fetch: used by the runner around the cases, and by anything that is not a Playwright test. */
export const fetchTransport: Transport = {
  async send(r) {
    const url = `${r.baseUrl}${r.path}?${r.query.toString()}`;
    const hasBody = r.method !== 'GET' && r.method !== 'HEAD';
    const res = await fetch(url, {
      method: r.method,
      headers: r.headers,
      ...(hasBody ? { body: r.body } : {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(r.timeoutMs),
    });
    const body = Buffer.from(await res.arrayBuffer());
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => (headers[k] = v));
    return { status: res.status, headers, body };
  },
};

/**
 * node:http(s) over keep-alive connections. A call costs the client about a sixth of the CPU time of fetch or of
 * Playwright's request context (bench/load-phases.ts prints both), which decides whether a busy runner can send
 * faster than a 200/s limit: the rate-limit cases use it. Answers are decompressed as fetch would; a body cut short,
 * a reset or the timeout rejects.
 */
export function nodeHttpTransport(maxSockets = 256): Transport & { close(): void } {
  const agents = { 'http:': new HttpAgent({ keepAlive: true, maxSockets }), 'https:': new HttpsAgent({ keepAlive: true, maxSockets }) };
  return {
    send(r) {
      const url = new URL(`${r.baseUrl}${r.path}?${r.query.toString()}`);
      const secure = url.protocol === 'https:';
      const body = r.method === 'GET' || r.method === 'HEAD' ? undefined : r.body;
      return new Promise<WireResponse>((resolve, reject) => {
        const req = (secure ? httpsRequest : httpRequest)(
          url,
          {
            method: r.method,
            agent: agents[secure ? 'https:' : 'http:'],
            headers: { ...r.headers, 'accept-encoding': 'gzip, deflate, br', ...(body ? { 'content-length': body.byteLength } : {}) },
            timeout: r.timeoutMs,
          },
          (res) => {
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
            const encoding = (headers['content-encoding'] ?? '').trim().toLowerCase();
            const decode = encoding === 'gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : undefined;
            const chunks: Buffer[] = [];
            const source = decode ? res.pipe(decode) : res;
            res.on('aborted', () => reject(new Error('answer cut short')));
            res.on('error', reject);
            source.on('error', reject);
            source.on('data', (c: Buffer) => chunks.push(c));
            source.on('end', () => (res.complete ? resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) }) : reject(new Error('answer cut short'))));
          },
        );
        req.on('timeout', () => req.destroy(new Error(`no answer within ${r.timeoutMs} ms`)));
        req.on('error', reject);
        req.end(body);
      });
    },
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
