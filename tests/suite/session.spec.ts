/** What a run does around its cases: credentials refused where the target first notices them, accounts waited for. */
import { expect, test } from '@playwright/test';
import { fail } from '../../src/mock/reply.js';
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
