/**
 * The conformance suite. The target comes from the environment (see README): the embedded mock by default, or any
 * implementation through IM_BASE_URL. Traces, screenshots and videos are off: they would hold request URLs.
 */
import { defineConfig } from '@playwright/test';
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { resolveTarget } from './src/target';

// Chosen once in the runner; workers inherit it, so every process draws the same data.
process.env.IM_SEED ||= String(randomInt(2 ** 31 - 1));
const target = resolveTarget();
const dir = target.reportDir;

export default defineConfig({
  testDir: 'tests/conformance',
  globalSetup: './tests/conformance/global-setup.ts',
  fullyParallel: true,
  // Outside the mocks, one worker keeps the pace simple and the calls ordered.
  workers: target.kind === 'embedded-mock' || target.kind === 'in-process-mock' ? 2 : 1,
  timeout: 60_000,
  retries: 0,
  forbidOnly: !!process.env.CI,
  use: { trace: 'off', screenshot: 'off', video: 'off' },
  outputDir: join(dir, 'test-results'),
  reporter: [
    ['./reports/redacting-reporter.ts'],
    ['list'],
    ['junit', { outputFile: join(dir, 'junit.xml') }],
    ['html', { outputFolder: join(dir, 'playwright-html'), open: 'never' }],
    ['./reports/conformance-reporter.ts', { dir }],
    ['./reports/summary-line-reporter.ts'],
  ],
  projects: [
    { name: 'conformance', testMatch: ['requests.spec.ts', 'effects.spec.ts'], teardown: 'rate-limit' },
    { name: 'rate-limit', testMatch: 'rate-limit.spec.ts', fullyParallel: false },
  ],
});
