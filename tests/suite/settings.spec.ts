/** A missing or malformed setting stops `npm run conformance` before any request, with one message naming it. */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../src/schema-files';

const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const GOOD = { IM_BASE_URL: 'https://console.tim.qq.com', IM_SDKAPPID: '1400000000', IM_SECRET_KEY: 'k'.repeat(32), IM_ADMIN_IDENTIFIER: 'administrator' };

const refusals: Array<{ title: string; env: Record<string, string>; names: string }> = [
  { title: 'plain http to a public host is refused', env: { ...GOOD, IM_BASE_URL: 'http://console.tim.qq.com' }, names: 'IM_BASE_URL' },
  { title: 'a base URL with a path is refused', env: { ...GOOD, IM_BASE_URL: 'https://console.tim.qq.com/v4' }, names: 'IM_BASE_URL' },
  { title: 'a base URL that is no URL is refused', env: { ...GOOD, IM_BASE_URL: 'console' }, names: 'IM_BASE_URL' },
  { title: 'a remote target without IM_SDKAPPID is refused', env: { ...GOOD, IM_SDKAPPID: '' }, names: 'IM_SDKAPPID' },
  { title: 'an SDKAppID that is not a number is refused', env: { ...GOOD, IM_SDKAPPID: '14000x' }, names: 'IM_SDKAPPID' },
  { title: 'an SDKAppID beyond uint32 is refused', env: { ...GOOD, IM_SDKAPPID: '4294967296' }, names: 'IM_SDKAPPID' },
  { title: 'a remote target without IM_SECRET_KEY is refused', env: { ...GOOD, IM_SECRET_KEY: '' }, names: 'IM_SECRET_KEY' },
  { title: 'a remote target without IM_ADMIN_IDENTIFIER is refused', env: { ...GOOD, IM_ADMIN_IDENTIFIER: '' }, names: 'IM_ADMIN_IDENTIFIER' },
  { title: 'an identifier over 32 bytes is refused', env: { ...GOOD, IM_ADMIN_IDENTIFIER: 'a'.repeat(33) }, names: 'IM_ADMIN_IDENTIFIER' },
  { title: 'a seed that is not a number is refused', env: { IM_SEED: 'abc' }, names: 'IM_SEED' },
  { title: 'a rate-limit switch other than 0 or 1 is refused', env: { IM_RATE_LIMIT_TEST: 'yes' }, names: 'IM_RATE_LIMIT_TEST' },
  { title: 'frequency codes that are not codes are refused', env: { IM_RATE_LIMIT_CODES: '60007,x' }, names: 'IM_RATE_LIMIT_CODES' },
  { title: 'a pace above 150 calls per second is refused', env: { IM_PACE: '500' }, names: 'IM_PACE' },
  { title: 'an unknown mock variant is refused', env: { IM_MOCK_VARIANT: 'nope' }, names: 'IM_MOCK_VARIANT' },
  { title: 'a mock variant with IM_BASE_URL is refused', env: { ...GOOD, IM_MOCK_VARIANT: 'mark-read-noop' }, names: 'IM_MOCK_VARIANT' },
];

for (const r of refusals) {
  test(r.title, () => {
    const run = spawnSync(process.execPath, [TSX, join(ROOT, 'scripts/conformance.ts')], {
      cwd: ROOT,
      env: { ...process.env, ...r.env },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${r.names}: `));
    // Nothing ran: the suite prints its target line only after the settings hold.
    expect(run.stdout).not.toContain('target:');
  });
}
