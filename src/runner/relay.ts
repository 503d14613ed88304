import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { redact, type Leak } from '../core/redaction.js';
import { scanBuffer } from '../core/secret-scan.js';

/**
 * Copies a child's output line by line, redacted, and notes what the unredacted text leaked: the key, a UserSig, or
 * either inside base64.
 */
export function relay(from: Readable, to: Writable, name: string, secrets: string[], leaks: Leak[]): Promise<void> {
  const lines = createInterface({ input: from, crlfDelay: Infinity });
  lines.on('line', (line) => {
    leaks.push(...scanBuffer(Buffer.from(line, 'utf8'), name, secrets));
    to.write(`${redact(line, secrets)}\n`);
  });
  return new Promise((resolve) => lines.once('close', resolve));
}
