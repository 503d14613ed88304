/**
 * docs/wrong-implementations.md names every broken variant, and every lenient reading of a family command, so that the
 * page that says which case catches each wrong server cannot fall behind the variants the matrix self-test runs.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../src/core/paths.js';
import { broken } from '../variants/broken.js';
import { faithfulAdminGetroammsg } from '../variants/faithful-admin_getroammsg.js';
import { faithfulAdminMsgwithdraw } from '../variants/faithful-admin_msgwithdraw.js';
import { faithfulBatchsendmsg } from '../variants/faithful-batchsendmsg.js';
import { faithfulGetC2cUnreadMsgNum } from '../variants/faithful-get_c2c_unread_msg_num.js';
import { faithfulImportmsg } from '../variants/faithful-importmsg.js';
import { faithfulModifyC2cMsg } from '../variants/faithful-modify_c2c_msg.js';
import { faithfulSendmsg } from '../variants/faithful-sendmsg.js';

const PAGE = 'docs/wrong-implementations.md';

/** Every name the page writes in backticks, a cell of several names (`a`, `b`) giving each. */
function named(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!.trim()));
}

test('the page of wrong implementations names every broken variant', () => {
  const names = named(readFileSync(join(ROOT, PAGE), 'utf8'));
  const missing = Object.keys(broken).filter((v) => !names.has(v));
  expect(missing, `broken variants ${PAGE} does not name in backticks`).toEqual([]);
});

// The shared faithful variants (limiter designs, codes, wording, late effects) are summed up on the page, not named.
const faithfulOfCommands = [
  faithfulSendmsg,
  faithfulBatchsendmsg,
  faithfulImportmsg,
  faithfulAdminGetroammsg,
  faithfulAdminMsgwithdraw,
  faithfulModifyC2cMsg,
  faithfulGetC2cUnreadMsgNum,
].flatMap((r) => Object.keys(r));

test('the page of wrong implementations names every faithful variant of a family command', () => {
  const names = named(readFileSync(join(ROOT, PAGE), 'utf8'));
  const missing = faithfulOfCommands.filter((v) => !names.has(v));
  expect(missing, `faithful variants ${PAGE} does not name in backticks`).toEqual([]);
});

test('a name counts only when the page writes it whole in backticks', () => {
  const names = named('| x | `rate-limit-100`, `usersig-optional` | a case |\nplain rate-limit-absent, `rate-limit-400 ');
  expect([...names]).toEqual(['rate-limit-100', 'usersig-optional']);
});
