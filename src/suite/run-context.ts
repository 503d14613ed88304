/**
 * What the runner decided before the cases run and the tests need: the run's seed and ID, the accounts it imported,
 * the selected cases, the declared known departures. The runner passes it to Playwright's processes in one
 * environment variable; it holds no credential.
 */
import type { KnownDeparture } from '../../types/schemas.js';
import type { Pool } from './accounts.js';
import type { PoolProblem } from './case-run.js';
import type { Case } from './cases.js';
import type { TargetKind } from './target.js';

export const RUN_CONTEXT_VAR = 'IM_RUN_CONTEXT';
/** Where Playwright's main process runs the cases for its workers' tests: {"url": ..., "token": ...}. */
export const CASE_SERVICE_VAR = 'IM_CASE_SERVICE';

/** How many cases run at the same time: against a remote service one, which keeps the pace simple and the calls ordered. */
export const casesAtOnce = (kind: TargetKind): number => (kind === 'remote' ? 1 : 2);

/** What a test declares of its case: enough to name, tag and order it without loading the cases. */
export type SelectedCase = Pick<Case, 'title' | 'command' | 'clause' | 'strength' | 'kind'>;

export interface RunContext {
  kind: TargetKind;
  seed: number;
  runId: string;
  pool: Pool;
  poolProblem?: PoolProblem;
  /** The selected cases, in file order. */
  selected: SelectedCase[];
  declared: KnownDeparture[];
  /** Where the records reporter writes the results. */
  recordsFile: string;
  /** Where Playwright's own reports go (the run's report folder). */
  reportDir: string;
}

export function readRunContext(source: NodeJS.ProcessEnv): RunContext {
  const raw = source[RUN_CONTEXT_VAR];
  if (!raw) throw new Error(`${RUN_CONTEXT_VAR} is not set: the suite's tests run through \`im-conformance run\` (npm run conformance)`);
  return JSON.parse(raw) as RunContext;
}
