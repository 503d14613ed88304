#!/usr/bin/env node
/** `im-conformance`: the suite, the mock and their tools, for npx and package.json scripts. */
import { packageInfo } from '../core/package.js';
import { mockMain } from '../../mocks/cli.js';
import { checkClientMain } from '../runner/check-client.js';
import { parityMain } from '../runner/parity.js';
import { runMain } from '../runner/run.js';
import { renderReportMain } from './render-report.js';
import { scanSecretsMain } from './scan-secrets.js';

const USAGE = `usage: im-conformance <command> [options]

commands:
  run            run the conformance suite against a target (IM_BASE_URL) or the embedded mock
  mock           serve the mock of the IM REST API
  check-client   serve the mock, run your client's command against it, and report where its requests depart
                 from the documented contract
  scan-secrets   look for the app key and UserSigs in files
  render-report  write the .md, .html and junit.xml of a conformance.json
  parity         replay a live run's exchanges against the mock and list where the mock answers differently

"im-conformance <command> --help" describes each.`;

const commands: Record<string, (args: string[]) => Promise<number> | number> = {
  run: (a) => runMain(a),
  mock: (a) => mockMain(a),
  'check-client': (a) => checkClientMain(a),
  'scan-secrets': (a) => scanSecretsMain(a),
  'render-report': (a) => renderReportMain(a),
  parity: (a) => parityMain(a),
};

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    console.log(packageInfo().version);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    console.error(`im-conformance: unknown command ${JSON.stringify(name)}\n\n${USAGE}`);
    return 2;
  }
  return command(args);
}

main().then(
  (status) => process.exit(status),
  (e: unknown) => {
    console.error(`im-conformance: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
