/**
 * Scans everything a run wrote (reports, JUnit, error-context.md, the Playwright HTML report, traces, attachments) for
 * the app key and for UserSigs, with the patterns of src/redaction.ts. Files are read as bytes, so binary files count
 * too. What a file packs is unpacked and scanned as well: ZIP archives (traces), gzip streams, and every long run of
 * base64 (the Playwright HTML report embeds its results as a base64 ZIP; reports keep bodies that are not UTF-8 as
 * base64).
 *
 * A UserSig-shaped string counts only when it inflates to the start of a UserSig document (`{"TLS`): base64 of any
 * compressed data is full of such shapes, so the bare pattern would fail every run that keeps an HTML report.
 *
 * Limits: ZIP members that are encrypted or use a method other than stored or deflate are scanned as raw bytes only
 * (listed in `uninspected`), as are files over 1 GiB; packing is undone five levels deep; a credential re-encoded in
 * another way (percent-encoded, split across lines, base64 not aligned with the start of its run) is not recognised.
 */
import { createReadStream } from 'node:fs';
import { lstat, readFile, readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, sep } from 'node:path';
import { constants, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { findLeaks, redact, USERSIG_SHAPE, type Leak } from './redaction.js';

export interface ScanResult {
  leaks: Leak[];
  /** Files read from disk. */
  files: number;
  /** Archive members and data: URIs that were unpacked and scanned. */
  members: number;
  /** Symlinks not followed because they lead outside the roots. */
  skippedLinks: string[];
  /** What could only be scanned as raw bytes, with why. */
  uninspected: string[];
}

/** Unpacked content beyond this size is not unpacked: a guard against archive bombs, far above any run's output. */
const MAX_UNPACKED_BYTES = 512 * 1024 * 1024;
/** Files at most this big are read whole and unpacked; larger ones are streamed and scanned as raw bytes. */
const MAX_OPENED_BYTES = 1024 * 1024 * 1024;
const MAX_DEPTH = 5;
const CHUNK_BYTES = 8 * 1024 * 1024;
/** More than any UserSig needs to be recognised; consecutive chunks overlap by this much. */
const MAX_USERSIG_CHARS = 4096;
/** A run of base64 shorter than this cannot hold a UserSig (the shortest are about 130 characters) once decoded. */
const MIN_BASE64_CHARS = 96;

/** The leaks in the given files and directories (recursively); never the secrets themselves. */
export async function scanPaths(paths: string[], secrets: string[]): Promise<Leak[]> {
  return (await scanPathsInDetail(paths, secrets)).leaks;
}

export async function scanPathsInDetail(paths: string[], secrets: string[]): Promise<ScanResult> {
  const keys = secrets.filter((s) => s.length > 0);
  const result: ScanResult = { leaks: [], files: 0, members: 0, skippedLinks: [], uninspected: [] };
  const roots = await Promise.all(paths.map((p) => realpath(p)));
  const seen = new Set<string>();
  const inRoots = (real: string) => roots.some((r) => real === r || real.startsWith(r.endsWith(sep) ? r : r + sep));
  // What a person is shown: a path may itself hold a credential (Playwright names folders after test titles).
  const shown = (p: string) => redact(p, keys);

  const visit = async (path: string): Promise<void> => {
    const info = await lstat(path);
    let real: string;
    try {
      real = await realpath(path);
    } catch {
      result.skippedLinks.push(shown(path));
      return;
    }
    if (info.isSymbolicLink() && !inRoots(real)) {
      result.skippedLinks.push(shown(path));
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    result.leaks.push(...textLeaks(basename(path), `${shown(path)} (its name)`, keys));
    const target = info.isSymbolicLink() ? await stat(real) : info;
    if (target.isDirectory()) {
      for (const name of (await readdir(path)).sort()) await visit(join(path, name));
    } else if (target.isFile()) {
      result.files++;
      const where = shown(path);
      if (target.size <= MAX_OPENED_BYTES) {
        scanBytes(await readFile(path), where, keys, result, 0);
      } else {
        const scanner = new BytesScanner(where, keys);
        for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) scanner.push(chunk as Buffer);
        result.leaks.push(...scanner.leaks());
        result.uninspected.push(`${where}: over 1 GiB, raw bytes only`);
      }
    }
  };

  for (const p of paths) await visit(p);
  return result;
}

/** The leaks in bytes held in memory (a line of output), with whatever they pack, as scanPaths finds them in files. */
export function scanBuffer(bytes: Buffer, where: string, secrets: string[]): Leak[] {
  const result: ScanResult = { leaks: [], files: 0, members: 0, skippedLinks: [], uninspected: [] };
  scanBytes(bytes, where, secrets.filter((s) => s.length > 0), result, 0);
  return result.leaks;
}

/** True when a UserSig-shaped string inflates to the start of a UserSig document, even if cut short. */
function inflatesToUserSig(candidate: string): boolean {
  const b64 = candidate.slice(0, MAX_USERSIG_CHARS).replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '=');
  try {
    const out = inflateSync(Buffer.from(b64, 'base64'), { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: 65536 });
    return out.subarray(0, 5).toString('latin1') === '{"TLS';
  } catch {
    return false;
  }
}

/** Offset of the first real UserSig in a text. A rejected shape is retried one character on, so one inside it counts. */
function firstUserSig(text: string): number | undefined {
  const shape = new RegExp(USERSIG_SHAPE.source, 'g');
  for (let m = shape.exec(text); m; m = shape.exec(text)) {
    if (inflatesToUserSig(m[0])) return m.index;
    shape.lastIndex = m.index + 1;
  }
  return undefined;
}

/** The leaks in a short text such as a file name. */
function textLeaks(text: string, where: string, keys: string[]): Leak[] {
  const leaks = findLeaks(text, where, keys).filter((l) => l.kind === 'secret-key');
  const sig = firstUserSig(text);
  if (sig !== undefined) leaks.push({ kind: 'usersig', where, offset: sig });
  return leaks;
}

function isZip(b: Buffer): boolean {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && ((b[2] === 3 && b[3] === 4) || (b[2] === 5 && b[3] === 6));
}

function isGzip(b: Buffer): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/** Scans bytes as they are, then whatever they pack: archive members, gzip streams and runs of base64. */
function scanBytes(bytes: Buffer, where: string, keys: string[], result: ScanResult, depth: number): void {
  const scanner = new BytesScanner(where, keys);
  scanner.push(bytes);
  result.leaks.push(...scanner.leaks());
  if (depth >= MAX_DEPTH) {
    if (isZip(bytes) || isGzip(bytes) || base64Runs(bytes).length)
      result.uninspected.push(`${where}: packed too deep, raw bytes only`);
    return;
  }
  const inner: Array<{ name: string; bytes: Buffer }> = [];
  if (isGzip(bytes)) {
    try {
      inner.push({ name: '(gunzipped)', bytes: gunzipSync(bytes, { maxOutputLength: MAX_UNPACKED_BYTES }) });
    } catch (e) {
      result.uninspected.push(`${where}: gzip stream not inflated (${(e as Error).message}), raw bytes only`);
    }
  } else if (isZip(bytes)) {
    for (const m of zipMembers(bytes)) {
      if ('why' in m) result.uninspected.push(`${where}!${redact(m.name, keys)}: ${m.why}`);
      else inner.push(m);
    }
  }
  inner.push(...base64Runs(bytes));
  for (const m of inner) {
    const name = `${where}!${redact(m.name, keys)}`;
    result.members++;
    result.leaks.push(...textLeaks(m.name, `${name} (its name)`, keys));
    scanBytes(m.bytes, name, keys, result, depth + 1);
  }
}

/**
 * The decoded payloads of every run of base64 long enough to hold a UserSig: data: URIs (the Playwright HTML report),
 * `base64:` excerpts of bodies that were not UTF-8 (the conformance report), and any other run, each named by the
 * byte offset where it starts. A run is decoded from its first character, which is where every writer starts it.
 */
function base64Runs(bytes: Buffer): Array<{ name: string; bytes: Buffer }> {
  const out: Array<{ name: string; bytes: Buffer }> = [];
  for (let at = 0; at < bytes.length; at++) {
    if (!isBase64Byte(bytes[at]!)) continue;
    let end = at;
    while (end < bytes.length && isBase64Byte(bytes[end]!)) end++;
    if (end - at >= MIN_BASE64_CHARS) {
      out.push({ name: `base64@${at}`, bytes: Buffer.from(bytes.subarray(at, end).toString('latin1'), 'base64') });
    }
    at = end;
  }
  return out;
}

function isBase64Byte(b: number): boolean {
  return (
    (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) || b === 0x2b || b === 0x2f || b === 0x3d
  );
}

type ZipMember = { name: string; bytes: Buffer } | { name: string; why: string };

/**
 * The members of a ZIP archive, read through its central directory (ZIP64 sizes and offsets included). Only what a
 * scan needs: no CRC check, and no data descriptors, since the central directory has the sizes.
 */
function zipMembers(zip: Buffer): ZipMember[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > zip.length) return [{ name: '(archive)', why: 'no end of central directory, raw bytes only' }];
  let count = zip.readUInt16LE(eocd + 10);
  let dirOffset = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator >= 0 && zip.readUInt32LE(locator) === 0x07064b50) {
      const z64 = Number(zip.readBigUInt64LE(locator + 8));
      if (z64 + 56 <= zip.length && zip.readUInt32LE(z64) === 0x06064b50) {
        count = Number(zip.readBigUInt64LE(z64 + 32));
        dirOffset = Number(zip.readBigUInt64LE(z64 + 48));
      }
    }
  }
  const out: ZipMember[] = [];
  let at = dirOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) {
      out.push({ name: '(archive)', why: 'central directory damaged, raw bytes only' });
      break;
    }
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    let packed = zip.readUInt32LE(at + 20);
    let size = zip.readUInt32LE(at + 24);
    const nameLen = zip.readUInt16LE(at + 28);
    const extraLen = zip.readUInt16LE(at + 30);
    const commentLen = zip.readUInt16LE(at + 32);
    let local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    const extra = zip.subarray(at + 46 + nameLen, at + 46 + nameLen + extraLen);
    at += 46 + nameLen + extraLen + commentLen;
    // ZIP64: the extra field holds, in this order, exactly the values whose 32-bit slots are saturated.
    for (let e = 0; e + 4 <= extra.length;) {
      const id = extra.readUInt16LE(e);
      const len = extra.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let f = e + 4;
        const next = (fallback: number) => {
          const v = f + 8 <= e + 4 + len ? Number(extra.readBigUInt64LE(f)) : fallback;
          f += 8;
          return v;
        };
        if (size === 0xffffffff) size = next(size);
        if (packed === 0xffffffff) packed = next(packed);
        if (local === 0xffffffff) local = next(local);
      }
      e += 4 + len;
    }
    if (name.endsWith('/') && size === 0) continue;
    if (flags & 1) {
      out.push({ name, why: 'encrypted, raw bytes only' });
      continue;
    }
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50) {
      out.push({ name, why: 'local header not found, raw bytes only' });
      continue;
    }
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, Math.min(zip.length, start + packed));
    if (method === 0) {
      out.push({ name, bytes: data });
    } else if (method === 8) {
      try {
        out.push({ name, bytes: inflateRawSync(data, { maxOutputLength: MAX_UNPACKED_BYTES }) });
      } catch (e) {
        out.push({ name, why: `not inflated (${(e as Error).message}), raw bytes only` });
      }
    } else {
      out.push({ name, why: `compression method ${method} not supported, raw bytes only` });
    }
  }
  return out;
}

/**
 * Finds the first occurrence of each key and of a UserSig in bytes fed in chunks. Bytes are read as latin1, one
 * character per byte, so a string offset is a byte offset; keys are turned into their UTF-8 bytes read the same way.
 * Consecutive chunks overlap by the longest pattern, so nothing straddling a boundary is missed.
 */
class BytesScanner {
  private readonly needles: string[];
  private readonly overlap: number;
  private tail = '';
  private consumed = 0;
  private readonly firstKey: Array<number | undefined>;
  private firstSig: number | undefined;

  constructor(
    private readonly where: string,
    keys: string[],
  ) {
    this.needles = keys.map((k) => Buffer.from(k, 'utf8').toString('latin1'));
    this.overlap = Math.max(MAX_USERSIG_CHARS, ...this.needles.map((s) => s.length)) - 1;
    this.firstKey = this.needles.map(() => undefined);
  }

  push(bytes: Buffer): void {
    for (let i = 0; i < bytes.length; i += CHUNK_BYTES) {
      const part = bytes.subarray(i, i + CHUNK_BYTES).toString('latin1');
      const text = this.tail + part;
      const base = this.consumed - this.tail.length;
      this.needles.forEach((needle, k) => {
        if (this.firstKey[k] !== undefined) return;
        const found = findLeaks(text, this.where, [needle]).find((l) => l.kind === 'secret-key');
        if (found) this.firstKey[k] = base + found.offset;
      });
      if (this.firstSig === undefined) {
        const at = firstUserSig(text);
        if (at !== undefined) this.firstSig = base + at;
      }
      this.consumed += part.length;
      this.tail = text.slice(Math.max(0, text.length - this.overlap));
    }
  }

  leaks(): Leak[] {
    const out: Leak[] = [];
    for (const offset of this.firstKey) if (offset !== undefined) out.push({ kind: 'secret-key', where: this.where, offset });
    if (this.firstSig !== undefined) out.push({ kind: 'usersig', where: this.where, offset: this.firstSig });
    return out;
  }
}
