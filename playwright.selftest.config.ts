/** Self-tests: the simulator, the schemas and data, and the suite run against the mock and its broken variants. */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'tests',
  testMatch: ['mock/**/*.spec.ts', 'schemas/**/*.spec.ts', 'suite/**/*.spec.ts'],
  fullyParallel: true,
  workers: 2,
  timeout: 60_000,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['./reports/summary-line-reporter.ts']],
  outputDir: 'test-results/selftest',
});
