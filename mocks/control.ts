/**
 * The mock's control API, for the tests of a client or a fake: reset, state, the requests received, accounts to seed,
 * and the client report. It lives under a path that no IM command can have (commands are /v4/<service>/<command>), and
 * answers plain JSON with HTTP statuses, since it is not part of the IM API.
 */
import { conforms } from '../src/core/validators.js';
import type { ClientChecker } from './client-report.js';
import type { SimResponse } from './policies.js';
import type { Simulator } from './simulator.js';

export const CONTROL_PREFIX = '/__mock/';
const CONTROL_NAME = CONTROL_PREFIX.slice(1, -1);

const json = (status: number, value: unknown): SimResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: `${JSON.stringify(value, null, 2)}\n`,
});

/** The routes, for the CLI's help and the 404 answer. */
export const CONTROL_ROUTES = [
  'GET  /__mock/state           accounts, unread counts per conversation, messages sent',
  'GET  /__mock/requests        the requests received (usersig redacted), oldest first',
  'POST /__mock/reset           back to the start: only the admin and the seeded accounts, an empty client report',
  'POST /__mock/accounts        {"accounts": ["alice", "bob"]} imports accounts',
  'GET  /__mock/client-report   what the client did so far (with --client-report)',
];

/** Answers a control request; undefined when the path is not under the control prefix. */
export function control(sim: Simulator, checker: ClientChecker | undefined, method: string, url: string, body: Uint8Array): SimResponse | undefined {
  // Every target whose path is under the prefix names it literally in its path (URL decodes no escape there): the IM
  // calls, which never do, skip parsing here. Only the path is searched, backwards from the query.
  const query = url.indexOf('?');
  if (url.lastIndexOf(CONTROL_NAME, query < 0 ? url.length : query - CONTROL_NAME.length) < 0) return undefined;
  const path = new URL(url, 'http://mock.invalid').pathname;
  if (!path.startsWith(CONTROL_PREFIX)) return undefined;
  const route = `${method.toUpperCase()} ${path.slice(CONTROL_PREFIX.length)}`;
  switch (route) {
    case 'GET state':
      return json(200, sim.snapshot());
    case 'GET requests':
      return json(200, { requests: sim.requests() });
    case 'POST reset':
      sim.reset();
      // The report speaks of the requests since the start or the last reset, as GET requests does.
      checker?.reset();
      return json(200, { reset: true });
    case 'POST accounts': {
      let accounts: unknown;
      try {
        accounts = (JSON.parse(Buffer.from(body).toString('utf8')) as { accounts?: unknown }).accounts;
      } catch {
        accounts = undefined;
      }
      if (!Array.isArray(accounts) || !accounts.every((a) => conforms('common/account-id.schema.json', '', a))) {
        return json(400, { error: 'send {"accounts": [...]} with account IDs of 1 to 32 bytes' });
      }
      sim.importAccounts(accounts as string[]);
      return json(200, { imported: accounts.length });
    }
    case 'GET client-report':
      return checker ? json(200, checker.report()) : json(404, { error: 'the client report is off; start the mock with --client-report FILE' });
    default:
      return json(404, { error: `no such control route: ${method} ${path}`, routes: CONTROL_ROUTES });
  }
}
