/**
 * The simulator's own cost per valid admin_set_msg_read call, in process (no HTTP): what the mock adds to a bare
 * server's work, with the request log on, then with the client report on as well (the mock's default with
 * --client-report). Each call carries its own random, as a client sends it. Then the same call on a conversation that
 * holds as many messages as one may, one of them unread: marking read must cost what is unread, not what is kept.
 * Run with `node --import tsx bench/handle-cost.ts`; add --cpu-prof to see where the time goes.
 */
import { Api } from 'tls-sig-api-v2';
import { ClientChecker } from '../mocks/client-report.js';
import { defaultConfig } from '../mocks/config.js';
import { Simulator } from '../mocks/simulator.js';
import { MAX_MESSAGES_PER_CONVERSATION } from '../mocks/state.js';

const CALLS = 300_000;
const ROUNDS = 3;
/** Targets made before timing, so that building them is not counted; calls take them in turn. */
const TARGETS = 1000;

const config = defaultConfig({ rateLimit: 0 });
const usersig = new Api(config.sdkAppId, config.secretKey).genUserSig(config.adminIdentifier, 86_400);
const urls = Array.from(
  { length: TARGETS },
  (_, i) => `/v4/openim/admin_set_msg_read?sdkappid=${config.sdkAppId}&identifier=${config.adminIdentifier}&usersig=${usersig}&random=${12345678 + i}&contenttype=json`,
);
const body = Buffer.from(JSON.stringify({ Report_Account: 'bench_report', Peer_Account: 'bench_peer' }));

function simulator(clientReport: boolean): Simulator {
  const sim = new Simulator(config);
  if (clientReport) {
    const checker = new ClientChecker([config.secretKey], config.now);
    sim.observe((req, reply, read) => checker.observe(req, reply, read));
  }
  sim.importAccounts(['bench_report', 'bench_peer']);
  const answer = String(sim.handle({ method: 'POST', url: urls[0]!, body }).body);
  if (!answer.includes('"ErrorCode":0')) throw new Error(`the valid call failed: ${answer}`);
  return sim;
}

for (const [clientReport, what] of [
  [false, 'request log on'],
  [true, 'request log and client report on'],
] as const) {
  const sim = simulator(clientReport);
  for (let round = 1; round <= ROUNDS; round++) {
    // CPU time rather than wall time: other processes on a shared machine then weigh less on the figure.
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < CALLS; i++) sim.handle({ method: 'POST', url: urls[i % TARGETS]!, body });
    const cpu = process.cpuUsage(cpu0);
    console.log(`handle-cost round ${round}: ${((cpu.user + cpu.system) / CALLS).toFixed(2)} us CPU per valid call (${CALLS} calls, ${what})`);
  }
}

const sim = simulator(false);
for (let i = 0; i < MAX_MESSAGES_PER_CONVERSATION; i++) sim.state.send('bench_peer', 'bench_report', i, false, i);
const FULL_CALLS = CALLS / 10;
const cpu0 = process.cpuUsage();
for (let i = 0; i < FULL_CALLS; i++) {
  sim.state.send('bench_peer', 'bench_report', i, true, i);
  sim.handle({ method: 'POST', url: urls[i % TARGETS]!, body });
}
const cpu = process.cpuUsage(cpu0);
console.log(`handle-cost full conversation: ${((cpu.user + cpu.system) / FULL_CALLS).toFixed(2)} us CPU per message stored and valid call (${MAX_MESSAGES_PER_CONVERSATION} messages kept)`);
