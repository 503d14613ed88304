/**
 * The checks every answer goes through, each charged to the clause it belongs to. The envelope rule itself lives in
 * schemas/common/envelope.schema.json; here it is only applied and its violations named.
 */
import { codeSets } from '../core/spec.js';
import { describeErrors, validator } from '../core/validators.js';
import type { ResponseEnvelope } from '../../types/schemas.js';
import type { CallResult } from './client.js';
import { Departure, Indeterminate } from './outcomes.js';
import type { Target } from './target.js';

export type Envelope = ResponseEnvelope & Record<string, unknown>;

export const HTTP_200 = 'rest.response.http-200';
export const ENVELOPE = 'rest.response.envelope';
export const OK_IFF_ZERO = 'rest.response.ok-iff-zero';
/** The rules every answer is checked against, whatever the case: a run charges each one's break to one case only. */
export const EVERY_ANSWER: ReadonlySet<string> = new Set([HTTP_200, ENVELOPE, OK_IFF_ZERO]);

/**
 * The API's answer as an envelope. Not the API's own answer: indeterminate. The API's own answer that breaks the
 * envelope rules: a departure of exactly the rule it breaks, unless `tolerate` accepts that rule as a known departure
 * and the answer still carries an integer ErrorCode, so that the case can go on to judge its own clause.
 */
export function envelopeOf(r: CallResult, tolerate: (clause: string) => boolean = () => false): Envelope {
  if (r.fault) throw new Indeterminate(`${r.command}: ${r.fault}`);
  if (r.status !== 200 && !tolerate(HTTP_200)) throw new Departure(HTTP_200, `${r.command} answered HTTP ${r.status}, not 200`);
  const json = r.json;
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new Departure(ENVELOPE, `${r.command} answered a body that is not a JSON object`);
  }
  const v = validator('common/envelope.schema.json');
  if (!v(json)) {
    const errors = v.errors ?? [];
    // The OK-iff-0 rule is the schema's allOf; every other violation is the envelope's shape.
    const clause = errors.every((e) => e.schemaPath.startsWith('#/allOf')) ? OK_IFF_ZERO : ENVELOPE;
    if (!Number.isInteger((json as { ErrorCode?: unknown }).ErrorCode) || !tolerate(clause)) {
      throw new Departure(clause, `${r.command} answered an envelope that breaks: ${describeErrors(errors).join('; ')}`);
    }
  }
  return json as Envelope;
}

/** The refusals a named code set accepts: a list of codes, or any refusal; the frequency set is the target's. */
export function acceptedCodes(name: string, target: Target): number[] | 'any' {
  if (name === 'frequency-limit') return target.frequencyCodes;
  const set = codeSets.get(name);
  if (!set) throw new Error(`unknown code set ${name}`);
  return set.any ? 'any' : (set.codes ?? []);
}

/** Whether a refusal's code meets an accepted set. */
export const accepts = (accepted: number[] | 'any', code: number) => code !== 0 && (accepted === 'any' || accepted.includes(code));

/** What an answer that is not an accepted refusal departs by, in words; undefined when it is accepted. */
export function unmet(accepted: number[] | 'any', code: number): string | undefined {
  return accepts(accepted, code) ? undefined : `expected ${inWords(accepted)}, got ${code === 0 ? 'success' : code}`;
}

/** The accepted set in words. */
export const inWords = (accepted: number[] | 'any') => (accepted === 'any' ? 'any refusal' : `ErrorCode in ${accepted.join(', ')}`);

/** What the API answered, in the words the report and ledger use. */
export function answerOf(env: Envelope): string {
  return env.ErrorCode === 0 ? 'accepted' : `ErrorCode ${env.ErrorCode}`;
}
