/** v4/im_open_login_svc/account_delete: one result per account, 70107 for one that does not exist. */
import { conforms } from '../../src/core/validators.js';
import type { CommandHandler } from '../command.js';
import { fail, infoOf, ok } from '../reply.js';

const NOT_IMPORTED = 70107;

export const handle: CommandHandler = (b, ctx) => {
  if (!conforms('api/account_delete.request.schema.json', '', b)) return fail(70402);
  const ids = (b.DeleteItem as Array<{ UserID: string }>).map((i) => i.UserID);
  return ok({
    ResultItem: ids.map((UserID) =>
      ctx.state.deleteAccount(UserID)
        ? { ResultCode: 0, ResultInfo: '', UserID }
        : { ResultCode: NOT_IMPORTED, ResultInfo: infoOf(NOT_IMPORTED), UserID },
    ),
  });
};
