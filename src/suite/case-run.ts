/**
 * One case against one target: its seeded data, the calls it makes (every attempt kept, redacted), and the result it
 * reaches. The only checks are in checks.ts; the verdict is decided in engine.ts.
 */
import type { Faker } from '@faker-js/faker';
import { command as commandSpec } from '../core/spec.js';
import { UINT32_MAX } from '../core/validators.js';
import type { CaseResult, Exchange, KnownDeparture } from '../../types/schemas.js';
import { SHARED_NAMES, type Pool } from './accounts.js';
import type { Case } from './cases.js';
import type { AuthInputs, CallResult, CallSpec, ImClient } from './client.js';
import { acceptedCodes, envelopeOf, unmet, type Envelope } from './checks.js';
import { declarationFor } from '../core/expectations.js';
import { Departure, Indeterminate, NotApplicable } from './outcomes.js';
import type { Values } from './placeholders.js';

const MAX_EXCHANGES = 12;
/** Statuses and codes by which a target says it has no such command. */
const NOT_OFFERED_STATUSES = new Set([404, 405, 501]);
const NOT_OFFERED_CODES = new Set([60009]);

/** Why the run's accounts are missing, when they are: the cases that need them cannot run. */
export interface PoolProblem {
  verdict: 'skip' | 'indeterminate';
  reason: string;
}

export interface SuiteContext {
  client: ImClient;
  seed: number;
  pool: Pool;
  poolProblem?: PoolProblem;
  /** The known departures of IM_EXPECTATIONS. */
  declared: readonly KnownDeparture[];
  /**
   * The rules checked on every answer that a case of this run already failed, with that case's title. A server that
   * breaks one on every answer fails it once, not in every case: the later cases judge their own clause, or have no
   * verdict when the answer cannot be read.
   */
  charged: Map<string, string>;
}

export class CaseRun {
  readonly result: CaseResult;
  readonly auth: AuthInputs;
  /** Messages that may have been stored more than once: sends whose answer was lost and that were sent again. */
  duplicates = 0;
  /** Clauses found broken that IM_EXPECTATIONS declares, with the declaration's reason. */
  readonly knownBroken = new Map<string, string>();
  /** Rules of every answer this case's answers broke that an earlier case was charged with: clause, that case's title. */
  readonly chargedElsewhere = new Map<string, string>();

  constructor(
    readonly c: Case,
    readonly ctx: SuiteContext,
    readonly faker: Faker,
  ) {
    this.result = { command: c.command, clause: c.clause, title: c.title, strength: c.strength, verdict: 'pass', expected: '', observed: '', exchanges: [] };
    this.auth = {
      otherIdentifier: `${ctx.pool.unknown[0]}o`,
      otherKey: faker.string.hexadecimal({ length: 64, casing: 'lower', prefix: '' }),
      garbage: `${faker.string.alphanumeric(12)}.${faker.string.alphanumeric(20)}`,
      random: () => faker.number.int({ min: 0, max: UINT32_MAX }),
    };
  }

  get client(): ImClient {
    return this.ctx.client;
  }

  get target() {
    return this.ctx.client.target;
  }

  get clock() {
    return this.ctx.client.clock;
  }

  /** The accounts of an effect case, imported for it alone. */
  ownAccounts(): string[] {
    this.needPool();
    const own = this.ctx.pool.own[this.c.title];
    if (!own) throw new Error(`no accounts were planned for "${this.c.title}"`);
    return own;
  }

  private needPool(): void {
    const p = this.ctx.poolProblem;
    if (!p) return;
    throw p.verdict === 'skip' ? new NotApplicable(p.reason) : new Indeterminate(p.reason);
  }

  /** The run's values for placeholders; an account placeholder needs the run's accounts. */
  values(names: Set<string>): Values {
    const { pool } = this.ctx;
    const t = this.target;
    if (SHARED_NAMES.some((n) => names.has(n))) this.needPool();
    const now = Math.floor(this.clock.now() / 1000);
    const upper = (s: string) => (s.toUpperCase() === s ? undefined : s.toUpperCase());
    const values: Values = {
      unknown: pool.unknown[0],
      unknown2: pool.unknown[1],
      admin: t.adminIdentifier,
      adminUpper: upper(t.adminIdentifier),
      now: String(now),
      past: String(now - 3600),
      future: String(now + 86400),
      // The largest uint32 is assigned to no app, so the call never reaches another tenant's app.
      unknownSdkappid: String(t.sdkAppId === UINT32_MAX ? UINT32_MAX - 1 : UINT32_MAX),
    };
    if (pool.shared) {
      Object.assign(values, { report: pool.shared.report, peer: pool.shared.peer, reportUpper: upper(pool.shared.report), peerUpper: upper(pool.shared.peer) });
    }
    for (const n of names) if (values[n] === undefined && n in values) throw new NotApplicable(`this target gives no value for {{${n}}} (the ID has no letters to change case)`);
    return values;
  }

  /** The declaration that covers a clause this case found broken, if any; noted when there is one. */
  declared(clause: string): boolean {
    const d = declarationFor(clause, this.c.title, this.ctx.declared, new Date(this.clock.now()).toISOString().slice(0, 10));
    if (d) this.knownBroken.set(clause, d.reason);
    return d !== undefined;
  }

  /** The case charged with breaking a rule of every answer, when it is another case than this one. */
  private chargedTo(clause: string): string | undefined {
    const by = this.ctx.charged.get(clause);
    return by === undefined || by === this.c.title || clause === this.c.clause ? undefined : by;
  }

  /**
   * An answer as an envelope (checks.ts), going on past a break of a rule checked on every answer when it is declared,
   * or already charged to another case; when such an answer cannot be read, this case has no verdict.
   */
  envelope(r: CallResult): Envelope {
    const elsewhere = (clause: string) => {
      const by = this.chargedTo(clause);
      if (by !== undefined) this.chargedElsewhere.set(clause, by);
      return by !== undefined;
    };
    try {
      return envelopeOf(r, (clause) => this.declared(clause) || elsewhere(clause));
    } catch (e) {
      if (!(e instanceof Departure) || !elsewhere(e.clause)) throw e;
      throw new Indeterminate(`the answer breaks ${e.clause}, charged once to "${this.chargedElsewhere.get(e.clause)}", and cannot be read to judge this case`);
    }
  }

  /**
   * A scenario's call that must be refused with a code of the named code set (spec/code-sets.json, or a command's
   * codeSets), as a request case's `expect.codes` is: anything else departs from the case's clause.
   */
  refusedWith(set: string, env: Envelope, what: string): void {
    const missed = unmet(acceptedCodes(set, this.target), env.ErrorCode);
    if (missed) throw new Departure(this.c.clause, `${what}: ${missed}`);
  }

  /** Keeps an exchange in the result, up to a limit. */
  keep(e: Exchange): void {
    if (this.result.exchanges.length < MAX_EXCHANGES) this.result.exchanges.push(e);
    else this.result.exchangesOmitted = (this.result.exchangesOmitted ?? 0) + 1;
  }

  /** Sends one call and keeps its attempts. */
  async send(spec: CallSpec): Promise<CallResult> {
    const r = await this.client.call(spec, this.auth);
    for (const e of r.exchanges) this.keep(e);
    return r;
  }

  /**
   * A companion call the case needs to succeed. A companion that is not offered makes the case not applicable; one
   * that refuses a valid call is a precondition that did not hold, not a departure of the case's clause. The envelope
   * rules hold for every REST answer, so they are checked here too.
   */
  async companion(command: string, body: unknown): Promise<Envelope> {
    const r = await this.send({ command, body: Buffer.from(JSON.stringify(body)) });
    if (r.status !== undefined && NOT_OFFERED_STATUSES.has(r.status)) throw new NotApplicable(`the target does not offer ${command} (HTTP ${r.status})`);
    const env = this.envelope(r);
    if (env.ErrorCode !== 0) {
      if (NOT_OFFERED_CODES.has(env.ErrorCode)) throw new NotApplicable(`the target does not offer ${command} (ErrorCode ${env.ErrorCode})`);
      throw new Indeterminate(`precondition did not hold: ${command} refused a valid call with ErrorCode ${env.ErrorCode}`);
    }
    this.duplicates += commandSpec(command).idempotent ? 0 : r.unconfirmed;
    return env;
  }
}
