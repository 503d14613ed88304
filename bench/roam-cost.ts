/**
 * The simulator's cost per admin_getroammsg page, in process (no HTTP), on a conversation that holds as many messages
 * as one may: a first page of the whole window, and a page that goes on from a LastMsgKey halfway back. A page must
 * stay cheap at the documented 200 calls per second however long the history. Run with
 * `node --import tsx bench/roam-cost.ts`.
 */
import { Api } from 'tls-sig-api-v2';
import { defaultConfig } from '../mocks/config.js';
import { Simulator } from '../mocks/simulator.js';
import { MAX_MESSAGES_PER_CONVERSATION } from '../mocks/state.js';

const CALLS = 2_000;
const OPERATOR = 'bench_report';
const PEER = 'bench_peer';

const config = defaultConfig({ rateLimit: 0 });
const sim = new Simulator(config);
sim.importAccounts([OPERATOR, PEER]);
const usersig = new Api(config.sdkAppId, config.secretKey).genUserSig(config.adminIdentifier, 86_400);
const url = `/v4/openim/admin_getroammsg?sdkappid=${config.sdkAppId}&identifier=${config.adminIdentifier}&usersig=${usersig}&random=12345678&contenttype=json`;
const text = [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'a message of the bench' } }];
// Ten messages a second, so that a page's boundary second holds several.
const keys: string[] = [];
for (let i = 0; i < MAX_MESSAGES_PER_CONVERSATION; i++) keys.push(sim.state.send(PEER, OPERATOR, 1_700_000_000 + Math.floor(i / 10), true, i, { body: text }));

const window = { Operator_Account: OPERATOR, Peer_Account: PEER, MaxCnt: 100, MinTime: 0, MaxTime: 2_000_000_000 };
const middle = keys[keys.length / 2]!;
const pages: Array<[what: string, body: Record<string, unknown>]> = [
  ['first page', window],
  ['page from halfway back', { ...window, MaxTime: Number(middle.split('_')[2]), LastMsgKey: middle }],
];
for (const [what, b] of pages) {
  const body = Buffer.from(JSON.stringify(b));
  const answer = JSON.parse(String(sim.handle({ method: 'POST', url, body }).body)) as { ErrorCode: number; MsgCnt: number };
  if (answer.ErrorCode !== 0 || !(answer.MsgCnt > 0)) throw new Error(`the ${what} failed: ${JSON.stringify(answer).slice(0, 200)}`);
  // CPU time rather than wall time: other processes on a shared machine then weigh less on the figure.
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < CALLS; i++) sim.handle({ method: 'POST', url, body });
  const cpu = process.cpuUsage(cpu0);
  console.log(`roam-cost ${what}: ${((cpu.user + cpu.system) / CALLS).toFixed(0)} us CPU per page (MaxCnt 100, ${answer.MsgCnt} messages under the 13 KB cut; ${MAX_MESSAGES_PER_CONVERSATION} messages kept)`);
}
