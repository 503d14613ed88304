/**
 * The mock as a checker of its clients (like TypeSpec's Spector for SDKs): every request is compared with the
 * documented contract, the schemas of the query and of each command's body, and each departure is named with the
 * clause that states the rule, what was sent and what the docs say. Where the sources disagree (ledger readings), the
 * report says which documented reading the client followed; it also says what the client covered.
 */
import type { ErrorObject } from 'ajv/dist/2020.js';
import { writeFileSync } from 'node:fs';
import { redact, REDACTED_SIG } from '../src/core/redaction.js';
import { allClauses, catalogued, commands, ledger } from '../src/core/spec.js';
import { errorsOf, requestSchemaFile, schemaText } from '../src/core/validators.js';
import { packageInfo } from '../src/core/package.js';
import type { ClientDeparture, ClientReading, ClientReport, ClientRule, CommandCoverage, CommandSpec, DepartureKind } from '../types/schemas.js';
import type { Reply } from './reply.js';
import { isPost, ReadRequest, type SimRequest } from './request.js';

const QUERY_SCHEMA = 'common/query.schema.json';
/** The query parameters a refusal of the credentials can follow from. */
const CREDENTIAL_PARAMETERS = ['sdkappid', 'identifier', 'usersig', 'contenttype'];
const SENT_CHARS = 200;
/** Causes of departure kept: past this many, a new cause is not added (the ones kept go on counting). */
const MAX_CAUSES = 1000;
/** Commands or paths named per cause: a client calling thousands of unknown paths names the first ones. */
const MAX_NAMES = 32;
/** A field name longer than this is compared with no documented one: the edit distance would cost its length squared. */
const MAX_SUGGESTED_NAME = 64;

/** JSON of what was sent, or words for a value too deeply nested to write (JSON.stringify runs out of stack). */
function sentJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return '(a value nested too deeply to show)';
  }
}

type Schema = {
  type?: string;
  properties?: Record<string, { description?: string }>;
  required?: string[];
  anyOf?: { required?: string[] }[];
  description?: string;
};

/**
 * The clause whose client rules name this departure: first one naming its field (and, for refused credentials, the
 * ErrorCode), then one for any field of its kind, within the rules every REST call shares and the command's own.
 * Every kind has a rule in each scope it can occur in (the data tests hold spec/ to that), so a departure always cites
 * a clause of the package.
 */
export function clauseFor(command: string | undefined, kind: DepartureKind, field?: string, code?: number): string {
  const rules = rulesInScope(command, kind);
  const found =
    rules.find((r) => r.field === field && r.code === code) ??
    rules.find((r) => r.field === undefined && (r.code === undefined || r.code === code)) ??
    rules.find((r) => r.field === undefined) ??
    rules[0];
  if (!found) throw new Error(`spec/ has no clause for a ${kind} departure${command ? ` of ${command}` : ''}`);
  return found.id;
}

/**
 * The client rules of one kind for a command, within the rules every REST call shares and the command's own: gathered
 * once per command and kind, since a client that departs on every call asks on every call.
 */
const rulesInScope = (() => {
  const gathered = new Map<string, (ClientRule & { id: string })[]>();
  return (command: string | undefined, kind: DepartureKind) => {
    const key = `${kind} ${command ?? ''}`;
    let rules = gathered.get(key);
    if (!rules) {
      const inScope = (id: string) => id.startsWith('rest.') || (command !== undefined && id.startsWith(`${command}.`));
      rules = allClauses.filter((c) => inScope(c.id)).flatMap((c) => (c.client ?? []).filter((r) => r.kind === kind).map((r) => ({ id: c.id, ...r })));
      gathered.set(key, rules);
    }
    return rules;
  };
})();

/** A JSON pointer as a reader writes the field: /MsgBody/0/MsgContent becomes MsgBody[0].MsgContent. */
export function fieldName(pointer: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i ? `.${p}` : p)).join('') || 'the body';
}

const A_TYPE: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  array: 'an array',
  object: 'a JSON object',
  null: 'null',
};
const KNOWN_PATTERNS: Record<string, string> = { '^[0-9]+$': 'a string of decimal digits' };
const listed = (values: unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');
const elements = (n: number) => (n === 1 ? 'one element' : `${n} elements`);

/**
 * What one validator error says, as a rule a person reads: "MsgBody must hold at least one element", not the
 * validator's "must NOT have fewer than 1 items". Undefined for errors that only wrap others (anyOf, if).
 */
export function ruleInWords(e: ErrorObject): string | undefined {
  const p = e.params as Record<string, unknown>;
  const name = fieldName(e.instancePath);
  const limit = p.limit as number;
  switch (e.keyword) {
    case 'required':
      return `${fieldName(`${e.instancePath}/${String(p.missingProperty)}`)} is required`;
    case 'type':
      return `${name} must be ${String(p.type).split(',').map((t) => A_TYPE[t] ?? t).join(' or ')}`;
    case 'minItems':
      return `${name} must hold at least ${elements(limit)}`;
    case 'maxItems':
      return `${name} must hold at most ${elements(limit)}`;
    case 'minLength':
      return limit === 1 ? `${name} must not be empty` : `${name} must be at least ${limit} characters long`;
    case 'maxLength':
      return `${name} must be at most ${limit} characters long`;
    case 'maxBytes':
      return `${name} must be at most ${limit} bytes in UTF-8`;
    case 'minimum':
      return `${name} must be at least ${limit}`;
    case 'maximum':
      return `${name} must be at most ${limit}`;
    case 'exclusiveMinimum':
      return `${name} must be greater than ${limit}`;
    case 'exclusiveMaximum':
      return `${name} must be less than ${limit}`;
    case 'enum':
      return `${name} must be one of ${listed(p.allowedValues as unknown[])}`;
    case 'const':
      return `${name} must be ${JSON.stringify(p.allowedValue)}`;
    case 'pattern':
      return `${name} must be ${KNOWN_PATTERNS[String(p.pattern)] ?? 'written in the documented form'}`;
    case 'additionalProperties':
      return `${name} has a field the docs do not name: ${String(p.additionalProperty)}`;
    case 'uniqueItems':
      return `${name} must not repeat an element`;
    case 'format':
      return `${name} must be a valid ${String(p.format)}`;
    case 'anyOf':
    case 'oneOf':
    case 'if':
      return undefined;
    default:
      return `${name} breaks the documented rule ${e.keyword}`;
  }
}

/** The rules a field broke, in words: alternatives of an anyOf joined with "or", separate rules as sentences. */
function rulesInWords(list: ErrorObject[]): string {
  const said = [...new Set(list.map(ruleInWords).filter((x): x is string => x !== undefined))];
  if (said.length === 0) return `${fieldName(list[0]?.instancePath ?? '')} matches none of the documented forms.`;
  const alternatives = list.some((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  if (alternatives) return `${said[0]}${said.slice(1).map((s) => ` or ${s.replace(/^\S+ must be /, '')}`).join('')}.`;
  return `${said.join('. ')}.`;
}

/** "1 request", "2 requests". */
export function counted(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : nouns}`;
}

/** The documented field a name most resembles: the same letters in other case or without underscores, or a few edits away. */
export function closestField(name: string, documented: readonly string[]): string | undefined {
  if (name.length > MAX_SUGGESTED_NAME) return undefined;
  const fold = (s: string) => s.toLowerCase().replace(/_/g, '');
  const same = documented.find((d) => fold(d) === fold(name));
  if (same) return same;
  let best: { field: string; distance: number } | undefined;
  for (const d of documented) {
    const distance = editDistance(fold(name), fold(d));
    if (distance <= Math.max(2, Math.floor(d.length / 4)) && (!best || distance < best.distance)) best = { field: d, distance };
  }
  return best?.field;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/** What the report checks a command's body against, read from its schema and the ledger once per command. */
interface BodyRules {
  /** The fields the schema names, and those of them a request may leave out. */
  documented: string[];
  optional: string[];
  errors: (body: unknown) => readonly ErrorObject[];
  /** The documented readings of the command's fields where the sources disagree (ledger), each with its test. */
  readings: { ledger: string; reading: { id: string; field: string; summary: string }; inProperty: boolean; errors: (value: unknown) => readonly ErrorObject[] }[];
}

const bodyRulesOf = (() => {
  const known = new Map<string, BodyRules>();
  return (command: string) => {
    let rules = known.get(command);
    if (!rules) {
      const file = requestSchemaFile(command);
      const schema = schemaText(file) as Schema;
      const readings = ledger.flatMap((entry) =>
        (entry.readings ?? [])
          .filter((r) => r.command === command)
          .map((r) => {
            const [readingFile, pointer] = r.schema.split('#') as [string, string];
            return { ledger: entry.id, reading: r, inProperty: pointer.includes('/properties/'), errors: errorsOf(readingFile, pointer) };
          }),
      );
      rules = { documented: Object.keys(schema.properties ?? {}), optional: optionalFields(schema), errors: errorsOf(file), readings };
      known.set(command, rules);
    }
    return rules;
  };
})();

const querySchema = schemaText(QUERY_SCHEMA) as Schema;
const queryErrors = errorsOf(QUERY_SCHEMA);

/** The keywords of a query schema whose rules are each parameter's own plus a list of the required ones. */
const PER_PARAMETER_KEYWORDS: ReadonlySet<string> = new Set(['$schema', '$id', 'title', 'description', 'type', 'properties', 'required']);

/**
 * Whether a query conforms, each parameter's value checked once while it stays the same: a client sends the same
 * sdkappid, identifier and UserSig on every call, and only random changes. Such a query conforms exactly when every
 * required parameter is there and each value meets its own parameter's rule; a query schema that states more (a rule
 * across parameters, or on parameters it does not name) leaves this undefined, and every query is checked whole.
 */
const queryConforms = ((): ((query: Record<string, string>) => boolean) | undefined => {
  if (querySchema.type !== 'object' || Object.keys(querySchema).some((k) => !PER_PARAMETER_KEYWORDS.has(k))) return undefined;
  const required = querySchema.required ?? [];
  const rules = new Map<string, { errors: (value: unknown) => readonly ErrorObject[]; conformed: string | undefined }>(
    Object.keys(querySchema.properties ?? {}).map((name) => {
      const pointer = `/properties/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      return [name, { errors: errorsOf(QUERY_SCHEMA, pointer), conformed: undefined }];
    }),
  );
  return (query) => {
    for (const name of required) if (query[name] === undefined) return false;
    for (const name in query) {
      const rule = rules.get(name);
      const value = query[name];
      if (rule === undefined || rule.conformed === value) continue;
      if (rule.errors(value).length) return false;
      rule.conformed = value;
    }
    return true;
  };
})();

/** The fields a request may leave out: neither required nor one of the alternatives of a required field. */
function optionalFields(schema: Schema): string[] {
  const required = new Set([...(schema.required ?? []), ...(schema.anyOf ?? []).flatMap((a) => a.required ?? [])]);
  return Object.keys(schema.properties ?? {}).filter((k) => !required.has(k));
}

export class ClientChecker {
  private departures = new Map<string, ClientDeparture>();
  private readings = new Map<string, ClientReading>();
  private coverage = new Map<string, { calls: number; exercised: Set<string> }>();
  private requests = 0;
  private startedAt: string;

  constructor(
    /** The key, redacted wherever the report quotes a request. */
    private readonly secrets: readonly string[],
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = new Date(now()).toISOString();
  }

  /** Forgets every request so far, as POST /__mock/reset does: the report starts again from now. */
  reset(): void {
    this.departures = new Map();
    this.readings = new Map();
    this.coverage = new Map();
    this.requests = 0;
    this.startedAt = new Date(this.now()).toISOString();
  }

  /**
   * Checks one request; `reply` is what the mock answered, for the credential checks. `read` is the simulator's reading
   * of the request, when it has one.
   */
  observe(req: SimRequest, reply: Reply, read = new ReadRequest(req)): void {
    this.requests++;
    const spec = read.command;
    // A client that joins its query with & instead of ? puts its usersig in the path; a command's path holds none.
    const path = spec ? read.pathname : redact(read.pathname, [...this.secrets]);
    const name = spec?.command ?? path;
    if (!spec) {
      this.depart(name, undefined, 'unknown-path', undefined, path, `No IM command has this path; commands are called at /v4/<service>/<command>, and the mock serves ${commands.map((c) => `/${c.path}`).join(', ')}.`);
    }
    const post = isPost(req.method);
    if (!post) this.depart(name, spec?.command, 'method', undefined, req.method, 'IM commands are called with POST.');
    const departed = this.checkQuery(name, spec?.command, read.query);
    const entry = catalogued(reply.ErrorCode);
    // A refusal of the credentials is the client's to hear about, unless it follows from a query parameter it already
    // departed on (60025 also answers a wrong contenttype).
    if (entry?.refusesCredentials && !CREDENTIAL_PARAMETERS.some((p) => departed?.has(p))) {
      this.depart(name, spec?.command, 'credentials', undefined, `ErrorCode ${reply.ErrorCode}`, `The mock refused the credentials with ErrorCode ${reply.ErrorCode}: ${entry.meaning}.`, undefined, reply.ErrorCode);
    }
    if (spec) {
      let cov = this.coverage.get(spec.command);
      if (!cov) this.coverage.set(spec.command, (cov = { calls: 0, exercised: new Set<string>() }));
      cov.calls++;
      if (post) this.checkBody(spec, read, cov.exercised);
    }
  }

  /** The query's departures; returns the parameters that departed, if any did. */
  private checkQuery(name: string, command: string | undefined, query: Record<string, string>): Set<string> | undefined {
    if (queryConforms?.(query)) return undefined;
    const found = queryErrors(query);
    if (found.length === 0) return undefined;
    const departed = new Set<string>();
    for (const e of found) {
      const missing = e.keyword === 'required';
      const field = missing ? String(e.params.missingProperty) : e.instancePath.slice(1).split('/')[0]!;
      if (!missing && e.instancePath.split('/').length > 2) continue;
      const sent = missing ? '(absent)' : field === 'usersig' ? REDACTED_SIG : query[field] ?? '';
      const rule = ruleInWords(e) ?? `${field} is not as documented`;
      const said = querySchema.properties?.[field]?.description;
      this.depart(name, command, missing ? 'query-missing' : 'query-invalid', field, sent, `${rule}.${said ? ` ${field}: ${said}` : ''}`);
      departed.add(field);
    }
    return departed;
  }

  private checkBody(spec: CommandSpec, read: ReadRequest, exercised: Set<string>): void {
    const body = read.json();
    const at = spec.command;
    if (body === undefined) {
      this.depart(at, at, 'body-not-json', undefined, Buffer.from(read.request.body).toString('utf8'), 'The body must be JSON in UTF-8.');
      return;
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      this.depart(at, at, 'body-not-object', undefined, sentJson(body), 'The body must be a JSON object.');
      return;
    }
    const rules = bodyRulesOf(at);
    const { documented, optional } = rules;
    const fields = body as Record<string, unknown>;
    for (const key of Object.keys(fields)) {
      if (documented.includes(key)) {
        if (optional.includes(key)) exercised.add(key);
        continue;
      }
      const suggestion = closestField(key, documented);
      this.depart(at, at, 'unknown-field', `/${key}`, sentJson({ [key]: fields[key] }), `${at} documents no field ${key}; its fields are ${documented.join(', ')}.`, suggestion);
    }
    const errors = rules.errors(fields);
    if (errors.length) this.schemaDepartures(at, fields, errors);
    this.noteReadings(at, fields, rules.readings);
  }

  /** One departure per field, however many keywords of its schema (and of the branches of an anyOf) it breaks. */
  private schemaDepartures(command: string, body: Record<string, unknown>, errors: readonly ErrorObject[]): void {
    const byField = new Map<string, ErrorObject[]>();
    // A body that names none of the alternatives of an anyOf of required fields (account_import's UserID or
    // Identifier) shows as one missing field per alternative: they are named together, as one departure.
    const alternatives = errors.filter((e) => e.keyword === 'required' && e.schemaPath.startsWith('#/anyOf/'));
    if (alternatives.length) byField.set(alternatives.map((e) => `/${String(e.params.missingProperty)}`).join(' or '), alternatives);
    for (const e of errors) {
      if (alternatives.includes(e) || (e.instancePath === '' && e.keyword === 'anyOf') || e.keyword === 'if') continue;
      const field = e.keyword === 'required' ? `${e.instancePath}/${String(e.params.missingProperty)}` : e.instancePath;
      byField.set(field, [...(byField.get(field) ?? []), e]);
    }
    for (const [field, list] of byField) {
      const missing = list.every((e) => e.keyword === 'required');
      const typeOnly = list.every((e) => e.keyword === 'type' || e.keyword === 'anyOf');
      const kind: DepartureKind = missing ? 'missing-field' : typeOnly ? 'wrong-type' : 'invalid-value';
      const value = missing ? '(absent)' : sentJson(valueAt(body, field));
      const docs = list === alternatives ? `One of ${alternatives.map((e) => String(e.params.missingProperty)).join(' or ')} is required.` : rulesInWords(list);
      this.depart(command, command, kind, field, value, docs);
    }
  }

  private noteReadings(command: string, body: Record<string, unknown>, readings: BodyRules['readings']): void {
    for (const { ledger: entry, reading: r, inProperty, errors } of readings) {
      if (!(r.field in body)) continue;
      if (errors(inProperty ? body[r.field] : body).length) continue;
      const key = `${entry}|${r.id}`;
      const seen = this.readings.get(key);
      if (seen) seen.count++;
      else this.readings.set(key, { ledger: entry, command, field: r.field, reading: r.id, summary: r.summary, count: 1 });
    }
  }

  /**
   * Records a departure of the current request under its cause (the clause, the kind, the field, and for refused
   * credentials the code), so that one cause is one entry however many requests and commands it touched.
   * `name` is the command called or the path; `command` scopes the clause lookup.
   */
  private depart(name: string, command: string | undefined, kind: DepartureKind, field: string | undefined, sent: string, docs: string, suggestion?: string, code?: number): void {
    const clause = clauseFor(command, kind, field, code);
    const key = `${clause}|${kind}|${field ?? ''}|${code ?? ''}`;
    const seen = this.departures.get(key);
    if (seen) {
      seen.count++;
      if (!seen.commands.includes(name) && seen.commands.length < MAX_NAMES) seen.commands.push(name);
      return;
    }
    if (this.departures.size >= MAX_CAUSES) return;
    const shown = redact(sent, [...this.secrets]);
    this.departures.set(key, {
      clause,
      kind,
      ...(field === undefined ? {} : { field }),
      commands: [name],
      sent: shown.length > SENT_CHARS ? `${shown.slice(0, SENT_CHARS - 1)}…` : shown,
      docs,
      ...(suggestion === undefined ? {} : { suggestion }),
      count: 1,
      first: { request: this.requests, at: new Date(this.now()).toISOString() },
    });
  }

  report(): ClientReport {
    const pkg = packageInfo();
    const departures = [...this.departures.values()];
    const coverage: CommandCoverage[] = commands.map((c) => {
      const { optional } = bodyRulesOf(c.command);
      const seen = this.coverage.get(c.command);
      return { command: c.command, calls: seen?.calls ?? 0, optionalFields: optional, optionalFieldsExercised: optional.filter((f) => seen?.exercised.has(f)) };
    });
    return {
      format: 1,
      suite: { name: pkg.name, version: pkg.version },
      startedAt: this.startedAt,
      finishedAt: new Date(this.now()).toISOString(),
      verdict: this.requests === 0 ? 'no-verdict' : departures.length ? 'departs' : 'follows-contract',
      requests: this.requests,
      departures,
      readings: [...this.readings.values()],
      coverage,
    };
  }
}

function valueAt(body: Record<string, unknown>, pointer: string): unknown {
  let v: unknown = body;
  for (const part of pointer.split('/').slice(1)) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return v;
}

/** What the verdict means, as the report's title and check-client's last line say it. */
export const CLIENT_VERDICT_WORDS: Record<ClientReport['verdict'], string> = {
  'follows-contract': 'the client follows the documented contract',
  departs: 'the client departs from the documented contract',
  'no-verdict': 'no request reached the mock: nothing was checked',
};

/** "3 requests, 2 kinds of departure". */
export function clientSummary(r: ClientReport): string {
  return `${counted(r.requests, 'request')}, ${counted(r.departures.length, 'kind of departure', 'kinds of departure')}`;
}

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

/** The report as a person reads it: departures first, then readings, then coverage. */
export function renderClientReport(r: ClientReport): string {
  const out: string[] = [`# Client report: ${CLIENT_VERDICT_WORDS[r.verdict]}`, ''];
  out.push(`${clientSummary(r)}, received between ${r.startedAt} and ${r.finishedAt}.`, '');
  out.push('## Departures', '');
  if (r.departures.length === 0) out.push(r.requests ? 'None.' : 'No request was checked.', '');
  for (const d of r.departures) {
    const statement = allClauses.find((c) => c.id === d.clause)?.statement;
    out.push(
      `- **${d.kind}${d.field ? ` ${code(d.field)}` : ''}** in ${d.commands.map(code).join(', ')}: ${counted(d.count, 'request')}, the first #${d.first.request} at ${d.first.at}, sent ${code(d.sent)}.`,
      `  ${d.docs}${d.suggestion ? ` Did you mean ${code(d.suggestion)}?` : ''}`,
      `  Rule ${code(d.clause)}${statement ? `: ${statement}` : ''}`,
    );
  }
  out.push('', '## Documented readings the client chose', '');
  if (r.readings.length === 0) out.push('None of the points where the sources disagree came up.', '');
  for (const x of r.readings) out.push(`- ${x.command} ${code(x.field)}: ${x.summary} (${counted(x.count, 'request')}; ledger ${x.ledger})`);
  out.push('', '## Coverage', '', '| command | calls | optional fields the requests carried |', '|---|---:|---|');
  for (const c of r.coverage) {
    const carried = c.optionalFieldsExercised;
    const cell = c.optionalFields.length ? `${carried.length} of ${c.optionalFields.length}${carried.length ? `: ${carried.join(', ')}` : ''}` : 'none documented';
    out.push(`| ${c.command} | ${c.calls} | ${cell} |`);
  }
  return `${out.join('\n')}\n`;
}

/** Writes FILE (JSON) and, beside it, the same as Markdown (FILE with .md instead of .json). */
export function writeClientReport(file: string, report: ClientReport): string {
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  const readable = file.endsWith('.json') ? `${file.slice(0, -5)}.md` : `${file}.md`;
  writeFileSync(readable, renderClientReport(report));
  return readable;
}
