/**
 * Generated from schemas/ by `npm run generate`. Do not edit: change the schemas and regenerate.
 */

/**
 * A UserID: a non-empty string of at most 32 bytes in UTF-8 (docs/facts/companions.md#account_import). maxBytes counts bytes; JSON Schema's maxLength would count characters.
 */
export type AccountId = string;
/**
 * Response of v4/im_open_login_svc/account_check: one result per account asked about.
 */
export type AccountCheckResponse = ResponseEnvelope & {
  ResultItem?: AccountCheckResult[];
};
/**
 * The body every REST response carries. ActionStatus is OK exactly when ErrorCode is 0; extra fields such as RequestId are tolerated (docs/facts/envelope.md#response-body).
 */
export type ResponseEnvelope = {
  /**
   * OK: successful; FAIL: failed.
   */
  ActionStatus: "OK" | "FAIL";
  /**
   * 0: successful; any other value: failed.
   */
  ErrorCode: number;
  /**
   * Detailed error information; free text, never asserted on.
   */
  ErrorInfo: string;
};
/**
 * Response of v4/im_open_login_svc/account_delete: one result per account, 70107 for one that does not exist.
 */
export type AccountDeleteResponse = ResponseEnvelope & {
  ResultItem?: AccountDeleteResult[];
};
/**
 * Body of v4/im_open_login_svc/account_import (idempotent): the account as UserID, or as Identifier as older SDKs send it (ledger SRC-ACCOUNT-IMPORT-ID).
 */
export type AccountImportRequest = {} & {
  UserID?: AccountId;
  Identifier?: AccountId;
  Nick?: string;
  FaceUrl?: string;
};
/**
 * Response of v4/im_open_login_svc/account_import: the common envelope.
 */
export type AccountImportResponse = ResponseEnvelope;
/**
 * Body of v4/openim/admin_getroammsg: one page of the roaming history of the one-to-one conversation of Operator_Account (whose side is read) with Peer_Account, between MinTime and MaxTime (Unix seconds), at most MaxCnt messages; LastMsgKey continues a pull. The older page names the accounts From_Account and To_Account (ledger SRC-ROAM-NAMES). See docs/facts/admin_getroammsg.md#request-body.
 */
export type AdminGetroammsgRequest = (CurrentNames | OlderNames) & {
  Operator_Account?: AccountId;
  Peer_Account?: AccountId;
  From_Account?: AccountId1;
  To_Account?: AccountId2;
  /**
   * The most messages a page holds; the docs give no range.
   */
  MaxCnt: number;
  /**
   * Unix seconds: the window's start.
   */
  MinTime: number;
  /**
   * Unix seconds: the window's end; a continuation sets it to the LastMsgTime of the page before.
   */
  MaxTime: number;
  /**
   * The LastMsgKey of the page before, when continuing a pull.
   */
  LastMsgKey?: string;
};
/**
 * A UserID: a non-empty string of at most 32 bytes in UTF-8 (docs/facts/companions.md#account_import). maxBytes counts bytes; JSON Schema's maxLength would count characters.
 */
export type AccountId1 = string;
/**
 * A UserID: a non-empty string of at most 32 bytes in UTF-8 (docs/facts/companions.md#account_import). maxBytes counts bytes; JSON Schema's maxLength would count characters.
 */
export type AccountId2 = string;
/**
 * Response of v4/openim/admin_getroammsg: on success one page of history. Complete 0 means more messages are left: ask again with MaxTime = LastMsgTime and LastMsgKey, which name the page's oldest message. See docs/facts/admin_getroammsg.md#response-body.
 */
export type AdminGetroammsgResponse = ResponseEnvelope & {
  Complete?: 0 | 1;
  MsgCnt?: number;
  LastMsgTime?: number;
  LastMsgKey?: string;
  MsgList?: RoamMsgItem[];
};
/**
 * Response of v4/openim/admin_msgwithdraw: the common envelope and nothing more (docs/facts/admin_msgwithdraw.md#response).
 */
export type AdminMsgwithdrawResponse = ResponseEnvelope;
/**
 * Response of v4/openim/admin_set_msg_read: the common envelope and nothing more.
 */
export type AdminSetMsgReadResponse = ResponseEnvelope;
/**
 * A 32-bit unsigned integer, as the API's random, MsgRandom and SDKAppID are (docs/facts/envelope.md#query-string). $defs/text is the same range written in decimal, as the query string carries it.
 */
export type Uint32 = number;
export type SendMsgControl = ("NoUnread" | "NoLastMsg" | "WithMuteNotifications")[];
/**
 * @minItems 1
 */
export type MsgBody = [TIMMsgElement, ...TIMMsgElement[]];
/**
 * One element of a message body: its MsgType and the MsgContent that type documents (Tencent's OpenAPI description TIMMsgElement @ af17261, 2022-05-28; the SDKs send the same eight types).
 */
export type TIMMsgElement = {
  MsgType:
    | "TIMTextElem"
    | "TIMLocationElem"
    | "TIMFaceElem"
    | "TIMCustomElem"
    | "TIMSoundElem"
    | "TIMImageElem"
    | "TIMFileElem"
    | "TIMVideoFileElem";
  MsgContent: {};
};
/**
 * Response of v4/openim/batchsendmsg: one MsgKey for the whole batch, and the recipients it could not reach (70107: never imported). Whether ErrorList is absent or empty when every recipient was reached is not documented.
 */
export type BatchsendmsgResponse = ResponseEnvelope & {
  MsgKey?: string;
  /**
   * Sent since about 2024-12 according to one SDK; no doc page names it.
   */
  MsgId?: string;
  /**
   * Only in Tencent's OpenAPI description; the doc samples lack it.
   */
  MsgTime?: number;
  ErrorList?: BatchRecipientError[];
};
/**
 * Response of v4/openim/get_c2c_unread_msg_num: the total, and per asked peer either a count or an error (70107 for an unknown peer).
 */
export type GetC2CUnreadMsgNumResponse = ResponseEnvelope & {
  AllC2CUnreadMsgNum?: number;
  C2CUnreadMsgNumList?: PeerUnreadCount[];
  ErrorList?: PeerUnreadError[];
};
export type Since2022 = 2 | 5;
export type Before2022 = 1 | 2;
/**
 * Response of v4/openim/importmsg: the envelope alone; no MsgKey is documented (docs/facts/importmsg.md#effects).
 */
export type ImportmsgResponse = ResponseEnvelope;
/**
 * Response of v4/openim/modify_c2c_msg: the common envelope and nothing more. The page's success sample has ErrorInfo "succeed", where other openim pages show ""; ErrorInfo is free text either way (docs/facts/modify_c2c_msg.md#response).
 */
export type ModifyC2CMsgResponse = ResponseEnvelope;
/**
 * Body of v4/im_open_login_svc/multiaccount_import: at most 100 accounts, as AccountList of objects (current pages) or Accounts of IDs (older pages and the OpenAPI description; ledger SRC-MULTIACCOUNT-LIST).
 */
export type MultiaccountImportRequest = {} & {
  /**
   * @minItems 1
   * @maxItems 100
   */
  AccountList?: [ImportedAccount, ...ImportedAccount[]];
  /**
   * @minItems 1
   * @maxItems 100
   */
  Accounts?: [AccountId, ...AccountId[]];
};
/**
 * Response of v4/im_open_login_svc/multiaccount_import: the envelope and the accounts that failed.
 */
export type MultiaccountImportResponse = ResponseEnvelope & {
  FailAccounts?: string[];
};
/**
 * Response of v4/openim/sendmsg: on success the message's time (Unix seconds) and key, at most 50 characters (docs/facts/sendmsg.md#answer).
 */
export type SendmsgResponse = ResponseEnvelope & {
  MsgTime?: number;
  MsgKey?: string;
};
/**
 * 0 to 4294967295 in decimal, without sign, spaces or leading zeros.
 */
export type Uint32Text = string;
/**
 * cases/<command>.json: conformance cases, pure data that names a clause and a strength. A request case sends one call (documented cases carry an expectation; open cases only record the answer); a scenario case runs a named sequence of calls; a case with generate stands for several, drawn from the run's seed.
 *
 * @minItems 1
 */
export type CaseFile = [ConformanceCase, ...ConformanceCase[]];
/**
 * documented: a failure fails the run; open: what the target did is recorded, never a failure.
 */
export type Strength = "documented" | "open";
/**
 * How the usersig parameter is made. for-url: a valid UserSig for the identifier and sdkappid in the URL; of-admin: the admin's own valid UserSig, whatever the URL names; made-an-hour-ago: valid for the URL, made an hour ago for two hours; the others break exactly one thing (identifier-other-case: made for the URL's identifier in other letter case; hmac-*: TLS.sig with one character changed, its letters' case swapped, cut to half, or followed by more text).
 */
export type AuthVariant =
  | "for-url"
  | "of-admin"
  | "garbage"
  | "empty"
  | "missing"
  | "expired"
  | "wrong-key"
  | "other-identifier"
  | "other-sdkappid"
  | "identifier-other-case"
  | "made-an-hour-ago"
  | "hmac-altered"
  | "hmac-case-swapped"
  | "hmac-truncated"
  | "hmac-extended";
/**
 * A list of values to pick from, or {"make": [generator names]} to pick a generator and make a value.
 */
export type Draw =
  | [unknown, ...unknown[]]
  | {
      /**
       * @minItems 1
       */
      make: [
        "wrong-type" | "username" | "word" | "iso-date" | "decimal-text" | "column-name",
        ...("wrong-type" | "username" | "word" | "iso-date" | "decimal-text" | "column-name")[]
      ];
    };
export type DepartureKind =
  | "unknown-path"
  | "method"
  | "query-missing"
  | "query-invalid"
  | "credentials"
  | "body-not-json"
  | "body-not-object"
  | "missing-field"
  | "wrong-type"
  | "invalid-value"
  | "unknown-field";
/**
 * Statements of the docs that the suite checks, each under a stable ID named for the behaviour. IDs start with the command they belong to, or with rest. for what every REST call shares.
 */
export type ClauseList = Clause[];
/**
 * Error codes with their documented meaning and the strength of the source.
 */
export type ErrorCatalogue = ErrorCodeEntry[];
/**
 * Doc defects, ambiguities and disagreements between sources, each with an ID, its dated sources, and how the suite and the mock deal with it.
 */
export type Ledger = LedgerEntry[];
export type RealAnswerEntry = {
  [k: string]: unknown | undefined;
} & {
  id: string;
  /**
   * capture: the live service answered; doc-sample: a documentation example.
   */
  kind: "capture" | "doc-sample";
  /**
   * Where it was published: a URL, or the public file it was read in.
   */
  source: string;
  /**
   * When it was published or captured, as far as known.
   */
  date?: string;
  /**
   * The path of the command called (v4/<service>/<command>), or what else answered.
   */
  command: string;
  request: RealRequest;
  answer: RealAnswer;
  replay?: RealReplay;
  /**
   * Why the request cannot be replayed against the mock.
   */
  notReconstructible?: string;
  /**
   * @minItems 1
   */
  departures?: [RealDeparture, ...RealDeparture[]];
};
/**
 * The answer verbatim: the body's JSON text when the source shows it; otherwise the code, and the ErrorInfo text (or its start) when shown.
 */
export type RealAnswer = {
  [k: string]: unknown | undefined;
} & {
  /**
   * The HTTP status, when the source states it.
   */
  status?: number;
  body?: string;
  code?: number;
  /**
   * The ErrorInfo text in full.
   */
  text?: string;
  /**
   * The start of the ErrorInfo text, when only that was captured.
   */
  textPrefix?: string;
  note?: string;
};
/**
 * The public record of what the live service answered: real captures and doc samples, each with its source, the request as far as it is known, the answer, and how the request is replayed against the mock (or why it cannot be).
 */
export type RealAnswers = RealAnswerEntry[];
/**
 * pass/fail: a documented expectation held or not; known: it failed as IM_EXPECTATIONS declared; observed: an open case, recorded; skip: not run against this target (not offered, not enabled, or the run was interrupted first); indeterminate: the answer was not the API's own (transport faults, gateway errors, timeouts) or a precondition did not hold.
 */
export type Verdict = "pass" | "fail" | "known" | "skip" | "indeterminate" | "observed";

/**
 * Every schema file by its path under schemas/, mapped to the type it describes.
 */
export interface SchemaFiles {
  "api/account_check.request.schema.json": AccountCheckRequest;
  "api/account_check.response.schema.json": AccountCheckResponse;
  "api/account_delete.request.schema.json": AccountDeleteRequest;
  "api/account_delete.response.schema.json": AccountDeleteResponse;
  "api/account_import.request.schema.json": AccountImportRequest;
  "api/account_import.response.schema.json": AccountImportResponse;
  "api/admin_getroammsg.request.schema.json": AdminGetroammsgRequest;
  "api/admin_getroammsg.response.schema.json": AdminGetroammsgResponse;
  "api/admin_msgwithdraw.request.schema.json": AdminMsgwithdrawRequest;
  "api/admin_msgwithdraw.response.schema.json": AdminMsgwithdrawResponse;
  "api/admin_set_msg_read.request.schema.json": AdminSetMsgReadRequest;
  "api/admin_set_msg_read.response.schema.json": AdminSetMsgReadResponse;
  "api/batchsendmsg.request.schema.json": BatchsendmsgRequest;
  "api/batchsendmsg.response.schema.json": BatchsendmsgResponse;
  "api/get_c2c_unread_msg_num.request.schema.json": GetC2CUnreadMsgNumRequest;
  "api/get_c2c_unread_msg_num.response.schema.json": GetC2CUnreadMsgNumResponse;
  "api/importmsg.request.schema.json": ImportmsgRequest;
  "api/importmsg.response.schema.json": ImportmsgResponse;
  "api/modify_c2c_msg.request.schema.json": ModifyC2CMsgRequest;
  "api/modify_c2c_msg.response.schema.json": ModifyC2CMsgResponse;
  "api/multiaccount_import.request.schema.json": MultiaccountImportRequest;
  "api/multiaccount_import.response.schema.json": MultiaccountImportResponse;
  "api/sendmsg.request.schema.json": SendmsgRequest;
  "api/sendmsg.response.schema.json": SendmsgResponse;
  "common/account-id.schema.json": AccountId;
  "common/envelope.schema.json": ResponseEnvelope;
  "common/msg-element.schema.json": TIMMsgElement;
  "common/query.schema.json": RestQuery;
  "common/uint32.schema.json": Uint32;
  "meta/case.schema.json": CaseFile;
  "meta/clauses.schema.json": ClauseList;
  "meta/code-sets.schema.json": CodeSets;
  "meta/command.schema.json": CommandSpec;
  "meta/error-codes.schema.json": ErrorCatalogue;
  "meta/expectations.schema.json": Expectations;
  "meta/ledger.schema.json": Ledger;
  "meta/real-answers.schema.json": RealAnswers;
  "report/client-report.schema.json": ClientReport;
  "report/conformance-report.schema.json": ConformanceReport;
}
/**
 * Body of v4/im_open_login_svc/account_check: at most 100 accounts.
 */
export interface AccountCheckRequest {
  /**
   * @minItems 1
   * @maxItems 100
   */
  CheckItem: [AccountCheckItem, ...AccountCheckItem[]];
}
export interface AccountCheckItem {
  UserID: AccountId;
}
export interface AccountCheckResult {
  UserID: string;
  ResultCode: number;
  ResultInfo?: string;
  AccountStatus: "Imported" | "NotImported";
}
/**
 * Body of v4/im_open_login_svc/account_delete: at most 100 accounts. A deleted UserID cannot be imported again for three months on paid apps.
 */
export interface AccountDeleteRequest {
  /**
   * @minItems 1
   * @maxItems 100
   */
  DeleteItem: [AccountDeleteItem, ...AccountDeleteItem[]];
}
export interface AccountDeleteItem {
  UserID: AccountId;
}
export interface AccountDeleteResult {
  UserID: string;
  ResultCode: number;
  ResultInfo?: string;
}
export interface CurrentNames {}
export interface OlderNames {}
export interface RoamMsgItem {
  From_Account: string;
  To_Account: string;
  MsgSeq: number;
  MsgRandom: number;
  MsgTimeStamp: number;
  /**
   * 0: as sent; 8: recalled.
   */
  MsgFlagBits: number;
  /**
   * On the current page only: 1 once the peer sent a read receipt.
   */
  IsPeerRead?: 0 | 1;
  MsgKey: string;
  MsgBody: unknown[];
  CloudCustomData?: string;
}
/**
 * Body of v4/openim/admin_msgwithdraw: the admin recalls the one-to-one message that From_Account (its sender) sent To_Account (its recipient), named by the MsgKey sendmsg answered (docs/facts/admin_msgwithdraw.md#request-body).
 */
export interface AdminMsgwithdrawRequest {
  From_Account: AccountId;
  To_Account: AccountId;
  /**
   * The message's key as sendmsg answered it, at most 50 characters. Its form {MsgSeq}_{MsgRandom}_{MsgTime} is what every sample shows, stated by no page: a client treats it as opaque.
   */
  MsgKey: string;
}
/**
 * Body of v4/openim/admin_set_msg_read: the admin marks the one-to-one messages that Peer_Account (the other side of the conversation) sent to Report_Account (the account whose messages become read) as read; MsgReadTime, Unix seconds, reads only messages before it (absent: now).
 */
export interface AdminSetMsgReadRequest {
  Report_Account: AccountId;
  Peer_Account: AccountId;
  /**
   * Unix time in seconds. A string of digits on the English page of 2025-02-28, the Chinese page before 2025-12-15 and the OpenAPI description; an integer on the Chinese page of 2025-12-15 (ledger SRC-MSGREADTIME-TYPE). Missing from the English page before 2022 (ledger DOC-MSGREADTIME-EN-MISSING). See docs/facts/admin_set_msg_read.md#msgreadtime.
   */
  MsgReadTime?: string | number;
}
/**
 * Body of v4/openim/batchsendmsg (docs/facts/batchsendmsg.md#request-body): sendmsg's fields, with To_Account a list of 1 to 500 accounts and neither ForbidCallbackControl nor MsgTimeStamp.
 */
export interface BatchsendmsgRequest {
  SyncOtherMachine?: 1 | 2;
  From_Account?: AccountId;
  /**
   * @minItems 1
   * @maxItems 500
   */
  To_Account: [AccountId, ...AccountId[]];
  MsgLifeTime?: number;
  MsgSeq?: Uint32;
  MsgRandom: Uint32;
  SendMsgControl?: SendMsgControl;
  MsgBody: MsgBody;
  CloudCustomData?: string;
  OfflinePushInfo?: {};
  /**
   * 1: only online recipients get it, and it neither counts as unread nor stays in history (the 2026 page; earlier pages said MsgLifeTime 0).
   */
  OnlineOnlyFlag?: 0 | 1;
  SupportMessageExtension?: 0 | 1;
  IsNeedReadReceipt?: 0 | 1;
}
export interface BatchRecipientError {
  To_Account: string;
  ErrorCode: number;
}
/**
 * Body of v4/openim/get_c2c_unread_msg_num: unread counts of To_Account, overall or for at most 10 peers.
 */
export interface GetC2CUnreadMsgNumRequest {
  To_Account: AccountId;
  /**
   * @maxItems 10
   */
  Peer_Account?:
    | []
    | [AccountId]
    | [AccountId, AccountId]
    | [AccountId, AccountId, AccountId]
    | [AccountId, AccountId, AccountId, AccountId]
    | [AccountId, AccountId, AccountId, AccountId, AccountId]
    | [AccountId, AccountId, AccountId, AccountId, AccountId, AccountId]
    | [AccountId, AccountId, AccountId, AccountId, AccountId, AccountId, AccountId]
    | [AccountId, AccountId, AccountId, AccountId, AccountId, AccountId, AccountId, AccountId]
    | [AccountId, AccountId, AccountId, AccountId, AccountId, AccountId, AccountId, AccountId, AccountId]
    | [AccountId, AccountId, AccountId, AccountId, AccountId, AccountId, AccountId, AccountId, AccountId, AccountId];
}
export interface PeerUnreadCount {
  Peer_Account: string;
  /**
   * An integer in the docs; a string of digits in Tencent's OpenAPI description (ledger SRC-UNREAD-COUNT-TYPE).
   */
  C2CUnreadMsgNum: number | string;
}
export interface PeerUnreadError {
  Peer_Account: string;
  ErrorCode: number;
}
/**
 * Body of v4/openim/importmsg: imports one one-to-one message, at its own time (docs/facts/importmsg.md#request-body; https://cloud.tencent.com/document/product/269/2568, 2025-12-05).
 */
export interface ImportmsgRequest {
  /**
   * The kind of import. Ledger SRC-IMPORTMSG-SYNC-VALUES: 2 (history) or 5 (real-time) on the page since about 2022; 1 (real-time) or 2 (history) before.
   */
  SyncFromOldSystem: Since2022 | Before2022;
  From_Account: AccountId;
  To_Account: AccountId;
  MsgSeq?: Uint32;
  MsgRandom: Uint32;
  /**
   * Unix seconds: where the message sits in the history.
   */
  MsgTimeStamp: number;
  /**
   * @minItems 1
   */
  MsgBody: [TIMMsgElement, ...TIMMsgElement[]];
  CloudCustomData?: string;
}
/**
 * Body of v4/openim/modify_c2c_msg: the admin overwrites the MsgBody, the CloudCustomData, or both, of the one-to-one message that From_Account (its sender) sent To_Account (its recipient), named by its MsgKey (docs/facts/modify_c2c_msg.md#request-body). Either optional field, or both, may be sent; a call with neither is not documented.
 */
export interface ModifyC2CMsgRequest {
  From_Account: AccountId;
  To_Account: AccountId;
  /**
   * The message's key as sendmsg answered it, at most 50 characters. Its form {MsgSeq}_{MsgRandom}_{MsgTime} is what every sample shows, stated by no page: a client treats it as opaque.
   */
  MsgKey: string;
  /**
   * The new body: message elements as sendmsg takes them.
   *
   * @minItems 1
   */
  MsgBody?: [TIMMsgElement, ...TIMMsgElement[]];
  /**
   * The new custom data.
   */
  CloudCustomData?: string;
}
export interface ImportedAccount {
  UserID: AccountId;
  Nick?: string;
  FaceUrl?: string;
}
/**
 * Body of v4/openim/sendmsg (docs/facts/companions.md#sendmsg; Tencent's OpenAPI description SendSingleChatMsgRequest @ af17261, 2022-05-28, and fields later SDKs send).
 */
export interface SendmsgRequest {
  SyncOtherMachine?: 1 | 2;
  From_Account?: AccountId;
  To_Account: AccountId;
  MsgLifeTime?: number;
  MsgSeq?: Uint32;
  /**
   * 32-bit unsigned; the service uses it to tell repeated sends apart.
   */
  MsgRandom: Uint32;
  MsgTimeStamp?: number;
  ForbidCallbackControl?: ("ForbidBeforeSendMsgCallback" | "ForbidAfterSendMsgCallback")[];
  SendMsgControl?: SendMsgControl;
  MsgBody: MsgBody;
  CloudCustomData?: string;
  OfflinePushInfo?: {};
  OnlineOnlyFlag?: 0 | 1;
  SupportMessageExtension?: 0 | 1;
  IsNeedReadReceipt?: 0 | 1;
}
/**
 * The query string shared by every REST call. Values are strings; names and values are case-sensitive (docs/facts/envelope.md#query-string).
 */
export interface RestQuery {
  /**
   * SDKAppID assigned by the IM console, a 32-bit unsigned integer in decimal.
   */
  sdkappid: Uint32Text;
  /**
   * An App admin account.
   */
  identifier: string;
  /**
   * UserSig of the admin account (TLSSigAPIv2).
   */
  usersig: string;
  /**
   * A random 32-bit unsigned integer, 0 to 4294967295, in decimal.
   */
  random: Uint32Text;
  /**
   * Request format; always json.
   */
  contenttype: "json";
}
export interface ConformanceCase {
  /**
   * Short and declarative: what holds, never 'should'. Unique across all case files.
   */
  title: string;
  clause: string;
  strength: Strength;
  request?: CaseRequest;
  expect?: Expectation;
  /**
   * A named sequence of calls of the harness (src/suite/scenarios/).
   */
  scenario?: string;
  params?: ScenarioParams;
  generate?: Generation;
}
/**
 * One call. Strings may hold placeholders: {{report}} and {{peer}} (accounts the run imported; {{reportUpper}} and {{peerUpper}} in upper case), {{unknown}} and {{unknown2}} (never imported), {{admin}} and {{adminUpper}} (the admin identifier), {{now}}, {{past}}, {{future}} (Unix seconds), {{unknownSdkappid}}, the names drawn by generate, and in cases/rest.json {{sample}}, the sample body of each command under test. A string that is exactly '{{name:int}}' becomes a JSON integer; one that is exactly '{{name}}' of a draw becomes the drawn JSON value; object keys may be placeholders too.
 */
export interface CaseRequest {
  command?: string;
  method?: "POST" | "GET" | "PUT" | "DELETE";
  auth?: AuthVariant;
  /**
   * Query parameters to replace; null removes one.
   */
  query?: {
    [k: string]: string | null | undefined;
  };
  /**
   * A JSON value, sent serialised.
   */
  body?: {} | unknown[] | string | number | boolean | null;
  /**
   * Text sent as it is.
   */
  raw?: string;
  /**
   * Bytes sent as they are.
   */
  rawBase64?: string;
  /**
   * Cut the serialised body short: true in a case that generate expands (a percentage is drawn, draw name cut), or the percentage of its length to keep, 1 to 99.
   */
  truncate?: boolean | number;
  /**
   * How many times the call is sent in a row.
   */
  repeat?: number;
}
export interface Expectation {
  outcome: "ok" | "error";
  /**
   * Name of a code set in spec/code-sets.json or the command's spec file.
   */
  codes?: string;
}
export interface ScenarioParams {
  messages?: number;
  gapSeconds?: number;
  calls?: number;
  overSeconds?: number;
  quietSeconds?: number;
  concurrency?: number;
  /**
   * Load cases of a call that cannot succeed twice in a row (a recall, an edit): a code set whose refusals count as served, past the limiter, beside success. The body then names something the command refuses each time (an unknown message), and the documented limit still counts the calls.
   */
  served?: string;
  /**
   * Load cases: more bodies, sent in turn with the request's own, so that a limit counted per account or per conversation serves more than one counted per app, and fails.
   *
   * @minItems 1
   * @maxItems 8
   */
  rotate?:
    | [{}]
    | [{}, {}]
    | [{}, {}, {}]
    | [{}, {}, {}, {}]
    | [{}, {}, {}, {}, {}]
    | [{}, {}, {}, {}, {}, {}]
    | [{}, {}, {}, {}, {}, {}, {}]
    | [{}, {}, {}, {}, {}, {}, {}, {}];
}
/**
 * The case stands for `count` cases, each with values drawn from the run's seed; titles get a 'generated N: ' prefix and may name draws.
 */
export interface Generation {
  count: number;
  draws?: {
    [k: string]: Draw | undefined;
  };
}
export interface Clause {
  id: string;
  strength: Strength;
  /**
   * Doc file and section the statement comes from.
   */
  source: string;
  statement: string;
  /**
   * every-answer: checked on every answer of the API that any case receives, so it needs no case of its own. client-requests: a rule of what a client sends, which only the mock's client report checks; the suite, which sends only what it means to, neither has a case for it nor counts it among the clauses a run checks.
   */
  checkedOn?: "every-answer" | "client-requests";
  /**
   * The departures of a client's requests that this clause states the rule for, so that the mock's client report names the clause.
   */
  client?: ClientRule[];
}
export interface ClientRule {
  kind: DepartureKind;
  /**
   * The query parameter, or the body field as a JSON pointer; absent: any.
   */
  field?: string;
  /**
   * For credentials: the ErrorCode by which the service refuses them this way.
   */
  code?: number;
}
/**
 * Named sets of error codes that a documented check accepts, each with its reason.
 */
export interface CodeSets {
  [k: string]: CodeSet | undefined;
}
export interface CodeSet {
  /**
   * @minItems 1
   */
  codes?: [number, ...number[]];
  /**
   * Any refusal (a non-zero ErrorCode) meets the check: the docs say the call fails, not with which code.
   */
  any?: true;
  /**
   * Refusals of a call limit other than calls per second (messages a minute): whether one comes depends on the calls before it, so a replay of the call alone says nothing.
   */
  limit?: true;
  why: string;
  ledger?: string;
}
/**
 * spec/commands/<command>.json: one REST command the suite and the mock know, with what the docs say about it alone. Rules every REST call shares live in spec/clauses.json, spec/ledger.json and spec/code-sets.json.
 */
export interface CommandSpec {
  command: string;
  path: string;
  /**
   * endpoint: under test; companion: used to set up and observe the endpoint's effects.
   */
  role: "endpoint" | "companion";
  source: string;
  /**
   * The documented call frequency limit.
   */
  callsPerSecond: number;
  /**
   * Sending the same request twice has the effect of sending it once, so a lost answer may be asked again.
   */
  idempotent: boolean;
  codes: CommandCodes;
  /**
   * Endpoints: a valid request body, with the run's placeholders ({{report}}, {{peer}}, {{now:int}}, ...). The shared rest.* cases (cases/rest.json) send it to every command under test; it should change as little as it can on the app.
   */
  sample?: {
    [k: string]: unknown | undefined;
  };
  clauses?: Clause[];
  ledger?: LedgerEntry[];
  codeSets?: CodeSets;
  errorCodes?: ErrorCodeEntry[];
}
/**
 * The codes this command's service answers for a body that does not parse and for a caller who is no App admin.
 */
export interface CommandCodes {
  parse: number;
  admin: number;
}
export interface LedgerEntry {
  id: string;
  /**
   * doc-defect: the docs are wrong or incomplete; ambiguity: the docs allow several readings; disagreement: dated sources say different things.
   */
  kind: "doc-defect" | "ambiguity" | "disagreement";
  summary: string;
  /**
   * @minItems 1
   */
  sources: [LedgerSource, ...LedgerSource[]];
  /**
   * What the suite checks and records.
   */
  suite: string;
  /**
   * What the mock does.
   */
  mock: string;
  clauses: string[];
  /**
   * @minItems 2
   */
  readings?: [LedgerReading, LedgerReading, ...LedgerReading[]];
}
export interface LedgerSource {
  /**
   * Where: a doc file and section, a page, or a repository, path and commit.
   */
  ref: string;
  /**
   * When the source said it (updated date of a page, date of a commit).
   */
  date?: string;
  /**
   * What this source says on the point.
   */
  says?: string;
}
/**
 * One documented reading of the point, and the part of a schema that a request following it matches.
 */
export interface LedgerReading {
  id: string;
  summary: string;
  command: string;
  /**
   * A schema file under schemas/ and a JSON pointer into it: file#/pointer.
   */
  schema: string;
  /**
   * The request field the reading is about.
   */
  field: string;
}
export interface ErrorCodeEntry {
  code: number;
  meaning: string;
  /**
   * doc: official documentation; src: official library or description source; seen: a real response quoted in public.
   */
  source: "doc" | "src" | "seen";
  where: string;
  /**
   * The ErrorInfo text the service was seen to send with this code (spec/real-answers.json); the mock sends it.
   */
  info?: string;
  /**
   * The entry of spec/real-answers.json whose answer holds the text.
   */
  infoSource?: string;
  /**
   * Answered to a call whose credentials are valid for the suite, this code says the target refuses them; names the setting to check.
   */
  refusesCredentials?: "IM_SECRET_KEY" | "IM_ADMIN_IDENTIFIER" | "IM_SDKAPPID" | "IM_BASE_URL" | "clock" | "app";
}
/**
 * The file named by IM_EXPECTATIONS: departures from documented clauses that the team knows of. A declared departure that happens is reported as known and does not fail the run; one that no longer happens fails it, so that the declaration is removed.
 */
export interface Expectations {
  knownDepartures: KnownDeparture[];
}
export interface KnownDeparture {
  clause: string;
  /**
   * Why the departure is accepted for now, for the people who read the report.
   */
  reason: string;
  /**
   * Titles of the cases the declaration covers; absent: every case of the clause.
   *
   * @minItems 1
   */
  cases?: [string, ...string[]];
  /**
   * A ticket or link that follows the departure.
   */
  tracking?: string;
  /**
   * A date (YYYY-MM-DD) after which the declaration no longer applies.
   */
  until?: string;
}
/**
 * The request as far as the source shows it; situation when only a description is given.
 */
export interface RealRequest {
  method?: string;
  query?: string;
  body?: string;
  situation?: string;
}
/**
 * The request rebuilt for the mock: the simulator's app, the method, the path and query as sent ({{usersig}} stands for a token signed as sign says), the body, and the accounts that exist first.
 */
export interface RealReplay {
  app?: {
    sdkappid: number;
    admin: string;
  };
  method: string;
  path: string;
  query: string;
  sign?: {
    identifier: string;
    /**
     * app: the simulator app's key; other: another app's key.
     */
    key: "app" | "other";
    /**
     * TLS.time this long before now (0 when absent).
     */
    madeSecondsAgo?: number;
    /**
     * TLS.expire (a day when absent).
     */
    expire?: number;
  };
  body: string;
  accounts?: string[];
  /**
   * What the replay sends in place of what the source sent, and why.
   */
  substitutes?: string;
}
/**
 * Where the mock knowingly answers otherwise than this entry, and why (a doc sample that the captures contradict).
 */
export interface RealDeparture {
  what: "status" | "code" | "key-order" | "text";
  why: string;
}
/**
 * What the mock found in the requests a client sent it: each departure from the documented contract, the documented reading the client chose where the sources disagree, and what the client covered.
 */
export interface ClientReport {
  format: 1;
  suite: {
    name: string;
    version: string;
  };
  startedAt: string;
  finishedAt: string;
  /**
   * follows-contract: requests arrived and none departed from a documented rule; departs: one did; no-verdict: no request reached the mock, so nothing was checked.
   */
  verdict: "follows-contract" | "departs" | "no-verdict";
  /**
   * Requests received since the mock started or was last reset (POST /__mock/reset).
   */
  requests: number;
  /**
   * One entry per cause: the same rule broken the same way on the same field, whatever commands it touched.
   */
  departures: ClientDeparture[];
  /**
   * Where the sources disagree, which documented reading the client's requests followed.
   */
  readings: ClientReading[];
  /**
   * Per command the mock knows: how often the client called it and which optional fields it exercised.
   */
  coverage: CommandCoverage[];
}
export interface ClientDeparture {
  /**
   * The clause that states the rule, an ID of spec/clauses.json or spec/commands/<command>.json.
   */
  clause: string;
  kind: DepartureKind;
  /**
   * The query parameter or body field, as a JSON pointer for the body.
   */
  field?: string;
  /**
   * The commands whose requests departed this way, in the order first seen; a path that names no command stands for itself.
   *
   * @minItems 1
   */
  commands: [string, ...string[]];
  /**
   * What the client sent the first time, redacted and cut short.
   */
  sent: string;
  /**
   * The rule in words.
   */
  docs: string;
  /**
   * For an unknown field: the documented field it most resembles.
   */
  suggestion?: string;
  /**
   * How many requests departed this way.
   */
  count: number;
  /**
   * The first request that departed this way.
   */
  first: {
    /**
     * Its number among the requests received (1 is the first since the start or the last reset).
     */
    request: number;
    /**
     * When the mock received it.
     */
    at: string;
  };
}
export interface ClientReading {
  ledger: string;
  command: string;
  field: string;
  reading: string;
  summary: string;
  count: number;
}
export interface CommandCoverage {
  command: string;
  calls: number;
  /**
   * The fields the docs let a request leave out (alternatives of a required field, such as UserID or Identifier, are not among them).
   */
  optionalFields: string[];
  /**
   * Those of optionalFields that the client's requests carried.
   */
  optionalFieldsExercised: string[];
}
/**
 * conformance.json: what one run of the suite found about one target. Holds no credential: URLs are redacted and the target is named by host only.
 */
export interface ConformanceReport {
  /**
   * The version of this format. A baseline of format 4 or 3 is compared, and im-conformance render-report renders both: format 3 differs only in its one rate-limit section (rateLimit, of the command of its rate-limit cases), read as the one entry of rateLimits. A report of another format is noted as a baseline and not compared.
   */
  format: 4;
  suite: {
    name: string;
    version: string;
  };
  target: ReportTarget;
  startedAt: string;
  finishedAt: string;
  /**
   * Replays the run's generated inputs with IM_SEED.
   */
  seed: number;
  /**
   * Makes the run's account IDs unique: ct<runId>_...
   */
  runId: string;
  selection?: Selection;
  /**
   * conformant: every documented expectation checked held; non-conformant: one failed, or a declared departure no longer happens; no-verdict: none failed, but some were indeterminate, no documented clause was checked, or the run was interrupted.
   */
  verdict: "conformant" | "non-conformant" | "no-verdict";
  interrupted?: Interruption;
  summary: VerdictCounts;
  clauses: ClauseCoverage;
  /**
   * The run by command under test, in name order: each command's cases, their verdict and the documented clauses they checked. The rules shared by every command (rest.*) count for each command, and are checked for a command by its own cases' answers.
   */
  commands: CommandVerdict[];
  results: CaseResult[];
  /**
   * Every ledger entry with what this target answered for it.
   */
  ledger: LedgerObservation[];
  setup: RunSetup;
  expectations?: ExpectationOutcome;
  changes?: BaselineChanges;
  /**
   * One section per command whose load cases ran, in name order, each with its own documented limit and its own calls; empty when no load case ran.
   */
  rateLimits: RateLimitRun[];
}
export interface ReportTarget {
  /**
   * embedded-mock: the mock the run served itself on loopback; loopback and remote: IM_BASE_URL.
   */
  kind: "embedded-mock" | "loopback" | "remote";
  /**
   * Host and port only, never a path or query.
   */
  host: string;
}
/**
 * The options that chose which cases ran; absent when every case ran.
 */
export interface Selection {
  grep?: string;
  grepInvert?: string;
  clauses?: string[];
  /**
   * Commands under test whose cases ran (--command).
   */
  commands?: string[];
}
/**
 * Set when a signal ended the run before every case ran (a person's Ctrl-C, a cancelled CI job): the results that finished are kept, every other case is a skip that says it did not run, and nothing better than no-verdict is concluded.
 */
export interface Interruption {
  signal: "SIGINT" | "SIGTERM";
  /**
   * Selected cases that did not finish.
   */
  notRun: number;
}
export interface VerdictCounts {
  pass: number;
  fail: number;
  known: number;
  indeterminate: number;
  observed: number;
  skip: number;
  total: number;
}
/**
 * How many documented clauses the run checked: a clause is checked when a case judged it, or, for the rules checked on every answer, when any answer came.
 */
export interface ClauseCoverage {
  documented: number;
  checked: number;
  failed: string[];
  unchecked: string[];
}
/**
 * One command under test: the verdict its cases alone reach, by the same rules as the run's (a declared departure that no longer happens counts against the command whose cases found the clause kept).
 */
export interface CommandVerdict {
  command: string;
  verdict: "conformant" | "non-conformant" | "no-verdict";
  summary: VerdictCounts;
  clauses: ClauseCoverage;
}
/**
 * One case: what the docs require, what the target did, and the verdict. A test attaches it as its record; the report moves the timelines of load cases into the rate-limit section of the case's command.
 */
export interface CaseResult {
  /**
   * The command under test the case is about; the rest.* clauses it finds kept or broken count for this command.
   */
  command: string;
  clause: string;
  title: string;
  strength: "documented" | "open";
  verdict: Verdict;
  /**
   * What the docs require, in words.
   */
  expected: string;
  /**
   * What the target did, in words.
   */
  observed: string;
  /**
   * Why a case failed, was skipped or is indeterminate.
   */
  reason?: string;
  /**
   * Clauses this case found broken that IM_EXPECTATIONS does not declare: its own, or the rules checked on every answer. Each departure is charged to the clause it breaks and only to it.
   */
  violated?: string[];
  /**
   * Clauses this case found broken that IM_EXPECTATIONS declares as known departures. A declared break of a rule checked on every answer does not stop the case: its own clause is still judged.
   */
  knownViolated?: string[];
  /**
   * Rules checked on every answer that this case's answers also broke, charged once to the earlier case named: the run fails on them there, and this case judged its own clause past them (or, when an answer could not be read, has no verdict).
   */
  chargedElsewhere?: {
    clause: string;
    title: string;
  }[];
  /**
   * What the target answered the case, for the ledger: 'accepted' or 'ErrorCode N'. Never a fault.
   */
  answer?: string;
  /**
   * The reason IM_EXPECTATIONS gave, for a known departure.
   */
  known?: string;
  exchanges: Exchange[];
  /**
   * Calls the case made beyond the exchanges kept.
   */
  exchangesOmitted?: number;
  durationMs?: number;
  timeline?: TimelineCall[];
}
/**
 * One attempt at a call and what came back, redacted.
 */
export interface Exchange {
  command: string;
  method: string;
  /**
   * Path and query with usersig redacted.
   */
  url: string;
  /**
   * As sent (text; base64: when not UTF-8), redacted, cut at 2 KiB.
   */
  requestBody: string;
  /**
   * HTTP status; absent on a transport fault.
   */
  status?: number;
  /**
   * As received (text; base64: when not UTF-8), redacted, cut at 2 KiB.
   */
  responseBody?: string;
  /**
   * Why the answer is not the API's own: a transport fault, a timeout, a gateway status.
   */
  fault?: string;
  /**
   * 1 for the first attempt; more when the call was sent again after a fault.
   */
  attempt: number;
  ms: number;
}
export interface TimelineCall {
  phase: string;
  atEpochMs: number;
  outcome: "served" | "refused" | "other" | "fault";
  code?: number;
}
export interface LedgerObservation {
  id: string;
  kind: "doc-defect" | "ambiguity" | "disagreement";
  summary: string;
  answers: LedgerAnswer[];
}
export interface LedgerAnswer {
  /**
   * The case that asked.
   */
  title: string;
  /**
   * What the target answered, e.g. 'ErrorCode 90008' or 'accepted'.
   */
  answer: string;
}
/**
 * What the run did around its cases: the credential check, and the accounts it imported and deleted.
 */
export interface RunSetup {
  /**
   * What the target answered to the check of the credentials.
   */
  credentials?: string;
  accounts?: AccountUse;
  /**
   * Why no case ran: the credential check got no answer of the API, only this transport fault or answer of another server (connection refused, unknown host, a TLS error, a timeout).
   */
  unreachable?: string;
  notes: string[];
}
export interface AccountUse {
  imported: number;
  deleted: number;
  /**
   * IM_KEEP_ACCOUNTS=1 kept them.
   */
  kept: boolean;
  /**
   * The accounts left on the target.
   */
  ids?: string[];
}
/**
 * What became of the known departures declared in IM_EXPECTATIONS.
 */
export interface ExpectationOutcome {
  declared: number;
  items: ExpectationItem[];
}
export interface ExpectationItem {
  clause: string;
  reason: string;
  /**
   * happened: reported as known; gone: no longer happens (fails the run); unchecked: the clause was not checked; expired: past its until date, no longer applied.
   */
  outcome: "happened" | "gone" | "unchecked" | "expired";
  tracking?: string;
}
/**
 * What changed since the baseline report named by IM_BASELINE.
 */
export interface BaselineChanges {
  baseline?: {
    startedAt: string;
    verdict: string;
    seed?: number;
    /**
     * The host the baseline's run judged.
     */
    host?: string;
  };
  /**
   * Why nothing was compared, when so.
   */
  note?: string;
  /**
   * Set when the baseline judged another target than this run (another host; the embedded mock is one target on any port): the changes compare two targets, not one target over time.
   */
  otherTarget?: string;
  items: Change[];
}
export interface Change {
  /**
   * verdict: a case's verdict; answer: what the target answered a case; new: a case the baseline lacks; gone: a case only the baseline has.
   */
  kind: "verdict" | "answer" | "new" | "gone";
  clause: string;
  title: string;
  before?: string;
  after?: string;
  /**
   * Ledger entries the case's clause belongs to.
   */
  ledger?: string[];
  /**
   * The change in words.
   */
  text: string;
}
/**
 * Every call of one command's load cases, for the picture of its calls served and refused over time against its own limit.
 */
export interface RateLimitRun {
  /**
   * The command under test the load cases called (each result's command).
   */
  command: string;
  /**
   * The command's documented limit (callsPerSecond in spec/commands/<command>.json).
   */
  limitPerSecond: number;
  refusalCodes: number[];
  calls: RateLimitCall[];
}
export interface RateLimitCall {
  /**
   * The scenario the call belongs to.
   */
  phase: string;
  /**
   * Milliseconds since the first load call of this command.
   */
  at: number;
  outcome: "served" | "refused" | "other" | "fault";
  code?: number;
}
