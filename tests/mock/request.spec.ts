/**
 * ReadRequest reads a target as URL and URLSearchParams would, whatever its form, and whatever the calls before it:
 * it reuses the last path and the last query's names, so each target is read after a different one as well.
 */
import { expect, test } from '@playwright/test';
import { ReadRequest } from '../../mocks/request.js';

const PATH = '/v4/openim/admin_set_msg_read';
const TARGETS = [
  `${PATH}?sdkappid=1400000000&identifier=admin&usersig=eJw-x_y&random=1&contenttype=json`,
  `${PATH}?sdkappid=1400000000&identifier=admin&usersig=eJw-x_y&random=2&contenttype=json`,
  `${PATH}?identifier=admin&sdkappid=1400000000&random=3`,
  `${PATH}?sdkappid=1&sdkappid=2&identifier=&usersig`,
  `${PATH}?a=1&&b=2&=3&c==4&d=x=y&`,
  `${PATH}?constructor=x&toString=y&__proto__=z&hasOwnProperty=w`,
  `${PATH}?identifier=a%20b&usersig=c+d&random=%E4%BD%A0`,
  `${PATH}?identifier=admin#usersig=secret`,
  `${PATH}?identifier=ad\uD800min&a\uDFFF=1&sdkappid=1`,
  `${PATH}?identifier=é&sdkappid=1`,
  `${PATH}`,
  `${PATH}?`,
  '/v4/openim/sendmsg?sdkappid=1400000000&identifier=admin',
  '/v4/openim/../openim/admin_set_msg_read?identifier=admin',
  '/v4//openim/x%41?identifier=admin',
  '/__mock/state',
  '?identifier=admin',
];

/** What URL reads: the path, each parameter's values in order, the first of each, and get's answers. */
function expected(target: string) {
  const url = new URL(target, 'http://mock.invalid');
  const pairs = [...url.searchParams];
  // Later entries win in fromEntries, so the first of each name is put last; fromEntries also makes __proto__ its own.
  const firsts = Object.fromEntries([...pairs].reverse()) as Record<string, string>;
  const names = [...Object.keys(firsts), 'absent', 'constructor', '__proto__', 'toString', 'valueOf'];
  const gets = names.map((name) => [name, url.searchParams.get(name), url.searchParams.has(name), url.searchParams.getAll(name)] as const);
  return { pathname: url.pathname, pairs, firsts, gets, text: url.searchParams.toString() };
}

const WANT = new Map(TARGETS.map((t) => [t, expected(t)]));

/** How the reading of `target` differs from URL's, in words; empty when it does not. */
function differences(target: string): string[] {
  const read = new ReadRequest({ method: 'POST', url: target, body: new Uint8Array() });
  const want = WANT.get(target)!;
  const visited: [string, string][] = [];
  read.forEach((value, name) => visited.push([name, value]));
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  return [
    ...(read.pathname === want.pathname ? [] : [`pathname ${read.pathname}, not ${want.pathname}`]),
    ...(same(Object.entries(read.query).sort(), Object.entries(want.firsts).sort()) ? [] : [`query ${JSON.stringify(read.query)}`]),
    ...want.gets.filter(([name, value]) => read.get(name) !== value).map(([name, value]) => `get(${name}) ${read.get(name)}, not ${value}`),
    ...want.gets.filter(([name, , has]) => read.has(name) !== has).map(([name, , has]) => `has(${name}) ${read.has(name)}, not ${has}`),
    ...want.gets.filter(([name, , , all]) => !same(read.getAll(name), all)).map(([name]) => `getAll(${name}) ${JSON.stringify(read.getAll(name))}`),
    ...(same([...read], want.pairs) && same([...read.entries()], want.pairs) ? [] : [`iterated ${JSON.stringify([...read])}`]),
    ...(read.toString() === want.text ? [] : [`toString ${read.toString()}`]),
    ...(same(visited, want.pairs) ? [] : [`forEach ${JSON.stringify(visited)}`]),
    ...(same([...read.searchParams], want.pairs) ? [] : [`searchParams ${JSON.stringify([...read.searchParams])}`]),
  ].map((d) => `${target}: ${d}`);
}

test('every target reads as URL reads it, each after every other', () => {
  const found: string[] = [];
  for (const before of TARGETS) for (const target of TARGETS) found.push(...differences(before), ...differences(target), ...differences(target));
  expect([...new Set(found)]).toEqual([]);
});

test('the command is the one the path names, also when the path is the last call\'s', () => {
  const read = (url: string) => new ReadRequest({ method: 'POST', url, body: new Uint8Array() }).command?.command;
  expect(read(`${PATH}?random=1`)).toBe('admin_set_msg_read');
  expect(read(`${PATH}?random=2`)).toBe('admin_set_msg_read');
  expect(read('/v4/openim/sendmsg?random=3')).toBe('sendmsg');
  expect(read('/v4/openim/nosuchcommand?random=4')).toBeUndefined();
  expect(read(`${PATH}x?random=5`)).toBeUndefined();
});
