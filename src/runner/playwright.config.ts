/**
 * The conformance run's Playwright configuration, used by `im-conformance run` and nothing else: the runner has
 * already checked the settings, served the embedded mock if asked, checked the credentials and imported the accounts,
 * and passes the target and its decisions in the environment. Traces, screenshots and videos are off: they would
 * hold request URLs.
 *
 * Every worker loads this file again, and Playwright starts a new worker after every failed test: it reads the run
 * context and nothing heavier. The cases run in the main process (the global setup) for the workers' tests.
 */
import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';
import { join } from 'node:path';
import { casesAtOnce, readRunContext } from '../suite/run-context.js';

/** .ts from the repository, .js from the built package. */
const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const here = import.meta.dirname;
const reporter = (name: string) => join(here, '..', 'report', 'reporters', `${name}${ext}`);

const context = readRunContext(process.env);
const kinds = new Set(context.selected.map((c) => c.kind));
const hasLoad = kinds.has('load');
const hasOthers = kinds.has('request') || kinds.has('effect');

const projects: NonNullable<PlaywrightTestConfig['projects']> = [];
// The load cases run after every other test, as the teardown of the conformance project, and only when selected.
if (hasOthers) projects.push({ name: 'conformance', testMatch: `cases.spec${ext}`, ...(hasLoad ? { teardown: 'rate-limit' } : {}) });
if (hasLoad) projects.push({ name: 'rate-limit', testMatch: `load.spec${ext}`, fullyParallel: false });

export default defineConfig({
  testDir: join(here, '..', '..', 'tests', 'conformance'),
  globalSetup: join(here, '..', 'suite', 'playwright', `case-service${ext}`),
  fullyParallel: true,
  // Twice as many workers as cases run at once (the case service keeps to that): Playwright replaces a worker after a
  // failed test, and while one is being replaced another can wait for the next case.
  workers: 2 * casesAtOnce(context.kind),
  // A test waits for its case: calls time out after 10 s and are asked up to three times; effects are polled for
  // IM_POLL_TIMEOUT_MS.
  timeout: 240_000,
  retries: 0,
  use: { trace: 'off', screenshot: 'off', video: 'off' },
  outputDir: join(context.reportDir, 'test-results'),
  reporter: [
    [reporter('redacting')],
    [reporter('console')],
    [reporter('records'), { file: context.recordsFile }],
    ['html', { outputFolder: join(context.reportDir, 'playwright-html'), open: 'never' }],
  ],
  projects,
});
