/**
 * The self-tests: units of every part, the data lints, the whole suite in-process against every broken and faithful
 * variant of the simulator, and a few whole runs as a user makes them (over HTTP, through the CLI and the packed
 * package).
 */
import { defineConfig } from '@playwright/test';

const WHOLE_RUNS = ['selftest/blackbox.spec.ts', 'selftest/package.spec.ts'];
/** The conformance tests run against a target, from the root playwright.config.ts or `im-conformance run`. */
const CONFORMANCE = 'conformance/**';

export default defineConfig({
  testDir: 'tests',
  fullyParallel: true,
  workers: 2,
  timeout: 60_000,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['./tests/support/summary-line-reporter.ts']],
  outputDir: 'test-results/selftest',
  projects: [
    { name: 'units', testIgnore: [...WHOLE_RUNS, CONFORMANCE] },
    // Whole runs over HTTP one at a time: each starts processes of its own, and the rate-limit bursts need the CPU
    // to send faster than 200 calls per second.
    { name: 'whole-runs', testMatch: WHOLE_RUNS, fullyParallel: false, dependencies: [] },
  ],
});
