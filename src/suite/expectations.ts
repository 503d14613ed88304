/**
 * Known departures (IM_EXPECTATIONS): a case that fails on a declared clause is reported as known and does not fail
 * the run. Whether a declaration still happens is the report's to say, once every case has run.
 */
import type { CaseResult, KnownDeparture } from '../../types/schemas.js';

/** Whether a declaration applies on a day (YYYY-MM-DD): one past its `until` date no longer does. */
export const inForce = (d: KnownDeparture, today: string) => d.until === undefined || today <= d.until;

/** The declaration that covers a failed result, if any: it names a clause the result broke, and the case when it lists cases. */
export function declarationFor(result: CaseResult, declared: readonly KnownDeparture[], today: string): KnownDeparture | undefined {
  if (result.verdict !== 'fail') return undefined;
  return declared.find(
    (d) => inForce(d, today) && (result.violated ?? []).includes(d.clause) && (d.cases === undefined || d.cases.includes(result.title)),
  );
}
