/** v4/im_open_login_svc/account_check: whether each account was imported; an ID that no account can have is not. */
import type { CommandHandler } from '../command.js';
import { fail, ok } from '../reply.js';

export const handle: CommandHandler = (b, ctx) => {
  const items = b.CheckItem;
  if (!Array.isArray(items) || items.length === 0 || items.length > 100) return fail(70402);
  const ids = items.map((i: unknown) => (i !== null && typeof i === 'object' ? (i as { UserID?: unknown }).UserID : undefined));
  if (!ids.every((id): id is string => typeof id === 'string')) return fail(70402);
  return ok({
    ResultItem: ids.map((UserID) => ({ UserID, ResultCode: 0, ResultInfo: '', AccountStatus: ctx.state.hasAccount(UserID) ? 'Imported' : 'NotImported' })),
  });
};
