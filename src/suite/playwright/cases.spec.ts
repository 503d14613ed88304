/** The request and effect cases selected for the run. */
import { casesOf, declare } from './fixtures.js';

declare(casesOf(false));
