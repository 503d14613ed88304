/**
 * Memory of the mock under a long flood of varied requests, in process: valid calls, messages, new accounts, fresh and
 * broken UserSigs, large bodies with unknown fields. Prints heap and RSS after a full GC at checkpoints; with the
 * state's and logs' bounds (accounts, messages, request log, verified UserSigs) the figures level off instead
 * of growing with the flood. The loop yields to the event loop every 1000 requests, as a server does between calls
 * (zlib frees the memory of a token that fails to inflate only then). Run with `node --import tsx bench/memory.ts`;
 * BENCH_MEMORY_REQUESTS (default 2400000) sets the length of the flood.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { craftUserSig } from '../src/core/usersig.js';
import { defaultConfig } from '../mocks/config.js';
import { KEPT_REQUESTS, Simulator } from '../mocks/simulator.js';
import { MAX_ACCOUNTS, MAX_MESSAGES } from '../mocks/state.js';

const REQUESTS = Number(process.env.BENCH_MEMORY_REQUESTS ?? 2_400_000);
const CHECKPOINTS = 6;
const POOL = 200;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let clockMs = Date.UTC(2026, 11, 2);
const config = defaultConfig({ rateLimit: 0, now: () => clockMs });
const sim = new Simulator(config);
const pool = Array.from({ length: POOL }, (_, i) => `pool_${i}`);
sim.importAccounts(pool);

/** A small deterministic generator (mulberry32), so that two runs send the same flood. */
let seed = 20261202;
const rand = (n: number) => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
};
const now = () => Math.floor(clockMs / 1000);
const sign = (identifier: string) => craftUserSig(config.secretKey, { identifier, sdkappid: config.sdkAppId, time: now(), expire: 86_400 });
const adminSig = sign(config.adminIdentifier);
const target = (command: string, usersig: string) =>
  `/v4/${command}?sdkappid=${config.sdkAppId}&identifier=${config.adminIdentifier}&usersig=${usersig}&random=${rand(4294967295)}&contenttype=json`;
const send = (command: string, body: unknown, usersig = adminSig) =>
  sim.handle({ method: 'POST', url: target(command, usersig), body: Buffer.from(JSON.stringify(body)) });

const message = () =>
  send('openim/sendmsg', { From_Account: pool[rand(POOL)], To_Account: pool[rand(POOL)], MsgRandom: rand(1e9), MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'x' } }] });
/** The flood's mix, by weight out of 100: mostly messages and new accounts, so that both bounds are reached. */
const flood: Array<[number, () => void]> = [
  [50, message],
  [10, () => send('im_open_login_svc/account_import', { UserID: `flood_${rand(1e9)}` })],
  // A few readers only: most conversations keep their unread messages.
  [20, () => send('openim/admin_set_msg_read', { Report_Account: pool[rand(5)], Peer_Account: pool[rand(POOL)] })],
  // A fresh token each time: every one is verified, and the verified ones are kept up to the cache's bound.
  [3, () => send('openim/admin_set_msg_read', { Report_Account: pool[0], Peer_Account: pool[1] }, craftUserSig(config.secretKey, { identifier: config.adminIdentifier, sdkappid: config.sdkAppId, time: now() - rand(1000), expire: 86_400 }))],
  [7, () => send('openim/admin_set_msg_read', { Report_Account: pool[0], Peer_Account: pool[1] }, `eJ${'x'.repeat(40 + rand(200))}`)],
  [10, () => send('openim/admin_set_msg_read', { Report_Account: pool[0], Peer_Account: pool[1], [`Unknown_${rand(1e6)}`]: 'z'.repeat(1000 + rand(7000)) })],
];
const pick = flood.flatMap(([weight, f]) => Array<() => void>(weight).fill(f));

const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
function checkpoint(done: number): void {
  gc();
  const m = process.memoryUsage();
  const snap = sim.snapshot();
  const unread = snap.unread.reduce((n, u) => n + u.count, 0);
  console.log(
    `${String(done).padStart(9)} requests: heap ${mb(m.heapUsed).padStart(6)} MB, RSS ${mb(m.rss).padStart(6)} MB, external ${mb(m.external).padStart(5)} MB; ` +
      `${snap.accounts.length} accounts, ${sim.state.messageCount} messages kept (${unread} unread), ${sim.requests().length} requests logged`,
  );
}

console.log(`memory: ${REQUESTS} varied requests in process; bounds: ${MAX_ACCOUNTS} accounts, ${MAX_MESSAGES} messages, ${KEPT_REQUESTS} requests logged`);
checkpoint(0);
const step = Math.ceil(REQUESTS / CHECKPOINTS);
for (let done = 0; done < REQUESTS; ) {
  const end = Math.min(REQUESTS, done + step);
  for (; done < end; done++) {
    pick[rand(pick.length)]!();
    if (done % 1000 === 0) {
      clockMs += 1000;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  checkpoint(done);
}
