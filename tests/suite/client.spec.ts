/**
 * The client tells the API's own answers from everything else, asks again only where that is safe, honours
 * Retry-After, keeps every attempt, and never lets a credential into what it keeps, whatever the body's encoding.
 */
import { expect, test } from '@playwright/test';
import { faultOf, ImClient, jsonOf, retryAfterMs, transportFault } from '../../src/suite/client.js';
import { Pacer } from '../../src/suite/pacer.js';
import type { Transport, WireResponse } from '../../src/suite/transport.js';
import { targetFor } from '../support/in-process.js';
import { VirtualClock } from '../support/virtual-clock.js';

const envelope = (code: number) => Buffer.from(JSON.stringify({ ActionStatus: code ? 'FAIL' : 'OK', ErrorInfo: '', ErrorCode: code }));
const inputs = { otherIdentifier: 'o', otherKey: 'k'.repeat(64), garbage: 'g.g', random: () => 7 };

/** A client over a transport that answers from a script, one answer per attempt. */
function scripted(answers: Array<WireResponse | Error>) {
  const clock = new VirtualClock();
  const sent: number[] = [];
  const transport: Transport = {
    async send() {
      sent.push(clock.now());
      const next = answers.shift();
      if (!next) throw new Error('no more answers');
      if (next instanceof Error) throw next;
      return next;
    },
  };
  const target = targetFor();
  return { client: new ImClient(transport, target, new Pacer(1000, clock), clock), sent, clock, target };
}

test.describe('whose answer it is', () => {
  const cases: Array<[string, number, string, string | undefined]> = [
    ['HTTP 200 with an envelope', 200, envelope(0).toString(), undefined],
    ['HTTP 400 with an envelope is the API answering badly', 400, envelope(90001).toString(), undefined],
    ['HTTP 500 with an envelope is the API answering badly', 500, envelope(70500).toString(), undefined],
    ['HTTP 429 with an envelope is the API answering badly', 429, envelope(60007).toString(), undefined],
    ['HTTP 502 is a gateway error, whatever its body', 502, envelope(0).toString(), 'gateway error HTTP 502'],
    ['HTTP 504 is a gateway error', 504, '', 'gateway error HTTP 504'],
    ['HTTP 429 of a gateway has no envelope', 429, '<html>Too Many Requests</html>', 'HTTP 429 without an envelope'],
    ['HTTP 500 of a web server has no envelope', 500, 'Internal Server Error', 'HTTP 500 without an envelope'],
    ['HTTP 200 with garbage is the API answering badly', 200, 'garbage', undefined],
    ['HTTP 400 without an envelope is asked again before it is judged', 400, '<html>Bad Request</html>', 'HTTP 400 without an envelope'],
    ['HTTP 404 of a web server has no envelope', 404, 'Not Found', 'HTTP 404 without an envelope'],
  ];
  for (const [title, status, body, fault] of cases) test(title, () => expect(faultOf(status, jsonOf(Buffer.from(body)))).toBe(fault));
});

test.describe('why no answer came', () => {
  const wrapped = (code: string) => new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code }) });
  const cases: Array<[string, unknown, string]> = [
    ["fetch's connection refused, from its cause", wrapped('ECONNREFUSED'), 'transport fault: connection refused: nothing listens at that host and port (ECONNREFUSED)'],
    ["fetch's unknown host", wrapped('ENOTFOUND'), 'transport fault: unknown host: the name does not resolve (ENOTFOUND)'],
    ['a name server that does not answer', wrapped('EAI_AGAIN'), 'transport fault: unknown host: the name does not resolve (EAI_AGAIN)'],
    ['a self-signed certificate', wrapped('DEPTH_ZERO_SELF_SIGNED_CERT'), 'transport fault: TLS certificate or handshake error (DEPTH_ZERO_SELF_SIGNED_CERT)'],
    ['an expired certificate', wrapped('CERT_HAS_EXPIRED'), 'transport fault: TLS certificate or handshake error (CERT_HAS_EXPIRED)'],
    ['a handshake the server refuses', wrapped('ERR_SSL_WRONG_VERSION_NUMBER'), 'transport fault: TLS certificate or handshake error (ERR_SSL_WRONG_VERSION_NUMBER)'],
    ["fetch's timeout", new DOMException('The operation was aborted due to timeout', 'TimeoutError'), 'transport fault: timeout: no answer within 10 s (TimeoutError)'],
    ["Playwright's connection refused, in its message", new Error('apiRequestContext.fetch: connect ECONNREFUSED 127.0.0.1:1\nCall log:'), 'transport fault: connection refused: nothing listens at that host and port (ECONNREFUSED)'],
    ["Playwright's timeout", new Error('apiRequestContext.fetch: Timeout 10000ms exceeded.'), 'transport fault: timeout: no answer within 10 s (TimeoutError)'],
    ['a reset connection', wrapped('ECONNRESET'), 'transport fault: connection closed before the answer was complete (ECONNRESET)'],
    ['an error without a code keeps its first line', new Error('socket hang up\nmore'), 'transport fault: socket hang up'],
    ["fetch's refusal of a port is said with its cause", new TypeError('fetch failed', { cause: new Error('bad port') }), 'transport fault: fetch failed: bad port'],
  ];
  for (const [title, error, shown] of cases) test(title, () => expect(transportFault(error, [])).toBe(shown));

  test('a message that quotes the URL keeps no usersig', () => {
    const shown = transportFault(new Error('request to https://h/v4/x?usersig=eJyrVkrxCdYrSy1SslIy0jNQ0gHzM1OL87QUDB8'), []);
    expect(shown).toContain('usersig=<redacted-usersig>');
    expect(shown).not.toContain('eJyrVkrx');
  });
});

test('Retry-After is read as seconds or as a date', () => {
  expect(retryAfterMs('2', 0)).toBe(2000);
  expect(retryAfterMs('1.5', 0)).toBe(1500);
  expect(retryAfterMs('-1', 0)).toBeUndefined();
  expect(retryAfterMs(new Date(5000).toUTCString(), 1000)).toBe(4000);
  expect(retryAfterMs('soon', 0)).toBeUndefined();
  expect(retryAfterMs(undefined, 0)).toBeUndefined();
});

test('a gateway fault is asked again after its Retry-After, every attempt kept', async () => {
  const { client, sent } = scripted([
    { status: 429, headers: { 'retry-after': '2' }, body: Buffer.from('busy') },
    { status: 200, headers: {}, body: envelope(0) },
  ]);
  const r = await client.call({ command: 'admin_set_msg_read', body: Buffer.from('{}') }, inputs);
  expect(r.fault).toBeUndefined();
  expect(r.exchanges.map((x) => [x.attempt, x.status, x.fault])).toEqual([
    [1, 429, 'HTTP 429 without an envelope'],
    [2, 200, undefined],
  ]);
  expect(sent[1]! - sent[0]!).toBeGreaterThanOrEqual(2000);
});

test('a fault that persists is indeterminate after three attempts', async () => {
  const { client } = scripted([new Error('socket hang up'), new Error('socket hang up'), new Error('socket hang up')]);
  const r = await client.call({ command: 'admin_set_msg_read', body: Buffer.from('{}') }, inputs);
  expect(r.fault).toBe('transport fault: socket hang up');
  expect(r.exchanges).toHaveLength(3);
});

test.describe('an answer without an envelope that recurs', () => {
  const page = (status: number) => ({ status, headers: {}, body: Buffer.from('internal error') });
  const ok = { status: 200, headers: {}, body: envelope(90001) };
  const call = (answers: Array<WireResponse | Error>) => scripted(answers).client.call({ command: 'admin_set_msg_read', body: Buffer.from([0xff, 0xfe]) }, inputs);

  test('is the target\'s own when a plain request gets an envelope and the call, asked again, gets it still', async () => {
    const r = await call([page(500), page(500), page(500), ok, page(500)]);
    expect(r.fault).toBeUndefined();
    expect(r.status).toBe(500);
    // The plain request is not one of the call's attempts; every attempt of the call is kept, none marked as a fault.
    expect(r.exchanges.map((x) => [x.attempt, x.status, x.fault])).toEqual([1, 2, 3, 4].map((n) => [n, 500, undefined]));
  });

  test('a 4xx without an envelope follows the same rule, 429 included', async () => {
    for (const status of [400, 404, 429]) {
      const r = await call([page(status), page(status), page(status), ok, page(status)]);
      expect(r.fault, String(status)).toBeUndefined();
      expect(r.status).toBe(status);
    }
  });

  test('is indeterminate when the target answers nothing normally', async () => {
    const r = await call([page(500), page(500), page(500), page(500)]);
    expect(r.fault).toMatch(/^HTTP 500 without an envelope on every attempt, and no answer with the API's envelope to a plain request either/);
    expect(r.exchanges).toHaveLength(3);
  });

  test('is not the target\'s own when asking once more gets another answer', async () => {
    const normal = await call([page(500), page(500), page(500), ok, { status: 200, headers: {}, body: envelope(0) }]);
    expect(normal.fault).toBeUndefined();
    expect(normal.status).toBe(200);
    expect(normal.exchanges.map((x) => x.fault)).toEqual(['HTTP 500 without an envelope', 'HTTP 500 without an envelope', 'HTTP 500 without an envelope', undefined]);
    const other = await call([page(500), page(500), page(500), ok, page(503)]);
    expect(other.fault).toBe('gateway error HTTP 503');
  });

  test('is not the target\'s own when the attempts got different answers', async () => {
    const r = await call([page(500), page(429), page(500)]);
    expect(r.fault).toBe('HTTP 500 without an envelope');
    expect(r.exchanges).toHaveLength(3);
  });

  test('a gateway status never is, however often it recurs', async () => {
    const r = await call([page(502), page(502), page(502), ok, page(502)]);
    expect(r.fault).toBe('gateway error HTTP 502');
    expect(r.exchanges).toHaveLength(3);
  });
});

test('a Retry-After too long ends the attempts', async () => {
  const { client } = scripted([{ status: 503, headers: { 'retry-after': '3600' }, body: Buffer.from('') }]);
  const r = await client.call({ command: 'admin_set_msg_read', body: Buffer.from('{}') }, inputs);
  expect(r.exchanges).toHaveLength(1);
  expect(r.fault).toBe('gateway error HTTP 503');
});

test('a lost sendmsg answer is asked again with the same bytes, and the client says it may be stored twice', async () => {
  const { client } = scripted([new Error('read ECONNRESET'), { status: 200, headers: {}, body: envelope(0) }]);
  const body = Buffer.from(JSON.stringify({ To_Account: 'a', MsgRandom: 42, MsgBody: [] }));
  const r = await client.call({ command: 'sendmsg', body }, inputs);
  expect(r.unconfirmed).toBe(1);
  expect(r.exchanges[0]!.requestBody).toBe(r.exchanges[1]!.requestBody);
});

test('a paced call refused for frequency is asked again, and is no answer of the case when it stays refused', async () => {
  const { client } = scripted([0, 1, 2].map(() => ({ status: 200, headers: {}, body: envelope(60007) })));
  const r = await client.call({ command: 'admin_set_msg_read', body: Buffer.from('{}') }, inputs);
  expect(r.exchanges).toHaveLength(3);
  expect(r.fault).toMatch(/refused for call frequency \(ErrorCode 60007\) although paced/);
});

test('an unpaced call is sent once, as the load scenarios need', async () => {
  const { client } = scripted([new Error('socket hang up')]);
  const r = await client.call({ command: 'admin_set_msg_read', body: Buffer.from('{}'), paced: false }, inputs);
  expect(r.exchanges).toHaveLength(1);
});

test.describe('what is kept of a call', () => {
  const gbk = Buffer.from([0xb4, 0xed, 0xce, 0xf3]);

  test('a body that is not UTF-8 is kept as base64 of its redacted bytes', async () => {
    const { client } = scripted([]);
    const sig = (client as unknown as { sign(a: number, k: string, i: string): string }).sign(1400000000, 'key-0123456789', 'administrator');
    const page = Buffer.concat([gbk, Buffer.from(` POST /v4/openim/admin_set_msg_read?usersig=${sig}&random=1 `), Buffer.from('错').subarray(0, 2)]);
    const { client: c2 } = scripted([{ status: 500, headers: {}, body: page }, { status: 500, headers: {}, body: page }, { status: 500, headers: {}, body: page }]);
    const r = await c2.call({ command: 'admin_set_msg_read', body: Buffer.from('{}') }, inputs);
    const kept = r.exchanges[0]!.responseBody!;
    expect(kept.startsWith('base64:')).toBe(true);
    const bytes = Buffer.from(kept.slice('base64:'.length), 'base64');
    expect(bytes.includes(Buffer.from(sig))).toBe(false);
    expect(bytes.toString('latin1')).toContain('usersig=<redacted-usersig>');
  });

  test('the usersig of the URL is never kept', async () => {
    const { client } = scripted([{ status: 200, headers: {}, body: envelope(0) }]);
    const r = await client.call({ command: 'admin_set_msg_read', body: Buffer.from('{}') }, inputs);
    expect(r.exchanges[0]!.url).toMatch(/usersig=<redacted-usersig>&random=7&contenttype=json$/);
  });
});
