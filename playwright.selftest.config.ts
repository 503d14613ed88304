/** Self-tests: the simulator, the schemas and data, and the suite run against the mock and its broken variants. */
import { defineConfig } from '@playwright/test';

const SUITE_RUNS = 'suite/conformance-runs.spec.ts';

export default defineConfig({
  testDir: 'tests',
  fullyParallel: true,
  workers: 2,
  timeout: 60_000,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['./reports/summary-line-reporter.ts']],
  outputDir: 'test-results/selftest',
  projects: [
    { name: 'units', testMatch: ['mock/**/*.spec.ts', 'schemas/**/*.spec.ts', 'suite/**/*.spec.ts'], testIgnore: SUITE_RUNS },
    // Whole suite runs one at a time: each uses two workers of its own, and its rate-limit scenarios need the CPU
    // to send faster than 200 calls per second.
    { name: 'suite-runs', testMatch: SUITE_RUNS, fullyParallel: false },
  ],
});
