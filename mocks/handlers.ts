/**
 * The simulator as MSW request handlers, for any Node project that uses msw/node:
 *   setupServer(...createHandlers(new Simulator(defaultConfig()), 'https://console.tim.qq.com'))
 */
import { http, HttpResponse } from 'msw';
import type { Simulator } from './simulator';

export function createHandlers(sim: Simulator, baseUrl: string) {
  const base = baseUrl.replace(/\/+$/, '');
  return [
    http.all(`${base}/*`, async ({ request }) => {
      const url = new URL(request.url);
      const body = new Uint8Array(await request.arrayBuffer());
      const r = sim.handle({ method: request.method, url: url.pathname + url.search, body });
      return new HttpResponse(r.body, { status: r.status, headers: r.headers });
    }),
  ];
}
