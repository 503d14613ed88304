/**
 * npm run conformance -- [playwright arguments]
 *
 * Checks the settings, runs the suite against the target with redacted output, then scans everything the run wrote.
 * Exit status: 0 conformant; 1 non-conformant (or the run broke); 2 a bad setting; 3 no verdict (indeterminate
 * results); 4 a credential found in the run's output.
 */
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { findLeaks, redact, type Leak } from '../src/redaction';
import { ROOT } from '../src/schema-files';
import { scanPaths } from '../src/secret-scan';
import { SettingError } from '../src/settings';
import { resolveTarget, targetHost, type Target } from '../src/target';
import type { ConformanceReport } from '../types/schemas';

/** What a run writes under the report directory; only these are cleared before a run and scanned after it. */
const OUTPUTS = ['conformance.json', 'conformance.md', 'conformance.html', 'junit.xml', 'playwright-html', 'test-results'];

function settings(): Target {
  process.env.IM_SEED ||= String(randomInt(2 ** 31 - 1));
  try {
    return resolveTarget();
  } catch (e) {
    if (e instanceof SettingError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
}

/** Copies a child's stream line by line, redacted, and remembers what the unredacted text leaked. */
function relay(from: Readable, to: Writable, name: string, secrets: string[], leaks: Leak[]): Promise<void> {
  const lines = createInterface({ input: from, crlfDelay: Infinity });
  lines.on('line', (line) => {
    leaks.push(...findLeaks(line, name, secrets));
    to.write(`${redact(line, secrets)}\n`);
  });
  return new Promise((resolve) => lines.once('close', resolve));
}

async function main(): Promise<number> {
  const target = settings();
  const secrets = [target.secretKey];
  const dir = target.reportDir;
  console.log(`target: ${target.kind === 'embedded-mock' ? 'the embedded mock on a free loopback port' : targetHost(target)} (${target.kind}${target.variant ? `, variant ${target.variant}` : ''})`);
  console.log(`seed: ${target.seed} (replay with IM_SEED=${target.seed})`);
  console.log(`pace: ${target.callsPerSecond} calls/s outside the rate-limit tests, which ${target.rateLimitTest ? 'run' : 'are skipped (IM_RATE_LIMIT_TEST=1 enables them)'}`);
  for (const o of OUTPUTS) rmSync(join(dir, o), { recursive: true, force: true });

  const streamLeaks: Leak[] = [];
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/@playwright/test/cli.js'), 'test', '-c', join(ROOT, 'playwright.config.ts'), ...process.argv.slice(2)], {
    cwd: ROOT,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const relayed = Promise.all([
    relay(child.stdout, process.stdout, 'standard output', secrets, streamLeaks),
    relay(child.stderr, process.stderr, 'standard error', secrets, streamLeaks),
  ]);
  const code: number = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  await relayed;

  const fileLeaks = await scanPaths(OUTPUTS.map((o) => join(dir, o)).filter(existsSync), secrets);
  const leaks = [...streamLeaks, ...fileLeaks];
  for (const l of leaks) console.error(`credential leak: ${l.kind} in ${l.where} at byte ${l.offset}`);

  const reportFile = join(dir, 'conformance.json');
  if (!existsSync(reportFile)) {
    console.error(`no report was written (Playwright exited with ${code}); see the output above`);
    console.log('0 passed, 1 failed');
    return leaks.length ? 4 : 1;
  }
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as ConformanceReport;
  const s = report.summary;
  console.log(`verdict: ${report.verdict}; reports: ${relative(process.cwd(), dir) || '.'}/conformance.{json,md,html}, junit.xml, playwright-html/`);
  console.log(`${s.pass + s.observed} passed, ${s.fail} failed, ${s.skip + s.indeterminate} skipped`);
  if (leaks.length) return 4;
  if (report.verdict === 'non-conformant' || (code !== 0 && report.verdict === 'conformant')) return 1;
  return report.verdict === 'no-verdict' ? 3 : 0;
}

main().then(
  (status) => process.exit(status),
  (e) => {
    console.error(redact(e instanceof Error ? (e.stack ?? e.message) : String(e), []));
    process.exit(1);
  },
);
