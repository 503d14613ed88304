/**
 * The load cases. Their project runs after every other test, with this one file in one worker, so they run one at a
 * time and no other call shares their seconds; a failing one does not stop the next.
 */
import { casesOf, declare } from '../../src/suite/playwright/fixtures.js';

declare(casesOf(true));
