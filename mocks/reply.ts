import { catalogued } from '../src/core/spec.js';

/** A response body: the envelope, plus command-specific fields on success. */
export type Reply = { ActionStatus: 'OK' | 'FAIL'; ErrorInfo: string; ErrorCode: number } & Record<string, unknown>;

/** A refusal decided before a command runs, or by a field rule: only its code; the envelope is made once, by fail. */
export interface Refusal {
  code: number;
}

/**
 * The ErrorInfo of a code: the text the service was seen to send (spec/real-answers.json, through the catalogue's
 * info), else the catalogue's meaning.
 */
export function infoOf(code: number): string {
  const entry = catalogued(code);
  return entry?.info ?? entry?.meaning ?? 'error';
}

/**
 * Key order follows who answers, as the record shows it (ledger SRC-ENVELOPE-KEY-ORDER): the message service (openim)
 * puts ErrorInfo before ErrorCode; the gateway and the account service put ErrorCode first. A refusal's code family
 * names who refused it (90xxx openim; 60xxx the gateway; 70xxx UserSig and account checks).
 */
const OPENIM_CODES = { from: 90000, to: 99999 };
const ERROR_CODE_FIRST_SERVICES: ReadonlySet<string> = new Set(['im_open_login_svc']);

/** The key order of the openim doc samples: ActionStatus, ErrorInfo, ErrorCode. */
export const ok = (extra?: Record<string, unknown>): Reply =>
  // Most successes carry nothing more: a literal is then all a call allocates.
  extra === undefined ? { ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0 } : { ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0, ...extra };

export const fail = (code: number): Reply =>
  code >= OPENIM_CODES.from && code <= OPENIM_CODES.to
    ? { ActionStatus: 'FAIL', ErrorInfo: infoOf(code), ErrorCode: code }
    : { ActionStatus: 'FAIL', ErrorCode: code, ErrorInfo: infoOf(code) };

/** A command's success in the key order of its service (v4/<service>/<command>). */
export function inServiceOrder(reply: Reply, service: string): Reply {
  if (reply.ErrorCode !== 0 || !ERROR_CODE_FIRST_SERVICES.has(service)) return reply;
  const { ActionStatus, ErrorCode, ErrorInfo, ...rest } = reply;
  return { ActionStatus, ErrorCode, ErrorInfo, ...rest };
}

export const isRefusal = (x: unknown): x is Refusal => typeof x === 'object' && x !== null && typeof (x as Refusal).code === 'number';
