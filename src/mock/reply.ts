import { meaningOf } from '../core/spec.js';

/** A response body: the envelope, plus command-specific fields on success. */
export type Reply = { ActionStatus: 'OK' | 'FAIL'; ErrorInfo: string; ErrorCode: number } & Record<string, unknown>;

/** A refusal decided before a command runs, or by a field rule: only its code; the envelope is made once, by fail. */
export interface Refusal {
  code: number;
}

/** The key order of the doc's sample response. */
export const ok = (extra: Record<string, unknown> = {}): Reply => ({ ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0, ...extra });
export const fail = (code: number): Reply => ({ ActionStatus: 'FAIL', ErrorInfo: meaningOf(code) ?? 'error', ErrorCode: code });

export const isRefusal = (x: unknown): x is Refusal => typeof x === 'object' && x !== null && typeof (x as Refusal).code === 'number';
