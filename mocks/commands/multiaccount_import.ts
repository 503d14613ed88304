/** v4/im_open_login_svc/multiaccount_import: AccountList or Accounts (ledger SRC-MULTIACCOUNT-LIST); lists what failed. */
import { conforms } from '../../src/core/validators.js';
import type { Body, CommandHandler } from '../command.js';
import { fail, ok } from '../reply.js';

const SCHEMA = 'api/multiaccount_import.request.schema.json';

export const handle: CommandHandler = (b, ctx) => {
  const list: unknown[] | undefined = Array.isArray(b.AccountList)
    ? b.AccountList.map((a: unknown) => (a !== null && typeof a === 'object' ? (a as Body).UserID : a))
    : Array.isArray(b.Accounts)
      ? b.Accounts
      : undefined;
  if (!list || list.length === 0 || list.length > 100) return fail(70402);
  const failed: string[] = [];
  for (const id of list) {
    if (typeof id === 'string' && conforms(SCHEMA, '/properties/Accounts/items', id) && ctx.state.importAccount(id)) continue;
    failed.push(typeof id === 'string' ? id : (JSON.stringify(id) ?? 'undefined'));
  }
  return ok({ FailAccounts: failed });
};
