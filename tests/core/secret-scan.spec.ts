/**
 * The credential scan finds a planted UserSig and a planted key wherever a run leaves files, including inside trace
 * archives, and redaction strips both from the error text Playwright writes.
 */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Api } from 'tls-sig-api-v2';
import { findLeaks, redact, redactBytes, USERSIG_SHAPE, type Leak } from '../../src/core/redaction.js';
import { scanPaths, scanPathsInDetail } from '../../src/core/secret-scan.js';
import { ROOT } from '../../src/core/paths.js';
import { makeZip } from '../support/zip.js';

const KEY = 'some-key-123456';
const SIG = new Api(1400000000, KEY).genUserSig('administrator', 300);

/** Bytes that look like an attachment: every byte value, NULs, and no accidental UserSig shape. */
function noise(length: number, seed: number): Buffer {
  const b = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

/** A fresh directory outside the repository, so that no planted credential outlives the test or reaches test-results. */
async function withTempDir<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'scan-'));
  try {
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function put(dir: string, path: string, bytes: Buffer | string): Promise<void> {
  await mkdir(dirname(join(dir, path)), { recursive: true });
  await writeFile(join(dir, path), bytes);
}

const url = (sig: string) =>
  `http://127.0.0.1:9/v4/openim/admin_set_msg_read?sdkappid=1&identifier=a&usersig=${sig}&random=1&contenttype=json`;

interface Placement {
  where: string;
  /** The file path under the temp dir, and the bytes that hide the secret. */
  file: string;
  bytes: (secret: string) => Buffer;
  /** The name the leak is reported under, relative to the temp dir. */
  reportedAs: string;
  /** The bytes in which the offset counts: the file, or the inflated archive member. */
  scanned: (secret: string) => Buffer;
}

const json = (s: string) => Buffer.from(JSON.stringify({ note: 'héllo 你好', exchanges: [{ url: url(s) }] }, null, 2));
const xml = (s: string) =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testcase name="é"><failure>${url(s).replace(/&/g, '&amp;')}</failure></testcase></testsuites>\n`,
  );
const context = (s: string) =>
  Buffer.from(`# Page snapshot\n\n\`\`\`\nError: apiRequestContext.post: connect ECONNREFUSED\n  - → POST ${url(s)}\n\`\`\`\n`);
const binary = (s: string) => Buffer.concat([noise(4096, 7), Buffer.from(s), noise(4096, 11)]);
const network = (s: string) =>
  Buffer.from(`{"type":"resource-snapshot","snapshot":{"request":{"url":"${url(s)}"}}}\n`.repeat(20));

const placements: Placement[] = [
  { where: 'a .json report', file: 'conformance.json', bytes: json, reportedAs: 'conformance.json', scanned: json },
  { where: 'a JUnit .xml', file: 'junit.xml', bytes: xml, reportedAs: 'junit.xml', scanned: xml },
  { where: 'a nested folder', file: 'a/b/c/d/log.txt', bytes: json, reportedAs: 'a/b/c/d/log.txt', scanned: json },
  {
    where: 'error-context.md',
    file: 'test-results/case-abc123/error-context.md',
    bytes: context,
    reportedAs: 'test-results/case-abc123/error-context.md',
    scanned: context,
  },
  {
    where: 'a binary attachment',
    file: 'attachments/blob.bin',
    bytes: binary,
    reportedAs: 'attachments/blob.bin',
    scanned: binary,
  },
  {
    where: 'a deflated member of a trace zip',
    file: 'trace.zip',
    bytes: (s) =>
      makeZip([
        { name: 'trace.trace', data: noise(500, 3) },
        { name: 'trace.network', data: network(s) },
      ]),
    reportedAs: 'trace.zip!trace.network',
    scanned: network,
  },
  {
    where: 'a zip inside a zip',
    file: 'outer.zip',
    bytes: (s) => makeZip([{ name: 'inner.zip', data: makeZip([{ name: 'resources/body.json', data: network(s) }]) }]),
    reportedAs: 'outer.zip!inner.zip!resources/body.json',
    scanned: network,
  },
  { where: 'a gzip file', file: 'log.gz', bytes: (s) => gzipSync(json(s)), reportedAs: 'log.gz!(gunzipped)', scanned: json },
];

for (const p of placements) {
  for (const [kind, secret] of [
    ['usersig', SIG],
    ['secret-key', KEY],
  ] as const) {
    test(`finds the ${kind === 'usersig' ? 'UserSig' : 'key'} in ${p.where}`, async () => {
      await withTempDir(async (dir) => {
        const bytes = p.bytes(secret);
        if (p.reportedAs.includes('!')) expect(bytes.includes(secret), 'the archive hides the secret').toBe(false);
        await put(dir, p.file, bytes);
        const leaks = await scanPaths([dir], [KEY]);
        const offset = p.scanned(secret).indexOf(secret);
        expect(leaks).toEqual([{ kind, where: join(dir, p.reportedAs), offset }]);
      });
    });
  }
}

test('reports no leak in a clean directory', async () => {
  await withTempDir(async (dir) => {
    const redacted = redact(url(SIG), [KEY]);
    await put(dir, 'conformance.json', JSON.stringify({ url: redacted }));
    await put(dir, 'junit.xml', `<testsuites><testcase name="x"><failure>${redacted}</failure></testcase></testsuites>`);
    await put(dir, 'deep/er/error-context.md', `Error: ${redacted}`);
    await put(dir, 'trace.zip', makeZip([{ name: 'trace.network', data: redacted.repeat(10) }]));
    await put(dir, 'blob.bin', noise(10000, 5));
    const found = await scanPathsInDetail([dir], [KEY]);
    expect(found.leaks).toEqual([]);
    expect(found.files).toBe(5);
    expect(found.members).toBe(1);
  });
});

test('finds a UserSig inside the base64 ZIP of an HTML report', async () => {
  await withTempDir(async (dir) => {
    const data = makeZip([{ name: 'report.json', data: JSON.stringify({ errors: [`connect ECONNREFUSED ${url(SIG)}`] }) }]);
    await put(
      dir,
      'index.html',
      `<script>window.playwrightReportBase64 = "data:application/zip;base64,${data.toString('base64')}";</script>`,
    );
    const leaks = await scanPaths([dir], [KEY]);
    expect(leaks).toHaveLength(1);
    expect(leaks[0]?.kind).toBe('usersig');
    expect(leaks[0]?.where).toMatch(/index\.html!base64@\d+!report\.json$/);
  });
});

test('ignores UserSig shapes that are not UserSigs', async () => {
  await withTempDir(async (dir) => {
    // Base64 of compressed bytes is full of "eJ" runs; an HTML report is mostly that.
    const blob = Buffer.concat([noise(300_000, 13), Buffer.from(`eJ${'x'.repeat(60)}`)]).toString('base64');
    expect(findLeaks(blob, 'blob', []).map((l) => l.kind)).toEqual(['usersig']);
    await put(dir, 'index.html', `<script>const a = "${blob}"; const b = "eJ${'A'.repeat(80)}";</script>`);
    await put(dir, `folder-eJ${'a'.repeat(50)}/x.txt`, 'x');
    expect(await scanPaths([dir], [KEY])).toEqual([]);
  });
});

test('finds a UserSig that follows a rejected shape in the same run', async () => {
  await withTempDir(async (dir) => {
    const text = `trace-eJ${'q'.repeat(45)}-${SIG}`;
    await put(dir, 'names.txt', text);
    expect(await scanPaths([dir], [])).toEqual([{ kind: 'usersig', where: join(dir, 'names.txt'), offset: text.indexOf(SIG) }]);
  });
});

test('counts offsets in bytes, not characters', async () => {
  await withTempDir(async (dir) => {
    const text = `你好 ${'é'.repeat(10)} key=${KEY}`;
    await put(dir, 'x.txt', text);
    const [leak] = await scanPaths([dir], [KEY]);
    expect(leak?.offset).toBe(Buffer.from(text).indexOf(KEY));
    expect(leak?.offset).not.toBe(text.indexOf(KEY));
  });
});

test('finds a secret that straddles two read chunks', async () => {
  await withTempDir(async (dir) => {
    const before = 8 * 1024 * 1024 - 20;
    await put(dir, 'big.bin', Buffer.concat([Buffer.alloc(before, 0x20), Buffer.from(SIG), Buffer.alloc(100, 0x20)]));
    expect(await scanPaths([dir], [KEY])).toEqual([{ kind: 'usersig', where: join(dir, 'big.bin'), offset: before }]);
  });
});

test('names a credential in a file name without repeating it', async () => {
  await withTempDir(async (dir) => {
    await put(dir, `case-${SIG.slice(0, 100)}/trace-${KEY}.txt`, 'nothing here');
    const leaks: Leak[] = await scanPaths([dir], [KEY]);
    expect(leaks.map((l) => l.kind).sort()).toEqual(['secret-key', 'usersig']);
    const said = JSON.stringify(leaks);
    expect(said).not.toContain(KEY);
    expect(said).not.toMatch(new RegExp(USERSIG_SHAPE.source));
  });
});

test('skips a symlink that leads outside the scanned roots', async () => {
  await withTempDir(async (outside) => {
    await put(outside, 'secret.json', JSON.stringify({ url: url(SIG) }));
    await withTempDir(async (dir) => {
      await put(dir, 'clean.txt', 'clean');
      await symlink(outside, join(dir, 'escape'));
      await symlink(dir, join(dir, 'loop'));
      const found = await scanPathsInDetail([dir], [KEY]);
      expect(found.leaks).toEqual([]);
      expect(found.skippedLinks).toEqual([join(dir, 'escape')]);
      expect(found.files).toBe(1);
    });
  });
});

test('follows a symlink that stays inside the scanned roots', async () => {
  await withTempDir(async (dir) => {
    await put(dir, 'real/secret.json', JSON.stringify({ url: url(SIG) }));
    await withTempDir(async (other) => {
      await symlink(join(dir, 'real'), join(other, 'alias'));
      const leaks = await scanPaths([other, dir], [KEY]);
      expect(leaks).toHaveLength(1);
      expect(leaks[0]?.where).toBe(join(other, 'alias', 'secret.json'));
    });
  });
});

test('rejects a path that does not exist', async () => {
  await expect(scanPaths([join(tmpdir(), 'no-such-dir-for-scan')], [])).rejects.toThrow(/ENOENT/);
});

test.describe('the scan-secrets command', () => {
  const run = (args: string[], key?: string) => {
    const { IM_SECRET_KEY: _unset, ...env } = process.env;
    return spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'src/cli/main.ts'), 'scan-secrets', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: key === undefined ? env : { ...env, IM_SECRET_KEY: key },
    });
  };

  test('prints one line per leak and exits 1', async () => {
    await withTempDir(async (dir) => {
      await put(dir, 'reports/x.json', JSON.stringify({ url: url(SIG) }));
      await put(dir, 'test-results/t/error-context.md', `key ${KEY}`);
      const out = run([dir], KEY);
      expect(out.status).toBe(1);
      const leakLines = out.stdout.split('\n').filter((l) => l.startsWith('leak: '));
      expect(leakLines).toEqual([
        `leak: usersig in ${join(dir, 'reports/x.json')} at byte ${JSON.stringify({ url: url(SIG) }).indexOf(SIG)}`,
        `leak: secret-key in ${join(dir, 'test-results/t/error-context.md')} at byte 4`,
      ]);
      expect(out.stdout + out.stderr).not.toContain(KEY);
      expect(out.stdout + out.stderr).not.toContain(SIG);
    });
  });

  test('counts the files of a clean tree and exits 0', async () => {
    await withTempDir(async (dir) => {
      await put(dir, 'a.json', '{}');
      await put(dir, 'b/c.xml', '<x/>');
      const out = run([dir]);
      expect(out.stdout.trim()).toBe('no credentials found in 2 files');
      expect(out.status).toBe(0);
    });
  });

  test('exits 2 for a path that does not exist', () => {
    const out = run([join(tmpdir(), 'no-such-dir-for-scan')]);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('ENOENT');
  });
});

test.describe('redact', () => {
  const playwrightError = (sig: string) =>
    `apiRequestContext.post: connect ECONNREFUSED 127.0.0.1:9\nCall log:\n  - → POST ${url(sig)}\n`;

  test('removes a UserSig from Playwright error text', () => {
    const out = redact(playwrightError(SIG), [KEY]);
    expect(out).not.toContain(SIG);
    expect(out).toContain('usersig=<redacted-usersig>&random=1');
    expect(findLeaks(out, 'error', [KEY])).toEqual([]);
  });

  test('removes a bare UserSig outside any URL', () => {
    const out = redact(`Expected: 0\nReceived token ${SIG} (70001)`, []);
    expect(out).not.toContain(SIG);
    expect(findLeaks(out, 'error', [])).toEqual([]);
  });

  test('removes the key from Playwright error text', () => {
    const text = `${playwrightError('x')}  - signing with key ${KEY} for sdkappid 1\n`;
    const out = redact(text, [KEY]);
    expect(out).not.toContain(KEY);
    expect(findLeaks(out, 'error', [KEY])).toEqual([]);
    expect(findLeaks(text, 'error', [KEY]).map((l) => l.kind)).toEqual(['secret-key']);
  });
});

test.describe('bodies that are not UTF-8', () => {
  /** "错误" in GBK, then the request URL: an error page of a server that does not speak UTF-8. */
  const gbkPage = (sig: string) => Buffer.concat([Buffer.from([0xb4, 0xed, 0xce, 0xf3, 0x20]), Buffer.from(url(sig))]);

  test('finds a UserSig inside the base64 excerpt a report keeps of such a body', async () => {
    await withTempDir(async (dir) => {
      await put(dir, 'conformance.json', JSON.stringify({ responseBody: `base64:${gbkPage(SIG).toString('base64')}` }));
      const leaks = await scanPaths([dir], [KEY]);
      expect(leaks.map((l) => l.kind)).toEqual(['usersig']);
      expect(leaks[0]?.where).toMatch(/conformance\.json!base64@\d+$/);
    });
  });

  test('redactBytes removes the UserSig and the key whatever encoding surrounds them', () => {
    const cut = Buffer.concat([gbkPage(SIG), Buffer.from(` ${KEY} 错`).subarray(0, -1)]);
    const out = redactBytes(cut, [KEY]);
    expect(out.includes(Buffer.from(SIG))).toBe(false);
    expect(out.includes(Buffer.from(KEY))).toBe(false);
    expect(out.subarray(0, 5)).toEqual(cut.subarray(0, 5));
    expect(out.toString('latin1')).toContain('usersig=<redacted-usersig>');
  });
});
