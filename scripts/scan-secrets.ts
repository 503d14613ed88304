/**
 * tsx scripts/scan-secrets.ts <path>...
 *
 * Looks for the app key (IM_SECRET_KEY, when set) and UserSig-shaped strings in everything under the given paths.
 * Exit 0: none found; 1: a leak (one line each, never the secret); 2: bad arguments or a path that cannot be read.
 */
import { scanPathsInDetail } from '../src/secret-scan';
import { redact } from '../src/redaction';
import { env } from '../src/settings';

async function main(): Promise<number> {
  const paths = process.argv.slice(2);
  if (paths.length === 0) {
    console.error('usage: tsx scripts/scan-secrets.ts <path>...  (the key is read from IM_SECRET_KEY, optional)');
    return 2;
  }
  const key = env('IM_SECRET_KEY');
  let found;
  try {
    found = await scanPathsInDetail(paths, key === undefined ? [] : [key]);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const where = err.path === undefined ? 'the given paths' : redact(err.path, key === undefined ? [] : [key]);
    console.error(`scan-secrets: cannot read ${where} (${err.code ?? err.name})`);
    return 2;
  }
  for (const why of found.uninspected) console.log(`note: ${why}`);
  for (const link of found.skippedLinks) console.log(`note: not followed, leads outside the scanned paths: ${link}`);
  for (const leak of found.leaks) console.log(`leak: ${leak.kind} in ${leak.where} at byte ${leak.offset}`);
  if (found.leaks.length > 0) {
    console.log(`${found.leaks.length} credential leak(s) in ${found.files} files`);
    return 1;
  }
  const inside = found.members > 0 ? ` (and ${found.members} archive members)` : '';
  console.log(`no credentials found in ${found.files} files${inside}`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // Only the name: a message could quote bytes of a scanned file.
    console.error(`scan-secrets: failed with ${(e as Error).name}`);
    process.exitCode = 2;
  },
);
