/** The mock, for other projects: the simulator and its policies, its adapters (MSW, HTTP) and the client checker. */
export { Simulator, documentedPolicies, type ReceivedRequest, type RequestObserver, type SimRequest, type SimResponse } from './simulator.js';
export { ReadRequest, type QueryReader } from './request.js';
export { createHandlers } from './msw.js';
export { createMockServer, listen, type MockServerOptions } from './http-server.js';
export { control, CONTROL_PREFIX } from './control.js';
export {
  credentialsFromEnv,
  DEFAULT_ADMIN,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_SDKAPPID,
  DEFAULT_SECRET_KEY,
  defaultConfig,
  type MockConfig,
} from './config.js';
export {
  createAuth,
  createFields,
  createLimits,
  defaultAuthParts,
  jsonEnvelope,
  type AuthParts,
  type AuthPolicy,
  type EnvelopePolicy,
  type FieldPolicy,
  type Limiter,
  type LimitPolicy,
  type Policies,
} from './policies.js';
export { documentedRead, withRead, type ReadPolicy } from './commands/admin_set_msg_read.js';
export type { Body, CommandContext, CommandHandler } from './command.js';
export { fail, ok, type Refusal, type Reply } from './reply.js';
export { ImState, type MessageExtras, type StateSnapshot, type StoredMessage } from './state.js';
export { RateLimiter } from './rate-limiter.js';
export { ClientChecker, renderClientReport, writeClientReport } from './client-report.js';
export type { ClientReport } from '../types/schemas.js';
