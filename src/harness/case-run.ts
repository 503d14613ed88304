/**
 * One case against one target: its seeded data, the accounts it imports, every call it makes (kept redacted in its
 * record) and the verdict it reaches. The only loop over cases is in the spec files; the only checks are in checks.ts.
 */
import { UINT32_MAX } from '../settings';
import type { Faker } from '@faker-js/faker';
import type { ConformanceCase, ResponseEnvelope } from '../../types/schemas';
import type { AuthInputs, CallResult, CallSpec, ImClient } from '../client';
import { answerOf, codesOf, envelopeOf } from './checks';
import { ConformanceFailure, Indeterminate, NotOffered } from './failures';
import { fill, mentioned, type Values } from './placeholders';
import { keep, newRecord, type CaseRecord } from './record';
import type { RequestCase } from './cases';

/** Statuses and codes by which a target says it has no such command. */
const NOT_OFFERED_STATUSES = new Set([404, 405, 501]);
const NOT_OFFERED_CODES = new Set([60009]);

export class CaseRun {
  readonly record: CaseRecord;
  readonly auth: AuthInputs;
  private values: Values | undefined;
  private readonly prefix: string;

  constructor(
    readonly im: ImClient,
    readonly c: Pick<ConformanceCase, 'clause' | 'strength' | 'title'>,
    readonly faker: Faker,
  ) {
    this.record = newRecord(c);
    // Account IDs start with the seed, so that one run's accounts are told apart from another's on a shared app.
    this.prefix = `ct${im.target.seed.toString(36)}`;
    this.auth = {
      otherIdentifier: this.newId('o'),
      otherKey: faker.string.hexadecimal({ length: 64, casing: 'lower', prefix: '' }),
      garbage: `${faker.string.alphanumeric(12)}.${faker.string.alphanumeric(20)}`,
      random: () => faker.number.int({ min: 0, max: UINT32_MAX }),
    };
  }

  get target() {
    return this.im.target;
  }

  /** A fresh account ID, at most 32 bytes. */
  newId(tag: string): string {
    return `${this.prefix}_${tag}${this.faker.string.alphanumeric({ length: 10, casing: 'lower' })}`.slice(0, 32);
  }

  /** Sends one call and keeps its exchange. */
  async send(spec: CallSpec): Promise<CallResult> {
    const r = await this.im.call(spec, this.auth);
    keep(this.record, r.exchange);
    return r;
  }

  /** Sends a companion call that the case needs to succeed, telling apart "not offered" from "refused". */
  async companion(command: string, body: unknown): Promise<ResponseEnvelope & Record<string, unknown>> {
    const r = await this.send({ command, body: Buffer.from(JSON.stringify(body)) });
    if (r.exchange.status !== undefined && NOT_OFFERED_STATUSES.has(r.exchange.status)) {
      throw new NotOffered(`the target does not offer ${command} (HTTP ${r.exchange.status})`);
    }
    const env = envelopeOf(r);
    if (env.ActionStatus !== 'OK') {
      if (NOT_OFFERED_CODES.has(env.ErrorCode)) throw new NotOffered(`the target does not offer ${command} (ErrorCode ${env.ErrorCode})`);
      throw new ConformanceFailure(this.c.clause, `precondition: ${command} refused a valid call with ErrorCode ${env.ErrorCode}`);
    }
    return env;
  }

  /** Imports `n` fresh accounts through account_import. */
  async accounts(n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const id = this.newId('a');
      await this.companion('account_import', { UserID: id });
      ids.push(id);
    }
    return ids;
  }

  /** Placeholder values; accounts are imported only for the names the case mentions. */
  private async valuesFor(names: Set<string>): Promise<Values> {
    if (!this.values) {
      const now = Math.floor(Date.now() / 1000);
      this.values = {
        unknown: this.newId('u'),
        unknown2: this.newId('u'),
        now: String(now),
        past: String(now - 3600),
        future: String(now + 86400),
        // The largest uint32 is assigned to no app, so the call never reaches another tenant's app.
        unknownSdkappid: String(this.target.sdkAppId === UINT32_MAX ? UINT32_MAX - 1 : UINT32_MAX),
      };
    }
    for (const name of ['report', 'peer']) {
      if (names.has(name) && this.values[name] === undefined) this.values[name] = (await this.accounts(1))[0]!;
    }
    return this.values;
  }

  /** A data-driven case: send the request (repeatedly if asked), check the envelope, then the expectation. */
  async requestCase(c: RequestCase): Promise<void> {
    const req = c.request;
    const values = await this.valuesFor(mentioned(req));
    const body =
      req.body !== undefined
        ? Buffer.from(JSON.stringify(fill(req.body, values)))
        : req.raw !== undefined
          ? Buffer.from(fill(req.raw, values) as string, 'utf8')
          : Buffer.from(req.rawBase64 ?? '', 'base64');
    const query = req.query ? (fill(req.query, values) as Record<string, string | null>) : undefined;
    const expect = c.expect;
    const codes = expect?.codes ? codesOf(expect.codes, this.target.frequencyCodes) : [];
    this.record.expected = !expect
      ? 'open: any well-formed answer, recorded'
      : expect.outcome === 'ok'
        ? 'ActionStatus OK, ErrorCode 0'
        : `ActionStatus FAIL, ErrorCode in ${codes.join(', ')}`;
    this.record.expected = `HTTP 200 with a well-formed envelope; ${this.record.expected}`;
    const answers: string[] = [];
    for (let i = 0; i < (req.repeat ?? 1); i++) {
      const r = await this.send({
        command: req.command ?? 'admin_set_msg_read',
        method: req.method ?? 'POST',
        auth: req.auth ?? 'admin',
        ...(query ? { query } : {}),
        body,
      });
      answers.push(answerOf(r));
      this.record.answer = answerOf(r);
      this.record.observed = answers.join(', then ');
      const env = envelopeOf(r);
      if (!expect) continue;
      if (expect.outcome === 'ok' && env.ErrorCode !== 0) {
        throw new ConformanceFailure(c.clause, `expected success, got ErrorCode ${env.ErrorCode}`);
      }
      if (expect.outcome === 'error' && (env.ErrorCode === 0 || !codes.includes(env.ErrorCode))) {
        throw new ConformanceFailure(c.clause, `expected ErrorCode in ${codes.join(', ')}, got ${env.ErrorCode === 0 ? 'success' : env.ErrorCode}`);
      }
    }
  }

  /** Runs a body of checks and turns how it ended into the record's verdict; rethrows failures for Playwright. */
  async settle(body: () => Promise<void>, skip: (reason: string) => void): Promise<void> {
    try {
      await body();
    } catch (e) {
      if (e instanceof ConformanceFailure) {
        this.record.violated.push(e.clause);
        this.record.reason = e.message;
        throw e;
      }
      if (e instanceof Indeterminate || e instanceof NotOffered) {
        this.record.verdict = e instanceof Indeterminate ? 'indeterminate' : 'skip';
        this.record.reason = e.message;
        skip(`${this.record.verdict}: ${e.message}`);
        return;
      }
      this.record.reason = e instanceof Error ? e.message : String(e);
      throw e;
    }
  }
}
