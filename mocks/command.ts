import type { MockConfig } from './config.js';
import type { FieldPolicy } from './policies.js';
import type { Reply } from './reply.js';
import type { ImState } from './state.js';

/** A request body that parsed as a JSON object. */
export type Body = Record<string, unknown>;

/** What a command's handler may use: the state, the app's configuration, the time, and the policies that read fields. */
export interface CommandContext {
  state: ImState;
  config: MockConfig;
  fields: FieldPolicy;
  nowMs: number;
  nowSeconds: number;
}

/** The documented behaviour of one command, once its caller is authenticated, admitted and its body parsed. */
export interface CommandHandler {
  (body: Body, ctx: CommandContext): Reply;
  /** Called before every request, so that a command whose effects show late applies those now due. */
  settle?(state: ImState, nowMs: number): void;
  /** Forgets effects not yet applied. */
  reset?(): void;
}
