/** Every request case: hand-written in cases/requests.json, plus the seeded generated ones. */
import { runCases } from '../../src/harness/cases';
import { caseBody, caseDetails, target, test } from './fixtures';

for (const c of runCases(target.seed).requests) test(c.title, caseDetails(c), caseBody(c, (run) => run.requestCase(c)));
