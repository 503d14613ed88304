/** The MSW adapter: the simulator's answers reach a real fetch unchanged, every one HTTP 200 with an envelope. */
import { expect, test } from '@playwright/test';
import { setupServer } from 'msw/node';
import { Api } from 'tls-sig-api-v2';
import { defaultConfig, DEFAULT_ADMIN, DEFAULT_SDKAPPID, DEFAULT_SECRET_KEY } from '../../mocks/config.js';
import { createHandlers } from '../../mocks/msw.js';
import { Simulator } from '../../mocks/simulator.js';
import { violations } from '../../src/core/validators.js';

const BASE = 'https://mock.im-conformance.invalid';
const sim = new Simulator(defaultConfig({ now: () => Date.now() }));
sim.state.importAccount('dramon1');
sim.state.importAccount('dramon2');
const server = setupServer(...createHandlers(sim, BASE));

test.beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
test.afterAll(() => server.close());

const ADMIN_SIG = new Api(DEFAULT_SDKAPPID, DEFAULT_SECRET_KEY).genUserSig(DEFAULT_ADMIN, 86400);

function endpoint(usersig = ADMIN_SIG): string {
  const q = new URLSearchParams({ sdkappid: String(DEFAULT_SDKAPPID), identifier: DEFAULT_ADMIN, usersig, random: '99999999', contenttype: 'json' });
  return `${BASE}/v4/openim/admin_set_msg_read?${q.toString()}`;
}

/** Fetches and returns the envelope after the checks every answer must pass. */
async function call(url: string, init: RequestInit): Promise<{ ErrorCode: number; ActionStatus: string }> {
  const res = await fetch(url, init);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type') ?? '').toContain('application/json');
  const body: unknown = JSON.parse(await res.text());
  expect(violations('api/admin_set_msg_read.response.schema.json', body)).toEqual([]);
  return body as { ErrorCode: number; ActionStatus: string };
}

const SAMPLE = JSON.stringify({ Report_Account: 'dramon1', Peer_Account: 'dramon2' });

test('a valid call answers OK', async () => {
  expect((await call(endpoint(), { method: 'POST', body: SAMPLE })).ErrorCode).toBe(0);
});

test('a malformed body answers 90001 with HTTP 200', async () => {
  expect((await call(endpoint(), { method: 'POST', body: '{"Report_Account":' })).ErrorCode).toBe(90001);
});

test('a bad usersig answers 70003 with HTTP 200', async () => {
  expect((await call(endpoint('xxx'), { method: 'POST', body: SAMPLE })).ErrorCode).toBe(70003);
});

test('a GET without a body answers 60008 with HTTP 200', async () => {
  expect((await call(endpoint(), { method: 'GET' })).ErrorCode).toBe(60008);
});

test('the request body reaches the simulator byte for byte', async () => {
  const invalidUtf8 = Buffer.from('{"Report_Account":"\xff","Peer_Account":"dramon2"}', 'latin1');
  expect((await call(endpoint(), { method: 'POST', body: invalidUtf8 })).ErrorCode).toBe(90001);
});

test.describe('for a project that uses the handlers in its own tests', () => {
  test('the control API answers under the same base URL', async () => {
    sim.reset();
    sim.importAccounts(['dramon1', 'dramon2']);
    await call(endpoint(), { method: 'POST', body: SAMPLE });
    const state = (await (await fetch(`${BASE}/__mock/state`)).json()) as { accounts: string[] };
    expect(state.accounts).toEqual(['administrator', 'dramon1', 'dramon2']);
    const received = (await (await fetch(`${BASE}/__mock/requests`)).json()) as { requests: unknown[] };
    expect(received.requests).toHaveLength(1);
    expect((await fetch(`${BASE}/__mock/reset`, { method: 'POST' })).status).toBe(200);
    expect(sim.snapshot().accounts).toEqual(['administrator']);
  });

  test('rate limits are on as documented, and off with rateLimit 0', () => {
    const body = new TextEncoder().encode(SAMPLE);
    const burst = (s: Simulator) => Array.from({ length: 300 }, () => (JSON.parse(String(s.handle({ method: 'POST', url: new URL(endpoint()).pathname + new URL(endpoint()).search, body }).body)) as { ErrorCode: number }).ErrorCode);
    const limited = new Simulator(defaultConfig({ accounts: ['dramon1', 'dramon2'] }));
    const unlimited = new Simulator(defaultConfig({ accounts: ['dramon1', 'dramon2'], rateLimit: 0 }));
    expect(burst(limited).filter((c) => c === 60007)).toHaveLength(100);
    expect(burst(unlimited).every((c) => c === 0)).toBe(true);
  });
});
