/**
 * The simulator as MSW request handlers, for any Node project that uses msw/node:
 *   setupServer(...createHandlers(new Simulator(defaultConfig()), 'https://console.tim.qq.com'))
 * The control API (control.ts) is served under the same base URL.
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import type { ClientChecker } from './client-report.js';
import { control } from './control.js';
import type { Simulator } from './simulator.js';

export function createHandlers(sim: Simulator, baseUrl = 'https://console.tim.qq.com', checker?: ClientChecker): HttpHandler[] {
  const base = baseUrl.replace(/\/+$/, '');
  return [
    http.all(`${base}/*`, async ({ request }) => {
      const url = new URL(request.url);
      const path = url.pathname + url.search;
      const body = new Uint8Array(await request.arrayBuffer());
      const r = control(sim, checker, request.method, path, body) ?? sim.handle({ method: request.method, url: path, body });
      return new HttpResponse(r.body, { status: r.status, headers: r.headers });
    }),
  ];
}
