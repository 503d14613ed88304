/**
 * Generated from schemas/ by `npm run generate`. Do not edit: change the schemas and regenerate.
 */

/**
 * A UserID: a non-empty string of at most 32 bytes (im-rest-facts §5, account_import).
 */
export type AccountId = string;
/**
 * Response of v4/im_open_login_svc/account_check: one result per account asked about.
 */
export type AccountCheckResponse = ResponseEnvelope & {
  ResultItem?: AccountCheckResult[];
};
/**
 * The body every REST response carries. ActionStatus is OK exactly when ErrorCode is 0; extra fields such as RequestId are tolerated (im-rest-facts §1).
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
 * Response of v4/im_open_login_svc/account_import: the common envelope.
 */
export type AccountImportResponse = ResponseEnvelope;
/**
 * Response of v4/openim/admin_set_msg_read: the common envelope and nothing more.
 */
export type AdminSetMsgReadResponse = ResponseEnvelope;
/**
 * Response of v4/openim/get_c2c_unread_msg_num: the total, and per asked peer either a count or an error (70107 for an unknown peer).
 */
export type GetC2CUnreadMsgNumResponse = ResponseEnvelope & {
  AllC2CUnreadMsgNum?: number;
  C2CUnreadMsgNumList?: PeerUnreadCount[];
  ErrorList?: PeerUnreadError[];
};
/**
 * Response of v4/im_open_login_svc/multiaccount_import: the envelope and the accounts that failed.
 */
export type MultiaccountImportResponse = ResponseEnvelope & {
  FailAccounts?: string[];
};
/**
 * Response of v4/openim/sendmsg: on success the message's time (Unix seconds) and key.
 */
export type SendmsgResponse = ResponseEnvelope & {
  MsgTime?: number;
  MsgKey?: string;
};
/**
 * A file of conformance cases: pure data that names a clause and a strength. Documented cases carry an expectation; open cases only record what the target answers.
 *
 * @minItems 1
 */
export type CaseFile = [ConformanceCase, ...ConformanceCase[]];
/**
 * documented: a failure fails the run; open: what the target did is recorded, never a failure.
 */
export type Strength = "documented" | "open";
/**
 * How the usersig query parameter is made. admin: a valid UserSig for the identifier and sdkappid that the URL carries; the others break exactly one thing.
 */
export type AuthVariant =
  "admin" | "garbage" | "empty" | "missing" | "expired" | "wrong-key" | "other-identifier" | "other-sdkappid";
/**
 * Every statement of the docs that the suite checks, under a stable ID named for the behaviour.
 *
 * @minItems 1
 */
export type ClauseRegistry = [Clause, ...Clause[]];
/**
 * The REST commands the suite and the mock know: the endpoint under test and its companions.
 */
export type CommandRegistry = CommandEntry[];
/**
 * Error codes with their documented meaning and the strength of the source.
 */
export type ErrorCatalogue = ErrorCodeEntry[];
/**
 * Doc defects and ambiguities, each with an ID, and how the suite and the mock deal with it.
 */
export type Ledger = LedgerEntry[];
/**
 * pass/fail: a documented expectation held or not; observed: an open case, recorded; skip: the target does not offer what the case needs; indeterminate: transport faults or gateway errors that persisted.
 */
export type Verdict = "pass" | "fail" | "skip" | "indeterminate" | "observed";

/**
 * Every schema file by its path under schemas/, mapped to the type it describes.
 */
export interface SchemaFiles {
  "api/account_check.request.schema.json": AccountCheckRequest;
  "api/account_check.response.schema.json": AccountCheckResponse;
  "api/account_import.request.schema.json": AccountImportRequest;
  "api/account_import.response.schema.json": AccountImportResponse;
  "api/admin_set_msg_read.request.schema.json": AdminSetMsgReadRequest;
  "api/admin_set_msg_read.response.schema.json": AdminSetMsgReadResponse;
  "api/get_c2c_unread_msg_num.request.schema.json": GetC2CUnreadMsgNumRequest;
  "api/get_c2c_unread_msg_num.response.schema.json": GetC2CUnreadMsgNumResponse;
  "api/multiaccount_import.request.schema.json": MultiaccountImportRequest;
  "api/multiaccount_import.response.schema.json": MultiaccountImportResponse;
  "api/sendmsg.request.schema.json": SendmsgRequest;
  "api/sendmsg.response.schema.json": SendmsgResponse;
  "common/account-id.schema.json": AccountId;
  "common/envelope.schema.json": ResponseEnvelope;
  "common/query.schema.json": RestQuery;
  "meta/case.schema.json": CaseFile;
  "meta/clauses.schema.json": ClauseRegistry;
  "meta/code-sets.schema.json": CodeSets;
  "meta/commands.schema.json": CommandRegistry;
  "meta/error-codes.schema.json": ErrorCatalogue;
  "meta/ledger.schema.json": Ledger;
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
 * Body of v4/im_open_login_svc/account_import (idempotent). Older SDKs send Identifier instead of UserID.
 */
export interface AccountImportRequest {
  UserID: AccountId;
  Nick?: string;
  FaceUrl?: string;
}
/**
 * Body of v4/openim/admin_set_msg_read: the admin marks the one-to-one messages that Peer_Account (the other side of the conversation) sent to Report_Account (the account whose messages become read) as read; MsgReadTime, Unix seconds as a string of digits, reads only messages before it (absent: now).
 */
export interface AdminSetMsgReadRequest {
  Report_Account: AccountId;
  Peer_Account: AccountId;
  /**
   * Unix time in seconds, as a string of digits. Only on the Chinese page (ledger DOC-MSGREADTIME-EN-MISSING); SDKs also send an integer (ledger DOC-MSGREADTIME-TYPE).
   */
  MsgReadTime?: string;
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
  C2CUnreadMsgNum: number;
}
export interface PeerUnreadError {
  Peer_Account: string;
  ErrorCode: number;
}
/**
 * Body of v4/im_open_login_svc/multiaccount_import: at most 100 accounts.
 */
export interface MultiaccountImportRequest {
  /**
   * @minItems 1
   * @maxItems 100
   */
  AccountList: [ImportedAccount, ...ImportedAccount[]];
}
export interface ImportedAccount {
  UserID: AccountId;
  Nick?: string;
  FaceUrl?: string;
}
/**
 * Body of v4/openim/sendmsg, reduced to the fields the suite uses to create unread messages.
 */
export interface SendmsgRequest {
  SyncOtherMachine?: 1 | 2;
  From_Account?: AccountId;
  To_Account: AccountId;
  MsgRandom: number;
  MsgTimeStamp?: number;
  SendMsgControl?: ("NoUnread" | "NoLastMsg" | "WithMuteNotifications")[];
  /**
   * @minItems 1
   */
  MsgBody: [TextMessageElement, ...TextMessageElement[]];
}
export interface TextMessageElement {
  MsgType: "TIMTextElem";
  MsgContent: {
    Text: string;
  };
}
/**
 * The query string shared by every REST call. Values are strings, names and values are case-sensitive (im-rest-facts §1).
 */
export interface RestQuery {
  /**
   * SDKAppID assigned by the IM console, a 32-bit unsigned integer in decimal.
   */
  sdkappid: string;
  /**
   * An App admin account.
   */
  identifier: string;
  /**
   * UserSig of the admin account (TLSSigAPIv2).
   */
  usersig: string;
  /**
   * A random 32-bit unsigned integer, 0..4294967295, in decimal.
   */
  random: string;
  /**
   * Request format; always json.
   */
  contenttype: "json";
}
export interface ConformanceCase {
  /**
   * Short and declarative: what holds, never 'should'.
   */
  title: string;
  clause: string;
  strength: Strength;
  request?: CaseRequest;
  /**
   * A named sequence of calls run by the harness.
   */
  scenario?:
    | "mark-read"
    | "other-direction"
    | "other-conversations"
    | "read-time-boundary"
    | "paced"
    | "sustained"
    | "burst"
    | "recovery";
  params?: ScenarioParams;
  expect?: Expectation;
}
/**
 * One call. Strings may hold placeholders: {{report}} and {{peer}} (accounts imported for the case), {{unknown}} and {{unknown2}} (never imported), {{now}}, {{past}}, {{future}} (Unix seconds); a string that is exactly '{{name:int}}' becomes a JSON integer.
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
  body?: {
    [k: string]: unknown | undefined;
  };
  /**
   * Text sent as it is.
   */
  raw?: string;
  /**
   * Bytes sent as they are.
   */
  rawBase64?: string;
  /**
   * How many times the call is sent in a row.
   */
  repeat?: number;
}
export interface ScenarioParams {
  messages?: number;
  gapSeconds?: number;
  calls?: number;
  overSeconds?: number;
  quietSeconds?: number;
  concurrency?: number;
}
export interface Expectation {
  outcome: "ok" | "error";
  /**
   * Name of a set in spec/code-sets.json.
   */
  codes?: string;
}
export interface Clause {
  id: string;
  strength: Strength;
  /**
   * Doc file and section the statement comes from.
   */
  source: string;
  statement: string;
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
  codes: [number, ...number[]];
  why: string;
  ledger?: string;
}
export interface CommandEntry {
  command: string;
  path: string;
  role: "endpoint" | "companion";
  callsPerSecond: number;
  source: string;
}
export interface ErrorCodeEntry {
  code: number;
  meaning: string;
  /**
   * doc: official documentation; src: official library source; seen: a real response quoted in public.
   */
  source: "doc" | "src" | "seen";
  where: string;
}
export interface LedgerEntry {
  id: string;
  kind: "doc-defect" | "ambiguity";
  summary: string;
  /**
   * @minItems 1
   */
  sources: [string, ...string[]];
  suite: string;
  mock: string;
  /**
   * @minItems 1
   */
  clauses: [string, ...string[]];
}
/**
 * reports/conformance.json: what one run of the suite found about one target. Holds no credential: URLs are redacted and the target is named by host only.
 */
export interface ConformanceReport {
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
   * conformant: every documented expectation held; non-conformant: at least one failed; no-verdict: none failed but some were indeterminate.
   */
  verdict: "conformant" | "non-conformant" | "no-verdict";
  summary: VerdictCounts;
  results: CaseResult[];
  /**
   * Every ledger entry with what this target answered for it.
   */
  ledger: LedgerObservation[];
  rateLimit?: RateLimitRun;
}
export interface ReportTarget {
  /**
   * embedded-mock: the mock served by the run on loopback; in-process-mock: MSW handlers inside the test workers; loopback and remote: IM_BASE_URL.
   */
  kind: "embedded-mock" | "in-process-mock" | "loopback" | "remote";
  /**
   * Host and port only, never a path or query.
   */
  host: string;
  /**
   * The broken simulator variant served, in self-tests.
   */
  variant?: string;
}
export interface VerdictCounts {
  pass: number;
  fail: number;
  skip: number;
  indeterminate: number;
  observed: number;
  total: number;
}
export interface CaseResult {
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
   * Clauses whose documented expectation this case found broken: its own, or the envelope rules every case checks.
   */
  violated?: string[];
  exchanges: Exchange[];
  /**
   * Calls the case made beyond the exchanges kept.
   */
  exchangesOmitted?: number;
  durationMs?: number;
}
/**
 * One request and what came back, redacted.
 */
export interface Exchange {
  command: string;
  method: string;
  /**
   * Path and query with usersig redacted.
   */
  url: string;
  /**
   * As sent (text; base64 when not UTF-8), cut at 2 KiB.
   */
  requestBody: string;
  /**
   * HTTP status; absent on a transport fault.
   */
  status?: number;
  /**
   * As received, cut at 2 KiB.
   */
  responseBody?: string;
  transportError?: string;
  ms: number;
}
export interface LedgerObservation {
  id: string;
  kind: "doc-defect" | "ambiguity";
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
 * Every call of the rate-limit scenarios, for the picture of calls served and refused over time.
 */
export interface RateLimitRun {
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
   * Milliseconds since the first call of the run.
   */
  at: number;
  outcome: "served" | "refused" | "other";
  code?: number;
}
