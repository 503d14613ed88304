/** What a run does around its cases: credentials refused where the target first notices them, accounts waited for. */
import { expect, test } from '@playwright/test';
import { fail } from '../../mocks/reply.js';
import { commands, endpoints } from '../../src/core/spec.js';
import { credentialCommand } from '../../src/suite/engine.js';
import { runInProcess } from '../support/in-process.js';

test('a non-admin identifier refused only at account_import stops the run as refused credentials', async () => {
  // A target that reads the body before the caller's rights: the empty body is refused for its accounts.
  const run = await runInProcess({
    policies: (d) => ({
      auth: { ...d.auth, isAdmin: () => true },
      handlers: { ...d.handlers, admin_set_msg_read: () => fail(90008), account_import: () => fail(70403) },
    }),
  });
  expect(run.stopped).toBe('credentials refused with 70403');
});

test('the credential check calls a command the cases are about, by name order, never by the order of the spec files', () => {
  const underTest = endpoints().map((e) => e.command);
  const first = [...underTest].sort()[0]!;
  expect(credentialCommand([])).toBe(first);
  for (const name of underTest) expect(credentialCommand(['no_such_command', name])).toBe(name);
  expect(credentialCommand([...underTest].reverse())).toBe(first);
  // Cases about companions only: the first command under test, not a companion.
  const companions = commands.filter((c) => c.role !== 'endpoint').map((c) => c.command);
  expect(companions.length).toBeGreaterThan(0);
  expect(credentialCommand(companions)).toBe(first);
});

test('the credential check is the first call of a run, to the command its cases are about', async () => {
  const first: string[] = [];
  await runInProcess({
    selection: { grep: /^GET instead/ },
    transport: (inner) => ({ send: (r) => (first.push(r.path), inner.send(r)) }),
  });
  // The one case selected is admin_set_msg_read's own; the shared ones carry their command's name first.
  expect(first[0]).toBe(`/${endpoints().find((e) => e.command === credentialCommand(['admin_set_msg_read']))!.path}`);
});
