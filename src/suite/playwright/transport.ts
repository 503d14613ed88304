import type { APIRequestContext } from '@playwright/test';
import type { Transport } from '../transport.js';

/**
 * Playwright's request context as a transport. The query travels as params, so that Playwright's step titles show the
 * path only, never the usersig.
 */
export function playwrightTransport(request: APIRequestContext): Transport {
  return {
    async send(r) {
      const res = await request.fetch(`${r.baseUrl}${r.path}`, {
        method: r.method,
        params: r.query,
        headers: r.headers,
        ...(r.method === 'GET' || r.method === 'HEAD' ? {} : { data: Buffer.from(r.body) }),
        failOnStatusCode: false,
        maxRedirects: 0,
        timeout: r.timeoutMs,
      });
      return { status: res.status(), headers: res.headers(), body: await res.body() };
    },
  };
}
