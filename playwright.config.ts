/**
 * `npx playwright test` from the root runs the conformance suite (tests/conformance) as `im-conformance run` does:
 * against the embedded mock, or IM_BASE_URL with the credentials of the environment, with the same checks before the
 * cases, the same reports and the same exit statuses. The runner prepares what the tests need (settings, the embedded
 * mock, the credential check, the run's accounts) and then starts Playwright itself with its own configuration
 * (src/runner/playwright.config.ts), so this file hands over to it, with the options of Playwright's command line that
 * select cases (-g/--grep, --grep-invert, --list). Other options are named and refused, never silently dropped.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Playwright's selecting options, and what the runner calls them; `true` for one that takes a value. */
const FORWARDED: Record<string, [name: string, takesValue: boolean]> = {
  '-g': ['--grep', true],
  '--grep': ['--grep', true],
  '--grep-invert': ['--grep-invert', true],
  '--list': ['--list', false],
};

function runnerArgs(argv: readonly string[]): string[] {
  const at = argv.indexOf('test');
  const given = at < 0 ? [] : argv.slice(at + 1);
  const out: string[] = [];
  for (let i = 0; i < given.length; i++) {
    const [flag, inline] = given[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const known = FORWARDED[flag];
    if (!known) {
      console.error(`playwright.config.ts: ${flag} is not an option of the conformance run; use -g/--grep, --grep-invert or --list, or \`im-conformance run --help\``);
      process.exit(2);
    }
    out.push(known[0]);
    if (known[1]) out.push(inline ?? given[++i] ?? '');
  }
  return out;
}

const root = import.meta.dirname;
const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts'), 'run', ...runnerArgs(process.argv)], { stdio: 'inherit', cwd: root });
process.exit(run.status ?? (run.signal === 'SIGINT' ? 130 : run.signal === 'SIGTERM' ? 143 : 1));
