/**
 * Known departures (IM_EXPECTATIONS): a clause a case finds broken that a declaration covers is reported as known and
 * does not fail the run. Whether a declaration still happens is the report's to say, once every case has run.
 */
import type { KnownDeparture } from '../../types/schemas.js';

/** Whether a declaration applies on a day (YYYY-MM-DD): one past its `until` date no longer does. */
export const inForce = (d: KnownDeparture, today: string) => d.until === undefined || today <= d.until;

/** Whether a declaration covers a case, by title. */
export const covers = (d: KnownDeparture, title: string) => d.cases === undefined || d.cases.includes(title);

/** The declaration in force that covers a clause broken by a case, if any. */
export function declarationFor(clause: string, title: string, declared: readonly KnownDeparture[], today: string): KnownDeparture | undefined {
  return declared.find((d) => d.clause === clause && inForce(d, today) && covers(d, title));
}
