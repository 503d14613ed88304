/**
 * The checks every response goes through, each attributed to its clause. The envelope rule itself lives in
 * schemas/common/envelope.schema.json; here it is only applied and its violations named.
 */
import type { ResponseEnvelope } from '../../types/schemas';
import type { CallResult } from '../client';
import { codeSets } from '../spec';
import { validator, describeErrors } from '../validators';
import { ConformanceFailure, Indeterminate } from './failures';

/** HTTP 200 with a well-formed envelope whose ActionStatus agrees with its ErrorCode; throws otherwise. */
export function envelopeOf(r: CallResult): ResponseEnvelope & Record<string, unknown> {
  if (r.indeterminate) throw new Indeterminate(r.indeterminate);
  const status = r.exchange.status;
  if (status !== 200) throw new ConformanceFailure('response.http-200', `${r.exchange.command} answered HTTP ${status}, not 200`);
  const json = r.json;
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ConformanceFailure('response.envelope', `${r.exchange.command} answered a body that is not a JSON object`);
  }
  const v = validator('common/envelope.schema.json');
  if (!v(json)) {
    const errors = v.errors ?? [];
    // The OK-iff-0 rule is the schema's allOf; every other violation is the envelope's shape.
    const onlyAgreement = errors.every((e) => e.schemaPath.startsWith('#/allOf'));
    throw new ConformanceFailure(
      onlyAgreement ? 'response.ok-iff-zero' : 'response.envelope',
      `${r.exchange.command} answered an envelope that breaks: ${describeErrors(errors).join('; ')}`,
    );
  }
  return json as ResponseEnvelope & Record<string, unknown>;
}

/** The codes of a named set in spec/code-sets.json, or the configured frequency codes. */
export function codesOf(name: string, frequencyCodes: number[]): number[] {
  if (name === 'frequency-limit') return frequencyCodes;
  const set = codeSets[name];
  if (!set) throw new Error(`unknown code set ${name}`);
  return set.codes;
}

/** What a target answered, in the words the report and ledger use. */
export function answerOf(r: CallResult): string {
  if (r.exchange.transportError) return 'transport fault';
  if (r.exchange.status !== 200) return `HTTP ${r.exchange.status}`;
  const j = r.json as { ErrorCode?: unknown } | undefined;
  if (!j || typeof j !== 'object') return 'no envelope';
  return j.ErrorCode === 0 ? 'accepted' : `ErrorCode ${JSON.stringify(j.ErrorCode)}`;
}
