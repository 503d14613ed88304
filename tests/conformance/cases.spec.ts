/** The request and effect cases selected for the run. */
import { casesOf, declare } from '../../src/suite/playwright/fixtures.js';

declare(casesOf(false));
