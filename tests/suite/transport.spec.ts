/**
 * Every transport read what faithful servers send in ways the docs leave open (gzip, chunked, text/plain, slow), and
 * report a body cut short as a transport fault, not as an answer.
 */
import { expect, test } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { playwrightTransport } from '../../src/suite/playwright/transport.js';
import { fetchTransport, nodeHttpTransport, type Transport, type WireRequest } from '../../src/suite/transport.js';

const ENVELOPE = JSON.stringify({ ErrorCode: 0, ErrorInfo: '', ActionStatus: 'OK', RequestId: 'r-1' });
let server: Server;
let base: string;

test.beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url?.split('?')[0];
    req.resume();
    if (path === '/gzip') {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
      res.end(gzipSync(ENVELOPE));
    } else if (path === '/chunked') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(ENVELOPE.slice(0, 10));
      setTimeout(() => res.end(ENVELOPE.slice(10)), 30);
    } else if (path === '/cut') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(ENVELOPE.length + 40) });
      res.write(ENVELOPE);
      setTimeout(() => res.destroy(), 20);
    } else {
      setTimeout(() => res.end(ENVELOPE), 30);
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((r) => server.close(() => r())));

const request = (path: string): WireRequest => ({ baseUrl: base, path, query: new URLSearchParams({ usersig: 'x' }), method: 'POST', headers: {}, body: Buffer.from('{}'), timeoutMs: 5000 });

const transports: Array<[string, (use: (t: Transport) => Promise<void>) => Promise<void>]> = [
  ['fetch', (use) => use(fetchTransport)],
  [
    'Playwright',
    async (use) => {
      const { request: pw } = await import('@playwright/test');
      const ctx = await pw.newContext();
      await use(playwrightTransport(ctx));
      await ctx.dispose();
    },
  ],
  [
    'node:http',
    async (use) => {
      const t = nodeHttpTransport();
      await use(t);
      t.close();
    },
  ],
];

for (const [name, withTransport] of transports) {
  test.describe(name, () => {
    for (const path of ['/gzip', '/chunked', '/slow']) {
      test(`reads an envelope sent ${path.slice(1)}`, async () => {
        await withTransport(async (t) => {
          const r = await t.send(request(path));
          expect(r.status).toBe(200);
          expect(JSON.parse(r.body.toString('utf8'))).toMatchObject({ ErrorCode: 0, ActionStatus: 'OK' });
        });
      });
    }

    test('a body cut short is a transport fault', async () => {
      await withTransport(async (t) => {
        await expect(t.send(request('/cut'))).rejects.toThrow();
      });
    });
  });
}
