/**
 * The 200 calls/second limit (cases/rate-limit.json). Runs in its own project after every other test, one case at a
 * time, so that no other call shares its seconds; on remote targets only with IM_RATE_LIMIT_TEST=1.
 */
import { runCases } from '../../src/harness/cases';
import { scenarios } from '../../src/harness/scenarios';
import { caseBody, caseDetails, target, test } from './fixtures';

const gate = () => (target.rateLimitTest ? undefined : 'rate-limit tests run against remote targets only with IM_RATE_LIMIT_TEST=1');

for (const c of runCases(target.seed).rateLimit) {
  test(c.title, caseDetails(c), caseBody(c, (run) => scenarios[c.scenario]!(run, c.params ?? {}), gate));
}
