/**
 * v4/openim/modify_c2c_msg: the admin overwrites the MsgBody, the CloudCustomData, or both, of the message
 * From_Account sent To_Account under MsgKey; a field the call leaves out stays as it was, and the key does not change.
 * The page's table was readable up to 20003, which the mock answers for a missing or unknown account; 20001 (an
 * illegal request) for a MsgBody or CloudCustomData of another type; the MsgKey codes as admin_msgwithdraw's (ledger
 * DOC-MODIFY-CODES). What the docs leave open is this command's modify policy (`withModify`).
 */
import { conforms } from '../../src/core/validators.js';
import type { CommandHandler } from '../command.js';
import { fail, isRefusal, ok } from '../reply.js';
import { ALREADY_RECALLED, MESSAGE_NOT_FOUND, namedMessage } from './admin_msgwithdraw.js';

const ACCOUNT_INVALID = 20003;
const ILLEGAL_REQUEST = 20001;
const REQUEST = 'api/modify_c2c_msg.request.schema.json';

export interface ModifyPolicy {
  /** ErrorInfo of a success: "succeed" in the page's sample, "" on every other openim page (ledger DOC-MODIFY-ERRORINFO). */
  successInfo: string;
  /** The code for a well-formed MsgKey of no message (ledger AMB-MODIFY-UNKNOWN-KEY). */
  unknownMessage: number;
  /** The code for a recalled message, or undefined to modify it as any other (ledger AMB-MODIFY-RECALLED). */
  recalled: number | undefined;
}

export const documentedModify: ModifyPolicy = { successInfo: 'succeed', unknownMessage: MESSAGE_NOT_FOUND, recalled: ALREADY_RECALLED };

/** The command with its modify policy, kept on the handler so that a variant can start from it. */
export type ModifyHandler = CommandHandler & { readonly modify: ModifyPolicy };

export function withModify(modify: ModifyPolicy): ModifyHandler {
  const handler: CommandHandler = (b, ctx) => {
    const m = namedMessage(b, ctx, { from: ACCOUNT_INVALID, to: ACCOUNT_INVALID, unknown: modify.unknownMessage });
    if (isRefusal(m)) return fail(m.code);
    const { MsgBody: body, CloudCustomData: data } = b;
    if (body !== undefined && !conforms(REQUEST, '/properties/MsgBody', body)) return fail(ILLEGAL_REQUEST);
    if (data !== undefined && !conforms(REQUEST, '/properties/CloudCustomData', data)) return fail(ILLEGAL_REQUEST);
    if (m.recalled && modify.recalled !== undefined) return fail(modify.recalled);
    // A call with neither field succeeds and changes nothing (ledger AMB-MODIFY-NEITHER).
    ctx.state.edit(m, { ...(body === undefined ? {} : { body: body as unknown[] }), ...(data === undefined ? {} : { cloudCustomData: data as string }) });
    return { ...ok(), ErrorInfo: modify.successInfo };
  };
  return Object.assign(handler, { modify });
}


export const handle = withModify(documentedModify);
