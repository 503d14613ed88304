/** The effect of marking read, observed through sendmsg and get_c2c_unread_msg_num (cases/effects.json). */
import { runCases } from '../../src/harness/cases';
import { scenarios } from '../../src/harness/scenarios';
import { caseBody, caseDetails, target, test } from './fixtures';

for (const c of runCases(target.seed).effects) {
  test(c.title, caseDetails(c), caseBody(c, (run) => scenarios[c.scenario]!(run, c.params ?? {})));
}
