/** v4/im_open_login_svc/account_import: idempotent; UserID, or Identifier as older SDKs send it (ledger SRC-ACCOUNT-IMPORT-ID). */
import { conforms } from '../../src/core/validators.js';
import type { CommandHandler } from '../command.js';
import { fail, ok } from '../reply.js';

export const handle: CommandHandler = (b, ctx) => {
  if (!conforms('api/account_import.request.schema.json', '', b)) return fail(70402);
  // A full app refuses a new account (account_import's documented 70398).
  return ctx.state.importAccount((b.UserID ?? b.Identifier) as string) ? ok() : fail(70398);
};
