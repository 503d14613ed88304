/** The MSW adapter: the simulator's answers reach a real fetch unchanged, every one HTTP 200 with an envelope. */
import { expect, test } from '@playwright/test';
import { setupServer } from 'msw/node';
import { Api } from 'tls-sig-api-v2';
import { defaultConfig, DEFAULT_ADMIN, DEFAULT_SDKAPPID, DEFAULT_SECRET_KEY } from '../../src/mock/config.js';
import { createHandlers } from '../../src/mock/msw.js';
import { Simulator } from '../../src/mock/simulator.js';
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
