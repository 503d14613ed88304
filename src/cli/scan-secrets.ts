/**
 * `im-conformance scan-secrets <path>...`: looks for the app key (IM_SECRET_KEY, when set) and UserSigs, also inside
 * archives and base64, in everything under the given paths.
 * Exit 0: none found; 1: a leak (one line each, never the secret); 2: bad arguments or a path that cannot be read.
 */
import { redact } from '../core/redaction.js';
import { scanPathsInDetail } from '../core/secret-scan.js';
import { env, SettingError } from '../core/settings.js';

export const SCAN_USAGE = 'usage: im-conformance scan-secrets <path>...  (the key is read from IM_SECRET_KEY, optional)';

export async function scanSecretsMain(paths: string[]): Promise<number> {
  if (paths.length === 0 || paths.includes('--help')) {
    console.error(SCAN_USAGE);
    return paths.includes('--help') ? 0 : 2;
  }
  let key: string | undefined;
  try {
    key = env('IM_SECRET_KEY');
  } catch (e) {
    if (!(e instanceof SettingError)) throw e;
    console.error(e.message);
    return 2;
  }
  const secrets = key === undefined ? [] : [key];
  let found;
  try {
    found = await scanPathsInDetail(paths, secrets);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    console.error(`scan-secrets: cannot read ${err.path === undefined ? 'the given paths' : redact(err.path, secrets)} (${err.code ?? err.name})`);
    return 2;
  }
  for (const why of found.uninspected) console.log(`note: ${why}`);
  for (const link of found.skippedLinks) console.log(`note: not followed, leads outside the scanned paths: ${link}`);
  for (const leak of found.leaks) console.log(`leak: ${leak.kind} in ${leak.where} at byte ${leak.offset}`);
  if (found.leaks.length > 0) {
    console.log(`${found.leaks.length} credential leak(s) in ${found.files} files`);
    return 1;
  }
  console.log(`no credentials found in ${found.files} files${found.members > 0 ? ` (and ${found.members} packed members)` : ''}`);
  return 0;
}
