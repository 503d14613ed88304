/**
 * The report formats this suite reads: the one it writes (4), and format 3, whose one rate-limit section (`rateLimit`)
 * held the calls of the load cases of one command. Both are read as format 4, so that a baseline an earlier suite
 * wrote is still compared and a downloaded report of either is still rendered.
 */
import { violations } from '../core/validators.js';
import type { ConformanceReport } from '../../types/schemas.js';

export const FORMAT = 4;
/** The formats read as a report, newest first. */
export const READ_FORMATS: readonly number[] = [FORMAT, 3];
export const REPORT_SCHEMA = 'report/conformance-report.schema.json';

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The format a value says it is written in, when it says one. */
export const formatOf = (value: unknown): unknown => (isObject(value) ? value.format : undefined);

/**
 * The command format 3's one section was about: format 3 took it from the first of its rate-limit cases, in the order
 * of its results, which every result names.
 */
function format3LoadCommand(results: unknown): unknown {
  if (!Array.isArray(results)) return undefined;
  const first = results.find((r) => isObject(r) && typeof r.clause === 'string' && r.clause.includes('.rate-limit.'));
  return isObject(first) ? first.command : undefined;
}

/**
 * A value as a report of format 4: format 3's `rateLimit` becomes the one entry of `rateLimits`, under the command of
 * its rate-limit cases (none when it had no section). Anything else is given back as it is, for the schema to judge.
 */
export function asCurrent(value: unknown): unknown {
  // A report that says format 3 but has format 4's sections is neither: the schema refuses it as it is.
  if (!isObject(value) || value.format !== 3 || 'rateLimits' in value) return value;
  const { rateLimit, ...rest } = value;
  const sections = rateLimit === undefined ? [] : [isObject(rateLimit) ? { command: format3LoadCommand(rest.results), ...rateLimit } : rateLimit];
  return { ...rest, format: FORMAT, rateLimits: sections };
}

/** Why a value cannot be read as a report of a format this suite reads: its departures from the schema, read as format 4. */
export const reportViolations = (value: unknown): string[] => violations(REPORT_SCHEMA, asCurrent(value));

/** A value as a format 4 report, or undefined when it is no report of a format this suite reads. */
export function readReport(value: unknown): ConformanceReport | undefined {
  const current = asCurrent(value);
  return violations(REPORT_SCHEMA, current).length ? undefined : (current as ConformanceReport);
}
