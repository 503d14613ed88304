/** Every request case: hand-written in cases/requests.json, plus the seeded generated ones. */
import { runCases } from '../../src/harness/cases';
import { defineCase, target } from './fixtures';

for (const c of runCases(target.seed).requests) defineCase(c, (run) => run.requestCase(c));
